import { describe, expect, it } from 'vitest';
import { AttemptThrottle, retryAfterSeconds, type Attempt } from '../../../../server/auth/attempt-throttle';

const code = (address: string, credential: string): Attempt => ({ address, credential, guessable: true });
const token = (address: string, credential: string): Attempt => ({ address, credential, guessable: false });

describe('the failed-attempt throttle', () => {
  it('refuses one credential from one address after maxFailures, until the window ends', () => {
    let now = 1_000;
    const throttle = new AttemptThrottle(() => now, { maxFailures: 3, windowMs: 60_000, maxTracked: 100 });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.blockedFor(code('198.51.100.7', 'AAAA-BBBB-CCCC'))).toBe(0);
      throttle.failure(code('198.51.100.7', 'AAAA-BBBB-CCCC'));
      now += 1_000;
    }
    expect(throttle.blockedFor(code('198.51.100.7', 'AAAA-BBBB-CCCC'))).toBe(1_000 + 60_000 - now);
    now = 1_000 + 60_000;
    expect(throttle.blockedFor(code('198.51.100.7', 'AAAA-BBBB-CCCC'))).toBe(0);
  });

  it('does not lock out a colleague behind the same address (NAT) who presents another credential', () => {
    const throttle = new AttemptThrottle(() => 0, { maxFailures: 3, windowMs: 60_000, maxTracked: 100 });
    for (let i = 0; i < 10; i += 1) throttle.failure(token('203.0.113.1', 'eyJ.expired.token'));
    expect(throttle.blockedFor(token('203.0.113.1', 'eyJ.expired.token'))).toBeGreaterThan(0);
    expect(throttle.blockedFor(token('203.0.113.1', 'eyJ.colleague.token'))).toBe(0);
    expect(throttle.blockedFor(code('203.0.113.1', 'AAAA-BBBB-CCCC'))).toBe(0);
    expect(throttle.blockedFor(token('203.0.113.2', 'eyJ.expired.token'))).toBe(0);
  });

  it('caps guessable failures from everyone together (spoofed or rotating addresses gain nothing), but never provider tokens', () => {
    let now = 0;
    const throttle = new AttemptThrottle(() => now, { maxFailures: 10, windowMs: 60_000, maxTracked: 100, globalMaxFailures: 5 });
    for (let i = 0; i < 5; i += 1) throttle.failure(code(`192.0.2.${i}`, `GUES-SNUM-BER${i}`));
    now = 10_000;
    expect(throttle.blockedFor(code('192.0.2.200', 'GOOD-CODE-HERE'))).toBe(50_000);
    for (let i = 0; i < 50; i += 1) throttle.failure(token(`192.0.2.${i}`, `eyJ.${i}`));
    expect(throttle.blockedFor(token('192.0.2.200', 'eyJ.good'))).toBe(0);
    now = 60_000;
    expect(throttle.blockedFor(code('192.0.2.200', 'GOOD-CODE-HERE'))).toBe(0);
  });

  it('does not let one client clear its count with a success (there is no success call) and keeps only hashes', () => {
    const throttle = new AttemptThrottle(() => 0, { maxFailures: 2, windowMs: 60_000, maxTracked: 100 });
    throttle.failure(code('a', 'AAAA-BBBB-CCCC'));
    throttle.failure(code('a', 'AAAA-BBBB-CCCC'));
    expect(throttle.blockedFor(code('a', 'AAAA-BBBB-CCCC'))).toBe(60_000);
    expect(JSON.stringify([...(throttle as unknown as { pairs: Map<string, unknown> }).pairs.keys()])).not.toContain('AAAA-BBBB-CCCC');
  });

  it('forgets the least recently failed pair beyond maxTracked', () => {
    const throttle = new AttemptThrottle(() => 0, { maxFailures: 2, windowMs: 60_000, maxTracked: 4 });
    for (const address of ['a', 'a', 'b', 'c', 'd']) throttle.failure(code(address, 'X'));
    expect(throttle.blockedFor(code('a', 'X'))).toBeGreaterThan(0);
    throttle.failure(code('e', 'X'));
    expect(throttle.tracked).toBe(4);
    expect(throttle.blockedFor(code('a', 'X'))).toBe(0);
  });

  it('rounds Retry-After up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

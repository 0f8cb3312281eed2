import { describe, expect, it } from 'vitest';
import { AttemptThrottle, retryAfterSeconds } from '../../../../server/auth/attempt-throttle';

const policy = { maxFailures: 3, windowMs: 60_000, maxTracked: 4 };

describe('the failed-attempt throttle', () => {
  it('lets an address fail up to the limit, then refuses it until its window ends', () => {
    let now = 1_000;
    const throttle = new AttemptThrottle(() => now, policy);
    for (let failure = 0; failure < 3; failure += 1) {
      expect(throttle.blockedFor('198.51.100.7')).toBe(0);
      throttle.failure('198.51.100.7');
      now += 1_000;
    }
    expect(throttle.blockedFor('198.51.100.7')).toBe(1_000 + 60_000 - now);
    expect(throttle.blockedFor('203.0.113.9')).toBe(0);
    now = 1_000 + 60_000;
    expect(throttle.blockedFor('198.51.100.7')).toBe(0);
  });

  it('starts a new window at the first failure after the old one ended', () => {
    let now = 0;
    const throttle = new AttemptThrottle(() => now, policy);
    throttle.failure('a');
    throttle.failure('a');
    now = 60_000;
    throttle.failure('a');
    throttle.failure('a');
    expect(throttle.blockedFor('a')).toBe(0);
    throttle.failure('a');
    expect(throttle.blockedFor('a')).toBe(60_000);
  });

  it('tracks a bounded number of addresses, forgetting the least recently failed', () => {
    const throttle = new AttemptThrottle(() => 0, policy);
    for (const address of ['a', 'a', 'a', 'b', 'c', 'd']) throttle.failure(address);
    expect(throttle.blockedFor('a')).toBeGreaterThan(0);
    throttle.failure('e');
    expect(throttle.tracked).toBe(4);
    expect(throttle.blockedFor('a')).toBe(0);
  });

  it('rounds Retry-After up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

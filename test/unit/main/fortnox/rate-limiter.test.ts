import { describe, expect, it } from 'vitest';
import { FORTNOX_RATE_LIMIT, SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import { FakeClock } from '../fake-timers';
import { flushPromises } from '../simulated-fortnox';

/** Starts `count` acquisitions for `key` and records, in order, which have been granted. */
function acquireMany(limiter: SlidingWindowLimiter, key: string, count: number, granted: string[]): void {
  for (let i = 0; i < count; i += 1) void limiter.acquire(key).then(() => granted.push(`${key}#${i}`));
}

describe('SlidingWindowLimiter', () => {
  it('keeps a margin under Fortnox’s 25 requests per 5 seconds', () => {
    expect(FORTNOX_RATE_LIMIT).toEqual({ requests: 24, windowMs: 5_000 });
  });

  it('lets 24 requests through at once and holds the 25th until the first leaves the 5-second window', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const granted: string[] = [];

    acquireMany(limiter, 'tenant-1', 25, granted);
    await flushPromises();
    expect(granted).toHaveLength(24);

    clock.advance(4_999);
    await flushPromises();
    expect(granted).toHaveLength(24);

    clock.advance(1);
    await flushPromises();
    expect(granted).toHaveLength(25);
    expect(granted.at(-1)).toBe('tenant-1#24');
  });

  it('slides: requests spread over time free their slots one by one as each leaves the window', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const granted: string[] = [];

    acquireMany(limiter, 't', 10, granted);
    await flushPromises();
    clock.advance(2_000);
    acquireMany(limiter, 't', 14, granted);
    await flushPromises();
    expect(granted).toHaveLength(24);

    acquireMany(limiter, 't', 12, granted);
    clock.advance(2_999);
    await flushPromises();
    expect(granted).toHaveLength(24);

    // At 5 s the first ten leave the window: ten more may go, the other two wait for the 2-second batch.
    clock.advance(1);
    await flushPromises();
    expect(granted).toHaveLength(34);
    clock.advance(1_999);
    await flushPromises();
    expect(granted).toHaveLength(34);
    clock.advance(1);
    await flushPromises();
    expect(granted).toHaveLength(36);
  });

  it('never grants more than 24 in any 5-second window under steady demand', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const grantedAt: number[] = [];
    for (let i = 0; i < 100; i += 1) void limiter.acquire('t').then(() => grantedAt.push(clock.now()));

    for (let step = 0; step < 40; step += 1) {
      await flushPromises();
      clock.advance(500);
    }
    await flushPromises();

    expect(grantedAt).toHaveLength(100);
    for (const start of grantedAt) {
      expect(grantedAt.filter((at) => at >= start && at < start + 5_000).length).toBeLessThanOrEqual(24);
    }
  });

  it('counts each key (company) separately', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const granted: string[] = [];

    acquireMany(limiter, 'a', 25, granted);
    acquireMany(limiter, 'b', 24, granted);
    await flushPromises();

    expect(granted.filter((entry) => entry.startsWith('a#'))).toHaveLength(24);
    expect(granted.filter((entry) => entry.startsWith('b#'))).toHaveLength(24);
    expect(limiter.delayFor('a')).toBe(5_000);
    expect(limiter.delayFor('c')).toBe(0);
  });

  it('serves waiting requests of one key in the order they asked', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const granted: string[] = [];

    acquireMany(limiter, 'k', 30, granted);
    await flushPromises();
    clock.advance(5_000);
    await flushPromises();

    expect(granted).toEqual(Array.from({ length: 30 }, (_, i) => `k#${i}`));
  });

  it('does not let a request that arrives just as a slot frees up overtake one that was already waiting', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
    const granted: string[] = [];
    acquireMany(limiter, 'k', 25, granted);
    await flushPromises();

    clock.advance(5_000);
    void limiter.acquire('k').then(() => granted.push('late'));
    await flushPromises();

    expect(granted.slice(23)).toEqual(['k#23', 'k#24', 'late']);
  });
});

import { describe, expect, it } from 'vitest';
import { settleWithin } from '../../../../main/lifecycle/settle-within';
import { FakeClock } from '../fake-timers';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('settleWithin', () => {
  it('gives up after the bound when the promise never settles', async () => {
    const clock = new FakeClock();
    let outcome: unknown;
    void settleWithin(new Promise<never>(() => undefined), 3_000, clock.timers).then((value) => (outcome = value));
    clock.advance(2_999);
    await flush();
    expect(outcome).toBeUndefined();
    clock.advance(1);
    await flush();
    expect(outcome).toEqual({ status: 'timed-out' });
  });

  it('returns the value and clears its timer when the promise is first', async () => {
    const clock = new FakeClock();
    const outcome = await settleWithin(Promise.resolve(42), 3_000, clock.timers);
    expect(outcome).toEqual({ status: 'fulfilled', value: 42 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports a rejection instead of rejecting', async () => {
    const clock = new FakeClock();
    const failure = new Error('boom');
    expect(await settleWithin(Promise.reject(failure), 3_000, clock.timers)).toEqual({ status: 'rejected', error: failure });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('ignores a settlement that comes after the time-out', async () => {
    const clock = new FakeClock();
    let resolveLate!: (value: number) => void;
    const late = new Promise<number>((resolve) => (resolveLate = resolve));
    const pending = settleWithin(late, 10, clock.timers);
    clock.advance(10);
    resolveLate(7);
    expect(await pending).toEqual({ status: 'timed-out' });
  });
});

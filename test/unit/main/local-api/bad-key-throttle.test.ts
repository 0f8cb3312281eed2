import { describe, expect, it } from 'vitest';
import { BadKeyThrottle, DEFAULT_THROTTLE } from '../../../../main/local-api/bad-key-throttle';
import { FakeClock } from '../fake-timers';

describe('BadKeyThrottle', () => {
  it('answers the first bad keys at once, then holds answers longer each time, up to a bound', () => {
    const clock = new FakeClock();
    const throttle = new BadKeyThrottle(clock.now);

    const delays = Array.from({ length: 10 }, () => throttle.failure('127.0.0.1|50000'));

    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('counts each connection on its own', () => {
    const clock = new FakeClock();
    const throttle = new BadKeyThrottle(clock.now);
    for (let n = 0; n < 5; n += 1) throttle.failure('127.0.0.1|50000');

    expect(throttle.failure('127.0.0.1|50001')).toBe(0);
    expect(throttle.failure('127.0.0.1|50000')).toBe(1000);
  });

  it('starts a connection afresh after a good key or a quiet minute', () => {
    const clock = new FakeClock();
    const throttle = new BadKeyThrottle(clock.now);
    for (let n = 0; n < 5; n += 1) throttle.failure('a');
    throttle.success('a');
    expect(throttle.failure('a')).toBe(0);

    for (let n = 0; n < 5; n += 1) throttle.failure('b');
    clock.advance(DEFAULT_THROTTLE.forgetAfterMs);
    expect(throttle.failure('b')).toBe(0);
  });

  it('tracks a bounded number of connections, forgetting the least recent', () => {
    const clock = new FakeClock();
    const throttle = new BadKeyThrottle(clock.now, {
      ...DEFAULT_THROTTLE,
      maxTracked: 3,
    });
    for (let n = 0; n < 5; n += 1) throttle.failure('old');
    for (const client of ['c1', 'c2', 'c3']) throttle.failure(client);

    expect(throttle.tracked).toBe(3);
    expect(throttle.failure('old')).toBe(0);
  });
});

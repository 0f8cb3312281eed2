import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../simulator/rate-limiter';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { TestClock, connect, getCompanyInformation } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

async function statuses(simulator: FortnoxSimulator, token: string | undefined, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    result.push((await getCompanyInformation(simulator, token)).status);
  }
  return result;
}

describe('the /3/ rate limit', () => {
  const start = trackSimulators();

  it('answers the 26th request inside 5 s with 429 and a JSON body', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const { access_token } = await connect(simulator);
    const first = await statuses(simulator, access_token, 25);
    const response = await getCompanyInformation(simulator, access_token);

    expect(first).toEqual(Array<number>(25).fill(200));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ message: 'Too Many Requests' });
  });

  it('lets requests through again once the window has slid past the oldest ones', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const { access_token } = await connect(simulator);
    await statuses(simulator, access_token, 25);
    clock.advance(4_999);
    const stillLimited = await getCompanyInformation(simulator, access_token);
    clock.advance(1);
    const passes = await getCompanyInformation(simulator, access_token);

    expect(stillLimited.status).toBe(429);
    expect(passes.status).toBe(200);
  });

  it('counts per client id and tenant, so another tenant is not limited', async () => {
    const simulator = await start(undefined, { now: new TestClock().now });
    const first = await connect(simulator);
    const other = await connect(simulator, { username: 'multi', password: 'pw-multi', tenantId: 201 });
    await statuses(simulator, first.access_token, 25);

    expect((await getCompanyInformation(simulator, first.access_token)).status).toBe(429);
    expect((await getCompanyInformation(simulator, other.access_token)).status).toBe(200);
  });

  it('shares the limit between two tokens of the same client and tenant', async () => {
    const simulator = await start(undefined, { now: new TestClock().now });
    const first = await connect(simulator);
    const second = await connect(simulator);
    await statuses(simulator, first.access_token, 25);

    expect((await getCompanyInformation(simulator, second.access_token)).status).toBe(429);
  });

  it('is off while the disableRateLimit control is on', async () => {
    const simulator = await start(undefined, { now: new TestClock().now });
    const { access_token } = await connect(simulator);
    simulator.controls.disableRateLimit = true;

    expect(await statuses(simulator, access_token, 30)).toEqual(Array<number>(30).fill(200));
  });

  it('does not count requests with an invalid token', async () => {
    const simulator = await start(undefined, { now: new TestClock().now });
    const { access_token } = await connect(simulator);
    await statuses(simulator, 'invalid', 30);

    expect(await statuses(simulator, access_token, 25)).toEqual(Array<number>(25).fill(200));
  });
});

describe('the sliding-window limiter', () => {
  it('slides rather than resetting at fixed boundaries', () => {
    const clock = new TestClock(0);
    const limiter = new SlidingWindowLimiter(clock.now, 3, 1_000);
    const admitted: boolean[] = [];
    for (const at of [0, 400, 900, 999, 1_000, 1_399, 1_400]) {
      clock.time = at;
      admitted.push(limiter.tryAdmit('key'));
    }

    expect(admitted).toEqual([true, true, true, false, true, false, true]);
  });

  it('keeps separate windows per key', () => {
    const limiter = new SlidingWindowLimiter(() => 0, 1, 1_000);

    expect([limiter.tryAdmit('a'), limiter.tryAdmit('b'), limiter.tryAdmit('a')]).toEqual([true, true, false]);
  });
});

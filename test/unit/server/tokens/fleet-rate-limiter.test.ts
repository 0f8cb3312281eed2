import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORTNOX_RATE_LIMIT, RateLimitWaitExceededError } from '../../../../main/fortnox/rate-limiter';
import type { Database } from '../../../../server/db/database';
import { FLEET_RATE_LIMIT, FleetRateLimiter } from '../../../../server/tokens/fleet-rate-limiter';
import { mostInAnyWindow, postgresReplicas } from './tokens-test-kit';

/**
 * The fleet-wide limit on real PostgreSQL: two limiters on two pools stand for two replicas. The
 * window is counted on the database clock, so these tests take real time (one about 10 s).
 */
describe('FleetRateLimiter on PostgreSQL', () => {
  let replicas: Awaited<ReturnType<typeof postgresReplicas>>;
  let one: Database;
  let two: Database;

  beforeAll(async () => {
    replicas = await postgresReplicas('slots', 2);
    [one, two] = replicas.dbs as [Database, Database];
  });
  afterAll(() => replicas.close());

  it('two limiters on two pools hammering one company never grant more than 24 slots in any 6 s window (5 s + the slot-to-send guard), and grant 24 per 6 s', async () => {
    const stamps: number[] = [];
    const target = 3 * FLEET_RATE_LIMIT.requests;
    const onGranted = (_tenant: string, at: number) => stamps.push(at);
    const limiters = [new FleetRateLimiter(one, { onGranted }), new FleetRateLimiter(two, { onGranted })];
    const byLimiter = [0, 0];
    // 20 callers per replica, each asking again as soon as it got a slot, until 72 slots are out.
    // The three windows end about 12 s in: a caller whose slot would come after 13 s gives up
    // (RateLimitWaitExceededError), so the test does not wait out the queue.
    const deadline = Date.now() + 2 * FLEET_RATE_LIMIT.windowMs + 1_000;
    await Promise.all(
      limiters.flatMap((limiter, index) =>
        Array.from({ length: 20 }, async () => {
          while (stamps.length < target) {
            try {
              await limiter.acquire('5001', deadline);
            } catch (error) {
              if (error instanceof RateLimitWaitExceededError) return;
              throw error;
            }
            byLimiter[index] = (byLimiter[index] ?? 0) + 1;
          }
        }),
      ),
    );
    expect(stamps.length).toBeGreaterThanOrEqual(target);
    const sorted = [...stamps].sort((a, b) => a - b);
    expect(mostInAnyWindow(sorted, FLEET_RATE_LIMIT.windowMs)).toBe(FLEET_RATE_LIMIT.requests);
    expect(mostInAnyWindow(sorted, FORTNOX_RATE_LIMIT.windowMs)).toBe(FLEET_RATE_LIMIT.requests);
    // 72 slots need two full windows to pass after the first 24, and not much more than that.
    const span = (sorted[target - 1] ?? 0) - (sorted[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(2 * FLEET_RATE_LIMIT.windowMs);
    expect(span).toBeLessThan(2 * FLEET_RATE_LIMIT.windowMs + 1_500);
    expect(byLimiter[0]! + byLimiter[1]!).toBeGreaterThanOrEqual(target);
  }, 25_000);

  it('calls that leave up to 900 ms after their slot still never put more than 24 in any 5 s window at Fortnox (the slot-to-send guard)', async () => {
    // The worst case for a window counted at grant time: the first window's calls all leave late,
    // the next window's at once, so both bunch into one 5 s window at Fortnox.
    const arrivals: number[] = [];
    const sends: Promise<void>[] = [];
    let granted = 0;
    const target = 2 * FLEET_RATE_LIMIT.requests;
    const limiters = [new FleetRateLimiter(one), new FleetRateLimiter(two)];
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 12 }, async () => {
          while (granted < target) {
            await limiter.acquire('5005');
            granted += 1;
            const lateness = granted <= FLEET_RATE_LIMIT.requests ? 900 : 0;
            sends.push(new Promise<void>((resolve) => setTimeout(() => resolve(void arrivals.push(Date.now())), lateness)));
          }
        }),
      ),
    );
    await Promise.all(sends);
    expect(arrivals.length).toBeGreaterThanOrEqual(target);
    expect(mostInAnyWindow(arrivals, FORTNOX_RATE_LIMIT.windowMs)).toBeLessThanOrEqual(FLEET_RATE_LIMIT.requests);
  }, 25_000);

  it('a full window for one company does not hold back another', async () => {
    const limiter = new FleetRateLimiter(one);
    await Promise.all(Array.from({ length: FLEET_RATE_LIMIT.requests }, () => limiter.acquire('5002')));
    const other = new FleetRateLimiter(two, { now: Date.now });
    // A deadline 1 s away: a company with free slots gets one at once.
    await expect(other.acquire('5003', Date.now() + 1_000)).resolves.toBeUndefined();
  });

  it('past its deadline acquire rejects with RateLimitWaitExceededError and takes no slot', async () => {
    const limiter = new FleetRateLimiter(one);
    await Promise.all(Array.from({ length: FLEET_RATE_LIMIT.requests }, () => limiter.acquire('5004')));
    const other = new FleetRateLimiter(two);
    const error = await other.acquire('5004', Date.now() + 200).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RateLimitWaitExceededError);
    expect((error as RateLimitWaitExceededError).retryAfterMs).toBeGreaterThan(200);
    const row = await one.query<{ count: number }>(`SELECT cardinality(stamps) AS count FROM fortnox_request_slots WHERE tenant_id = '5004'`);
    expect(row.rows[0]?.count).toBe(FLEET_RATE_LIMIT.requests);
  });

  it('callers in one process get their slots in the order they asked', async () => {
    const limiter = new FleetRateLimiter(one, { limit: 2, windowMs: 300 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, index) => limiter.acquire('5005').then(() => order.push(index))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a waiting caller is reported with how long it waited; one served at once is not', async () => {
    const waits: number[] = [];
    const limiter = new FleetRateLimiter(one, { limit: 1, windowMs: 200, onWaited: (_tenant, ms) => waits.push(ms) });
    await limiter.acquire('5006');
    expect(waits).toEqual([]);
    await limiter.acquire('5006');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(100);
  });
});

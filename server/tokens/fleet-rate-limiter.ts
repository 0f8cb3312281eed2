import { z } from 'zod';
import type { Timers } from '../../main/connect/connect-flow';
import { FORTNOX_RATE_LIMIT, RateLimitWaitExceededError } from '../../main/fortnox/rate-limiter';
import type { Queryable } from '../db/database';

/**
 * Fortnox's limit of 25 requests per 5 seconds per company (fortnox.md section 9; 24 with the
 * desktop's margin, FORTNOX_RATE_LIMIT), counted across every replica of the firm server for
 * refreshes and proxied calls together. Same shape as the desktop's `SlidingWindowLimiter.acquire`,
 * so `proxyFortnoxCall` can use it.
 */

/**
 * How long a granted slot may take to reach Fortnox and still count inside the window it was
 * granted in. A slot is stamped on the database clock when granted; the call leaves later (the
 * key's re-check, the replica's event loop, the machine's load): up to ~700 ms were measured under
 * saturation, and 26 requests then landed in one 5 s window at the simulator. With slots counted
 * over 5 s + this guard, any 5 s window at Fortnox holds only calls granted within one counted
 * window (24), as long as each leaves within the guard of its grant.
 */
export const SLOT_TO_SEND_GUARD_MS = 1_000;

/** The fleet's default: 24 slots per 6 s per company (4 per second, where the C# SDK settled too, fortnox.md section 9). */
export const FLEET_RATE_LIMIT = {
  requests: FORTNOX_RATE_LIMIT.requests,
  windowMs: FORTNOX_RATE_LIMIT.windowMs + SLOT_TO_SEND_GUARD_MS,
} as const;
export interface FortnoxRequestSlots {
  /**
   * Waits for a slot for the company, then records it. With `deadline` (epoch ms on the local
   * clock), rejects with `RateLimitWaitExceededError` instead of waiting past it; no slot is taken.
   */
  acquire(tenantId: string, deadline?: number): Promise<void>;
}

/** How the fleet limiter is set up; everything but the database is optional. */
export interface FleetRateLimiterOptions {
  /** The local clock, for deadlines only: the window itself is counted on the database's clock. */
  now?: () => number;
  /** Timers for the waits between attempts. */
  timers?: Timers;
  limit?: number;
  windowMs?: number;
  /** A slot was granted at `grantedAt` (epoch ms, database clock): for metrics and tests. */
  onGranted?: (tenantId: string, grantedAt: number) => void;
  /** A caller had to wait this long (ms) for its slot; not called when it got one at once. */
  onWaited?: (tenantId: string, waitedMs: number) => void;
}

/** Extra wait after the oldest slot should have left the window, so a retry does not land a hair early. */
const RETRY_PAD_MS = 2;
/** Wait when the database could not say how long (its snapshot predates the row): just try again soon. */
const UNKNOWN_WAIT_MS = 10;

/**
 * One statement per attempt, on the database clock (`clock_timestamp()`, read after the row lock,
 * so every stamp is the moment the slot was really granted and stamps of one company never go
 * backwards). The row keeps the company's stamps inside the window, at most `limit` of them:
 * - a free slot: the stamps are pruned to the window, the new one appended, and its time returned;
 * - a full window: the row is left as it is (ON CONFLICT's WHERE fails, only the row lock was
 *   taken, for the statement), and the wait until the oldest counted stamp leaves the window is
 *   returned, from the statement's snapshot: an estimate, the next attempt decides again.
 * $1 tenant id, $2 limit, $3 window in ms.
 */
const TAKE_SLOT_SQL = `
WITH taken AS (
  INSERT INTO fortnox_request_slots AS s (tenant_id, stamps)
  VALUES ($1, ARRAY[clock_timestamp()])
  ON CONFLICT (tenant_id) DO UPDATE
  SET stamps = ARRAY(
      SELECT x FROM unnest(s.stamps) AS x
      WHERE x > clock_timestamp() - $3::float8 * interval '1 millisecond' ORDER BY x
    ) || clock_timestamp()
  WHERE (
      SELECT count(*) FROM unnest(s.stamps) AS x
      WHERE x > clock_timestamp() - $3::float8 * interval '1 millisecond'
    ) < $2::int
  RETURNING s.stamps[cardinality(s.stamps)] AS granted
)
SELECT
  (SELECT (extract(epoch FROM granted) * 1000)::float8 FROM taken) AS granted_at,
  (SELECT (extract(epoch FROM (x + $3::float8 * interval '1 millisecond' - clock_timestamp())) * 1000)::float8
     FROM fortnox_request_slots AS f, unnest(f.stamps) AS x
     WHERE f.tenant_id = $1
     ORDER BY x DESC OFFSET $2::int - 1 LIMIT 1) AS wait_ms`;

const attemptRowSchema = z.object({ granted_at: z.number().nullable(), wait_ms: z.number().nullable() });

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The fleet-wide per-company limiter over `fortnox_request_slots`. Within one process, callers
 * for a company queue in arrival order and only the head of the queue talks to the database
 * (so one statement per company per process at a time); across processes, whoever's statement
 * takes the row lock first wins the slot.
 */
export class FleetRateLimiter implements FortnoxRequestSlots {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    private readonly db: Queryable,
    private readonly options: FleetRateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.limit = options.limit ?? FLEET_RATE_LIMIT.requests;
    this.windowMs = options.windowMs ?? FLEET_RATE_LIMIT.windowMs;
  }

  acquire(tenantId: string, deadline?: number): Promise<void> {
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    const mine = previous.then(() => this.take(tenantId, deadline));
    const tail = mine.catch(() => undefined);
    this.queues.set(tenantId, tail);
    void tail.then(() => {
      if (this.queues.get(tenantId) === tail) this.queues.delete(tenantId);
    });
    return mine;
  }

  private async take(tenantId: string, deadline: number | undefined): Promise<void> {
    const started = this.now();
    let waited = false;
    for (;;) {
      const result = await this.db.query(TAKE_SLOT_SQL, [tenantId, this.limit, this.windowMs]);
      const row = attemptRowSchema.parse(result.rows[0]);
      if (row.granted_at !== null) {
        this.options.onGranted?.(tenantId, row.granted_at);
        if (waited) this.options.onWaited?.(tenantId, this.now() - started);
        return;
      }
      const wait = row.wait_ms === null ? UNKNOWN_WAIT_MS : Math.max(1, Math.ceil(row.wait_ms) + RETRY_PAD_MS);
      if (deadline !== undefined && this.now() + wait > deadline) throw new RateLimitWaitExceededError(wait);
      waited = true;
      await new Promise<void>((resolve) => this.timers.set(resolve, wait));
    }
  }
}

import type { Timers } from '../../main/connect/connect-flow';
import type { Logger } from '../../main/logging/logger';
import type { FirmTokens, RenewOutcome } from './firm-tokens';

export {
  DEFAULT_REFRESH_PLAN,
  nextRefreshAt,
  planBackgroundRefresh,
  spreadFraction,
  type PlannableCompany,
  type PlannedRefresh,
  type RefreshPlanOptions,
} from './refresh-plan';

/** Workers per process (the `REFRESH_CONCURRENCY` setting): companies renewed side by side. */
export const DEFAULT_REFRESH_CONCURRENCY = 4;
/** How long a worker rests when nothing is due (or the database failed) before it looks again. */
export const DEFAULT_IDLE_POLL_MS = 15_000;

/** What the background refresh works with. */
export interface BackgroundRefreshDeps {
  /** Claims and renews the next due company (one company per transaction, `FOR UPDATE SKIP LOCKED`). */
  tokens: Pick<FirmTokens, 'renewNextDue'>;
  log: Logger;
  timers?: Timers;
  concurrency?: number;
  idlePollMs?: number;
  /** Every renewal's outcome (for metrics). */
  onOutcome?: (outcome: RenewOutcome) => void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The sweeper: `concurrency` workers per process, each claiming the next due company and
 * renewing it, then the next, resting `idlePollMs` when nothing is due. Every replica runs one;
 * `FOR UPDATE SKIP LOCKED` shares the companies out, and each renewal's `next_refresh_at` (the
 * plan in refresh-plan.ts) takes the company out of the due set until its next cycle.
 */
export class BackgroundRefresh {
  private readonly timers: Timers;
  private readonly concurrency: number;
  private readonly idlePollMs: number;
  private readonly sleepers = new Set<() => void>();
  private workers: Promise<void>[] = [];
  private stopping = false;

  constructor(private readonly deps: BackgroundRefreshDeps) {
    this.timers = deps.timers ?? realTimers;
    this.concurrency = deps.concurrency ?? DEFAULT_REFRESH_CONCURRENCY;
    this.idlePollMs = deps.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer: ${this.concurrency}`);
  }

  /** Starts the workers (once); they run until `stop()`. */
  start(): void {
    if (this.workers.length > 0 || this.stopping) return;
    this.workers = Array.from({ length: this.concurrency }, () => this.work(false));
  }

  /**
   * Graceful shutdown: no worker claims another company; resting workers wake and end; renewals
   * under way finish (their Fortnox call, their COMMIT) before this resolves.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    await Promise.allSettled(this.workers);
  }

  /**
   * One sweep: `concurrency` workers renew due companies until none is left, then resolve with
   * every outcome. Rejects if the database fails. For tests and one-off runs (not with `start`).
   */
  async runUntilIdle(): Promise<RenewOutcome[]> {
    const outcomes: RenewOutcome[] = [];
    await Promise.all(Array.from({ length: this.concurrency }, () => this.work(true, outcomes)));
    return outcomes;
  }

  private async work(untilIdle: boolean, outcomes?: RenewOutcome[]): Promise<void> {
    while (!this.stopping) {
      let outcome: RenewOutcome | undefined;
      try {
        outcome = await this.deps.tokens.renewNextDue();
      } catch (error) {
        if (untilIdle) throw error;
        // A database or configuration failure (no client secret): logged, and looked at again later.
        this.deps.log.warn('background refresh could not claim or renew a company', {
          error: error instanceof Error ? error.name : typeof error,
        });
        await this.rest();
        continue;
      }
      if (outcome === undefined) {
        if (untilIdle) return;
        await this.rest();
        continue;
      }
      outcomes?.push(outcome);
      this.deps.onOutcome?.(outcome);
    }
  }

  /** Waits `idlePollMs`, or until `stop()`. */
  private rest(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.sleepers.delete(wake);
        this.timers.clear(handle);
        resolve();
      };
      this.sleepers.add(wake);
      const handle = this.timers.set(wake, this.idlePollMs);
    });
  }
}

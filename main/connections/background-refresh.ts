import type { Timers } from '../connect/connect-flow';
import type { CompanyRecord } from './company-records';
import { planBackgroundRefresh, type RefreshPlanOptions } from './refresh-planner';

/** How often the background planner looks again. */
export const PLAN_INTERVAL_MS = 60 * 60 * 1000;

/** What the background refresh works with. */
export interface BackgroundRefreshDeps {
  timers: Timers;
  now: () => number;
  plan?: RefreshPlanOptions;
  /** The stored companies, as they are at each look. */
  records: () => Iterable<CompanyRecord>;
  /** Refreshes one company (failures are the keeper's to report). */
  refresh: (tenantId: string) => void;
  /** Marks connections that have ended by `now`. */
  markEnded: (now: number) => void;
}

/** A running background refresh. */
export interface BackgroundRefresh {
  /** Stops it: no planned refresh runs any more. */
  stop(): void;
  /**
   * Throws the plan away and plans again from the clock as it is now (after the computer slept:
   * timers count time awake, so the old ones would fire hours late).
   */
  replan(): void;
}

/**
 * Plans refreshes now and then every hour (spread over the hour, see refresh-planner), and
 * marks ended connections at each look. `start` returns the stop function.
 */
export function startBackgroundRefresh(deps: BackgroundRefreshDeps): () => void {
  const running = runBackgroundRefresh(deps);
  return () => running.stop();
}

/** Like `startBackgroundRefresh`, with a way to plan again at once (see BackgroundRefresh.replan). */
export function runBackgroundRefresh(deps: BackgroundRefreshDeps): BackgroundRefresh {
  let stopped = false;
  let handles: unknown[] = [];
  const clearAll = () => {
    for (const handle of handles) deps.timers.clear(handle);
    handles = [];
  };
  const tick = () => {
    if (stopped) return;
    clearAll();
    const now = deps.now();
    const plan = planBackgroundRefresh(
      // A service account kept alive by the client-credentials grant needs no refresh token, so it
      // has no 45-day deadline to plan for (a refused grant sets it back to `refresh_token`).
      [...deps.records()].filter((record) => record.keptAliveBy !== 'client_credentials').map((record) => ({
        tenantId: record.tenantId,
        refreshTokenIssuedAt: record.refreshTokenIssuedAt ?? record.connectedAt,
        // Access-only connections have no refresh token to refresh with.
        needsReconnect: record.status === 'needs_reconnect' || record.status === 'access_only',
      })),
      now,
      deps.plan,
    );
    for (const entry of plan) {
      if (entry.at > now + PLAN_INTERVAL_MS) break;
      handles.push(
        deps.timers.set(() => {
          if (!stopped) deps.refresh(entry.tenantId);
        }, entry.at - now),
      );
    }
    deps.markEnded(now);
    handles.push(deps.timers.set(tick, PLAN_INTERVAL_MS));
  };
  tick();
  return {
    stop: () => {
      stopped = true;
      clearAll();
    },
    replan: tick,
  };
}

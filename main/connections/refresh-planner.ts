import { FORTNOX_RATE_LIMIT } from '../fortnox/rate-limiter';
import { REFRESH_TOKEN_LIFETIME_MS } from './token-keeper';

/** A company as the background planner sees it. */
export interface PlannableCompany {
  tenantId: string;
  refreshTokenIssuedAt: number;
  /** Companies that need a new sign-in are not refreshed. */
  needsReconnect: boolean;
}

/** One planned background refresh. */
export interface PlannedRefresh {
  tenantId: string;
  at: number;
}

/** How the background refresh is paced. */
export interface RefreshPlanOptions {
  /** Refresh once the refresh token is this old: 7 days leaves 38 of its 45 days as margin. */
  refreshAfterMs: number;
  /** At least this long between two planned refreshes, across all companies. */
  spacingMs: number;
}

/**
 * 250 ms apart is at most 20 calls per 5 seconds in all, under Fortnox's 25 per 5 s per client and
 * company even if the (undocumented) token-endpoint limit were counted per client alone.
 */
export const DEFAULT_PLAN: RefreshPlanOptions = {
  refreshAfterMs: 7 * 24 * 60 * 60 * 1000,
  spacingMs: Math.ceil(FORTNOX_RATE_LIMIT.windowMs / 20),
};

/**
 * Plans background refreshes so that no connection reaches its 45-day refresh-token expiry while
 * the app runs: every company whose refresh token is older than `refreshAfterMs` is due now; the
 * rest when they reach that age. The oldest go first, and no two refreshes are closer than
 * `spacingMs`. Tokens already past 45 days are left out (they cannot be refreshed).
 */
export function planBackgroundRefresh(
  companies: readonly PlannableCompany[],
  now: number,
  options: RefreshPlanOptions = DEFAULT_PLAN,
): PlannedRefresh[] {
  const due = companies
    .filter((company) => !company.needsReconnect && now - company.refreshTokenIssuedAt < REFRESH_TOKEN_LIFETIME_MS)
    .map((company) => ({
      tenantId: company.tenantId,
      dueAt: Math.max(now, company.refreshTokenIssuedAt + options.refreshAfterMs),
      issuedAt: company.refreshTokenIssuedAt,
    }))
    .sort((a, b) => a.dueAt - b.dueAt || a.issuedAt - b.issuedAt || a.tenantId.localeCompare(b.tenantId));
  const plan: PlannedRefresh[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const entry of due) {
    const at = Math.max(entry.dueAt, last + options.spacingMs);
    plan.push({ tenantId: entry.tenantId, at });
    last = at;
  }
  return plan;
}

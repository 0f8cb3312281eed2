import { REFRESH_TOKEN_LIFETIME_MS } from '../../main/connections/token-keeper';
import { MIN_HANDED_TOKEN_LIFETIME_MS } from '../../main/local-api/access-token-source';

/**
 * When the firm server renews a company's pair in the background. The desktop plans by the
 * refresh token's age (main/connections/refresh-planner.ts: its tools wait while it refreshes);
 * the server renews before the ACCESS token runs out, so a token request almost always finds
 * more than the five minutes a tool is promised and is served from the row without a lock, and
 * the refresh token (45 days, fortnox.md section 3) is renewed with it every cycle. Like the
 * desktop's planner, tokens past their 45 days and companies needing a new sign-in are left out,
 * and the oldest go first.
 */

/** How the background refresh is timed. */
export interface RefreshPlanOptions {
  /** Renew this long before the access token ends (Nango renews 15 minutes early, token-service.md section 6). */
  marginMs: number;
  /**
   * Renew up to this much earlier again, by a hash of the tenant id: companies connected in one
   * batch (same expiry) are spread over this window instead of all renewing in one second.
   */
  spreadMs: number;
  /** Never plan a renewal sooner than this after the pair was stored (a short-lived answer must not make the sweeper spin). */
  minGapMs: number;
}

/** 15 minutes' margin (three times the five minutes a tool is promised), spread over 10 more. */
export const DEFAULT_REFRESH_PLAN: RefreshPlanOptions = {
  marginMs: 3 * MIN_HANDED_TOKEN_LIFETIME_MS,
  spreadMs: 10 * 60 * 1000,
  minGapMs: 30 * 1000,
};

/** A deterministic fraction in [0, 1) of a tenant id (FNV-1a, 32 bits): where in the spread it renews. */
export function spreadFraction(tenantId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i += 1) {
    hash ^= tenantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/**
 * When a pair whose access token ends at `accessExpiresAt`, stored at `now`, is next renewed:
 * `marginMs` plus the tenant's share of `spreadMs` before the end, but no sooner than `minGapMs`
 * after `now` (or, for a token with less life than that, half of what is left).
 */
export function nextRefreshAt(
  tenantId: string,
  accessExpiresAt: number,
  now: number,
  options: RefreshPlanOptions = DEFAULT_REFRESH_PLAN,
): number {
  const wanted = accessExpiresAt - options.marginMs - options.spreadMs * spreadFraction(tenantId);
  const left = Math.max(0, accessExpiresAt - now);
  return Math.round(Math.max(wanted, now + Math.min(options.minGapMs, left / 2)));
}

/** A company as the planner sees it. */
export interface PlannableCompany {
  tenantId: string;
  /** Epoch ms when its access token ends. */
  accessExpiresAt: number;
  /** Epoch ms when its refresh token was issued (its 45 days count from here). */
  refreshedAt: number;
  /** Only active companies are renewed (needs_reconnect and disconnected ones cannot be). */
  active: boolean;
  /** An access-only connection has no refresh token: nothing to renew with. */
  accessOnly: boolean;
}

/** One planned renewal. */
export interface PlannedRefresh {
  tenantId: string;
  at: number;
}

/**
 * The background refresh plan for many companies at once, soonest first: what the sweeper will
 * claim and when (the sweeper itself stores `nextRefreshAt` per row as each pair is written).
 */
export function planBackgroundRefresh(
  companies: readonly PlannableCompany[],
  now: number,
  options: RefreshPlanOptions = DEFAULT_REFRESH_PLAN,
): PlannedRefresh[] {
  const plan: Array<PlannedRefresh & { refreshedAt: number }> = [];
  for (const company of companies) {
    if (!company.active || company.accessOnly || now - company.refreshedAt >= REFRESH_TOKEN_LIFETIME_MS) continue;
    // Planned as of when the pair was stored (what the sweeper wrote); one overdue is due now.
    const at = Math.max(now, nextRefreshAt(company.tenantId, company.accessExpiresAt, company.refreshedAt, options));
    plan.push({ tenantId: company.tenantId, at, refreshedAt: company.refreshedAt });
  }
  plan.sort((a, b) => a.at - b.at || a.refreshedAt - b.refreshedAt || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  return plan.map(({ tenantId, at }) => ({ tenantId, at }));
}

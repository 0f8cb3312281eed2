import type { CompanySummary } from '../../shared/ipc-contract';
import { RENEW_WARNING_MS, renewBy } from '../../shared/renew-by';

/** One company that needs the user, as alerts name it. */
export interface AttentionCompany {
  tenantId: string;
  companyName: string | null;
  /** The refresh token's deadline when known: an alert is remembered per company, reason and deadline. */
  deadline: number | null;
}

/** A company whose refresh token reaches its 45-day deadline soon. */
export interface ExpiringCompany extends AttentionCompany {
  /** When the refresh token expires (epoch ms); the same as `deadline`. */
  expiresAt: number;
}

/** Which companies need the user now: the count the tray, badge and notifications show. */
export interface AttentionSummary {
  /** Companies that need a new sign-in now, ordered by tenant id. */
  reconnect: AttentionCompany[];
  /**
   * Companies whose refresh token expires within 7 days (the app was not running, or could not
   * refresh), soonest first. While the app runs, tokens are refreshed at 7 days old, so a token
   * this close to its deadline means the background refresh did not reach it.
   */
  expiringSoon: ExpiringCompany[];
  /** How many distinct companies are in either list. */
  count: number;
}

/** The part of a company summary the attention summary reads. */
export type AttentionInput = Pick<
  CompanySummary,
  'tenantId' | 'companyName' | 'accountType' | 'keptAliveBy' | 'refreshTokenExpiresAt' | 'status' | 'statusIssue'
>;

/**
 * Sorts the company summaries into "needs reconnecting now" and "refresh token expires within 7
 * days" at `now`. A company whose deadline has passed but that main has not marked yet counts as
 * needing a reconnect. Left out: service accounts kept alive by client credentials (no 45-day
 * deadline), and access-only connections whose one hour ended (`access_only_ended`): the user
 * chose a connection without offline access, so its end is expected, not an alert.
 */
export function summarizeAttention(companies: Iterable<AttentionInput>, now: number): AttentionSummary {
  const reconnect: AttentionCompany[] = [];
  const expiringSoon: ExpiringCompany[] = [];
  for (const company of companies) {
    const named = { tenantId: company.tenantId, companyName: company.companyName, deadline: company.refreshTokenExpiresAt };
    if (company.status === 'needs_reconnect') {
      if (company.statusIssue !== 'access_only_ended') reconnect.push(named);
      continue;
    }
    const renew = renewBy(company, now);
    if (renew.kind !== 'date') continue;
    if (renew.passed) reconnect.push(named);
    else if (renew.soon) expiringSoon.push({ ...named, expiresAt: renew.at });
  }
  reconnect.sort((a, b) => compareTenants(a.tenantId, b.tenantId));
  expiringSoon.sort((a, b) => a.expiresAt - b.expiresAt || compareTenants(a.tenantId, b.tenantId));
  return { reconnect, expiringSoon, count: reconnect.length + expiringSoon.length };
}

/** Tenant ids are decimal strings: shorter ones are smaller. */
function compareTenants(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * When the summary next changes by time alone (a token enters its last 7 days, or passes its
 * deadline), or null when no time-based change is ahead. Alerts recheck then.
 */
export function nextAttentionChange(companies: Iterable<AttentionInput>, now: number): number | null {
  let next: number | null = null;
  for (const company of companies) {
    const renew = renewBy(company, now);
    if (renew.kind !== 'date' || renew.passed) continue;
    const at = renew.soon ? renew.at : renew.at - RENEW_WARNING_MS;
    if (next === null || at < next) next = at;
  }
  return next;
}

import type { ConnectionStatus } from './connection-issues';

/** How long before its refresh token's deadline a company is warned about (issue 8, item 7). */
export const RENEW_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

/** The fields of a company summary the renew-by date is read from. */
export interface RenewByFields {
  accountType: 'user' | 'service';
  keptAliveBy?: 'client_credentials' | 'refresh_token' | undefined;
  /** Issued (or last refreshed) + 45 days, derived in main (fortnox.md section 3). */
  refreshTokenExpiresAt: number | null;
  status: ConnectionStatus;
}

/**
 * By when a company's refresh token must be renewed:
 * - `date`: its 45-day deadline; `soon` within RENEW_WARNING_MS of it, `passed` once reached;
 * - `kept-alive`: a service account kept alive by the client-credentials grant (no deadline);
 * - `none`: no refresh token to renew (access-only), or the company already needs a new sign-in.
 */
export type RenewBy =
  | { kind: 'date'; at: number; soon: boolean; passed: boolean }
  | { kind: 'kept-alive' }
  | { kind: 'none' };

/** The renew-by date of one company at `now` (see RenewBy). */
export function renewBy(company: RenewByFields, now: number): RenewBy {
  // The client-credentials grant never depends on the refresh token (fortnox.md sections 3 and 7).
  if (company.accountType === 'service' && company.keptAliveBy === 'client_credentials') return { kind: 'kept-alive' };
  if (company.status === 'needs_reconnect' || company.status === 'access_only') return { kind: 'none' };
  const at = company.refreshTokenExpiresAt;
  if (at === null) return { kind: 'none' };
  return { kind: 'date', at, soon: at - now <= RENEW_WARNING_MS, passed: at <= now };
}

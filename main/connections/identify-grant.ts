import { COMPANY_INFORMATION_SCOPE } from '../../shared/scope-names';
import type { Timers } from '../connect/connect-flow';
import { readAccessTokenClaims } from '../fortnox/access-token-claims';
import { fetchCompanyInformation, type CompanyInformation } from '../fortnox/company-information';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { HttpFetch } from '../fortnox/fortnox-http';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import type { TokenClient, TokenClientConfig, TokenSet } from '../fortnox/token-client';
import type { Logger } from '../logging/logger';

/**
 * Turning a verified authorization code into tokens and the company they are for, storing nothing:
 * the rules the desktop's ConnectionsService and the firm server's connect route share (issue 10
 * item 5: in firm mode the server exchanges the code the desktop verified).
 */

/** What the code was issued for: the redirect URI it came back to, and what was asked. */
export interface GrantRequest {
  code: string;
  redirectUri: string;
  scopes: readonly string[];
  offlineAccess: boolean;
}

/** A grant whose tokens were exchanged and whose company is known, not yet stored. */
export interface IdentifiedTokens<G extends GrantRequest> {
  grant: G;
  tenantId: string;
  set: TokenSet;
  info: CompanyInformation | undefined;
  /** The granted scopes: the token answer's, else the access token's own claim. */
  granted: string[];
  /** When the code was handed in (the new refresh token's issue time). */
  issuedAt: number;
}

/** What exchanging and identifying needs. */
export interface GrantIdentifyDeps {
  client: Pick<TokenClient, 'exchangeCode'>;
  fetcher: HttpFetch;
  apiBaseUrl: () => string;
  /** The per-company rate limit, taken before company information is read. */
  limiter: Pick<SlidingWindowLimiter, 'acquire'>;
  now: () => number;
  timers: Timers;
  log: Logger;
  httpTimeoutMs?: number | undefined;
  /**
   * A grant that will be stored nowhere (refused, or failed while being identified): revoke its
   * refresh token at Fortnox in the background, or it lives on unseen for 45 days.
   */
  revokeLater: (config: () => TokenClientConfig, refreshToken: string | null, tenantKey: string) => void;
}

/** Attempts at a rate-limited code exchange (2 s, then 4 s apart: well inside the code's 10 minutes). */
export const EXCHANGE_ATTEMPTS = 3;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Exchanges the code, waiting and trying again when Fortnox answers 429: a rate-limited request
 * was not processed, so the single-use code is still valid (for 10 minutes). Other failures are
 * not retried: a request that may have reached Fortnox could have used the code up.
 */
export async function exchangeCodeWithRetry(deps: Pick<GrantIdentifyDeps, 'client' | 'timers' | 'log'>, config: TokenClientConfig, grant: GrantRequest): Promise<TokenSet> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.client.exchangeCode(config, grant.code, grant.redirectUri, grant.offlineAccess);
    } catch (error) {
      if (!(error instanceof FortnoxCallError) || error.issue !== 'rate_limited' || attempt >= EXCHANGE_ATTEMPTS) throw error;
      const delay = Math.max(error.details.retryAfterMs ?? 0, 2_000 * attempt);
      deps.log.warn('code exchange rate-limited; trying again', { attempt, delayMs: delay });
      await new Promise<void>((resolve) => deps.timers.set(resolve, delay));
    }
  }
}

/**
 * Exchanges the code and tells which company the tokens belong to; stores nothing. The company is
 * the access token's `tenantId` claim and company information's `DatabaseNumber` (read when the
 * company information scope was granted); when they disagree nothing can say which company the
 * tokens reach, so the grant is refused (`tenant_mismatch`), and without either it is refused as
 * `unknown_company`. Whatever goes wrong after the exchange, the new grant is revoked.
 */
export async function identifyGrant<G extends GrantRequest>(deps: GrantIdentifyDeps, config: TokenClientConfig, grant: G): Promise<IdentifiedTokens<G>> {
  const issuedAt = deps.now();
  const set = await exchangeCodeWithRetry(deps, config, grant);
  const claims = readAccessTokenClaims(set.accessToken);
  try {
    const granted = set.scopes.length > 0 ? set.scopes : (claims?.scopes ?? []);
    let info: CompanyInformation | undefined;
    if (granted.includes(COMPANY_INFORMATION_SCOPE)) {
      const tenantKey = claims?.tenantId ?? 'unknown';
      await deps.limiter.acquire(tenantKey);
      try {
        info = await fetchCompanyInformation(deps.fetcher, deps.apiBaseUrl(), set.accessToken, deps.now, deps.httpTimeoutMs);
      } catch (error) {
        // The connection itself is valid; the name is filled in by the next successful test.
        if (!(error instanceof FortnoxCallError)) throw error;
        deps.log.warn('company information unavailable after connect', { issue: error.issue });
      }
    }
    // Both name the company (DatabaseNumber equals the tenant id, fortnox.md section 8). When they
    // disagree nothing can say which company these tokens really reach: refused, and revoked.
    if (claims?.tenantId && info?.tenantId && claims.tenantId !== info.tenantId) {
      deps.log.error('token tenant and company information disagree; connection refused', {
        claim: claims.tenantId,
        databaseNumber: info.tenantId,
      });
      throw new FortnoxCallError('tenant_mismatch');
    }
    const tenantId = claims?.tenantId ?? info?.tenantId ?? undefined;
    if (!tenantId) throw new FortnoxCallError('unknown_company');
    return { grant, tenantId, set, info, granted, issuedAt };
  } catch (error) {
    // Whatever went wrong (a refusal above or an unexpected error), the new grant is stored
    // nowhere and would live on unseen at Fortnox: revoked.
    if (!(error instanceof FortnoxCallError)) deps.log.error('identifying a new grant failed unexpectedly; revoking it', { error: errorName(error) });
    deps.revokeLater(() => config, set.refreshToken, claims?.tenantId ?? 'unknown');
    throw error;
  }
}

import type { RestoreResult } from '../../shared/attention-rows';
import type { CompanyRecord } from '../../shared/company-record';
import type { ConnectionIssue } from '../../shared/connection-issues';
import { COMPANY_INFORMATION_SCOPE, SCOPE_NAMES, type ScopeName } from '../../shared/scope-names';
import { normalizeTenantId } from '../../shared/tenant-id';
import { readAccessTokenClaims, type AccessTokenClaims } from '../fortnox/access-token-claims';
import { fetchCompanyInformation, type CompanyInformation } from '../fortnox/company-information';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { HttpFetch } from '../fortnox/fortnox-http';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import { clampEpochMs, normaliseGrantedScopes } from '../fortnox/untrusted-fields';
import type { StoredTokens, TokenKeeper } from './token-keeper';

/** What restoring an unknown connection needs. */
export interface RestoreDeps {
  keeper: Pick<TokenKeeper, 'accessToken'>;
  fetcher: HttpFetch;
  apiBaseUrl: () => string;
  limiter: SlidingWindowLimiter;
  now: () => number;
  httpTimeoutMs?: number;
}

/** What Fortnox said about the tokens: their claims and, when the scope allows, the company. */
export interface RestoreIdentity {
  claims: AccessTokenClaims | undefined;
  info: CompanyInformation | undefined;
}

/** The company identified, or why it could not be. */
export type RestoreAttempt = { ok: true; identity: RestoreIdentity } | Extract<RestoreResult, { ok: false }>;

/**
 * Identifies the company of tokens found in the vault without a record (issue 7, finding 7): a
 * fresh access token (refreshed when needed, which also proves the grant is alive), then
 * `GET /3/companyinformation` to learn the company again. Both the token's `tenantId` and the
 * answer's `DatabaseNumber` must name the tenant the vault entry is filed under (compared in
 * canonical form: an entry filed as "0012345" is company 12345); otherwise the tokens are not
 * listed as that company. Without the `companyinformation` scope the token's own `tenantId` is
 * enough, and the name stays unknown until a test can fetch it.
 */
export async function identifyStoredTokens(tenantId: string, deps: RestoreDeps): Promise<RestoreAttempt> {
  const expected = normalizeTenantId(tenantId) ?? tenantId;
  let accessToken: string;
  try {
    accessToken = await deps.keeper.accessToken(tenantId);
  } catch (error) {
    return { ok: false, reason: 'fortnox', issue: issueOf(error) };
  }
  const claims = readAccessTokenClaims(accessToken);
  if (claims && claims.tenantId !== expected) return { ok: false, reason: 'tenant_mismatch', issue: null };
  let info: CompanyInformation | undefined;
  try {
    await deps.limiter.acquire(tenantId);
    info = await fetchCompanyInformation(deps.fetcher, deps.apiBaseUrl(), accessToken, deps.now, deps.httpTimeoutMs);
  } catch (error) {
    const issue = issueOf(error);
    const scopeMissing = issue === 'missing_scope' && claims !== undefined && !claims.scopes.includes(COMPANY_INFORMATION_SCOPE);
    if (!scopeMissing) return { ok: false, reason: 'fortnox', issue };
  }
  if (info?.tenantId && info.tenantId !== expected) return { ok: false, reason: 'tenant_mismatch', issue: null };
  return { ok: true, identity: { claims, info } };
}

/**
 * The record of an identified company, from the tokens as they are in the vault now (read by the
 * caller in the company's exclusive section, so a disconnect cannot remove them in between).
 */
export function restoredRecord(tenantId: string, tokens: StoredTokens, identity: RestoreIdentity, now: number): CompanyRecord {
  const { claims, info } = identity;
  // Tokens without a refresh token are an access-only connection (no offline access).
  const accessOnly = tokens.refreshToken === null;
  const granted = normaliseGrantedScopes(tokens.scopes.length > 0 ? tokens.scopes : (claims?.scopes ?? [])).scopes;
  return {
    tenantId,
    companyName: info?.companyName ?? null,
    organizationNumber: info?.organizationNumber ?? null,
    // Not recorded in the tokens; a reconnect as a service account sets it again.
    accountType: 'user',
    requestedScopes: granted.filter((scope): scope is ScopeName => (SCOPE_NAMES as readonly string[]).includes(scope)),
    grantedScopes: granted,
    offlineAccess: !accessOnly,
    connectedAt: now,
    lastRefreshedAt: null,
    accessTokenExpiresAt: clampEpochMs(tokens.accessTokenExpiresAt),
    refreshTokenIssuedAt: accessOnly ? null : clampEpochMs(tokens.refreshTokenIssuedAt),
    status: accessOnly ? 'access_only' : 'active',
    statusIssue: null,
    statusDetail: null,
    lastTest: info ? { at: now, ok: true, issue: null, companyName: info.companyName } : null,
  };
}

function issueOf(error: unknown): ConnectionIssue {
  return error instanceof FortnoxCallError ? error.issue : 'network';
}

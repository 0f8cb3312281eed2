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
import type { Logger } from '../logging/logger';
import type { AttentionRegister } from './attention-register';
import type { StoredTokens, TokenKeeper, TokenStore } from './token-keeper';

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

/** What listing a restored connection works on: the service's companies and rows. */
export interface RestoreListingContext {
  attention: AttentionRegister;
  records: Map<string, CompanyRecord>;
  tokens: TokenStore & { remove(tenantId: string): Promise<void> };
  now: () => number;
  log: Logger;
  /** Saves companies.json (records and damaged rows). */
  save: () => Promise<void>;
  /** Tells the renderer the company is listed (and the row gone). */
  published: (record: CompanyRecord) => void;
  /** Tells the renderer the attention rows changed. */
  attentionChanged: () => void;
}

/**
 * Lists an identified unknown connection as a company, under its canonical tenant id (tokens
 * filed as "0012345" move to "12345"). Runs in the company's exclusive section: the row and its
 * tokens are looked at again here, so a disconnect of the same row that ran first (removing
 * both) leaves nothing to list, and a company is never listed without tokens.
 */
export async function listRestoredConnection(
  ctx: RestoreListingContext,
  id: string,
  tenantId: string,
  identity: RestoreIdentity,
): Promise<RestoreResult> {
  const tokens = ctx.attention.unknownEntry(id) ? await ctx.tokens.read(tenantId) : undefined;
  if (!tokens) {
    ctx.log.warn('unknown connection was removed while it was being restored', { tenantId });
    return { ok: false, reason: 'not_found', issue: null };
  }
  const key = normalizeTenantId(tenantId) ?? tenantId;
  // Another stored grant of the same company is listed already; both are never merged.
  if (key !== tenantId && ctx.records.has(key)) return { ok: false, reason: 'tenant_mismatch', issue: null };
  const record = restoredRecord(key, tokens, identity, ctx.now());
  if (key !== tenantId) {
    await ctx.tokens.write(key, tokens);
    await ctx.tokens.remove(tenantId);
  }
  ctx.records.set(key, record);
  try {
    await ctx.save();
  } catch (error) {
    ctx.records.delete(key);
    ctx.log.error('restored company could not be saved', { tenantId, error: error instanceof Error ? error.name : typeof error });
    // Its tokens stay listed as an unknown connection, under the id they are now filed under.
    if (key !== tenantId) {
      ctx.attention.remove(id);
      ctx.attention.addUnknown([{ tenantId: key, readable: true }], (other) => ctx.records.has(other));
      ctx.attentionChanged();
    }
    return { ok: false, reason: 'not_saved', issue: null };
  }
  ctx.attention.remove(id);
  ctx.attention.forgetTenant(key);
  ctx.published(record);
  return { ok: true, tenantId: key, companyName: record.companyName };
}

function issueOf(error: unknown): ConnectionIssue {
  return error instanceof FortnoxCallError ? error.issue : 'network';
}

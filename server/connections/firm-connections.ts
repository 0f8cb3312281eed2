import type { Timers } from '../../main/connect/connect-flow';
import { identifyGrant, type IdentifiedTokens } from '../../main/connections/identify-grant';
import { BackgroundRevocations, revokeRefreshToken } from '../../main/connections/revocations';
import { fetchCompanyInformation } from '../../main/fortnox/company-information';
import { FortnoxCallError } from '../../main/fortnox/fortnox-call-error';
import type { HttpFetch } from '../../main/fortnox/fortnox-http';
import { RateLimitWaitExceededError, type SlidingWindowLimiter } from '../../main/fortnox/rate-limiter';
import { TokenClient, type TokenClientConfig } from '../../main/fortnox/token-client';
import type { Logger } from '../../main/logging/logger';
import type { ConnectionIssue } from '../../shared/connection-issues';
import { firmFortnoxClientSchema, type authorizationRequestSchema } from '../../shared/firm-api';
import type { CompanySummary } from '../../shared/ipc-contract';
import { isTenantIdText, normalizeTenantId } from '../../shared/tenant-id';
import type { z } from 'zod';
import type { CompanyChangeFeed } from '../companies/company-changes';
import type { FirmCompanySummaries } from '../companies/firm-companies';
import type { Database, Queryable } from '../db/database';
import type { FortnoxRequestSlots } from '../tokens/fleet-rate-limiter';
import { CompanyNotFoundError } from '../tokens/firm-tokens';
import { DEFAULT_REFRESH_PLAN, nextRefreshAt, type RefreshPlanOptions } from '../tokens/refresh-plan';
import type { StoredPair, TokenRead, TokenRows } from '../tokens/token-rows';

/**
 * The firm's connections as accountants make them from the desktop (issue 10 items 4-6): the
 * desktop opens Fortnox's sign-in with the server's client id, checks `state`, and hands the code
 * to the server, which exchanges it with the client secret only it holds. The rules are the
 * desktop's (main/connections/identify-grant.ts, revocations.ts): the company is the access
 * token's tenant and company information's DatabaseNumber, which must agree; the same company
 * again is a reconnect whose old refresh token is revoked once the new pair is stored; a grant
 * that is stored nowhere is revoked; a disconnect revokes the newest refresh token.
 *
 * Locks: connect and disconnect of one company take a transaction-scoped advisory lock first (so
 * they take turns, and two accountants connecting one company at once never both miss the other's
 * pair), then the company's `company_tokens` row (`FOR UPDATE`: after any refresh holding it, as
 * FirmTokens does), then `companies`. Refreshes take `company_tokens` then `companies` too, so the
 * order is one and the same everywhere: no deadlock. No Fortnox call is made inside a transaction
 * here (the exchange comes before it, revocations after COMMIT), so on PGlite nothing is held
 * across one either. Every change is announced after COMMIT (CompanyChangeFeed).
 */

/** The firm's Fortnox client as the server runs it (start-server.ts `FortnoxRuntime` fits). */
export interface FirmFortnoxClient {
  clientId: string;
  endpoints: { authorizeUrl: string; apiBaseUrl: string };
  /** FORTNOX_REDIRECT_URIS: the only redirect URIs codes are exchanged for. */
  redirectUris: readonly string[];
  /** The token call's configuration, secret included: never logged, never answered. */
  tokenClient(): TokenClientConfig;
}

export type AuthorizationRequest = z.output<typeof authorizationRequestSchema>;

/** What a connection refusal is, for the routes to answer (shared/firm-api.ts codes). */
export type ConnectionRefusalCode = 'invalid_request' | 'redirect_uri_not_allowed' | 'code_rejected' | 'fortnox_unavailable' | 'company_not_found' | 'internal_error';

/** A refusal with its fixed English message (never Fortnox's words, never what was sent). */
export class ConnectionRefusal extends Error {
  override readonly name = 'ConnectionRefusal';
  constructor(
    readonly code: ConnectionRefusalCode,
    message: string,
    /** The Fortnox issue behind it, for the log. */
    readonly issue: ConnectionIssue | null = null,
  ) {
    super(message);
  }
}

export interface FirmConnectionsDeps {
  db: Database;
  rows: TokenRows;
  /** Access tokens for tests (FirmTokens); `isRefreshing` lets a PGlite disconnect wait for a refresh in flight. */
  tokens: { accessToken(tenantId: string): Promise<{ accessToken: string }>; isRefreshing?(tenantId: string): boolean };
  fortnox: FirmFortnoxClient;
  fetcher: HttpFetch;
  /** The fleet-wide rate limit (FleetRateLimiter): company information and revocations take a slot. */
  slots: FortnoxRequestSlots;
  summaries: FirmCompanySummaries;
  changes: Pick<CompanyChangeFeed, 'announce'>;
  now: () => number;
  timers: Timers;
  log: Logger;
  /** Bound on each Fortnox call (default 10 s). */
  httpTimeoutMs?: number;
  /** Bound on waiting for a rate-limit slot (default 5 s). */
  slotWaitMs?: number;
  /** Bound on waiting for a company's row lock (a refresh holding it; default 25 s). */
  lockTimeoutMs?: number;
  plan?: RefreshPlanOptions;
}

/** What a connect did. */
export interface ConnectOutcome {
  company: CompanySummary;
  reconnected: boolean;
}

/** What a test did: the company as it is now (its `lastTest` says how the test went). */
export interface TestOutcome {
  company: CompanySummary;
}

/** What a disconnect did. */
export interface DisconnectOutcome {
  revoked: boolean;
  companyName: string | null;
}

const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
const DEFAULT_SLOT_WAIT_MS = 5_000;
const DEFAULT_LOCK_TIMEOUT_MS = 25_000;

/** One company's connect and disconnect take turns, on every replica (released at COMMIT). */
const COMPANY_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('fortnox-connector:connection:' || $1, 0))`;
const LOCK_TIMEOUT_SQL = `SELECT set_config('lock_timeout', $1, true)`;

/**
 * The company row of a connect (new) or reconnect (replaced in place: a name Fortnox did not give
 * this time is kept). $1 tenant, $2 name, $3 organisation number, $4 account type, $5 requested,
 * $6 granted, $7 offline access, $8 status, $9 test time (null without company information),
 * $10 connected at, $11 connected by.
 */
const UPSERT_COMPANY_SQL = `INSERT INTO companies AS c (tenant_id, company_name, organization_number, account_type, requested_scopes,
  granted_scopes, offline_access, status, issue, status_detail, last_test_at, last_test_ok, last_test_issue, connected_at, connected_by, updated_at)
VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, NULL, NULL, $9, CASE WHEN $9::timestamptz IS NULL THEN NULL ELSE true END, NULL, $10, $11, $10)
ON CONFLICT (tenant_id) DO UPDATE SET company_name = COALESCE(EXCLUDED.company_name, c.company_name),
  organization_number = COALESCE(EXCLUDED.organization_number, c.organization_number), account_type = EXCLUDED.account_type,
  requested_scopes = EXCLUDED.requested_scopes, granted_scopes = EXCLUDED.granted_scopes, offline_access = EXCLUDED.offline_access,
  status = EXCLUDED.status, issue = NULL, status_detail = NULL, last_test_at = EXCLUDED.last_test_at,
  last_test_ok = EXCLUDED.last_test_ok, last_test_issue = NULL, connected_at = EXCLUDED.connected_at,
  connected_by = EXCLUDED.connected_by, updated_at = EXCLUDED.updated_at`;

/** A test that reached the company: its names, and a failed renewal (`error`) is over. */
const TEST_PASSED_SQL = `UPDATE companies SET company_name = COALESCE($2, company_name), organization_number = COALESCE($3, organization_number),
  issue = CASE WHEN status = 'error' THEN NULL ELSE issue END, status_detail = CASE WHEN status = 'error' THEN NULL ELSE status_detail END,
  status = CASE WHEN status = 'error' THEN 'active' ELSE status END,
  last_test_at = $4, last_test_ok = true, last_test_issue = NULL, updated_at = $4
WHERE tenant_id = $1`;
const TEST_FAILED_SQL = `UPDATE companies SET last_test_at = $2, last_test_ok = false, last_test_issue = $3, updated_at = $2 WHERE tenant_id = $1`;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Fortnox's refusal of an exchange, as the route answers it. */
function exchangeRefusal(error: FortnoxCallError): ConnectionRefusal {
  switch (error.issue) {
    case 'invalid_grant':
    case 'oauth_error':
      return new ConnectionRefusal('code_rejected', 'Fortnox refused the authorization code (used, expired, or for another redirect URI).', error.issue);
    case 'refresh_token_missing':
      return new ConnectionRefusal('code_rejected', 'Fortnox gave no refresh token although offline access was asked for; nothing was stored. Sign in again.', error.issue);
    case 'invalid_client':
    case 'client_secret_missing':
      return new ConnectionRefusal('fortnox_unavailable', "Fortnox refused the firm server's client id or secret; ask the server's administrator.", error.issue);
    case 'tenant_mismatch':
    case 'unknown_company':
      return new ConnectionRefusal('fortnox_unavailable', "Fortnox's answers did not say which company the sign-in was for; nothing was stored.", error.issue);
    default:
      return new ConnectionRefusal('fortnox_unavailable', 'Fortnox could not be reached or failed; nothing was stored. Try again.', error.issue);
  }
}

export class FirmConnections {
  private readonly client: TokenClient;
  private readonly revocations: BackgroundRevocations;
  private readonly limiter: Pick<SlidingWindowLimiter, 'acquire'>;
  private readonly httpTimeoutMs: number;
  private readonly slotWaitMs: number;
  private readonly lockTimeoutMs: number;

  constructor(private readonly deps: FirmConnectionsDeps) {
    this.httpTimeoutMs = deps.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    this.slotWaitMs = deps.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS;
    this.lockTimeoutMs = deps.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.client = new TokenClient(deps.fetcher, deps.now, this.httpTimeoutMs, deps.log);
    // The fleet-wide slot, bounded; a grant whose company is not known yet ('unknown') has no slot row to count in.
    this.limiter = {
      acquire: (tenantKey: string) =>
        normalizeTenantId(tenantKey) === tenantKey ? this.deps.slots.acquire(tenantKey, this.deps.now() + this.slotWaitMs) : Promise.resolve(),
    };
    this.revocations = new BackgroundRevocations({ client: this.client, limiter: this.limiter, log: deps.log });
  }

  /** `GET /v1/firm/fortnox`: what the desktop needs to open Fortnox's sign-in; never the secret. */
  fortnoxClient(): z.output<typeof firmFortnoxClientSchema> {
    const { clientId, endpoints, redirectUris } = this.deps.fortnox;
    const parsed = firmFortnoxClientSchema.safeParse({ clientId, authorizeUrl: endpoints.authorizeUrl, redirectUris: [...redirectUris] });
    if (!parsed.success) throw new ConnectionRefusal('internal_error', 'The server has no Fortnox redirect URI configured (FORTNOX_REDIRECT_URIS).');
    return parsed.data;
  }

  /**
   * Whether codes are exchanged for `redirectUri`: one of FORTNOX_REDIRECT_URIS, compared as URLs
   * (so `http://127.0.0.1:41819/callback` matches however the configuration spelt it). The URL
   * parser drops leading and trailing control characters and spaces, so those are refused first:
   * what is sent to Fortnox must be the very text that was checked.
   */
  redirectAllowed(redirectUri: string): boolean {
    if (!/^[\x21-\x7e]+$/.test(redirectUri)) return false;
    let wanted: string;
    try {
      wanted = new URL(redirectUri).href;
    } catch {
      return false;
    }
    return this.deps.fortnox.redirectUris.some((allowed) => {
      try {
        return new URL(allowed).href === wanted;
      } catch {
        return false;
      }
    });
  }

  /**
   * `POST /v1/authorizations`: exchanges the code, identifies the company, stores company and pair
   * in one transaction (a reconnect replaces the pair; the replaced refresh token is revoked after
   * COMMIT), announces the change. Throws `ConnectionRefusal`.
   */
  async authorize(request: AuthorizationRequest, connectedBy: string): Promise<ConnectOutcome> {
    // eslint-disable-next-line no-control-regex -- control characters and spaces are what is refused
    if (/[\x00-\x20\x7f]/.test(request.redirectUri)) throw new ConnectionRefusal('invalid_request', 'The request is not valid.');
    if (!this.redirectAllowed(request.redirectUri)) {
      throw new ConnectionRefusal('redirect_uri_not_allowed', 'The server does not exchange codes for this redirect URI.');
    }
    const config = this.tokenConfig();
    let identified: IdentifiedTokens<AuthorizationRequest & { scopes: readonly string[] }>;
    try {
      identified = await identifyGrant(
        {
          client: this.client,
          fetcher: this.deps.fetcher,
          apiBaseUrl: () => this.deps.fortnox.endpoints.apiBaseUrl,
          limiter: this.limiter,
          now: this.deps.now,
          timers: this.deps.timers,
          log: this.deps.log,
          httpTimeoutMs: this.httpTimeoutMs,
          revokeLater: (configOf, refreshToken, tenantKey) => this.revocations.start(configOf, refreshToken, tenantKey),
        },
        config,
        { ...request, scopes: request.requestedScopes },
      );
    } catch (error) {
      if (error instanceof FortnoxCallError) {
        const refusal = exchangeRefusal(error);
        this.deps.log.warn('authorization code not turned into a connection', { issue: error.issue, status: error.details.status ?? null });
        throw refusal;
      }
      if (error instanceof RateLimitWaitExceededError) throw new ConnectionRefusal('fortnox_unavailable', 'Fortnox could not be reached or failed; nothing was stored. Try again.', 'rate_limited');
      throw error;
    }
    const { tenantId, set, info, granted, issuedAt } = identified;
    const accessOnly = set.refreshToken === null;
    let replaced: string | null;
    let reconnected: boolean;
    // Set when the transaction's work is done and only COMMIT is left: a failure after that may have committed.
    let committing: { replaced: string | null; reconnected: boolean } | undefined;
    try {
      ({ replaced, reconnected } = await this.deps.db.transaction(async (tx) => {
        await this.lockCompany(tx, tenantId);
        const before = await this.deps.rows.readPair(tx, tenantId, { lock: true });
        const existing = await tx.query('SELECT 1 FROM companies WHERE tenant_id = $1', [tenantId]);
        const at = new Date(issuedAt);
        await tx.query(UPSERT_COMPANY_SQL, [
          tenantId,
          info?.companyName ?? null,
          info?.organizationNumber ?? null,
          request.accountType,
          request.requestedScopes,
          granted,
          request.offlineAccess,
          accessOnly ? 'access_only' : 'active',
          info ? at : null,
          at,
          connectedBy,
        ]);
        await this.deps.rows.storeNewPair(
          tx,
          tenantId,
          { accessToken: set.accessToken, refreshToken: set.refreshToken, scopes: granted, accessExpiresAt: set.accessTokenExpiresAt },
          { storedAt: issuedAt, nextRefreshAt: nextRefreshAt(tenantId, set.accessTokenExpiresAt, issuedAt, this.deps.plan ?? DEFAULT_REFRESH_PLAN) },
        );
        committing = { replaced: before.kind === 'found' ? before.pair.refreshToken : null, reconnected: existing.rowCount > 0 };
        return committing;
      }));
    } catch (error) {
      const stored = committing ? await this.storedAfterUncertainCommit(tenantId, set.accessToken) : 'absent';
      if (stored === 'stored' && committing) {
        // The COMMIT landed; only its answer was lost. The grant is the company's now: kept.
        ({ replaced, reconnected } = committing);
        this.deps.log.warn('new connection committed although its COMMIT reported a failure', { tenantId, error: errorName(error) });
      } else if (stored === 'absent') {
        // The new grant is provably stored nowhere: nothing could use or revoke it later.
        this.deps.log.error('new connection could not be stored; revoking its grant', { tenantId, error: errorName(error) });
        this.revocations.start(() => config, set.refreshToken, tenantId);
        throw error;
      } else {
        // Perhaps stored: revoking could kill the company's only live grant. Kept; a reconnect replaces it if it was not.
        this.deps.log.error('new connection may or may not be stored (its COMMIT failed and the row could not be read again); its grant is not revoked', {
          tenantId,
          error: errorName(error),
        });
        throw error;
      }
    }
    // The replaced grant would live on at Fortnox for up to 45 days: revoked now that the new pair is committed.
    if (replaced !== null && replaced !== set.refreshToken) this.revocations.start(() => this.tokenConfig(), replaced, tenantId);
    await this.deps.changes.announce();
    this.deps.log.info('company connected', { tenantId, reconnected, accessOnly });
    const company = await this.deps.summaries.one(tenantId);
    if (!company) throw new ConnectionRefusal('internal_error', 'The connection was stored but could not be read back.');
    return { company, reconnected };
  }

  /**
   * `POST /v1/firm/companies/:tenantId/test`: company information with a token that has five
   * minutes left (refreshed once across the fleet if needed); the outcome is stored as the
   * company's last test (a passed test also ends an `error` status). Throws `ConnectionRefusal`
   * `company_not_found`.
   */
  async test(tenantId: string): Promise<TestOutcome> {
    const canonical = this.known(tenantId);
    if (!(await this.deps.summaries.one(canonical))) throw this.notFound();
    const at = new Date(this.deps.now());
    try {
      const { accessToken } = await this.deps.tokens.accessToken(canonical);
      await this.deps.slots.acquire(canonical, this.deps.now() + this.slotWaitMs);
      const info = await fetchCompanyInformation(this.deps.fetcher, this.deps.fortnox.endpoints.apiBaseUrl, accessToken, this.deps.now, this.httpTimeoutMs);
      await this.deps.db.query(TEST_PASSED_SQL, [canonical, info.companyName, info.organizationNumber, at]);
    } catch (error) {
      if (error instanceof CompanyNotFoundError) throw this.notFound();
      const issue: ConnectionIssue | undefined =
        error instanceof FortnoxCallError ? error.issue : error instanceof RateLimitWaitExceededError ? 'rate_limited' : undefined;
      if (issue === undefined) throw error;
      await this.deps.db.query(TEST_FAILED_SQL, [canonical, at, issue]);
      this.deps.log.warn('company test failed', { tenantId: canonical, issue });
    }
    await this.deps.changes.announce();
    const company = await this.deps.summaries.one(canonical);
    if (!company) throw this.notFound();
    return { company };
  }

  /**
   * `DELETE /v1/firm/companies/:tenantId`: the rows deleted under the company's row lock (after
   * any refresh holding it, so the refresh token read is the newest), then that refresh token
   * revoked at Fortnox. A failed revocation still removes the company (`revoked: false`: remove
   * the integration in Fortnox), as on the desktop.
   */
  async disconnect(tenantId: string): Promise<DisconnectOutcome> {
    const canonical = this.known(tenantId);
    // PGlite holds no row lock across a refresh: let one in flight in this process finish first.
    if (this.deps.db.kind === 'pglite' && this.deps.tokens.isRefreshing?.(canonical)) {
      await this.deps.tokens.accessToken(canonical).catch(() => undefined);
    }
    // Set when only COMMIT is left: a failure after that may have deleted the company, whose grant must then be revoked.
    let committing: { read: TokenRead<StoredPair>; companyName: string | null } | undefined;
    let removed: typeof committing;
    try {
      removed = await this.deps.db.transaction(async (tx) => {
        await this.lockCompany(tx, canonical);
        const read = await this.deps.rows.readPair(tx, canonical, { lock: true });
        const deleted = await tx.query<{ company_name: string | null }>('DELETE FROM companies WHERE tenant_id = $1 RETURNING company_name', [canonical]);
        const row = deleted.rows[0];
        if (!row) return undefined;
        committing = { read, companyName: row.company_name };
        return committing;
      });
    } catch (error) {
      if (!committing || !(await this.goneAfterUncertainCommit(canonical))) throw error;
      // The delete landed; only its answer was lost: what it removed is revoked below.
      this.deps.log.warn('disconnect committed although its COMMIT reported a failure', { tenantId: canonical, error: errorName(error) });
      removed = committing;
    }
    if (!removed) throw this.notFound();
    await this.deps.changes.announce();
    const { read, companyName } = removed;
    let revoked: boolean;
    let issue: ConnectionIssue | null = null;
    if (read.kind !== 'found') {
      // No pair, or one that cannot be decrypted: nothing Fortnox could be told about.
      revoked = false;
      issue = read.kind === 'undecryptable' ? 'undecryptable' : null;
    } else if (read.pair.refreshToken === null) {
      // Access-only: access tokens cannot be revoked (fortnox.md section 4); it ends within the hour.
      revoked = true;
    } else {
      ({ revoked, issue } = await revokeRefreshToken({ client: this.client, limiter: this.limiter, log: this.deps.log }, () => this.tokenConfig(), read.pair.refreshToken, canonical));
    }
    if (revoked) this.deps.log.info('company disconnected', { tenantId: canonical, revoked });
    else this.deps.log.warn('company disconnected; Fortnox was not told', { tenantId: canonical, issue });
    return { revoked, companyName };
  }

  /**
   * After a COMMIT that failed in a way that may have committed (the connection lost while it was
   * on the wire): whether the new pair (known by its access token) is the stored one, provably not,
   * or unknown (the row could not be read: the database is still away, or this replica cannot open it).
   */
  private async storedAfterUncertainCommit(tenantId: string, accessToken: string): Promise<'stored' | 'absent' | 'unknown'> {
    try {
      const read = await this.deps.rows.readAccess(this.deps.db, tenantId);
      if (read.kind === 'found') return read.pair.accessToken === accessToken ? 'stored' : 'absent';
      return read.kind === 'missing' ? 'absent' : 'unknown';
    } catch (readError) {
      this.deps.log.warn('could not read a connection again after its COMMIT failed', { tenantId, error: errorName(readError) });
      return 'unknown';
    }
  }

  /** After a disconnect's COMMIT failed: whether the company is provably gone (false when present or unknown). */
  private async goneAfterUncertainCommit(tenantId: string): Promise<boolean> {
    try {
      return (await this.deps.db.query('SELECT 1 FROM companies WHERE tenant_id = $1', [tenantId])).rowCount === 0;
    } catch (readError) {
      this.deps.log.warn('could not read a company again after its disconnect failed', { tenantId, error: errorName(readError) });
      return false;
    }
  }

  /** Resolves when every background revocation started so far has finished (shutdown, tests). */
  revocationsSettled(): Promise<void> {
    return this.revocations.settled();
  }

  private tokenConfig(): TokenClientConfig {
    return this.deps.fortnox.tokenClient();
  }

  private async lockCompany(tx: Queryable, tenantId: string): Promise<void> {
    await tx.query(LOCK_TIMEOUT_SQL, [`${this.lockTimeoutMs}ms`]);
    await tx.query(COMPANY_LOCK_SQL, [tenantId]);
  }

  /** The canonical id of a tenant id the route let through; anything else names no company. */
  private known(tenantId: string): string {
    const canonical = isTenantIdText(tenantId) ? normalizeTenantId(tenantId) : undefined;
    if (canonical === undefined || canonical !== tenantId) throw this.notFound();
    return canonical;
  }

  private notFound(): ConnectionRefusal {
    return new ConnectionRefusal('company_not_found', 'No connected company has this database number.');
  }
}

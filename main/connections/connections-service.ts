import type { CompaniesChanged, CompanySummary, StorageState, TestResult } from '../../shared/ipc-contract';
import { COMPANY_INFORMATION_SCOPE } from '../../shared/scope-names';
import type { AuthorizationGrant, Timers } from '../connect/connect-flow';
import { readAccessTokenClaims } from '../fortnox/access-token-claims';
import { fetchCompanyInformation, type CompanyInformation } from '../fortnox/company-information';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { HttpFetch } from '../fortnox/fortnox-http';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import { revokeUrlFor, type TokenClient, type TokenClientConfig } from '../fortnox/token-client';
import type { Logger } from '../logging/logger';
import type { VersionedJsonFile } from '../storage/versioned-json-file';
import { emptyCompaniesDocument, type CompaniesDocument, type CompanyRecord } from './company-records';
import { planBackgroundRefresh, type RefreshPlanOptions } from './refresh-planner';
import { REFRESH_TOKEN_LIFETIME_MS, TokenKeeper, type RetryPolicy, type StoredTokens, type TokenStore } from './token-keeper';

/** What a successful authorization turned into. */
export interface ConnectedCompany {
  tenantId: string;
  companyName: string | null;
  reconnected: boolean;
  scopesNotGranted: string[];
  scopesNotRequested: string[];
}

/** Collaborators of the connections service. */
export interface ConnectionsDeps {
  file: VersionedJsonFile<CompaniesDocument>;
  tokens: TokenStore & { remove(tenantId: string): Promise<void> };
  client: TokenClient;
  fetcher: HttpFetch;
  apiBaseUrl: () => string;
  /** Client id and secret for token calls; throws FortnoxCallError('client_secret_missing') without a secret. */
  clientCredentials: () => Pick<TokenClientConfig, 'clientId' | 'clientSecret'>;
  tokenUrl: () => string;
  limiter: SlidingWindowLimiter;
  now: () => number;
  timers: Timers;
  log: Logger;
  publish: (change: CompaniesChanged) => void;
  retry?: RetryPolicy;
  plan?: RefreshPlanOptions;
  /** Timeout per HTTP call, for tests; the default is 20 s. */
  httpTimeoutMs?: number;
}

/** Attempts at a rate-limited code exchange (2 s, then 4 s apart: well inside the code's 10 minutes). */
const EXCHANGE_ATTEMPTS = 3;

/** How often the background planner looks again. */
const PLAN_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The connected companies: turns verified authorizations into stored connections, keeps them
 * refreshed, tests, reconnects and disconnects them, and tells the renderer what changed. Tokens
 * go only to the encrypted token store; the renderer gets summaries without any secret.
 */
export class ConnectionsService {
  private readonly records = new Map<string, CompanyRecord>();
  private storageProblems: StorageState['problems'] = [];
  readonly keeper: TokenKeeper;
  private backgroundTimers: unknown[] = [];
  private stopped = false;

  constructor(private readonly deps: ConnectionsDeps) {
    this.keeper = new TokenKeeper({
      store: deps.tokens,
      client: deps.client,
      clientConfig: () => this.tokenConfig(),
      limiter: deps.limiter,
      now: deps.now,
      timers: deps.timers,
      log: deps.log,
      ...(deps.retry ? { retry: deps.retry } : {}),
      listener: {
        refreshing: (tenantId) => this.publishRecord(tenantId),
        refreshed: (tenantId, tokens) =>
          void this.update(tenantId, (record) => ({
            ...record,
            lastRefreshedAt: tokens.refreshTokenIssuedAt,
            accessTokenExpiresAt: tokens.accessTokenExpiresAt,
            refreshTokenIssuedAt: tokens.refreshTokenIssuedAt,
            grantedScopes: tokens.scopes.length > 0 ? tokens.scopes.slice(0, 64) : record.grantedScopes,
            status: 'active',
            statusIssue: null,
            statusDetail: null,
          })),
        failed: (tenantId, error, needsReconnect) =>
          void this.update(tenantId, (record) => ({
            ...record,
            status: needsReconnect ? 'needs_reconnect' : 'error',
            statusIssue: error.issue,
            statusDetail: error.details.description ?? null,
          })),
      },
    });
  }

  /** Loads the stored companies; a corrupt file is kept aside and reported, and the app goes on. */
  async init(): Promise<void> {
    const loaded = await this.deps.file.load();
    for (const record of loaded.value.companies) this.records.set(record.tenantId, record);
    if (loaded.problem) {
      this.storageProblems = [
        {
          file: 'companies',
          kind: loaded.problem.kind,
          backupName: loaded.problem.backupPath ? loaded.problem.backupPath.split(/[\\/]/).pop() ?? null : null,
        },
      ];
    }
  }

  /** Marks companies whose stored tokens cannot be decrypted on this computer as needing a new sign-in. */
  async markUndecryptable(tenantIds: readonly string[]): Promise<void> {
    for (const tenantId of tenantIds) {
      await this.update(tenantId, (record) => ({
        ...record,
        status: 'needs_reconnect',
        statusIssue: 'undecryptable',
        statusDetail: null,
      }));
    }
  }

  /** Problems found when the files were loaded. */
  problems(): StorageState['problems'] {
    return this.storageProblems;
  }

  /** Every company, for the renderer. */
  list(): CompanySummary[] {
    return [...this.records.values()].map((record) => this.summary(record));
  }

  /** A stored company, or undefined. */
  record(tenantId: string): CompanyRecord | undefined {
    return this.records.get(tenantId);
  }

  /**
   * Exchanges a verified code for tokens, identifies the company and stores the connection. The
   * tokens are written durably before the company is listed. A company that is already connected
   * (same tenant) is updated in place.
   */
  async authorize(grant: AuthorizationGrant): Promise<ConnectedCompany> {
    const credentials = this.deps.clientCredentials();
    const config: TokenClientConfig = { ...credentials, tokenUrl: grant.tokenUrl, revokeUrl: revokeUrlFor(grant.tokenUrl) };
    const issuedAt = this.deps.now();
    const set = await this.exchangeWithRateLimitRetry(config, grant);
    const claims = readAccessTokenClaims(set.accessToken);
    const granted = set.scopes.length > 0 ? set.scopes : (claims?.scopes ?? []);
    let info: CompanyInformation | undefined;
    if (granted.includes(COMPANY_INFORMATION_SCOPE)) {
      const tenantKey = claims?.tenantId ?? 'unknown';
      await this.deps.limiter.acquire(tenantKey);
      try {
        info = await fetchCompanyInformation(this.deps.fetcher, this.deps.apiBaseUrl(), set.accessToken, this.deps.now, this.deps.httpTimeoutMs);
      } catch (error) {
        // The connection itself is valid; the name is filled in by the next successful test.
        if (!(error instanceof FortnoxCallError)) throw error;
        this.deps.log.warn('company information unavailable after connect', { issue: error.issue });
      }
    }
    const tenantId = claims?.tenantId ?? info?.tenantId ?? undefined;
    if (!tenantId) throw new FortnoxCallError('unknown_company');
    const stored: StoredTokens = {
      accessToken: set.accessToken,
      refreshToken: set.refreshToken,
      accessTokenExpiresAt: set.accessTokenExpiresAt,
      refreshTokenIssuedAt: issuedAt,
      scopes: granted,
    };
    // Written in the company's exclusive section: a refresh of the old grant that started first
    // finishes before this write, and one asked for later runs after it and reads the new pair, so
    // the old grant's tokens can never overwrite these.
    await this.keeper.exclusive(tenantId, () => this.deps.tokens.write(tenantId, stored));
    const previous = this.records.get(tenantId);
    const record: CompanyRecord = {
      tenantId,
      companyName: info?.companyName ?? previous?.companyName ?? null,
      organizationNumber: info?.organizationNumber ?? previous?.organizationNumber ?? null,
      accountType: grant.serviceAccount ? 'service' : 'user',
      requestedScopes: grant.scopes,
      grantedScopes: granted.slice(0, 64),
      offlineAccess: grant.offlineAccess,
      connectedAt: issuedAt,
      lastRefreshedAt: null,
      accessTokenExpiresAt: set.accessTokenExpiresAt,
      refreshTokenIssuedAt: issuedAt,
      status: 'active',
      statusIssue: null,
      statusDetail: null,
      lastTest: info ? { at: issuedAt, ok: true, issue: null, companyName: info.companyName } : null,
    };
    this.records.set(tenantId, record);
    await this.save();
    this.deps.publish({ upserted: [this.summary(record)], removed: [] });
    this.deps.log.info('company connected', { tenantId, reconnected: previous !== undefined });
    return {
      tenantId,
      companyName: record.companyName,
      reconnected: previous !== undefined,
      scopesNotGranted: grant.scopes.filter((scope) => !granted.includes(scope)),
      scopesNotRequested: granted.filter((scope) => !(grant.scopes as string[]).includes(scope)),
    };
  }

  /**
   * Exchanges the code, waiting and trying again when Fortnox answers 429: a rate-limited request
   * was not processed, so the single-use code is still valid (for 10 minutes). Other failures are
   * not retried: a request that may have reached Fortnox could have used the code up.
   */
  private async exchangeWithRateLimitRetry(config: TokenClientConfig, grant: AuthorizationGrant) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.client.exchangeCode(config, grant.code, grant.redirectUri);
      } catch (error) {
        if (!(error instanceof FortnoxCallError) || error.issue !== 'rate_limited' || attempt >= EXCHANGE_ATTEMPTS) throw error;
        const delay = Math.max(error.details.retryAfterMs ?? 0, 2_000 * attempt);
        this.deps.log.warn('code exchange rate-limited; trying again', { attempt, delayMs: delay });
        await new Promise<void>((resolve) => this.deps.timers.set(resolve, delay));
      }
    }
  }

  /** Calls company information with a fresh token and records the result. */
  async test(tenantId: string): Promise<TestResult> {
    const at = this.deps.now();
    if (!this.records.has(tenantId)) return { ok: false, issue: 'unknown_company', detail: null, at };
    try {
      const token = await this.keeper.accessToken(tenantId);
      await this.deps.limiter.acquire(tenantId);
      const info = await fetchCompanyInformation(this.deps.fetcher, this.deps.apiBaseUrl(), token, this.deps.now, this.deps.httpTimeoutMs);
      await this.update(tenantId, (record) => ({
        ...record,
        companyName: info.companyName ?? record.companyName,
        organizationNumber: info.organizationNumber ?? record.organizationNumber,
        status: 'active',
        statusIssue: null,
        statusDetail: null,
        lastTest: { at, ok: true, issue: null, companyName: info.companyName },
      }));
      return { ok: true, companyName: info.companyName, at };
    } catch (error) {
      const failure = error instanceof FortnoxCallError ? error : new FortnoxCallError('network');
      await this.update(tenantId, (record) => ({
        ...record,
        lastTest: { at, ok: false, issue: failure.issue, companyName: null },
      }));
      return { ok: false, issue: failure.issue, detail: failure.details.description ?? null, at };
    }
  }

  /**
   * Revokes the refresh token at Fortnox, then deletes the local data. If revoking fails the local
   * data is deleted anyway and `revoked: false` tells the user to remove the integration in Fortnox.
   */
  async disconnect(tenantId: string): Promise<{ removed: boolean; revoked: boolean; issue: FortnoxCallError['issue'] | null }> {
    if (!this.records.has(tenantId)) return { removed: false, revoked: false, issue: 'unknown_company' };
    // After any refresh in flight, and with none allowed to start, revoke the newest refresh token.
    const { revoked, issue } = await this.keeper.close(tenantId, async () => {
      let outcome: { revoked: boolean; issue: FortnoxCallError['issue'] | null };
      try {
        const tokens = await this.deps.tokens.read(tenantId);
        if (!tokens) throw new FortnoxCallError('undecryptable');
        const config = this.tokenConfig();
        await this.deps.limiter.acquire(tenantId);
        await this.deps.client.revoke(config, tokens.refreshToken);
        outcome = { revoked: true, issue: null };
      } catch (error) {
        outcome = { revoked: false, issue: error instanceof FortnoxCallError ? error.issue : 'network' };
        this.deps.log.warn('revocation failed; removing locally anyway', { tenantId, issue: outcome.issue });
      }
      await this.deps.tokens.remove(tenantId);
      return outcome;
    });
    this.records.delete(tenantId);
    await this.save();
    this.deps.publish({ upserted: [], removed: [tenantId] });
    this.deps.log.info('company disconnected', { tenantId, revoked });
    return { removed: true, revoked, issue };
  }

  /** The company's details as plain text for the clipboard (no secrets). */
  detailsText(tenantId: string): string | undefined {
    const record = this.records.get(tenantId);
    if (!record) return undefined;
    return [
      `Företag / Company: ${record.companyName ?? '–'}`,
      `Organisationsnummer / Organisation number: ${record.organizationNumber ?? '–'}`,
      `Tenant id (DatabaseNumber): ${record.tenantId}`,
      `Konto / Account: ${record.accountType === 'service' ? 'Servicekonto / Service account' : 'Användare / User'}`,
      `Behörigheter / Scopes: ${record.grantedScopes.join(' ')}`,
      `Ansluten / Connected: ${new Date(record.connectedAt).toISOString()}`,
    ].join('\n');
  }

  /** Starts the background refresh: plans now and then every hour; returns a stop function. */
  startBackgroundRefresh(): () => void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      for (const handle of this.backgroundTimers) this.deps.timers.clear(handle);
      this.backgroundTimers = [];
      const now = this.deps.now();
      const plan = planBackgroundRefresh(
        [...this.records.values()].map((record) => ({
          tenantId: record.tenantId,
          refreshTokenIssuedAt: record.refreshTokenIssuedAt ?? record.connectedAt,
          needsReconnect: record.status === 'needs_reconnect',
        })),
        now,
        this.deps.plan,
      );
      for (const entry of plan) {
        if (entry.at > now + PLAN_INTERVAL_MS) break;
        this.backgroundTimers.push(
          this.deps.timers.set(() => {
            if (!this.stopped) this.keeper.refresh(entry.tenantId).catch(() => undefined);
          }, entry.at - now),
        );
      }
      this.markExpired(now);
      this.backgroundTimers.push(this.deps.timers.set(tick, PLAN_INTERVAL_MS));
    };
    tick();
    return () => {
      this.stopped = true;
      for (const handle of this.backgroundTimers) this.deps.timers.clear(handle);
      this.backgroundTimers = [];
    };
  }

  private markExpired(now: number): void {
    for (const record of this.records.values()) {
      const issued = record.refreshTokenIssuedAt ?? record.connectedAt;
      if (record.status !== 'needs_reconnect' && now - issued >= REFRESH_TOKEN_LIFETIME_MS) {
        void this.update(record.tenantId, (current) => ({
          ...current,
          status: 'needs_reconnect',
          statusIssue: 'refresh_token_expired',
          statusDetail: null,
        }));
      }
    }
  }

  private tokenConfig(): TokenClientConfig {
    const credentials = this.deps.clientCredentials();
    const tokenUrl = this.deps.tokenUrl();
    return { ...credentials, tokenUrl, revokeUrl: revokeUrlFor(tokenUrl) };
  }

  private summary(record: CompanyRecord): CompanySummary {
    const { refreshTokenIssuedAt, ...rest } = record;
    return {
      ...rest,
      refreshTokenExpiresAt: refreshTokenIssuedAt === null ? null : refreshTokenIssuedAt + REFRESH_TOKEN_LIFETIME_MS,
      status: this.keeper.isRefreshing(record.tenantId) ? 'refreshing' : record.status,
    };
  }

  private publishRecord(tenantId: string): void {
    const record = this.records.get(tenantId);
    if (record) this.deps.publish({ upserted: [this.summary(record)], removed: [] });
  }

  private async update(tenantId: string, change: (record: CompanyRecord) => CompanyRecord): Promise<void> {
    const record = this.records.get(tenantId);
    if (!record) return;
    this.records.set(tenantId, change(record));
    try {
      await this.save();
    } catch (error) {
      this.deps.log.error('could not save companies', { error: String((error as Error).name) });
    }
    this.publishRecord(tenantId);
  }

  private save(): Promise<void> {
    const doc = emptyCompaniesDocument();
    doc.companies = [...this.records.values()];
    return this.deps.file.save(doc);
  }
}

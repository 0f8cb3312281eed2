import { MAX_ATTENTION_ROWS, type AttentionRow, type RestoreResult } from '../../shared/attention-rows';
import { COMPANY_NAME_MAX, companySummarySchema, MAX_EPOCH_MS, MAX_LISTED_COMPANIES, UNTRUSTED_TEXT_MAX } from '../../shared/company-record';
import type { CompaniesChanged, CompanySummary, StorageState, TestResult } from '../../shared/ipc-contract';
import { cleanText } from '../../shared/untrusted-text';
import type { ReturnedCompany } from '../batch/returned-company';
import type { AuthorizationGrant, Timers } from '../connect/connect-flow';
import { fetchCompanyInformation } from '../fortnox/company-information';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { HttpFetch } from '../fortnox/fortnox-http';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import { revokeUrlFor, type TokenClient, type TokenClientConfig } from '../fortnox/token-client';
import { settleWithin } from '../lifecycle/settle-within';
import type { Logger } from '../logging/logger';
import type { VersionedJsonFile } from '../storage/versioned-json-file';
import { normalizeTenantId } from '../../shared/tenant-id';
import { fortnoxText } from '../fortnox/untrusted-fields';
import type { KnownSecrets } from '../logging/known-secrets';
import { AttentionRegister, type TokenEntry } from './attention-register';
import { identifyGrant } from './identify-grant';
import { companyDetailsText } from './company-details-text';
import type { Language } from '../../shared/ui-language';
import { canonicalTenantId as canonical, loadStoredCompanies } from './stored-companies-loader';
import { emptyCompaniesDocument, type CompaniesDocument, type CompanyRecord } from './company-records';
import { HeldGrants, type IdentifiedGrant, type WrongCompany } from './held-grants';
import { identifyStoredTokens, listRestoredConnection } from './restore-connection';
import type { RefreshPlanOptions } from './refresh-planner';
import { AccessOnlyExpiry, endedConnections } from './access-only-expiry';
import { runBackgroundRefresh, type BackgroundRefresh } from './background-refresh';
import { BackgroundRevocations, revokeRefreshToken, type RevocationOutcome } from './revocations';
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
  /** `entries` lists the vault's token entries, so tokens without a company are never left unseen. */
  tokens: TokenStore & { remove(tenantId: string): Promise<void>; entries?(): TokenEntry[] };
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
  /** How long a sign-in to the wrong company is held for "add it instead"; 5 minutes by default. */
  heldGrantTimeoutMs?: number;
  /** Secrets masked out of Fortnox's texts before they are stored or shown. */
  secrets?: KnownSecrets;
  /**
   * True while this computer's connections are not in use (firm mode, issue 10 item 5): the
   * background refresh leaves them alone. Absent: always in use.
   */
  dormant?: () => boolean;
}

/** The company list for the renderer: at most MAX_LISTED_COMPANIES, plus the attention rows. */
export interface CompanyListing {
  companies: CompanySummary[];
  attention: AttentionRow[];
  /** Companies and rows left out beyond the limits. */
  omitted: number;
}

/** What a disconnect did. */
export interface DisconnectOutcome {
  removed: boolean;
  revoked: boolean;
  issue: FortnoxCallError['issue'] | null;
}

/** A reconnect signed in to another company than its target; nothing was stored. */
export class WrongCompanyError extends Error {
  constructor(readonly wrong: WrongCompany) {
    super('Reconnect reached another company');
    this.name = 'WrongCompanyError';
  }
}

/** A batch sign-in reached a company that is not on the batch's list; its grant is held, nothing stored. */
export class UnexpectedCompanyError extends Error {
  constructor(readonly company: ReturnedCompany) {
    super('Batch sign-in reached a company not on the list');
    this.name = 'UnexpectedCompanyError';
  }
}

/** An error's name for the log (never its message, which may carry untrusted text). */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** The whole time the connections may take when the app quits (last writes and revocations). */
export const CONNECTIONS_SHUTDOWN_MS = 2_000;

/**
 * The connected companies: turns verified authorizations into stored connections, keeps them
 * refreshed, tests, reconnects and disconnects them, and tells the renderer what changed. Tokens
 * go only to the encrypted token store; the renderer gets summaries without any secret.
 */
export class ConnectionsService {
  private readonly records = new Map<string, CompanyRecord>();
  /** Damaged records and unknown connections (issue 7, findings 3 and 7). */
  private readonly attention = new AttentionRegister();
  private storageProblems: StorageState['problems'] = [];
  readonly keeper: TokenKeeper;
  /** The background refresh, while it runs. */
  private background: BackgroundRefresh | undefined;
  /** Reconnects that reached another company, waiting for the user (never written). */
  private readonly held: HeldGrants;
  private heldListener: ((flowId: string) => void) | undefined;
  /** Set when `shutdown` starts: from then on no grant is held (nothing would ever let it go). */
  private shuttingDown = false;
  /** Revocations running in the background (replaced, refused or let-go grants). */
  private readonly revocations: BackgroundRevocations;
  /** Marks each access-only company ended when its access token ends. */
  private readonly accessOnly: AccessOnlyExpiry;

  constructor(private readonly deps: ConnectionsDeps) {
    this.revocations = new BackgroundRevocations(deps);
    this.accessOnly = new AccessOnlyExpiry(deps, () => this.markExpired(this.deps.now()));
    this.held = new HeldGrants(deps.timers, (identified) => this.release(identified), deps.heldGrantTimeoutMs);
    this.keeper = new TokenKeeper({
      store: deps.tokens,
      client: deps.client,
      clientConfig: () => this.tokenConfig(),
      limiter: deps.limiter,
      now: deps.now,
      timers: deps.timers,
      log: deps.log,
      ...(deps.retry ? { retry: deps.retry } : {}),
      accountType: (tenantId) => this.records.get(tenantId)?.accountType,
      listener: {
        refreshing: (tenantId) => this.publishRecord(tenantId),
        refreshed: (tenantId, tokens, keptAliveBy) =>
          void this.update(tenantId, (record) => ({
            ...record,
            ...(keptAliveBy ? { keptAliveBy } : {}),
            lastRefreshedAt: keptAliveBy === 'client_credentials' ? this.deps.now() : tokens.refreshTokenIssuedAt,
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
            statusDetail: this.fortnoxDetail(error),
          })),
      },
    });
  }

  /** Loads the stored companies; a corrupt file is kept aside and reported, and the app goes on. */
  async init(): Promise<void> {
    const loaded = await loadStoredCompanies(this.deps, this.records, this.attention);
    if (loaded.renamed) await this.save();
    this.storageProblems = loaded.problems;
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

  /** One company as `list()` has it, without building every other one's summary (the local API asks on each request). */
  company(tenantId: string): CompanySummary | undefined {
    const record = this.records.get(tenantId);
    return record ? this.summary(record) : undefined;
  }

  /** A connected company's name (null: none known), undefined when it is not connected: the local API asks on each request, without building a summary. */
  companyName(tenantId: string): string | null | undefined {
    return this.records.get(tenantId)?.companyName;
  }

  /**
   * The list the renderer gets. Every summary is checked against the contract on its own, so one
   * that does not fit becomes a damaged row instead of failing the whole answer; beyond
   * MAX_LISTED_COMPANIES the companies that need attention are kept first and the rest counted.
   */
  listing(): CompanyListing {
    const companies: CompanySummary[] = [];
    for (const record of [...this.records.values()]) {
      const summary = this.summary(record);
      if (companySummarySchema.safeParse(summary).success) companies.push(summary);
      else this.quarantine(record);
    }
    const urgent = (company: CompanySummary) => (company.status === 'active' || company.status === 'refreshing' ? 1 : 0);
    const ordered = companies.length > MAX_LISTED_COMPANIES ? [...companies].sort((a, b) => urgent(a) - urgent(b)) : companies;
    const rows = this.attentionRows();
    const listed = ordered.slice(0, MAX_LISTED_COMPANIES);
    const attention = rows.slice(0, MAX_ATTENTION_ROWS);
    return { companies: listed, attention, omitted: ordered.length - listed.length + rows.length - attention.length };
  }

  /** Damaged records and unknown connections, as rows. */
  attentionRows(): AttentionRow[] {
    const withTokens = new Set(this.deps.tokens.entries?.().map((entry) => entry.tenantId));
    return this.attention.rows((tenantId) => !this.records.has(tenantId) && withTokens.has(tenantId));
  }

  /**
   * Disconnects a damaged record or an unknown connection: its tokens, when the vault has them,
   * are revoked at Fortnox and removed; the row and the stored record go.
   */
  async disconnectAttention(id: string): Promise<DisconnectOutcome> {
    const damaged = this.attention.damagedRecord(id);
    const unknown = this.attention.unknownEntry(id);
    if (!damaged && !unknown) return { removed: false, revoked: false, issue: 'unknown_company' };
    const tenantId = unknown?.tenantId ?? damaged?.tenantId ?? null;
    const ownsTokens = tenantId !== null && !this.records.has(tenantId) && this.hasTokens(tenantId);
    const outcome = ownsTokens ? await this.revokeAndForget(tenantId) : { revoked: false, issue: null };
    this.attention.remove(id);
    if (damaged) await this.save();
    this.publishAttention();
    this.deps.log.info('attention row disconnected', { kind: damaged ? 'damaged' : 'unknown', revoked: outcome.revoked });
    return { removed: true, ...outcome };
  }

  /**
   * Identifies an unknown connection's company with its own tokens and lists it as a normal
   * company, under its canonical tenant id (tokens filed as "0012345" move to "12345").
   */
  async restore(tenantId: string): Promise<RestoreResult> {
    const id = `unknown-${tenantId}`;
    const entry = this.attention.unknownEntry(id);
    if (!entry) return { ok: false, reason: 'not_found', issue: null };
    if (!entry.readable) return { ok: false, reason: 'fortnox', issue: 'undecryptable' };
    const identified = await identifyStoredTokens(tenantId, {
      keeper: this.keeper,
      fetcher: this.deps.fetcher,
      apiBaseUrl: this.deps.apiBaseUrl,
      limiter: this.deps.limiter,
      now: this.deps.now,
      ...(this.deps.httpTimeoutMs !== undefined ? { httpTimeoutMs: this.deps.httpTimeoutMs } : {}),
    });
    if (!identified.ok) {
      this.deps.log.warn('unknown connection could not be restored', { tenantId, reason: identified.reason, issue: identified.issue });
      return identified;
    }
    // The last read and the listing run in the company's exclusive section, after a disconnect of
    // the same row that started first (which removed the row and the tokens by then): a company
    // is never listed without tokens.
    const result = await this.keeper.exclusive(tenantId, () =>
      listRestoredConnection(
        {
          attention: this.attention,
          records: this.records,
          tokens: this.deps.tokens,
          now: this.deps.now,
          log: this.deps.log,
          save: () => this.save(),
          published: (record) => this.deps.publish({ upserted: [this.summary(record)], removed: [], attention: this.attentionRows() }),
          attentionChanged: () => this.publishAttention(),
        },
        id,
        tenantId,
        identified.identity,
      ),
    );
    if (result.ok) this.deps.log.info('unknown connection restored', { tenantId: result.tenantId });
    return result;
  }

  /** A stored company, or undefined. */
  record(tenantId: string): CompanyRecord | undefined {
    return this.records.get(canonical(tenantId));
  }

  /**
   * Exchanges a verified code for tokens, identifies the company and stores the connection. The
   * tokens are written durably before the company is listed. A company that is already connected
   * (same tenant) is updated in place, and the refresh token it replaced is revoked afterwards.
   * A reconnect that reached another company than its target stores nothing: the new grant is held
   * in memory (see `keepHeld` / `discardHeld`) and a `WrongCompanyError` names both companies.
   */
  async authorize(grant: AuthorizationGrant): Promise<ConnectedCompany> {
    const identified = await this.identify(grant);
    const target = grant.reconnectTenantId === undefined ? undefined : normalizeTenantId(grant.reconnectTenantId);
    if (grant.reconnectTenantId !== undefined && identified.tenantId !== target) {
      const expectedId = target ?? grant.reconnectTenantId;
      const wrong: WrongCompany = {
        expected: { tenantId: expectedId, companyName: this.records.get(expectedId)?.companyName ?? null },
        actual: { tenantId: identified.tenantId, companyName: identified.info?.companyName ?? null },
        alreadyConnected: this.records.get(identified.tenantId) !== undefined,
      };
      if (this.holdUnlessQuitting(identified)) {
        this.deps.log.warn('reconnect reached another company; holding its grant until the user decides', {
          flowId: grant.flowId,
          expected: wrong.expected.tenantId,
          actual: wrong.actual.tenantId,
        });
      }
      throw new WrongCompanyError(wrong);
    }
    return this.store(identified);
  }

  /**
   * Batch connect: exchanges the code and identifies the company, then asks `accept` whether it
   * belongs to the batch. Accepted, it is stored (a company already connected is updated in place,
   * like a reconnect); refused, nothing is stored: the grant is held like a reconnect's wrong
   * company (`keepHeld` / `discardHeld`, let go and revoked by itself after the held-grant timeout)
   * and an `UnexpectedCompanyError` names the company.
   */
  async authorizeIf(grant: AuthorizationGrant, accept: (company: ReturnedCompany) => boolean): Promise<ConnectedCompany> {
    const identified = await this.identify(grant);
    const company: ReturnedCompany = {
      tenantId: identified.tenantId,
      companyName: identified.info?.companyName ?? this.records.get(identified.tenantId)?.companyName ?? null,
      organizationNumber: identified.info?.organizationNumber ?? this.records.get(identified.tenantId)?.organizationNumber ?? null,
      alreadyConnected: this.records.has(identified.tenantId),
    };
    if (accept(company)) return this.store(identified);
    if (this.holdUnlessQuitting(identified)) {
      this.deps.log.warn('batch sign-in reached a company not on the list; holding its grant until the user decides', {
        flowId: grant.flowId,
        tenantId: identified.tenantId,
      });
    }
    throw new UnexpectedCompanyError(company);
  }

  /**
   * Stores the grant held for a reconnect that reached another company, as that company ("add it
   * instead"). Undefined when nothing is held for the flow any more (timed out or let go).
   */
  async keepHeld(flowId: string): Promise<ConnectedCompany | undefined> {
    const identified = this.held.take(flowId);
    if (!identified) return undefined;
    try {
      // store() revokes the new grant itself when it never reached the vault; once it has, the
      // company is listed with it, so revoking it here would leave a listed company with a dead grant.
      return await this.store(identified);
    } catch (error) {
      this.heldListener?.(flowId);
      throw error;
    }
  }

  /**
   * Lets go of held grants (declined, a new sign-in started, the app quits) and revokes them at
   * Fortnox. With a flow id only that flow's; without, every one. Returns how many were let go.
   */
  discardHeld(flowId?: string): number {
    const released = flowId === undefined ? this.held.takeAll() : [this.held.take(flowId)].flatMap((entry) => entry ?? []);
    for (const identified of released) this.release(identified);
    return released.length;
  }

  /**
   * Lets go of (revokes) every held grant except those of the flows in `keep`: a single sign-in
   * that starts takes the previous one's "add it instead" offer away, but never the question a
   * running batch is still asking.
   */
  discardHeldExcept(keep: readonly string[]): number {
    const released = this.held.takeAll(new Set(keep));
    for (const identified of released) this.release(identified);
    return released.length;
  }

  /** Called with the flow id whenever a held grant is let go without being kept. */
  onHeldReleased(listener: (flowId: string) => void): void {
    this.heldListener = listener;
  }

  /**
   * Before the app quits: lets go of (revokes) held grants, tries a last write of refreshed pairs
   * that are still only in memory, and waits for revocations under way, all of it within one
   * budget (`CONNECTIONS_SHUTDOWN_MS`): a slow disk or a Fortnox that never answers cannot keep a
   * windowless app (holding the single-instance lock) alive.
   */
  async shutdown(budgetMs = CONNECTIONS_SHUTDOWN_MS): Promise<void> {
    this.shuttingDown = true;
    this.discardHeld();
    const outcome = await settleWithin(
      (async () => {
        await this.keeper.flush();
        await this.revocationsSettled();
      })(),
      budgetMs,
      this.deps.timers,
    );
    if (outcome.status === 'timed-out') this.deps.log.warn('connections shutdown ran out of time; quitting anyway', { budgetMs });
    if (outcome.status === 'rejected') this.deps.log.error('connections shutdown failed', { error: errorName(outcome.error) });
  }

  /** Resolves when every background revocation started so far has finished (for quit and tests). */
  async revocationsSettled(): Promise<void> {
    await this.revocations.settled();
  }

  /**
   * Holds a grant for the user's decision and returns true, unless the app is quitting: a code
   * exchange that ends after `shutdown` began (quit during a sign-in) would otherwise hold a grant
   * that nothing lets go, alive at Fortnox for up to 45 days. Such a late grant is revoked at once
   * instead, in the background like every let-go grant: best effort, bounded by the HTTP time-out,
   * and waited for by `shutdown` while its budget lasts.
   */
  private holdUnlessQuitting(identified: IdentifiedGrant): boolean {
    if (!this.shuttingDown) {
      this.held.hold(identified);
      return true;
    }
    this.deps.log.warn('a grant arrived while the app quits; revoking it instead of holding it', {
      flowId: identified.grant.flowId,
      tenantId: identified.tenantId,
    });
    this.release(identified);
    return false;
  }

  private release(identified: IdentifiedGrant): void {
    this.deps.log.info('held grant let go; revoking it', { flowId: identified.grant.flowId, tenantId: identified.tenantId });
    this.revocations.start(() => this.grantTokenConfig(identified.grant), identified.set.refreshToken, identified.tenantId);
    this.heldListener?.(identified.grant.flowId);
  }

  /** Exchanges the code and tells which company the tokens belong to; stores nothing (identify-grant.ts). */
  private identify(grant: AuthorizationGrant): Promise<IdentifiedGrant> {
    return identifyGrant(
      { ...this.deps, revokeLater: (config, refreshToken, tenantKey) => this.revocations.start(config, refreshToken, tenantKey) },
      this.grantTokenConfig(grant),
      grant,
    );
  }

  /** Stores an identified grant as its company's connection (new, or updated in place). */
  private async store(identified: IdentifiedGrant): Promise<ConnectedCompany> {
    const { grant, tenantId, set, info, granted, issuedAt } = identified;
    const accessOnly = set.refreshToken === null;
    const stored: StoredTokens = {
      accessToken: set.accessToken,
      refreshToken: set.refreshToken,
      accessTokenExpiresAt: set.accessTokenExpiresAt,
      refreshTokenIssuedAt: issuedAt,
      scopes: granted,
    };
    // Stage 1, the tokens: written in the company's exclusive section, so a refresh of the old
    // grant that started first finishes before this write, and one asked for later runs after it
    // and reads the new pair: the old grant's tokens can never overwrite these.
    let replaced: StoredTokens | undefined;
    try {
      replaced = await this.keeper.replace(tenantId, stored);
    } catch (error) {
      // The new grant never reached the vault: nothing can use or revoke it later, so it goes now.
      this.deps.log.error('new tokens could not be stored; revoking the new grant', { tenantId, error: errorName(error) });
      this.revocations.start(() => this.grantTokenConfig(grant), set.refreshToken, tenantId);
      throw error;
    }
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
      // An access-only connection has no refresh token, so nothing of it lasts 45 days.
      refreshTokenIssuedAt: accessOnly ? null : issuedAt,
      status: accessOnly ? 'access_only' : 'active',
      statusIssue: null,
      statusDetail: null,
      lastTest: info ? { at: issuedAt, ok: true, issue: null, companyName: info.companyName } : null,
    };
    // Stage 2, the record. The vault holds the new pair now, so the company is listed with it
    // even when the save fails (the list must agree with the vault; a later save or, after a
    // restart, its unknown-connection row keeps it); the error is still reported.
    this.records.set(tenantId, record);
    const attentionChanged = this.attention.forgetTenant(tenantId);
    const published = () =>
      this.deps.publish({ upserted: [this.summary(record)], removed: [], ...(attentionChanged ? { attention: this.attentionRows() } : {}) });
    try {
      await this.save();
    } catch (error) {
      this.deps.log.error('connected company could not be saved; listed from memory', { tenantId, error: errorName(error) });
      published();
      throw error;
    }
    // The replaced grant would otherwise live on at Fortnox for up to 45 days: revoked, best
    // effort, only now that the new pair and its record are safely stored.
    if (replaced?.refreshToken && replaced.refreshToken !== stored.refreshToken) {
      this.revocations.start(() => this.tokenConfig(), replaced.refreshToken, tenantId);
    }
    published();
    this.deps.log.info('company connected', { tenantId, reconnected: previous !== undefined, accessOnly });
    if (accessOnly) this.accessOnly.schedule(record);
    return {
      tenantId,
      companyName: record.companyName,
      reconnected: previous !== undefined,
      scopesNotGranted: grant.scopes.filter((scope) => !granted.includes(scope)),
      scopesNotRequested: granted.filter((scope) => !(grant.scopes as string[]).includes(scope)),
    };
  }

  /** Token-call configuration for a grant's own token URL (the one its code was issued for). */
  private grantTokenConfig(grant: AuthorizationGrant): TokenClientConfig {
    return { ...this.deps.clientCredentials(), tokenUrl: grant.tokenUrl, revokeUrl: revokeUrlFor(grant.tokenUrl) };
  }

  /** Calls company information with a fresh token and records the result. */
  async test(rawTenantId: string): Promise<TestResult> {
    const tenantId = canonical(rawTenantId);
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
      return { ok: false, issue: failure.issue, detail: this.fortnoxDetail(failure), at };
    }
  }

  /**
   * Revokes the refresh token at Fortnox, then deletes the local data. If revoking fails the local
   * data is deleted anyway and `revoked: false` tells the user to remove the integration in Fortnox.
   */
  async disconnect(rawTenantId: string): Promise<{ removed: boolean; revoked: boolean; issue: FortnoxCallError['issue'] | null }> {
    const tenantId = canonical(rawTenantId);
    if (!this.records.has(tenantId)) return { removed: false, revoked: false, issue: 'unknown_company' };
    // After any refresh in flight, and with none allowed to start, revoke the newest refresh token.
    const { revoked, issue } = await this.revokeAndForget(tenantId);
    this.records.delete(tenantId);
    await this.save();
    this.deps.publish({ upserted: [], removed: [tenantId] });
    this.deps.log.info('company disconnected', { tenantId, revoked });
    return { removed: true, revoked, issue };
  }

  /**
   * This computer's own connections that hold tokens: every listed company, and every unknown
   * connection (tokens in the vault without a company). Firm mode's Settings shows them as left
   * over (issue 10 item 5); damaged records without tokens hold no secret and are not counted.
   */
  ownConnections(): { tenantId: string; companyName: string | null }[] {
    const listed = [...this.records.values()].map((record) => ({ tenantId: record.tenantId, companyName: record.companyName }));
    const unlisted = [...new Set(this.deps.tokens.entries?.().map((entry) => entry.tenantId) ?? [])]
      .filter((tenantId) => !this.records.has(tenantId))
      .map((tenantId) => ({ tenantId, companyName: null }));
    return [...listed, ...unlisted];
  }

  /**
   * Lets go of one of this computer's own connections while firm mode is on: its refresh token is
   * revoked at Fortnox with `credentials` (this computer's own client; firm mode refuses them to
   * every other call), then its tokens and record are deleted. When Fortnox could not be told the
   * connection is kept, unless `removeIfNotRevoked` (the user confirmed deleting it anyway).
   */
  async letGo(
    rawTenantId: string,
    credentials: () => Pick<TokenClientConfig, 'clientId' | 'clientSecret'>,
    removeIfNotRevoked: boolean,
  ): Promise<DisconnectOutcome> {
    // An unknown connection keeps the id its tokens are filed under (possibly not canonical).
    const listed = this.records.has(canonical(rawTenantId));
    const tenantId = listed ? canonical(rawTenantId) : rawTenantId;
    if (!listed && !this.hasTokens(tenantId)) return { removed: false, revoked: false, issue: 'unknown_company' };
    const config = (): TokenClientConfig => {
      const tokenUrl = this.deps.tokenUrl();
      return { ...credentials(), tokenUrl, revokeUrl: revokeUrlFor(tokenUrl) };
    };
    const outcome = await this.revokeAndForget(tenantId, config, !removeIfNotRevoked);
    if (!outcome.revoked && !removeIfNotRevoked) {
      this.deps.log.warn('own connection kept: Fortnox could not be told', { tenantId, issue: outcome.issue });
      return { removed: false, ...outcome };
    }
    if (listed) {
      this.records.delete(tenantId);
      await this.save();
      this.deps.publish({ upserted: [], removed: [tenantId] });
    } else if (this.attention.remove(`unknown-${tenantId}`)) {
      this.publishAttention();
    }
    this.deps.log.info('own connection let go', { tenantId, revoked: outcome.revoked });
    return { removed: true, ...outcome };
  }

  /** The company's details as plain text for the clipboard, in the window's language (no secrets). */
  detailsText(tenantId: string, language: Language = 'sv'): string | undefined {
    const record = this.records.get(canonical(tenantId));
    return record ? companyDetailsText(record, language) : undefined;
  }

  /** Starts the background refresh: plans now and then every hour; returns a stop function. */
  startBackgroundRefresh(): () => void {
    this.background?.stop();
    const running = runBackgroundRefresh({
      timers: this.deps.timers,
      now: this.deps.now,
      ...(this.deps.plan ? { plan: this.deps.plan } : {}),
      records: () => this.records.values(),
      // Firm mode: this computer's connections are kept, encrypted and unused; nothing refreshes them.
      refresh: (tenantId) => {
        if (this.deps.dormant?.()) return;
        void this.keeper.refresh(tenantId).catch(() => undefined);
      },
      markEnded: (now) => this.markExpired(now),
    });
    this.background = running;
    return () => {
      running.stop();
      if (this.background === running) this.background = undefined;
    };
  }

  /**
   * The computer woke from sleep (Electron's powerMonitor `resume`, or the screen was unlocked).
   * Timers count only time awake, so everything planned before the sleep would run late: the
   * refresh plan is made again from the clock as it is now (companies that fell due while asleep
   * are refreshed at once, spaced as usual), connections that ended meanwhile are marked, and the
   * access-only expiry timers are set again. Access tokens need nothing here: the keeper checks
   * each one's expiry against the clock at every use, so one that expired during the sleep is
   * refreshed before it is used, never handed out.
   */
  resumed(): void {
    this.deps.log.info('resumed after sleep: planning refreshes and expiry times again');
    this.accessOnly.rescheduleAll(this.records.values());
    // A replan marks ended connections too.
    if (this.background) this.background.replan();
    else this.markExpired(this.deps.now());
  }

  /** Marks the connections that have ended by `now` as needing a new sign-in. */
  private markExpired(now: number): void {
    for (const { tenantId, issue } of endedConnections(this.records.values(), now)) {
      void this.update(tenantId, (current) => ({ ...current, status: 'needs_reconnect', statusIssue: issue, statusDetail: null }));
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
      refreshTokenExpiresAt: refreshTokenIssuedAt === null ? null : Math.min(MAX_EPOCH_MS, refreshTokenIssuedAt + REFRESH_TOKEN_LIFETIME_MS),
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
    doc.companies = [...this.records.values(), ...this.attention.damagedRaws()];
    return this.deps.file.save(doc);
  }

  /** Fortnox's description of a failure, safe to store and show (secrets masked, cleaned, cut). */
  private fortnoxDetail(error: FortnoxCallError): string | null {
    return fortnoxText(error.details.description, UNTRUSTED_TEXT_MAX, this.deps.secrets) ?? null;
  }

  private hasTokens(tenantId: string): boolean {
    return this.deps.tokens.entries?.().some((entry) => entry.tenantId === tenantId) ?? false;
  }

  private publishAttention(): void {
    this.deps.publish({ upserted: [], removed: [], attention: this.attentionRows() });
  }

  /** Moves a record that no longer fits the contract to the damaged rows (a bug, never silent). */
  private quarantine(record: CompanyRecord): void {
    this.deps.log.error('company record does not fit the contract; listed as damaged', { tenantId: record.tenantId });
    this.records.delete(record.tenantId);
    this.attention.addDamaged({ raw: record, tenantId: record.tenantId, companyName: cleanText(record.companyName, COMPANY_NAME_MAX) ?? null, fields: ['record'] });
  }

  /**
   * Revokes the tenant's newest refresh token at Fortnox (after any refresh in flight, with none
   * allowed to start) and removes its tokens, whether or not Fortnox could be told. Used by
   * disconnect, and for damaged records and unknown connections. `keepUnlessRevoked`: a failed
   * revocation removes nothing (firm mode's letting go asks the user first).
   */
  private revokeAndForget(tenantId: string, config: () => TokenClientConfig = () => this.tokenConfig(), keepUnlessRevoked = false): Promise<RevocationOutcome> {
    return this.keeper.close(tenantId, async () => {
      // The newest pair, even one whose write is still being retried.
      const tokens = await this.keeper.current(tenantId);
      // An access-only connection has no refresh token, and access tokens cannot be revoked
      // (fortnox.md section 4): there is nothing to tell Fortnox.
      const outcome: RevocationOutcome = !tokens
        ? { revoked: false, issue: 'undecryptable' }
        : tokens.refreshToken === null
          ? { revoked: true, issue: null }
          : await revokeRefreshToken(this.deps, config, tokens.refreshToken, tenantId);
      if (!outcome.revoked && keepUnlessRevoked) return outcome;
      if (!outcome.revoked) this.deps.log.warn('revocation failed; removing locally anyway', { tenantId, issue: outcome.issue });
      await this.deps.tokens.remove(tenantId);
      this.keeper.forget(tenantId);
      return outcome;
    });
  }
}

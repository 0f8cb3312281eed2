import type { Timers } from '../connect/connect-flow';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import type { TokenClient, TokenClientConfig } from '../fortnox/token-client';
import type { Logger } from '../logging/logger';

/** Fortnox refresh tokens live 45 days (fortnox.md section 3); access tokens one hour. */
export const REFRESH_TOKEN_LIFETIME_MS = 45 * 24 * 60 * 60 * 1000;
/** An access token this close to expiry is refreshed before use. */
export const ACCESS_TOKEN_SKEW_MS = 5 * 60 * 1000;

/** One company's tokens as kept (encrypted) by the vault. */
export interface StoredTokens {
  accessToken: string;
  /** Null for an access-only connection: no offline access, so it ends with its access token. */
  refreshToken: string | null;
  accessTokenExpiresAt: number;
  /** When the current refresh token was issued: its 45 days count from here. */
  refreshTokenIssuedAt: number;
  scopes: string[];
}

/** Durable token storage per tenant. `write` resolves only once the pair is on disk (or in memory by design). */
export interface TokenStore {
  read(tenantId: string): Promise<StoredTokens | undefined>;
  /** What `read` would give, synchronously when it is at hand (undefined: not at hand, or none). Never to be changed by the caller. */
  peek?(tenantId: string): Readonly<StoredTokens> | undefined;
  write(tenantId: string, tokens: StoredTokens): Promise<void>;
}

/**
 * A rotated pair the store refused. Fortnox has already killed the stored refresh token, so this
 * pair is the only live one: it is kept in memory, used, and written again with backoff.
 */
interface UnsavedPair {
  tokens: StoredTokens;
  /** Write attempts after the first failure, for the backoff. */
  retries: number;
  timer?: unknown;
}

/**
 * A refresh refused or given up because the app is quitting (`stop()`): not a failure of the
 * company, whose stored pair stays as it was, so it is never marked failed for it.
 */
export class KeeperStoppedError extends Error {
  constructor() {
    super('Token keeper stopped: the app is quitting');
    this.name = 'KeeperStoppedError';
  }
}

/** What the keeper reports about a company's refreshes. */
export interface RefreshListener {
  refreshing(tenantId: string): void;
  refreshed(tenantId: string, tokens: StoredTokens, keptAliveBy?: KeptAliveBy): void;
  /** `needsReconnect`: no retry can help; a new sign-in is needed. */
  failed(tenantId: string, error: FortnoxCallError, needsReconnect: boolean): void;
}

/** Backoff for transient failures (429, network, time-out, 5xx). */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Default: up to 5 attempts, 1 s doubling to at most 60 s between them. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Issues that no retry can mend: the company must sign in again. */
export const RECONNECT_ISSUES: ReadonlySet<string> = new Set(['invalid_grant', 'refresh_token_expired', 'revoked', 'undecryptable', 'access_only_ended']);

/** How a company's access tokens are renewed: Fortnox's client-credentials grant or its refresh token. */
export type KeptAliveBy = 'client_credentials' | 'refresh_token';

/** A refused client-credentials grant is not asked again for this long (the refresh token is used meanwhile). */
export const CLIENT_CREDENTIALS_REFUSAL_MS = 60 * 60 * 1000;

/** Collaborators of the token keeper. */
export interface TokenKeeperDeps {
  store: TokenStore;
  client: TokenClient;
  /** The client id and secret; throws `client_secret_missing` when there is none. */
  clientConfig: () => TokenClientConfig;
  limiter: SlidingWindowLimiter;
  now: () => number;
  timers: Timers;
  listener: RefreshListener;
  log: Logger;
  retry?: RetryPolicy;
  /** The company's account type: service accounts get their access tokens from the client-credentials grant. */
  accountType?: (tenantId: string) => 'user' | 'service' | undefined;
}

/**
 * Keeps every company's tokens fresh. Fortnox refresh tokens are single-use and rotate, so:
 * at most one refresh per company is ever in flight (everyone else awaits its result); the new pair
 * is written durably before it is handed to anyone; the old refresh token is never sent again; and
 * a failed call never discards the stored pair. A refresh whose answer is lost on the wire may have
 * rotated the token at Fortnox anyway: the next try then gets `invalid_grant` and the company is
 * marked "needs reconnect", which is the only honest outcome.
 */
export class TokenKeeper {
  private readonly inFlight = new Map<string, Promise<StoredTokens>>();
  /** Per company, the tail of everything that touches its tokens: refreshes, replacements, removal. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Companies being disconnected: no refresh may start for them any more. */
  private readonly closing = new Set<string>();
  /** Rotated pairs not yet known to be on disk: the newest pair of their company until written. */
  private readonly unsaved = new Map<string, UnsavedPair>();
  private readonly retry: RetryPolicy;
  /** Backoff waits in progress: `stop()` ends them at once. */
  private readonly sleepers = new Set<() => void>();
  /** When Fortnox last refused the client-credentials grant, per company. */
  private readonly grantRefusedAt = new Map<string, number>();
  private stopped = false;

  constructor(private readonly deps: TokenKeeperDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
  }

  /** A valid access token for the company, refreshing first when it expires within 5 minutes. */
  async accessToken(tenantId: string): Promise<string> {
    const pending = this.inFlight.get(tenantId);
    if (pending) return (await pending).accessToken;
    const tokens = await this.current(tenantId);
    if (!tokens) throw new FortnoxCallError('undecryptable');
    // An access-only connection cannot be refreshed: its token is used to its last minute.
    const skew = tokens.refreshToken === null ? 0 : ACCESS_TOKEN_SKEW_MS;
    if (tokens.accessTokenExpiresAt - skew > this.deps.now()) return tokens.accessToken;
    return (await this.refresh(tenantId)).accessToken;
  }

  /**
   * The company's newest pair: one that is still waiting to be written wins over the stored one,
   * because Fortnox has already rotated the stored refresh token away.
   */
  async current(tenantId: string): Promise<StoredTokens | undefined> {
    return this.unsaved.get(tenantId)?.tokens ?? (await this.deps.store.read(tenantId));
  }

  /**
   * The company's newest pair as `current` would give it, synchronously, when the store has it at
   * hand (undefined otherwise: then use `current`). For the local API's cached-token answer.
   */
  peek(tenantId: string): Readonly<StoredTokens> | undefined {
    return this.unsaved.get(tenantId)?.tokens ?? this.deps.store.peek?.(tenantId);
  }

  /**
   * Stores a new pair for the company (a new sign-in), after any refresh queued before it, and
   * returns the pair it replaced (for revocation), if any.
   */
  replace(tenantId: string, tokens: StoredTokens): Promise<StoredTokens | undefined> {
    return this.exclusive(tenantId, async () => {
      const previous = await this.current(tenantId);
      await this.deps.store.write(tenantId, tokens);
      this.dropUnsaved(tenantId);
      return previous;
    });
  }

  /** Forgets a pair waiting to be written (the company was removed). */
  forget(tenantId: string): void {
    this.dropUnsaved(tenantId);
  }

  /**
   * Tries one last write of every pair still waiting (the app quits). Returns the companies whose
   * pair could still not be written: they will need a new sign-in after the restart.
   */
  async flush(): Promise<string[]> {
    const failed: string[] = [];
    for (const [tenantId, pair] of [...this.unsaved]) {
      if (pair.timer !== undefined) this.deps.timers.clear(pair.timer);
      pair.timer = undefined;
      const written = await this.exclusive(tenantId, () => this.writeUnsaved(tenantId, pair));
      if (!written) failed.push(tenantId);
    }
    if (failed.length > 0) this.deps.log.error('refreshed tokens could not be written before quitting', { companies: failed.length });
    return failed;
  }

  /** Refreshes the company's tokens; joins a refresh that is already running. */
  refresh(tenantId: string): Promise<StoredTokens> {
    const pending = this.inFlight.get(tenantId);
    if (pending) return pending;
    // Asked for after a disconnect began: refused (one asked for before runs first, then is revoked).
    if (this.closing.has(tenantId)) return Promise.reject(new FortnoxCallError('revoked'));
    // The app is quitting: no new refresh starts (one on the wire would rotate the token while
    // nothing waits to store the new pair).
    if (this.stopped) return Promise.reject(new KeeperStoppedError());
    const run = this.exclusive(tenantId, () => this.runRefresh(tenantId)).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, run);
    this.deps.listener.refreshing(tenantId);
    return run;
  }

  /**
   * Runs `task` alone for this company: after every refresh, replacement or removal queued before
   * it, and before any queued after it. A reconnect writes its new pair through here, so a refresh
   * can never read the old pair while the new one is being written and then overwrite it.
   */
  exclusive<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(tenantId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    const tail = run.catch(() => undefined);
    this.chains.set(tenantId, tail);
    void tail.then(() => {
      if (this.chains.get(tenantId) === tail) this.chains.delete(tenantId);
    });
    return run;
  }

  /**
   * Runs the company's removal (revoke, then delete) after any refresh in flight, with no new
   * refresh allowed to start from now on: otherwise a refresh could rotate the token between the
   * revocation and the deletion and leave a live token at Fortnox that nothing can revoke.
   */
  async close<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    this.closing.add(tenantId);
    try {
      return await this.exclusive(tenantId, task);
    } finally {
      this.closing.delete(tenantId);
    }
  }

  /** Resolves when no refresh of this company is running (whatever its outcome). */
  async idle(tenantId: string): Promise<void> {
    await this.inFlight.get(tenantId)?.catch(() => undefined);
  }

  /** Whether a refresh of this company is running (for status display and tests). */
  isRefreshing(tenantId: string): boolean {
    return this.inFlight.has(tenantId);
  }

  /** Waits for every running refresh (used before the app quits). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * For quitting: a refresh sleeping in its backoff (up to 60 s) gives up at once, keeping the
   * stored pair, and no retry starts any more; a call already on the wire finishes. `settle()`
   * then resolves as soon as those calls are answered.
   */
  stop(): void {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
  }

  private async runRefresh(tenantId: string): Promise<StoredTokens> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const current = await this.current(tenantId);
        if (!current) throw new FortnoxCallError('undecryptable');
        if (this.mayUseClientCredentials(tenantId)) {
          const granted = await this.tryClientCredentials(tenantId, current);
          if (granted) return granted;
        }
        // No offline access, so no refresh token: only a new sign-in can continue the connection.
        if (current.refreshToken === null) throw new FortnoxCallError('access_only_ended');
        if (this.deps.now() - current.refreshTokenIssuedAt >= REFRESH_TOKEN_LIFETIME_MS) {
          throw new FortnoxCallError('refresh_token_expired');
        }
        const config = this.deps.clientConfig();
        await this.deps.limiter.acquire(tenantId);
        const issuedAt = this.deps.now();
        const set = await this.deps.client.refresh(config, current.refreshToken);
        const next: StoredTokens = {
          accessToken: set.accessToken,
          refreshToken: set.refreshToken,
          accessTokenExpiresAt: set.accessTokenExpiresAt,
          refreshTokenIssuedAt: issuedAt,
          scopes: set.scopes,
        };
        try {
          await this.deps.store.write(tenantId, next);
          this.dropUnsaved(tenantId);
        } catch (error) {
          // Fortnox has rotated: the stored refresh token is dead and this pair is the only live
          // one. Throwing it away would force a new sign-in, so it is used from memory and its
          // write retried with backoff until it lands (or the app quits, which tries once more).
          this.deps.log.error('refreshed tokens could not be stored; keeping them in memory', {
            tenantId,
            error: error instanceof Error ? error.name : typeof error,
          });
          this.holdUnsaved(tenantId, next);
        }
        this.deps.listener.refreshed(tenantId, next, 'refresh_token');
        this.deps.log.info('tokens refreshed', { tenantId, attempt });
        return next;
      } catch (error) {
        const failure = error instanceof FortnoxCallError ? error : new FortnoxCallError('network');
        if (!(error instanceof FortnoxCallError)) {
          this.deps.log.error('refresh failed unexpectedly', { tenantId, error: String(error).slice(0, 120) });
        }
        if (failure.transient && attempt < this.retry.attempts) {
          if (!this.stopped) {
            const delay = this.backoff(attempt, failure.details.retryAfterMs);
            this.deps.log.warn('refresh will be retried', { tenantId, issue: failure.issue, attempt, delayMs: delay });
            await this.sleep(delay);
            if (!this.stopped) continue;
          }
          // Quitting ended the backoff: the stored pair is kept and the company is not marked as
          // failed (that would save it with status `error` for a fault that may have passed).
          this.deps.log.info('refresh retry dropped: the app is quitting', { tenantId, attempt });
          throw new KeeperStoppedError();
        }
        const needsReconnect = RECONNECT_ISSUES.has(failure.issue);
        this.deps.log.warn('refresh failed', { tenantId, issue: failure.issue, needsReconnect });
        this.deps.listener.failed(tenantId, failure, needsReconnect);
        throw failure;
      }
    }
  }

  /** A service account whose client-credentials grant was not refused within the last hour. */
  private mayUseClientCredentials(tenantId: string): boolean {
    if (this.deps.accountType?.(tenantId) !== 'service') return false;
    const refusedAt = this.grantRefusedAt.get(tenantId);
    return refusedAt === undefined || this.deps.now() - refusedAt >= CLIENT_CREDENTIALS_REFUSAL_MS;
  }

  /**
   * A new access token from the client-credentials grant (fortnox.md sections 3 and 7), stored
   * before use beside the untouched refresh token. Undefined when Fortnox refuses the grant
   * (no service-account consent, or the client may not use it): the refresh token is used then,
   * and the grant is not asked again for an hour. Other failures throw, for the caller's retries.
   */
  private async tryClientCredentials(tenantId: string, current: StoredTokens): Promise<StoredTokens | undefined> {
    const config = this.deps.clientConfig();
    await this.deps.limiter.acquire(tenantId);
    let set;
    try {
      set = await this.deps.client.clientCredentials(config, tenantId);
    } catch (error) {
      if (!(error instanceof FortnoxCallError) || !isGrantRefusal(error)) throw error;
      this.grantRefusedAt.set(tenantId, this.deps.now());
      this.deps.log.warn('client-credentials grant refused; using the refresh token', { tenantId, code: error.details.fortnoxCode ?? null });
      return undefined;
    }
    this.grantRefusedAt.delete(tenantId);
    const next: StoredTokens = {
      ...current,
      accessToken: set.accessToken,
      accessTokenExpiresAt: set.accessTokenExpiresAt,
      scopes: set.scopes.length > 0 ? set.scopes : current.scopes,
    };
    try {
      await this.deps.store.write(tenantId, next);
      this.dropUnsaved(tenantId);
    } catch (error) {
      // Kept in memory and written again with backoff, like a rotated pair (it may carry one).
      this.deps.log.warn('access token from the client-credentials grant not stored; keeping it in memory', {
        tenantId,
        error: error instanceof Error ? error.name : typeof error,
      });
      this.holdUnsaved(tenantId, next);
    }
    this.deps.listener.refreshed(tenantId, next, 'client_credentials');
    this.deps.log.info('access token from the client-credentials grant', { tenantId });
    return next;
  }

  /** Waits `ms` on the injected timers, or until `stop()`. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.sleepers.delete(wake);
        this.deps.timers.clear(handle);
        resolve();
      };
      this.sleepers.add(wake);
      const handle = this.deps.timers.set(wake, ms);
    });
  }

  private holdUnsaved(tenantId: string, tokens: StoredTokens): void {
    this.dropUnsaved(tenantId);
    const pair: UnsavedPair = { tokens, retries: 0 };
    this.unsaved.set(tenantId, pair);
    this.scheduleWrite(tenantId, pair);
  }

  private scheduleWrite(tenantId: string, pair: UnsavedPair): void {
    pair.retries += 1;
    const delay = this.backoff(pair.retries, undefined);
    pair.timer = this.deps.timers.set(() => {
      pair.timer = undefined;
      void this.exclusive(tenantId, async () => {
        if (!(await this.writeUnsaved(tenantId, pair)) && this.unsaved.get(tenantId) === pair) this.scheduleWrite(tenantId, pair);
      });
    }, delay);
  }

  /** Writes a waiting pair if it is still the newest; true when it is on disk (or superseded). */
  private async writeUnsaved(tenantId: string, pair: UnsavedPair): Promise<boolean> {
    if (this.unsaved.get(tenantId) !== pair) return true;
    try {
      await this.deps.store.write(tenantId, pair.tokens);
    } catch (error) {
      this.deps.log.warn('refreshed tokens still not stored; will try again', {
        tenantId,
        retries: pair.retries,
        error: error instanceof Error ? error.name : typeof error,
      });
      return false;
    }
    if (this.unsaved.get(tenantId) === pair) this.unsaved.delete(tenantId);
    this.deps.log.info('refreshed tokens stored after all', { tenantId, retries: pair.retries });
    return true;
  }

  private dropUnsaved(tenantId: string): void {
    const pair = this.unsaved.get(tenantId);
    if (!pair) return;
    if (pair.timer !== undefined) this.deps.timers.clear(pair.timer);
    this.unsaved.delete(tenantId);
  }

  private backoff(attempt: number, retryAfter: number | undefined): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.max(exponential, retryAfter ?? 0);
  }
}

/** Fortnox refusing the client-credentials grant itself (as opposed to a transient failure). */
function isGrantRefusal(error: FortnoxCallError): boolean {
  const code = error.details.fortnoxCode;
  return error.issue === 'invalid_client' || code === 'unauthorized_client' || code === 'unsupported_grant_type';
}

import type { Timers } from '../../main/connect/connect-flow';
import { revokeRefreshToken } from '../../main/connections/revocations';
import { RECONNECT_ISSUES, REFRESH_TOKEN_LIFETIME_MS } from '../../main/connections/token-keeper';
import { FortnoxCallError } from '../../main/fortnox/fortnox-call-error';
import type { HttpFetch } from '../../main/fortnox/fortnox-http';
import { RateLimitWaitExceededError } from '../../main/fortnox/rate-limiter';
import { TokenClient, type TokenClientConfig } from '../../main/fortnox/token-client';
import {
  MIN_HANDED_TOKEN_LIFETIME_MS,
  type AccessTokenSource,
  type HandedAccessToken,
} from '../../main/local-api/access-token-source';
import { LocalApiError } from '../../main/local-api/local-api-error';
import { KnownSecrets } from '../../main/logging/known-secrets';
import type { Logger } from '../../main/logging/logger';
import { fortnoxText } from '../../main/fortnox/untrusted-fields';
import { UNTRUSTED_TEXT_MAX } from '../../shared/text-limits';
import { CONNECTION_ISSUES, type ConnectionIssue } from '../../shared/connection-issues';
import type { Database, Queryable } from '../db/database';
import { isLockTimeout, isStatementError, sqlState } from '../db/sql-errors';
import type { FortnoxRequestSlots } from './fleet-rate-limiter';
import { RefreshPermits } from './refresh-permits';
import { DEFAULT_REFRESH_PLAN, nextRefreshAt, type RefreshPlanOptions } from './refresh-plan';
import type { SealedPair, StoredPair, StoredPairInfo, TokenPair, TokenRead, TokenRows } from './token-rows';

/**
 * The firm server's one owner of every company's Fortnox tokens, across all its replicas
 * (issue 10 item 3; firm-server.md section 1; fortnox.md sections 3 and 12: refresh tokens are
 * single-use and rotate, so two refreshes of one company kill the connection).
 *
 * - An access token with more than five minutes left is served from the row, with no lock.
 * - Otherwise one refresh per company: an in-process promise map lets one caller per process
 *   through; on PostgreSQL that caller opens a transaction, takes the `company_tokens` row lock
 *   (`FOR UPDATE`, bounded by `SET LOCAL lock_timeout`), reads the row again, and refreshes only
 *   if it still needs it (another replica may have just done so): rate-limit slot, Fortnox call
 *   (bounded far below every database timeout), new pair written with generation + 1, COMMIT, all
 *   in that transaction. On PGlite (one process by its folder lock) the promise map is the lock
 *   and no transaction is held across the Fortnox call; the write is a compare-and-set on
 *   `generation`.
 * - Fortnox's `invalid_grant` (and an expired or undecryptable pair) marks the company
 *   needs_reconnect, only while the row still holds the generation that refresh read (a reconnect
 *   or another refresh that stored a newer pair wins, and the newer pair is used); 5xx, time-outs
 *   and the like are thrown as typed errors and change nothing.
 * - A write or COMMIT that fails after Fortnox rotated is a lost rotation: the stored refresh
 *   token is dead and the new one was never stored. It is written once more on a fresh
 *   connection (compare-and-set); failing that, it is logged loudly, counted, and the company is
 *   marked needs_reconnect. The window from Fortnox's answer to COMMIT is kept to sealing two
 *   strings and two round trips: the client config is fetched, the rate slot taken and every
 *   statement built before the call.
 */

/** Where a refresh came from (a bounded metric label). */
export type RefreshSource = 'request' | 'rejected' | 'background';

/** Counters the server exports (Prometheus); every hook is optional. */
export interface TokenMetrics {
  refreshed?(source: RefreshSource, durationMs: number): void;
  refreshFailed?(source: RefreshSource, issue: string): void;
  /** Fortnox rotated but the new pair could not be stored: the company needs a new sign-in. */
  lostRotation?(source: RefreshSource): void;
  /** A refresh gave up waiting for another's row lock. */
  lockTimedOut?(): void;
  /** A rotated pair that could not be stored (its compare-and-set lost) was revoked at Fortnox, or could not be. */
  orphanRevoked?(revoked: boolean): void;
}

/** Where an orphaned pair's revocation is recorded (the firm's audit, FirmAudit.record fits). */
export interface OrphanAudit {
  record(event: { action: 'orphan_revoked'; actor: null; tenantId: string; status: number }): Promise<void>;
}

/** Time bounds and sizes; the defaults fit Fortnox's documented behaviour. */
export interface FirmTokensOptions {
  /** Bound on one Fortnox token call. */
  fortnoxTimeoutMs?: number;
  /** Bound on waiting for a rate-limit slot before a refresh. */
  slotWaitMs?: number;
  /**
   * How long a refresh waits for another's row lock (`SET LOCAL lock_timeout`): longer than a
   * holder can hold it (slot wait + Fortnox call + write), so a waiter normally gets the lock and
   * finds the new pair.
   */
  lockTimeoutMs?: number;
  /** Refresh transactions at once in this process: keep below the pool's connections (see RefreshPermits). */
  maxRefreshTransactions?: number;
  plan?: RefreshPlanOptions;
  /** Background retries after a failed renewal: `baseMs` doubling per failure up to `maxMs`. */
  retry?: { baseMs: number; maxMs: number };
  /** How long a failed write of a rotated pair is retried while its connection lives (see `writeHoldingLock`). */
  rotationWriteRetryMs?: number;
}

export const DEFAULT_FORTNOX_TIMEOUT_MS = 10_000;
export const DEFAULT_SLOT_WAIT_MS = 5_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_REFRESH_TRANSACTIONS = 8;
export const DEFAULT_BACKGROUND_RETRY = { baseMs: 30_000, maxMs: 15 * 60_000 } as const;

/** What FirmTokens works with. */
export interface FirmTokensDeps {
  db: Database;
  rows: TokenRows;
  /** HTTP to Fortnox's token endpoint (the server's fetch). */
  fetcher: HttpFetch;
  /** The firm's client id and secret; throws `FortnoxCallError('client_secret_missing')` when there is none. */
  clientConfig: () => TokenClientConfig | Promise<TokenClientConfig>;
  /** The fleet-wide rate limit: every refresh takes a slot first. */
  slots: FortnoxRequestSlots;
  now: () => number;
  /** The write retry's backoff waits on these (default the global setTimeout). */
  timers?: Timers;
  log: Logger;
  metrics?: TokenMetrics;
  /** Records each revocation of an orphaned pair (who: the server itself; status 200 revoked, 502 not). */
  audit?: OrphanAudit;
  options?: FirmTokensOptions;
}

/** The company is not connected (no company or no token row). */
export class CompanyNotFoundError extends Error {
  override readonly name = 'CompanyNotFoundError';
  constructor() {
    super('No connected company with that tenant id');
  }
}

/** What one background renewal did. */
export interface RenewOutcome {
  tenantId: string;
  result: 'renewed' | 'not_due' | 'failed' | 'needs_reconnect' | 'lost';
  issue?: string;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A refresh's answer: the pair, and whether this process's own rotation stored it. */
interface Refreshed {
  pair: StoredPairInfo;
  renewed: boolean;
}

/** The answer to a refresh that would have called Fortnox after `stop()`: 503 `server_stopping`. */
function stoppingError(): LocalApiError {
  return new LocalApiError('server_stopping');
}

/** Whether a refresh ended because the server is stopping (nothing was sent to Fortnox, nothing stored). */
function isStopping(error: Error): boolean {
  return error instanceof LocalApiError && error.code === 'server_stopping';
}

/** Whether a stored pair still needs the refresh a caller came for (checked again under the lock). */
type Need = (pair: StoredPairInfo) => boolean;

/** A rotation Fortnox has answered: kept until it is committed, for the lost-rotation path. */
interface Rotated {
  pair: TokenPair;
  sealed: SealedPair;
  expectedGeneration: number;
  nextRefreshAt: number;
  refreshedAt: number;
}

/** One refresh attempt's state, shared between the transaction and the code after it. */
interface Attempt {
  tenantId: string;
  source: RefreshSource;
  startedAt: number;
  rotated?: Rotated | undefined;
}

/** Inside the transaction nothing is thrown that must not roll back: failures that mark the company are returned. */
type Outcome = { pair: StoredPairInfo; renewed: boolean } | { error: Error; marked: boolean; detail?: string | null };

/** `SET LOCAL` for the refresh transaction, as one statement with parameters. */
export const TRANSACTION_SETTINGS_SQL = `SELECT set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`;

/** A retry's lock wait cut to the time its loop has left (`SET LOCAL lock_timeout`; see `writeHoldingLock`). */
export const LOCK_TIMEOUT_SQL = `SELECT set_config('lock_timeout', $1, true)`;

/** The savepoint around a rotated pair's write inside the refresh transaction (see `writeHoldingLock`). */
export const ROTATION_SAVEPOINT = 'rotation_write';
/** How long a rotated pair's write is retried inside its transaction, the row lock held, before the rescue outside it. */
export const DEFAULT_ROTATION_WRITE_RETRY_MS = 5_000;
/** Backoff between those retries: doubling from the first to the last. */
const ROTATION_WRITE_BACKOFF_MS = { first: 25, max: 500 } as const;
/** The rescue write after a failed transaction (`afterLostCommit`): a fresh pooled connection (its 5 s connect bound) and a few statements. */
export const RESCUE_WRITE_BOUND_MS = 5_000;
/**
 * Longest a refresh that has passed the `stop()` check (it is at Fortnox) can take to commit or
 * give up, with the default time bounds: the Fortnox call, the write retried under the row lock,
 * then the rescue write. Permit, lock and slot waits come before that check and do not count.
 * The retries' time is elapsed time, their lock waits cut to it (`writeHoldingLock`). The first
 * write's own lock wait is counted on its own: it holds the token row already, so it waits only on
 * a `companies` row another transaction holds, but for up to `lock_timeout` (not cut before the
 * call, which would also cut the needs-reconnect marking; nor after it, which would add a round
 * trip between Fortnox's answer and COMMIT).
 */
export const REFRESH_AT_FORTNOX_BOUND_MS = DEFAULT_FORTNOX_TIMEOUT_MS + DEFAULT_LOCK_TIMEOUT_MS + DEFAULT_ROTATION_WRITE_RETRY_MS + RESCUE_WRITE_BOUND_MS;

/** An error reduced to what a log line may carry: its class and SQLSTATE, never its message. */
function describe(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = sqlState(error);
  return code ? `${name} ${code}`.slice(0, 80) : name.slice(0, 80);
}

function handed(pair: StoredPairInfo): HandedAccessToken {
  return { accessToken: pair.accessToken, expiresAt: pair.accessExpiresAt, scopes: pair.scopes };
}

const KNOWN_ISSUES: ReadonlySet<string> = new Set(CONNECTION_ISSUES);

/**
 * Fortnox's words about a failed refresh, safe to store and show (the desktop's statusDetail): the
 * refresh token just sent and the client secret are masked first, should Fortnox echo them.
 */
function fortnoxDetail(error: FortnoxCallError, refreshToken: string, config: TokenClientConfig): string | null {
  const secrets = new KnownSecrets();
  secrets.add(refreshToken);
  secrets.add(config.clientSecret);
  return fortnoxText(error.details.description, UNTRUSTED_TEXT_MAX, secrets) ?? null;
}

/** The error for a company that needs a new sign-in: its stored issue. */
function inactiveError(pair: StoredPairInfo): FortnoxCallError {
  const issue = pair.issue !== null && KNOWN_ISSUES.has(pair.issue) ? (pair.issue as ConnectionIssue) : 'invalid_grant';
  return new FortnoxCallError(issue);
}

/** The access tokens of the firm's companies, refreshed once per company across the fleet. */
export class FirmTokens implements AccessTokenSource {
  private readonly inFlight = new Map<string, Promise<Refreshed>>();
  private readonly client: TokenClient;
  private readonly permits: RefreshPermits;
  private readonly fortnoxTimeoutMs: number;
  private readonly slotWaitMs: number;
  private readonly lockTimeoutMs: number;
  private readonly plan: RefreshPlanOptions;
  private readonly retry: { baseMs: number; maxMs: number };
  private readonly rotationWriteRetryMs: number;
  private readonly timers: Timers;
  /** Set by `stop()`: no refresh calls Fortnox any more. */
  private stopping = false;
  /** PGlite: background claims run one at a time, so two workers never pick the same company. */
  private claimChain: Promise<unknown> = Promise.resolve();
  /** Revocations of orphaned pairs under way (nobody waits for them; `revocationsSettled` can). */
  private readonly revocations = new Set<Promise<void>>();

  constructor(private readonly deps: FirmTokensDeps) {
    const options = deps.options ?? {};
    this.fortnoxTimeoutMs = options.fortnoxTimeoutMs ?? DEFAULT_FORTNOX_TIMEOUT_MS;
    this.slotWaitMs = options.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS;
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.plan = options.plan ?? DEFAULT_REFRESH_PLAN;
    this.retry = options.retry ?? DEFAULT_BACKGROUND_RETRY;
    this.rotationWriteRetryMs = options.rotationWriteRetryMs ?? DEFAULT_ROTATION_WRITE_RETRY_MS;
    this.timers = deps.timers ?? realTimers;
    this.permits = new RefreshPermits(options.maxRefreshTransactions ?? DEFAULT_MAX_REFRESH_TRANSACTIONS);
    this.client = new TokenClient(deps.fetcher, deps.now, this.fortnoxTimeoutMs, deps.log);
  }

  /** A token with more than five minutes left: from the row when it has one, else after the one refresh. */
  async accessToken(tenantId: string): Promise<HandedAccessToken> {
    const stale: Need = (stored) => !this.fresh(stored);
    for (let round = 0; round < 2; round += 1) {
      const pending = this.inFlight.get(tenantId);
      if (!pending) {
        const pair = this.usable(await this.deps.rows.readAccess(this.deps.db, tenantId));
        if (this.fresh(pair)) return handed(pair);
        // An access-only connection cannot be refreshed: a tool gets it only while five minutes remain.
        if (pair.accessOnly) throw new FortnoxCallError('access_only_ended');
      }
      const { pair, renewed } = await this.refreshOnce(tenantId, 'request', stale);
      if (this.fresh(pair)) return handed(pair);
      // Our own rotation gave a token with five minutes or less (a broken answer): no second try.
      if (!pending && renewed) break;
      // A refresh joined for another reason (a 401) left a stale pair, or Fortnox refused ours
      // because a newer pair had replaced it (markFailed) and that one is stale too: look again,
      // once (the next refresh presents the newer pair's refresh token).
    }
    throw new FortnoxCallError('invalid_response');
  }

  /**
   * Fortnox answered 401 to `token`: a newer token. Refreshes (once for every caller) only while
   * `token` is still the stored one; if another caller already replaced it, that one is returned.
   */
  async rejected(tenantId: string, token: string): Promise<string> {
    for (let round = 0; round < 2; round += 1) {
      const pending = this.inFlight.get(tenantId);
      const current = pending
        ? await pending.then((result) => result.pair).catch(() => undefined)
        : this.usable(await this.deps.rows.readAccess(this.deps.db, tenantId));
      if (current && current.accessToken !== token) return current.accessToken;
      if (pending) continue;
      if (current?.accessOnly) throw new FortnoxCallError('unauthorized');
      const { pair } = await this.refreshOnce(tenantId, 'rejected', (stored) => stored.accessToken === token);
      if (pair.accessToken !== token) return pair.accessToken;
    }
    // Refreshed, and Fortnox still refuses, or the refresh joined could not help: give up.
    throw new FortnoxCallError('unauthorized');
  }

  /**
   * Background renewal of the next due company. PostgreSQL: claims it with `FOR UPDATE SKIP
   * LOCKED` in its own transaction and renews it there (the same rotation as a token request, so
   * a request waiting on the row lock then reads the new pair). PGlite: picks the next due
   * company this process is not renewing and renews it through the promise map. A failure is
   * recorded on the row (`failed_refreshes`, a later `next_refresh_at`) and reported, not thrown.
   * Undefined when nothing is due.
   */
  async renewNextDue(): Promise<RenewOutcome | undefined> {
    if (this.stopping) return undefined;
    const config = await this.deps.clientConfig();
    return this.deps.db.kind === 'postgres' ? this.renewClaimedLocked(config) : this.renewNextDueInProcess(config);
  }

  /**
   * Shutdown has begun: from now on no refresh reaches Fortnox. A refresh checks this after it has
   * its permit and again after its rate-limit slot, just before the call: one that would call now
   * answers 503 `server_stopping` (a token request) or `not_due` (background), and leaves the row
   * as it was, so another replica (or this one after a restart) refreshes it with the stored
   * refresh token. A refresh already at Fortnox finishes and commits (`settled` waits for it):
   * what is left to wait for at shutdown is bounded by `REFRESH_AT_FORTNOX_BOUND_MS`, not by the
   * queues in front of Fortnox.
   */
  stop(): void {
    this.stopping = true;
  }

  /** Whether a refresh of the company is under way in this process. */
  isRefreshing(tenantId: string): boolean {
    return this.inFlight.has(tenantId);
  }

  private fresh(pair: StoredPairInfo): boolean {
    return pair.accessExpiresAt - this.deps.now() > MIN_HANDED_TOKEN_LIFETIME_MS;
  }

  /** The pair of an active company, or the error that says why there is none. */
  private usable(read: TokenRead<StoredPairInfo>): StoredPairInfo {
    if (read.kind === 'missing') throw new CompanyNotFoundError();
    if (read.kind === 'undecryptable') throw new FortnoxCallError('undecryptable');
    if (read.pair.status === 'needs_reconnect') throw inactiveError(read.pair);
    return read.pair;
  }

  /** The one refresh of this process for the company: joins one under way, else starts it. */
  private refreshOnce(tenantId: string, source: RefreshSource, need: Need): Promise<Refreshed> {
    const pending = this.inFlight.get(tenantId);
    if (pending) return pending;
    const run = this.runRefresh(tenantId, source, need).finally(() => {
      if (this.inFlight.get(tenantId) === run) this.inFlight.delete(tenantId);
    });
    this.inFlight.set(tenantId, run);
    return run;
  }

  private async runRefresh(tenantId: string, source: RefreshSource, need: Need): Promise<Refreshed> {
    // Fetched before any lock is taken: one thing less between the lock and Fortnox's answer.
    const config = await this.deps.clientConfig();
    const attempt: Attempt = { tenantId, source, startedAt: this.deps.now() };
    const outcome = await this.permits.with(async (): Promise<Outcome> => {
      // Queued behind other refreshes while shutdown began: no transaction, no lock, no call.
      if (this.stopping) return { error: stoppingError(), marked: false };
      return this.deps.db.kind === 'postgres' ? this.refreshLocked(attempt, need, config) : this.refreshInProcess(attempt, need, config);
    });
    return this.settle(attempt, outcome);
  }

  /** PostgreSQL: lock, read again, refresh if still needed, write, COMMIT: one transaction. */
  private async refreshLocked(attempt: Attempt, need: Need, config: TokenClientConfig): Promise<Outcome> {
    try {
      return await this.deps.db.transaction(async (tx) => {
        await this.applyTransactionSettings(tx);
        const read = await this.deps.rows.readPair(tx, attempt.tenantId, { lock: true });
        return this.rotateIfNeeded(tx, attempt, read, need, config, true);
      });
    } catch (error) {
      if (attempt.rotated) return this.afterLostCommit(attempt, error);
      if (!isLockTimeout(error)) throw error;
      this.deps.metrics?.lockTimedOut?.();
      this.deps.log.warn('refresh gave up waiting for the row lock', { tenantId: attempt.tenantId, lockTimeoutMs: this.lockTimeoutMs });
      // The holder has probably stored a fresh pair by now (Nango re-reads the same way).
      const pair = this.usable(await this.deps.rows.readAccess(this.deps.db, attempt.tenantId));
      if (!need(pair)) return { pair, renewed: false };
      return { error: new FortnoxCallError('timeout'), marked: false };
    }
  }

  /** PGlite: the promise map is the lock; the write is a compare-and-set, no transaction across the call. */
  private async refreshInProcess(attempt: Attempt, need: Need, config: TokenClientConfig): Promise<Outcome> {
    const db = this.deps.db;
    try {
      return await this.rotateIfNeeded(db, attempt, await this.deps.rows.readPair(db, attempt.tenantId), need, config, false);
    } catch (error) {
      if (attempt.rotated) return this.afterLostCommit(attempt, error);
      throw error;
    }
  }

  private async applyTransactionSettings(tx: Queryable): Promise<void> {
    // The idle-in-transaction bound ends a transaction whose process hangs (its lock with it), but
    // only well after any wait this code makes inside it (slot, then Fortnox call).
    const idleMs = this.slotWaitMs + this.fortnoxTimeoutMs + 10_000;
    await tx.query(TRANSACTION_SETTINGS_SQL, [`${this.lockTimeoutMs}ms`, `${idleMs}ms`]);
  }

  /**
   * With the row read (and locked, on PostgreSQL): the checks, the slot, the Fortnox call and the
   * write. Failures that change the row (marking needs_reconnect) are written through `q` and
   * returned, so the transaction commits them.
   */
  private async rotateIfNeeded(
    q: Queryable,
    attempt: Attempt,
    read: TokenRead<StoredPair>,
    need: Need,
    config: TokenClientConfig,
    inTransaction: boolean,
  ): Promise<Outcome> {
    const { tenantId } = attempt;
    if (read.kind === 'missing') return { error: new CompanyNotFoundError(), marked: false };
    if (read.kind === 'undecryptable') return { error: new FortnoxCallError('undecryptable'), marked: true };
    const stored = read.pair;
    if (stored.status === 'needs_reconnect') return { error: inactiveError(stored), marked: false };
    if (!need(stored)) return { pair: stored, renewed: false };
    if (stored.refreshToken === null) return this.markFailed(q, stored, new FortnoxCallError('access_only_ended'));
    if (this.deps.now() - stored.refreshedAt >= REFRESH_TOKEN_LIFETIME_MS) {
      return this.markFailed(q, stored, new FortnoxCallError('refresh_token_expired'));
    }
    // Set before the call, so the window from Fortnox's answer to COMMIT gains no round trip (writeHoldingLock).
    if (inTransaction) await q.query(`SAVEPOINT ${ROTATION_SAVEPOINT}`);
    try {
      await this.deps.slots.acquire(tenantId, this.deps.now() + this.slotWaitMs);
    } catch (error) {
      if (!(error instanceof RateLimitWaitExceededError)) throw error;
      return { error: new FortnoxCallError('rate_limited', { retryAfterMs: error.retryAfterMs }), marked: false };
    }
    // The last moment a refresh can be held back without losing anything: after this, Fortnox rotates.
    if (this.stopping) return { error: stoppingError(), marked: false };
    const refreshedAt = this.deps.now();
    let answer;
    try {
      answer = await this.client.refresh(config, stored.refreshToken);
    } catch (error) {
      if (!(error instanceof FortnoxCallError)) throw error;
      if (RECONNECT_ISSUES.has(error.issue)) return this.markFailed(q, stored, error, fortnoxDetail(error, stored.refreshToken, config));
      return { error, marked: false, detail: fortnoxDetail(error, stored.refreshToken, config) };
    }
    // Fortnox has rotated: the stored refresh token is dead until this pair is committed.
    const pair: TokenPair = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      scopes: answer.scopes,
      accessExpiresAt: answer.accessTokenExpiresAt,
    };
    const rotated: Rotated = {
      pair,
      sealed: this.deps.rows.seal(tenantId, pair),
      expectedGeneration: stored.generation,
      nextRefreshAt: nextRefreshAt(tenantId, pair.accessExpiresAt, refreshedAt, this.plan),
      refreshedAt,
    };
    attempt.rotated = rotated;
    const generation = inTransaction ? await this.writeHoldingLock(q, tenantId, rotated) : await this.writeRotated(q, tenantId, rotated);
    if (generation === undefined) {
      // PGlite only (PostgreSQL holds the row lock): a sign-in stored a newer pair meanwhile, or a
      // disconnect removed the row. Ours is stored nowhere: revoked, so no live refresh token is
      // left at Fortnox that nothing will ever use or revoke. The newer pair, if any, is used.
      attempt.rotated = undefined;
      this.deps.log.warn('refreshed pair not stored: the row changed meanwhile; revoking it at Fortnox', { tenantId });
      this.revokeOrphan(tenantId, rotated.pair.refreshToken, config);
      return { pair: this.usable(await this.deps.rows.readAccess(q, tenantId)), renewed: false };
    }
    return { pair: this.rotatedInfo(stored, rotated, generation), renewed: true };
  }

  private writeRotated(q: Queryable, tenantId: string, rotated: Rotated): Promise<number | undefined> {
    return this.deps.rows.writeRotation(q, tenantId, rotated.sealed, rotated.pair, {
      generation: rotated.expectedGeneration,
      nextRefreshAt: rotated.nextRefreshAt,
      refreshedAt: rotated.refreshedAt,
    });
  }

  /**
   * The write of a rotated pair inside the refresh transaction, which holds the row lock. A failed
   * statement would abort the transaction, and its ROLLBACK would free the lock before any rescue
   * write: a waiting request would then read the old row and present the refresh token Fortnox has
   * just rotated away. So the write runs under a SAVEPOINT and, if the server refuses it, is rolled
   * back to it and tried again in the same transaction, the lock still held, with a doubling backoff
   * for up to `rotationWriteRetryMs`. Only when the connection itself is gone (a driver error or a
   * connection SQLSTATE, or ROLLBACK TO failing too), or that time is up, does the error leave, for
   * `afterLostCommit`. The savepoint was set before the Fortnox call and stays after ROLLBACK TO;
   * COMMIT releases it.
   *
   * The bound is elapsed time, not the backoffs summed: one refused write can itself take long (a
   * lock wait up to `lock_timeout`), and counting only the backoffs let the loop run far past
   * `rotationWriteRetryMs`, and so past `REFRESH_AT_FORTNOX_BOUND_MS` that shutdown waits for. No
   * retry starts once the time is up or when less than its backoff is left, and each retry's lock
   * wait is cut to the time left (`lock_timeout` under the savepoint; a retry that fails reverts it).
   */
  private async writeHoldingLock(tx: Queryable, tenantId: string, rotated: Rotated): Promise<number | undefined> {
    const startedAt = this.deps.now();
    // Elapsed on the injected clock, and never less than the backoff already waited: a test clock
    // held still cannot make the loop endless.
    let waitedMs = 0;
    const elapsed = () => Math.max(this.deps.now() - startedAt, waitedMs);
    let backoffMs: number = ROTATION_WRITE_BACKOFF_MS.first;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.writeRotated(tx, tenantId, rotated);
      } catch (error) {
        if (!isStatementError(error) || elapsed() + backoffMs > this.rotationWriteRetryMs) throw error;
        this.deps.log.warn('writing a refreshed pair failed inside its transaction; retrying with the row lock held', { tenantId, attempt, error: describe(error) });
        await tx.query(`ROLLBACK TO SAVEPOINT ${ROTATION_SAVEPOINT}`);
        await new Promise<void>((resolve) => this.timers.set(resolve, backoffMs));
        waitedMs += backoffMs;
        // The wait (or the ROLLBACK TO) may have ended past the bound: then no retry.
        const leftMs = this.rotationWriteRetryMs - elapsed();
        if (leftMs <= 0) throw error;
        // lock_timeout 0 is PostgreSQL's "no limit": then the time left is the limit.
        const cutMs = this.lockTimeoutMs > 0 ? Math.min(this.lockTimeoutMs, leftMs) : leftMs;
        await tx.query(LOCK_TIMEOUT_SQL, [`${Math.max(1, Math.floor(cutMs))}ms`]);
        backoffMs = Math.min(ROTATION_WRITE_BACKOFF_MS.max, backoffMs * 2);
      }
    }
  }

  private rotatedInfo(stored: StoredPairInfo, rotated: Rotated, generation: number): StoredPairInfo {
    return {
      ...stored,
      accessToken: rotated.pair.accessToken,
      accessExpiresAt: rotated.pair.accessExpiresAt,
      scopes: rotated.pair.scopes,
      accessOnly: false,
      generation,
      refreshedAt: rotated.refreshedAt,
      nextRefreshAt: rotated.nextRefreshAt,
      failedRefreshes: 0,
    };
  }

  /**
   * Marks the company needs_reconnect for a failure of the pair `stored` (a compare-and-set on its
   * generation). If the row has moved on meanwhile (a reconnect, or a refresh that did not go
   * through this process's promise map, stored a newer pair; Fortnox refused the older refresh
   * token for that very reason), the company is left as it is and the newer pair is used.
   */
  private async markFailed(q: Queryable, stored: StoredPairInfo, error: FortnoxCallError, detail: string | null = null): Promise<Outcome> {
    const { tenantId } = stored;
    const marked = await this.deps.rows.markNeedsReconnect(q, tenantId, error.issue, detail, stored.generation);
    if (marked) return { error, marked };
    const read = await this.deps.rows.readAccess(q, tenantId);
    if (read.kind === 'found' && read.pair.generation !== stored.generation && read.pair.status !== 'needs_reconnect') {
      this.deps.log.warn('refresh refused for a pair that was replaced meanwhile; the newer pair is used', {
        tenantId,
        issue: error.issue,
        generation: read.pair.generation,
      });
      return { pair: read.pair, renewed: false };
    }
    return { error, marked: false };
  }

  /**
   * The transaction (or the PGlite write) failed after Fortnox rotated. One more write on a fresh
   * connection, compare-and-set on the generation read; if the row has moved on, either the
   * COMMIT did land (only its answer was lost) or a sign-in stored a newer pair: both are fine.
   * Otherwise the rotation is lost.
   */
  private async afterLostCommit(attempt: Attempt, error: unknown): Promise<Outcome> {
    const { tenantId, source } = attempt;
    const rotated = attempt.rotated;
    if (!rotated) throw error;
    const db = this.deps.db;
    try {
      // One transaction under the token row's lock: the generation compared, the pair written and
      // the company reactivated with no reconnect or disconnect able to commit in between (without
      // the lock, a reconnect committing while the UPDATE waited was re-checked on the companies
      // row only, and `reactivate` ran after, on whatever the row then held).
      const generation = await db.transaction(async (tx) => {
        // Bounded like the refresh transaction: a lock held elsewhere must not stall the rescue.
        await this.applyTransactionSettings(tx);
        if ((await this.deps.rows.lockGeneration(tx, tenantId)) !== rotated.expectedGeneration) return undefined;
        const written = await this.writeRotated(tx, tenantId, rotated);
        // A refresh elsewhere may have tried the dead token meanwhile and marked the company.
        if (written !== undefined) await this.deps.rows.reactivate(tx, tenantId, 'invalid_grant');
        return written;
      });
      if (generation !== undefined) {
        this.deps.log.warn('refreshed pair stored on a second write after its transaction failed', { tenantId, error: describe(error) });
        const read = await this.deps.rows.readAccess(db, tenantId);
        return { pair: this.usable(read), renewed: true };
      }
      const read = await this.deps.rows.readAccess(db, tenantId);
      if (read.kind === 'found' && read.pair.generation > rotated.expectedGeneration) {
        const landed = read.pair.accessToken === rotated.pair.accessToken;
        this.deps.log.warn(landed ? 'refresh committed although its transaction reported a failure' : 'refreshed pair superseded by a newer one; revoking it at Fortnox', {
          tenantId,
          error: describe(error),
        });
        // Provably not stored (the row holds another, newer pair): ours is an orphan.
        if (!landed) this.revokeOrphan(tenantId, rotated.pair.refreshToken, await this.deps.clientConfig());
        return { pair: this.usable(read), renewed: landed };
      }
      if (read.kind === 'missing') {
        // Disconnected meanwhile: the company is gone, and so must be the grant we were given.
        this.deps.log.warn('refreshed pair not stored: the company was disconnected meanwhile; revoking it at Fortnox', { tenantId, error: describe(error) });
        this.revokeOrphan(tenantId, rotated.pair.refreshToken, await this.deps.clientConfig());
        return { error: new CompanyNotFoundError(), marked: false };
      }
    } catch (secondError) {
      this.deps.log.warn('second write of a refreshed pair failed', { tenantId, error: describe(secondError) });
    }
    this.deps.metrics?.lostRotation?.(source);
    // Loud and specific, with nothing secret: the operator must know a customer has to sign in again.
    this.deps.log.error('LOST ROTATION: Fortnox rotated the refresh token but the new pair could not be stored; the company needs a new sign-in', {
      tenantId,
      generation: rotated.expectedGeneration,
      source,
      error: describe(error),
    });
    let marked = false;
    try {
      // The stored refresh token is dead at Fortnox: the next refresh would get invalid_grant. Under
      // the token row's lock, as the rescue write: the generation check alone takes no lock, so a
      // reconnect committing in between would otherwise be marked for a token it replaced.
      marked = await db.transaction(async (tx) => {
        await this.applyTransactionSettings(tx);
        if ((await this.deps.rows.lockGeneration(tx, tenantId)) !== rotated.expectedGeneration) return false;
        return this.deps.rows.markNeedsReconnect(tx, tenantId, 'invalid_grant', null, rotated.expectedGeneration);
      });
    } catch (markError) {
      this.deps.log.error('company with a lost rotation could not be marked needs_reconnect', { tenantId, error: describe(markError) });
    }
    return { error: new FortnoxCallError('invalid_grant'), marked };
  }

  /**
   * Resolves when no refresh is in flight in this process (the promise map is empty): shutdown
   * awaits it before closing the database, so a refresh whose request was cut still commits.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Resolves when every revocation of an orphaned pair started so far has finished (shutdown, tests). */
  async revocationsSettled(): Promise<void> {
    while (this.revocations.size > 0) await Promise.allSettled([...this.revocations]);
  }

  /**
   * Revokes a rotated refresh token that was provably stored nowhere (its compare-and-set lost),
   * best effort and in the background: it takes a rate-limit slot, and its outcome is logged,
   * counted and audited with the tenant only, never the token.
   */
  private revokeOrphan(tenantId: string, refreshToken: string | null, config: TokenClientConfig): void {
    if (refreshToken === null) return;
    const limiter = { acquire: (tenant: string) => this.deps.slots.acquire(tenant, this.deps.now() + this.slotWaitMs) };
    const run = revokeRefreshToken({ client: this.client, limiter, log: this.deps.log }, () => config, refreshToken, tenantId)
      .then(async ({ revoked, issue }) => {
        this.deps.metrics?.orphanRevoked?.(revoked);
        if (revoked) this.deps.log.info('orphaned refresh token revoked at Fortnox', { tenantId });
        else this.deps.log.error('orphaned refresh token could not be revoked at Fortnox; it ends within 45 days unused', { tenantId, issue });
        await this.deps.audit?.record({ action: 'orphan_revoked', actor: null, tenantId, status: revoked ? 200 : 502 });
      })
      .catch((error: unknown) => this.deps.log.warn('orphaned refresh token revocation could not be recorded', { tenantId, error: describe(error) }));
    this.revocations.add(run);
    void run.finally(() => this.revocations.delete(run));
  }

  /** Metrics, logs (after COMMIT, never inside the window) and the caller's answer. */
  private settle(attempt: Attempt, outcome: Outcome): Refreshed {
    const { tenantId, source } = attempt;
    if ('pair' in outcome) {
      if (outcome.renewed) {
        this.deps.metrics?.refreshed?.(source, this.deps.now() - attempt.startedAt);
        this.deps.log.info('tokens refreshed', { tenantId, source, generation: outcome.pair.generation });
      }
      return { pair: outcome.pair, renewed: outcome.renewed };
    }
    if (isStopping(outcome.error)) {
      // Not a failure: nothing was sent or stored, and nothing changed that desktops show.
      this.deps.log.info('refresh not started: the server is stopping', { tenantId, source });
      throw outcome.error;
    }
    const issue = outcome.error instanceof FortnoxCallError ? outcome.error.issue : outcome.error.name;
    this.deps.metrics?.refreshFailed?.(source, issue);
    this.deps.log.warn('refresh failed', { tenantId, source, issue, needsReconnect: outcome.marked });
    throw outcome.error;
  }

  /** PostgreSQL background renewal: claim (SKIP LOCKED) and renew in one transaction. */
  private renewClaimedLocked(config: TokenClientConfig): Promise<RenewOutcome | undefined> {
    return this.permits.with(async () => {
      if (this.stopping) return undefined;
      const attempt: Attempt = { tenantId: '', source: 'background', startedAt: this.deps.now() };
      let outcome: Outcome | undefined;
      try {
        outcome = await this.deps.db.transaction(async (tx) => {
          await this.applyTransactionSettings(tx);
          const claimed = await this.deps.rows.claimDue(tx, { lock: true });
          if (!claimed) return undefined;
          attempt.tenantId = claimed.tenantId;
          const result = await this.rotateIfNeeded(tx, attempt, claimed.read, () => true, config, true);
          if ('error' in result && !result.marked && !isStopping(result.error)) await this.recordFailure(tx, claimed.tenantId, claimed.read, result);
          return result;
        });
      } catch (error) {
        if (!attempt.rotated) throw error;
        outcome = await this.afterLostCommit(attempt, error);
      }
      if (outcome === undefined) return undefined;
      return this.backgroundOutcome(attempt, outcome);
    });
  }

  /** PGlite background renewal: the next due company not already being renewed here, through the promise map. */
  private async renewNextDueInProcess(config: TokenClientConfig): Promise<RenewOutcome | undefined> {
    const db = this.deps.db;
    // Claims one at a time, each entered in the promise map before the next claim reads, so two
    // workers never pick the same company; the renewals themselves run side by side.
    const turn = this.claimChain.then(async () => {
      const claimed = await this.deps.rows.claimDue(db, { lock: false, exclude: [...this.inFlight.keys()] });
      if (!claimed) return undefined;
      const { tenantId, read } = claimed;
      // A request started a refresh of this company while the claim read the database: that one
      // is the company's refresh (overwriting its entry would present the same refresh token twice).
      if (this.inFlight.has(tenantId)) return { busy: tenantId };
      const attempt: Attempt = { tenantId, source: 'background', startedAt: this.deps.now() };
      if (read.kind !== 'found') return { attempt, read, outcome: Promise.resolve<Outcome>({ error: new FortnoxCallError('undecryptable'), marked: true }) };
      const due: Need = (stored) => stored.nextRefreshAt <= this.deps.now();
      const outcome = this.permits.with(() => this.refreshInProcess(attempt, due, config));
      const shared = outcome.then((result) => this.settle(attempt, result));
      this.inFlight.set(tenantId, shared);
      void shared
        .catch(() => undefined)
        .finally(() => {
          if (this.inFlight.get(tenantId) === shared) this.inFlight.delete(tenantId);
        });
      return { attempt, read, outcome };
    });
    this.claimChain = turn.catch(() => undefined);
    const claimed = await turn;
    if (claimed === undefined) return undefined;
    if ('busy' in claimed) return { tenantId: claimed.busy, result: 'not_due' };
    const { attempt, read } = claimed;
    const outcome = await claimed.outcome;
    if ('error' in outcome && !outcome.marked && !isStopping(outcome.error) && read.kind === 'found') await this.recordFailure(db, attempt.tenantId, read, outcome);
    return this.backgroundOutcome(attempt, outcome, read.kind === 'found');
  }

  /** A failed background renewal: tried again after a backoff that doubles with each failure in a row. */
  private async recordFailure(q: Queryable, tenantId: string, read: TokenRead<StoredPair>, outcome: { error: Error; detail?: string | null }): Promise<void> {
    const failures = read.kind === 'found' ? read.pair.failedRefreshes : 0;
    const retryAt = this.deps.now() + Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** Math.min(failures, 20));
    const issue = outcome.error instanceof FortnoxCallError ? outcome.error.issue : 'server_error';
    await this.deps.rows.recordFailure(q, tenantId, retryAt, issue, outcome.detail ?? null);
  }

  /** What a background renewal did; logs and metrics through `settle` unless they were already done. */
  private backgroundOutcome(attempt: Attempt, outcome: Outcome, settled = false): RenewOutcome {
    const tenantId = attempt.tenantId;
    if (!settled) {
      try {
        this.settle(attempt, outcome);
      } catch {
        // Reported below; a background failure is recorded, not thrown.
      }
    }
    if ('pair' in outcome) return { tenantId, result: outcome.renewed ? 'renewed' : 'not_due' };
    // Held back by shutdown: the company is still due, for the next replica or start.
    if (isStopping(outcome.error)) return { tenantId, result: 'not_due' };
    const issue = outcome.error instanceof FortnoxCallError ? outcome.error.issue : outcome.error.name;
    const result = attempt.rotated ? 'lost' : outcome.marked ? 'needs_reconnect' : 'failed';
    return { tenantId, result, issue };
  }
}

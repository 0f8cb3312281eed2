import pg from 'pg';
import type { Timers } from '../../main/connect/connect-flow';
import type { Logger } from '../../main/logging/logger';
import type { Database } from '../db/database';
import type { TokenMetrics } from '../tokens/firm-tokens';

/**
 * How a change to the firm's companies (connect, reconnect, test, disconnect) reaches every
 * replica's event streams (`GET /v1/firm/events`). After the change has committed, `announce`
 * takes the next list version (the `company_list_version` sequence) and tells every replica:
 * - PostgreSQL: `NOTIFY` on one channel; each process keeps ONE dedicated connection that
 *   `LISTEN`s (outside the pool: a pooled connection would lose its LISTEN when it is returned),
 *   opened again with a growing wait when it drops, and checked every minute;
 * - PGlite: one process by its folder lock, so an in-process emitter is the whole fleet.
 * A notification only says "read again": subscribers read the list and its version from the
 * database, so a lost or doubled notification costs one read, never a wrong list. When the LISTEN
 * connection comes back, subscribers are told once (a change may have been missed meanwhile).
 */

/** The NOTIFY channel (one per database; the payload is the new version, for logs only). */
export const COMPANY_CHANGES_CHANNEL = 'fortnox_connector_companies';

/** `NOTIFY` after the version: both in one statement, outside any transaction (the change has committed). */
const ANNOUNCE_SQL = `SELECT pg_notify($1, nextval('company_list_version')::text)`;
const NEXT_VERSION_SQL = `SELECT nextval('company_list_version')`;

export interface CompanyChangeFeed {
  /**
   * After a change committed: the next version, and every replica's subscribers told. Never
   * throws (the change is stored; a failure is logged and this process's subscribers are still told).
   */
  announce(): Promise<void>;
  /**
   * After a change that comes in bursts and matters less (a successful refresh: new times in the
   * list): announced at once if nothing was announced this way in the last `coalesceMs`, else once
   * at the end of that window, however many came in it. The last one is never dropped.
   */
  announceSoon(): void;
  /** `listener` runs on every change announced by any replica; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Resolves once changes from other replicas are being received (at once on PGlite). */
  ready(): Promise<void>;
  /** Stops listening; later announcements only bump the version. */
  close(): Promise<void>;
}

/** What the feed needs besides the database. */
export interface CompanyChangeFeedOptions {
  log: Logger;
  timers: Timers;
  /**
   * PostgreSQL only: opens the dedicated LISTEN connection (a `pg.Client` on DATABASE_URL, not
   * connected yet). Without it the feed is in-process only, as on PGlite.
   */
  listenClient?: () => pg.Client;
  /** Waits between attempts to open the LISTEN connection again: first, doubling up to max (default 1 s to 30 s). */
  retry?: { firstMs: number; maxMs: number };
  /** How often the LISTEN connection is checked with a query (default 60 s), and how long the check may take (default 10 s). */
  checkEveryMs?: number;
  checkTimeoutMs?: number;
  /** `announceSoon`'s window (default `DEFAULT_COALESCE_MS`). */
  coalesceMs?: number;
}

/**
 * At most one `announceSoon` per window per replica: with thousands of companies refreshed about
 * hourly, a refresh every second or two across the fleet; each announcement makes every open
 * desktop read the whole list again (the event carries the whole list, not a delta). Only new
 * renew-by and expiry times wait this long: status changes and failed refreshes go at once
 * (`announce`). The server sets it from REFRESH_ANNOUNCE_SECONDS.
 */
export const DEFAULT_COALESCE_MS = 60_000;

/** A `pg.Client` for LISTEN on `url` (the server's DATABASE_URL), named in pg_stat_activity. */
export function listenClientFor(url: string): () => pg.Client {
  return () =>
    new pg.Client({
      connectionString: url,
      application_name: 'fortnox-connector-server-listen',
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** The code of a database error (never its message, which may name a host or a user). */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.slice(0, 20) : null;
}

/**
 * The change feed for `db`: LISTEN/NOTIFY when `options.listenClient` is given (PostgreSQL),
 * otherwise in-process (PGlite). Starts listening at once.
 */
export function companyChangeFeed(db: Database, options: CompanyChangeFeedOptions): CompanyChangeFeed {
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        options.log.error('company change listener failed', { error: errorName(error) });
      }
    }
  };
  const listen = db.kind === 'postgres' && options.listenClient ? startListening(options.listenClient, options, tell) : undefined;
  const announce = async () => {
    try {
      if (listen) await db.query(ANNOUNCE_SQL, [COMPANY_CHANGES_CHANNEL]);
      else await db.query(NEXT_VERSION_SQL);
    } catch (error) {
      options.log.warn('company change could not be announced to other replicas', { error: errorName(error), code: errorCode(error) });
    }
    // This process's streams at once, whatever the LISTEN connection is doing (a doubled read is cheap).
    tell();
  };
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  /** The window after an `announceSoon` announcement; `held`: one more came in it. */
  let window: unknown;
  let held = false;
  let closed = false;
  const openWindow = () => {
    window = options.timers.set(() => {
      window = undefined;
      if (!held) return;
      held = false;
      void announce();
      openWindow();
    }, coalesceMs);
  };

  return {
    announce,
    announceSoon() {
      if (window !== undefined) {
        held = true;
        return;
      }
      void announce();
      if (!closed) openWindow();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => listen?.ready ?? Promise.resolve(),
    async close() {
      closed = true;
      if (window !== undefined) options.timers.clear(window);
      window = undefined;
      listeners.clear();
      // A held announcement still goes out: the other replicas' desktops should see the change.
      if (held) {
        held = false;
        await announce();
      }
      await listen?.close();
    },
  };
}

interface Listening {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The dedicated LISTEN connection, kept open until `close`. */
function startListening(connect: () => pg.Client, options: CompanyChangeFeedOptions, tell: () => void): Listening {
  const { log, timers } = options;
  const retry = options.retry ?? { firstMs: 1_000, maxMs: 30_000 };
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 10_000;
  let closed = false;
  let client: pg.Client | undefined;
  let wait = retry.firstMs;
  let retryTimer: unknown;
  let checkTimer: unknown;
  let opened = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const drop = (current: pg.Client, why: string, error?: unknown) => {
    if (client !== current) return;
    client = undefined;
    if (checkTimer !== undefined) timers.clear(checkTimer);
    checkTimer = undefined;
    current.removeAllListeners('notification');
    // Errors after this one (the socket's end) are expected and ignored.
    current.on('error', () => undefined);
    void current.end().catch(() => undefined);
    if (closed) return;
    log.warn('company change listener lost its database connection; opening it again', { why, error: error === undefined ? null : errorName(error), code: errorCode(error), waitMs: wait });
    schedule();
  };

  const schedule = () => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = timers.set(() => {
      retryTimer = undefined;
      void open();
    }, wait);
    wait = Math.min(retry.maxMs, wait * 2);
  };

  const check = (current: pg.Client) => {
    checkTimer = timers.set(() => {
      checkTimer = undefined;
      if (client !== current) return;
      let answered = false;
      const timeout = timers.set(() => {
        if (!answered) drop(current, 'check_timed_out');
      }, checkTimeoutMs);
      current.query('SELECT 1').then(
        () => {
          answered = true;
          timers.clear(timeout);
          if (client === current) check(current);
        },
        (error: unknown) => {
          answered = true;
          timers.clear(timeout);
          drop(current, 'check_failed', error);
        },
      );
    }, checkEveryMs);
  };

  const open = async () => {
    if (closed || client !== undefined) return;
    let current: pg.Client;
    try {
      current = connect();
    } catch (error) {
      log.error('company change listener could not be created', { error: errorName(error) });
      schedule();
      return;
    }
    client = current;
    current.on('error', (error: Error) => drop(current, 'error', error));
    current.on('end', () => drop(current, 'ended'));
    current.on('notification', (message) => {
      if (message.channel === COMPANY_CHANGES_CHANNEL) tell();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${COMPANY_CHANGES_CHANNEL}`);
    } catch (error) {
      drop(current, 'listen_failed', error);
      return;
    }
    if (client !== current) return;
    if (closed) {
      await current.end().catch(() => undefined);
      return;
    }
    wait = retry.firstMs;
    check(current);
    if (opened) {
      log.info('company change listener connected again');
      // Whatever was announced while it was away: every stream reads the list again.
      tell();
    }
    opened = true;
    markReady();
  };

  void open();
  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer !== undefined) timers.clear(retryTimer);
      if (checkTimer !== undefined) timers.clear(checkTimer);
      retryTimer = undefined;
      checkTimer = undefined;
      const current = client;
      client = undefined;
      markReady();
      if (current) {
        current.removeAllListeners('notification');
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}

/**
 * FirmTokens' metrics hooks (`metrics`' own kept) that also announce the changes desktops show:
 * a failed refresh or a lost rotation at once (the company may now show `error` or
 * `needs_reconnect`); a successful refresh through `announceSoon` (its new renew-by and access
 * expiry; coalesced, since a firm's companies are refreshed all day long). A refresh that found
 * the pair already renewed by another replica changes nothing shown and announces nothing (the
 * `refreshed` hook runs only for a rotation this process committed).
 */
export function announceTokenChanges(metrics: TokenMetrics, changes: Pick<CompanyChangeFeed, 'announce' | 'announceSoon'>): TokenMetrics {
  return {
    ...metrics,
    refreshed(source, durationMs) {
      metrics.refreshed?.(source, durationMs);
      changes.announceSoon();
    },
    refreshFailed(source, issue) {
      metrics.refreshFailed?.(source, issue);
      void changes.announce();
    },
    lostRotation(source) {
      metrics.lostRotation?.(source);
      void changes.announce();
    },
  };
}

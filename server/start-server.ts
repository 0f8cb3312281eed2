import { createServer } from 'node:net';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import type { Timers } from '../main/connect/connect-flow';
import { cryptoRandomBytes } from '../main/connect/random-token';
import type { HttpFetch } from '../main/fortnox/fortnox-http';
import { RateLimitWaitExceededError } from '../main/fortnox/rate-limiter';
import type { TokenClientConfig } from '../main/fortnox/token-client';
import type { Logger, LogFields } from '../main/logging/logger';
import type { ConnectionIssue } from '../shared/connection-issues';
import { describeDemoSimulator, startDemoSimulator, type DemoSimulator } from '../simulator/standalone';
import { createFirmAuth, type FirmAuth } from './auth/firm-auth';
import { companyDirectory } from './companies/company-repository';
import type { FortnoxEndpoints, ServerConfig } from './config';
import { KeyHealth } from './crypto/key-health';
import { openKeyRing } from './crypto/key-source';
import type { KeyRing } from './crypto/sealer';
import type { Database } from './db/database';
import { migrate, readMigrations } from './db/migrate';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import { resolveClientSecret } from './fortnox/fortnox-client-store';
import { createServerMetrics, type ServerMetrics } from './http/metrics';
import { databaseReadiness } from './http/readiness';
import { buildServerApp } from './http/server-app';
import { createFirmConnectionRoutes } from './http/firm-connection-routes';
import { announceTokenChanges, companyChangeFeed, listenClientFor } from './companies/company-changes';
import { DEFAULT_SHUTDOWN_GRACE_MS, shutdownServer } from './http/shutdown';
import { IntegrationKeys } from './keys/integration-keys';
import { configSecrets } from './logging/safe-error';
import { createServerLogger, serverLoggerOptions } from './logging/server-logger';
import { BackgroundRefresh } from './tokens/background-refresh';
import {
  DEFAULT_FORTNOX_TIMEOUT_MS,
  DEFAULT_MAX_REFRESH_TRANSACTIONS,
  DEFAULT_SLOT_WAIT_MS,
  FirmTokens,
  REFRESH_AT_FORTNOX_BOUND_MS,
  type RefreshSource,
  type TokenMetrics,
} from './tokens/firm-tokens';
import { FleetRateLimiter, type FortnoxRequestSlots } from './tokens/fleet-rate-limiter';
import { TokenRows } from './tokens/token-rows';

/**
 * The firm server assembled (issue 10 items 1, 2 and 7): configuration in, a listening server out.
 * Database (PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR under its folder lock), migrations,
 * key ring, the Fortnox client (its secret stored encrypted), token service with the fleet-wide rate
 * limit and background refresh, integration keys, the company directory and the HTTP app with its
 * metrics and readiness. Without a Fortnox client it runs the embedded demo simulator, as the app.
 */

/** How to start. */
export interface StartFirmServerOptions {
  config: ServerConfig;
  /** The clock (epoch ms); default `Date.now`. */
  now?: () => number;
  /** Run the background refresh (default true); off for tests that drive refreshes themselves. */
  backgroundRefresh?: boolean;
  /** Where the JSON log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Time between `/readyz` answering 503 and the listener closing at shutdown (default 0). */
  drainDelayMs?: number;
  /** Time in-flight requests get at shutdown before their connections are cut (default the app's 25 s). */
  graceMs?: number;
}

/** The Fortnox the server talks to, as resolved at start. */
export interface FortnoxRuntime {
  mode: 'embedded-simulator' | 'external-simulator' | 'fortnox';
  clientId: string;
  endpoints: FortnoxEndpoints;
  /** The redirect URIs desktop apps may use (the demo client's own one added in simulator mode). */
  redirectUris: string[];
  /** The token call's configuration, secret included: never log it. */
  tokenClient(): TokenClientConfig;
}

/** A running firm server. */
export interface RunningFirmServer {
  /** Where this process answers (a wildcard host as loopback), e.g. `http://127.0.0.1:41818`. */
  url: string;
  port: number;
  database: Database;
  keyRing: KeyRing;
  tokens: FirmTokens;
  keys: IntegrationKeys;
  fortnox: FortnoxRuntime;
  metrics: ServerMetrics;
  /** The embedded demo simulator, in simulator mode. */
  simulator?: DemoSimulator;
  /**
   * Graceful shutdown, once (later calls get the same promise): `/readyz` 503, stop accepting,
   * finish in-flight requests, stop background refresh (waiting for refreshes on the wire to
   * commit), close the database (and release the data folder's lock), stop the simulator.
   */
  close(): Promise<void>;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Node's fetch in the shape the Fortnox clients take (answers are read as size-limited streams). */
const nodeFetch: HttpFetch = (url, init) => fetch(url, init);

/** The app's `Logger` over pino: fields first, message second, as pino writes them. */
export function pinoAppLogger(log: PinoLogger): Logger {
  return {
    info: (message: string, fields?: LogFields) => log.info(fields ?? {}, message),
    warn: (message: string, fields?: LogFields) => log.warn(fields ?? {}, message),
    error: (message: string, fields?: LogFields) => log.error(fields ?? {}, message),
  };
}

/** The connection issue a refresh failed with, as the metrics take it. */
function issueLabel(issue: string): ConnectionIssue {
  return issue as ConnectionIssue;
}

function trigger(source: RefreshSource): 'request' | 'background' {
  return source === 'background' ? 'background' : 'request';
}

/** The token service's counters, into the server's metrics. */
function tokenMetrics(metrics: ServerMetrics): TokenMetrics {
  return {
    refreshed: (source, durationMs) => metrics.refreshDone(trigger(source), 'ok', durationMs / 1000),
    refreshFailed: (source, issue) => metrics.refreshDone(trigger(source), issueLabel(issue), 0),
  };
}

/** The fleet-wide limiter as refreshes use it: their waits and give-ups counted as `refresh`. */
function refreshSlots(limiter: FortnoxRequestSlots, metrics: ServerMetrics, now: () => number): FortnoxRequestSlots {
  return {
    async acquire(tenantId, deadline) {
      const started = now();
      try {
        await limiter.acquire(tenantId, deadline);
      } catch (error) {
        if (error instanceof RateLimitWaitExceededError) metrics.rateLimitExceeded('refresh');
        throw error;
      }
      metrics.rateLimitWaited('refresh', (now() - started) / 1000);
    },
  };
}

/** How often ended sessions, old pairing codes and audit rows past 90 days are deleted. */
export const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * Longest shutdown waits, after the HTTP grace, for refreshes still in flight. Shutdown first calls
 * `FirmTokens.stop()`, so none starts a Fortnox call after it began: those queued for a permit, the
 * row lock or a rate-limit slot end without calling, and only one already at Fortnox is waited
 * for (its call, the first write's lock wait, the write retried under the lock, the rescue
 * write), plus a margin.
 */
export const REFRESH_SETTLE_MS = REFRESH_AT_FORTNOX_BOUND_MS + 2_000;

/** Longest shutdown then waits for revocations of orphaned pairs (a rate-limit slot and one Fortnox call, plus a margin). */
export const REVOCATION_SETTLE_MS = DEFAULT_SLOT_WAIT_MS + DEFAULT_FORTNOX_TIMEOUT_MS + 2_000;

/**
 * Time a signal's shutdown may take before main.ts ends the process anyway: the HTTP grace, then
 * the refresh and revocation waits (in that order, each bounded), plus 10 s for background refresh
 * to stop, the database to close and the simulator to stop. deploy/compose.yaml's
 * `stop_grace_period` must be longer, or the container is killed before this deadline.
 */
export const SHUTDOWN_DEADLINE_MS = DEFAULT_SHUTDOWN_GRACE_MS + REFRESH_SETTLE_MS + REVOCATION_SETTLE_MS + 10_000;

/** Waits for `work`, or `ms` on `timers`, whichever comes first (then `onTimeout`). */
async function settleWithin(work: Promise<void>, timers: Timers, ms: number, onTimeout: () => void): Promise<void> {
  let handle: unknown;
  const timedOut = new Promise<'timeout'>((resolve) => (handle = timers.set(() => resolve('timeout'), ms)));
  try {
    if ((await Promise.race([work.then(() => 'done' as const), timedOut])) === 'timeout') onTimeout();
  } finally {
    timers.clear(handle);
  }
}

/** Prunes once soon after start, then every PRUNE_INTERVAL_MS; a failure is logged by name and tried again next time. */
function startPruning(firm: FirmAuth, log: Logger, timers: Timers): { stop(): Promise<void> } {
  let handle: unknown;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = firm
      .prune()
      .then(
        (counts) => {
          if (counts.sessions + counts.pairingCodes + counts.auditRows + counts.challenges > 0) log.info('pruned ended sessions, pairing codes, sign-in challenges and old audit rows', counts);
        },
        (error: unknown) => log.warn('pruning failed', { error: error instanceof Error ? error.name : typeof error }),
      )
      .finally(() => {
        if (!stopped) handle = timers.set(run, PRUNE_INTERVAL_MS);
      });
  };
  handle = timers.set(run, 60_000);
  return {
    /** No more runs; resolves when one under way has ended (before the database closes). */
    stop() {
      stopped = true;
      timers.clear(handle);
      return running;
    },
  };
}

/** A free port on `host` (PORT=0), reserved for a moment: the app needs its address before it listens (the OpenAPI document). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** TRUST_PROXY as Fastify's option: the named proxies, or (none named) trust nothing. */
function trustProxyOption(value: ServerConfig['trustProxy']): false | string[] {
  return value.length === 0 ? false : value;
}

/** The address a client on this machine uses for `host`. */
function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * How old the data folder's lock must be before another process may take it over. PGlite's first
 * start (initdb in WebAssembly) keeps the event loop busy for seconds on a loaded machine, which
 * delays the lock's refresh: with the 10 s default a second process took over a folder whose
 * first process was still initialising it. A crashed server's folder stays locked this long.
 */
export const PGLITE_LOCK_STALE_MS = 30_000;

async function openDatabase(config: ServerConfig, log: Logger): Promise<Database> {
  const settings = config.database;
  if (settings.kind === 'postgres') {
    return openPostgres(settings.url.reveal(), {
      max: settings.poolMax,
      connectionTimeoutMillis: 5_000,
      // The error's name and code only: a message may name the host or the user.
      onConnectionError: (error) => log.warn('database connection lost', { error: error.name, code: (error as { code?: string }).code ?? null }),
    });
  }
  return openPglite(settings.dataDir, { lockStaleMillis: PGLITE_LOCK_STALE_MS });
}

/** Whether every migration of this build is applied. */
function migrationsCheck(db: Database): () => Promise<boolean> {
  const expected = readMigrations().then((files) => files.map((file) => file.version));
  return async () => {
    const versions = await expected;
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    return versions.every((version) => applied.has(version));
  };
}

/** Starts the demo simulator and logs loudly that this is not Fortnox. */
async function startSimulator(log: Logger): Promise<DemoSimulator> {
  const demo = await startDemoSimulator();
  log.warn('SIMULATOR MODE: no Fortnox client is configured (FORTNOX_CLIENT_ID), so this server talks to an embedded Fortnox simulator with demo companies, not to Fortnox. Configure a Fortnox client for real use.', {
    simulator: demo.simulator.origin,
  });
  // Its URLs and demo logins, for trying it out; the (public, fake) demo client secret is left out.
  for (const line of describeDemoSimulator(demo)) {
    if (!/client secret|Ctrl\+C/.test(line)) log.info(`simulator: ${line.trim()}`);
  }
  return demo;
}

/** Starts the firm server; rejects (having closed whatever it opened) if any part cannot start. */
export async function startFirmServer(options: StartFirmServerOptions): Promise<RunningFirmServer> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const timers = realTimers;
  // The configuration's secrets (database URL and password, client secret) are masked in every log line.
  const secrets = configSecrets(config);
  const loggerSettings = { level: config.logLevel, secrets };
  const pinoLog = createServerLogger(loggerSettings, options.logDestination);
  const log = pinoAppLogger(pinoLog);
  for (const notice of config.notices) log.warn(notice);

  const cleanups: (() => Promise<void>)[] = [];
  const undo = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const db = await openDatabase(config, log);
    cleanups.push(() => db.close());
    const migrated = await migrate(db);
    log.info('database ready', {
      database: db.kind,
      version: migrated.version,
      applied: migrated.applied.map((m) => `${m.version}_${m.name}`).join(',') || null,
      ms: Math.round(migrated.durationMs),
    });
    const keyRing = await openKeyRing(config.encryption, { database: db.kind, dataDir: config.dataDir });

    let simulator: DemoSimulator | undefined;
    if (config.fortnox.mode === 'embedded-simulator') {
      const demo = await startSimulator(log);
      simulator = demo;
      cleanups.push(() => demo.simulator.close());
    }

    const fortnox = await resolveFortnox(config, db, keyRing, simulator);
    secrets.add(fortnox.tokenClient().clientSecret);
    log.info('fortnox client', { mode: fortnox.mode, clientId: fortnox.clientId, oauthEndpoint: new URL('./', fortnox.endpoints.tokenUrl).href, apiBaseUrl: fortnox.endpoints.apiBaseUrl });

    const { metrics, registry } = createServerMetrics();
    // The canary and the key ids in use, checked before any traffic: a replica with a missing or
    // wrong key starts, but /readyz keeps it out of the load balancer (and it changes no company).
    const keyHealth = new KeyHealth(keyRing, log);
    await keyHealth.verify(db);
    const rows = new TokenRows(keyRing, log, keyHealth);
    // Company changes reach every replica's live lists (LISTEN/NOTIFY on PostgreSQL, in-process on PGlite).
    // Made before FirmTokens, which announces failed refreshes on it.
    const changes = companyChangeFeed(db, {
      log,
      timers,
      coalesceMs: config.refreshAnnounceMs,
      ...(config.database.kind === 'postgres' ? { listenClient: listenClientFor(config.database.url.reveal()) } : {}),
    });
    cleanups.push(() => changes.close());
    const limiter = new FleetRateLimiter(db, { now, timers });
    // Made before FirmTokens, which audits the revocation of a rotated pair that could not be stored.
    const firm = createFirmAuth(db, { oidc: config.oidc }, { now, random: cryptoRandomBytes });
    const poolMax = config.database.kind === 'postgres' ? config.database.poolMax : Infinity;
    const tokens = new FirmTokens({
      db,
      rows,
      fetcher: nodeFetch,
      clientConfig: () => fortnox.tokenClient(),
      slots: refreshSlots(limiter, metrics, now),
      now,
      timers,
      log,
      metrics: announceTokenChanges(tokenMetrics(metrics), changes),
      audit: firm.audit,
      // Refresh transactions each hold a pooled connection: leave at least one for everything else.
      options: { maxRefreshTransactions: Math.max(1, Math.min(DEFAULT_MAX_REFRESH_TRANSACTIONS, poolMax - 1)) },
    });
    const background = new BackgroundRefresh({ tokens, log, timers, concurrency: config.refreshConcurrency });
    const keys = new IntegrationKeys({
      db,
      random: cryptoRandomBytes,
      now,
      onBackgroundFailure: (keyId) => log.warn('could not note an integration key\'s last use', { keyId }),
    });
    const companies = companyDirectory(db, { onInvalidRow: (tenantId) => log.warn('a company row does not fit the API and is left out', { tenantId }) });

    const prune = startPruning(firm, log, timers);
    cleanups.push(() => prune.stop());

    const port = config.port === 0 ? await freePort(config.host) : config.port;
    const app = buildServerApp({
      keys,
      companies,
      tokens,
      proxy: { apiBaseUrl: () => fortnox.endpoints.apiBaseUrl, limiter },
      firm: {
        sessions: firm.sessions,
        verifier: firm.verifier,
        challenges: firm.challenges,
        signInOptions: firm.signInOptions,
        pairingCodes: firm.pairingCodes,
        keys,
        audit: firm.audit,
        throttle: firm.throttle,
        connections: createFirmConnectionRoutes({
          db,
          rows,
          tokens,
          fortnox,
          fetcher: nodeFetch,
          slots: limiter,
          now,
          timers,
          log,
          changes,
          onInvalidRow: (tenantId) => log.warn('a company row does not fit the desktop\'s summary and is left out', { tenantId }),
        }),
        // The failure's name only: a message may quote what it failed on.
        onFailure: (what, errorName) => log.warn('accountant route failure', { what, error: errorName }),
      },
      sessionToolRight: config.sessionToolRight,
      readiness: databaseReadiness({ db, migrationsApplied: migrationsCheck(db), keyLoaded: () => keyHealth.ready() }),
      metrics: { metrics, registry },
      metricsToken: config.metricsToken?.reveal() ?? null,
      publicUrl: config.publicUrl ?? localUrl(config.host, port),
      now,
      timers,
      logger: options.logDestination ? { ...serverLoggerOptions(loggerSettings), stream: options.logDestination } : serverLoggerOptions(loggerSettings),
      trustProxy: trustProxyOption(config.trustProxy),
    });
    cleanups.push(() => app.close());
    await app.listen({ host: config.host, port });
    const url = localUrl(config.host, port);

    if (options.backgroundRefresh !== false) background.start();
    // One line the operator (and multi-process tests) can find: where the server answers.
    pinoLog.info({ event: 'listening', url, host: config.host, port, database: db.kind, fortnox: fortnox.mode }, `Fortnox Connector server listening on ${url}`);

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        log.info('shutting down');
        // First of all: no refresh calls Fortnox from now on (one already there finishes and commits).
        tokens.stop();
        const pruned = prune.stop();
        try {
          await shutdownServer(
            { app, backgroundRefresh: background, database: { close: async () => {
              await keys.idle().catch(() => undefined);
              // Refreshes started by requests (cut at the grace, or not) commit before the database
              // closes; each is bounded by its own time-outs, and this wait by REFRESH_SETTLE_MS.
              await settleWithin(tokens.settled(), timers, REFRESH_SETTLE_MS, () => log.error('shutdown: a refresh did not finish in time; closing the database anyway'));
              // Revocations of orphaned pairs finish (and are audited) before the database closes.
              await settleWithin(tokens.revocationsSettled(), timers, REVOCATION_SETTLE_MS, () => log.error('shutdown: a revocation of an orphaned pair did not finish in time; closing the database anyway'));
              await pruned;
              await db.close();
            } } },
            { timers, drainDelayMs: options.drainDelayMs ?? 0, ...(options.graceMs !== undefined && { graceMs: options.graceMs }) },
          );
        } finally {
          if (simulator) await simulator.simulator.close();
          log.info('stopped');
        }
      })();
      return closing;
    };
    return { url, port, database: db, keyRing, tokens, keys, fortnox, metrics, ...(simulator && { simulator }), close };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** The Fortnox client of this run: the demo simulator's, or the configured one with its secret from the environment or the database. */
async function resolveFortnox(config: ServerConfig, db: Database, keyRing: KeyRing, simulator: DemoSimulator | undefined): Promise<FortnoxRuntime> {
  const settings = config.fortnox;
  if (settings.mode === 'embedded-simulator') {
    if (!simulator) throw new Error('The embedded simulator is not running.');
    const sim = simulator.simulator;
    const endpoints = { authorizeUrl: sim.authorizeUrl, tokenUrl: sim.tokenUrl, revokeUrl: sim.revokeUrl, apiBaseUrl: sim.apiBaseUrl };
    const clientConfig: TokenClientConfig = { tokenUrl: endpoints.tokenUrl, revokeUrl: endpoints.revokeUrl, clientId: simulator.clientId, clientSecret: simulator.clientSecret };
    return {
      mode: 'embedded-simulator',
      clientId: simulator.clientId,
      endpoints,
      redirectUris: [...new Set([simulator.redirectUri, ...settings.redirectUris])],
      tokenClient: () => clientConfig,
    };
  }
  const secret = await resolveClientSecret(db, keyRing, settings.clientId, settings.clientSecret?.reveal() ?? null);
  const clientConfig: TokenClientConfig = {
    tokenUrl: settings.endpoints.tokenUrl,
    revokeUrl: settings.endpoints.revokeUrl,
    clientId: settings.clientId,
    clientSecret: secret,
  };
  return { mode: settings.mode, clientId: settings.clientId, endpoints: settings.endpoints, redirectUris: settings.redirectUris, tokenClient: () => clientConfig };
}

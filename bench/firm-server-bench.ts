/**
 * The firm server's figures (issue 10 item 9), printed by `npm run bench` in the same run as the rest:
 * - access-token requests through the firm server on PostgreSQL (startFirmServer as `npm run server`
 *   runs it: integration key checked in the database, the token read from its encrypted row) against
 *   the desktop's local API (bench/local-api-bench.ts), alternated under the same load, with the ratio;
 * - the background refresh plan for 10,000 companies (planBackgroundRefresh);
 * - migrations on an empty database (migrate()'s own timing), PostgreSQL and PGlite.
 * PostgreSQL is a throwaway cluster (scripts/test-postgres.sh, Debian's binaries), or a cluster the
 * caller names (the smoke test's); without one the PostgreSQL figures are skipped with the reason printed.
 * The counts are parameters (FirmServerBenchOptions) so that a test can run all of it in seconds;
 * `npm run bench` uses the defaults.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { TokenClient } from '../main/fortnox/token-client';
import { FORTNOX_RATE_LIMIT } from '../main/fortnox/rate-limiter';
import { createLogger } from '../main/logging/logger';
import { loadServerConfig } from '../server/config';
import { migrate } from '../server/db/migrate';
import { openPglite } from '../server/db/pglite';
import { openPostgres } from '../server/db/postgres';
import { startFirmServer } from '../server/start-server';
import { nextRefreshAt, planBackgroundRefresh, type PlannableCompany } from '../server/tokens/refresh-plan';
import { TokenRows } from '../server/tokens/token-rows';
import { startFortnoxSimulator } from '../simulator/fortnox-simulator';
import { E2E_CLIENT_ID, e2eScript } from '../test/e2e/e2e-script';
import { obtainCode } from '../test/unit/simulator/token-test-kit';
import { alternate, SECONDS_PER_RUN, startLocalApiTarget, TOKEN_CONNECTIONS, WARM_UP_SECONDS } from './local-api-bench';
import type { LoadFigures } from './load-generator';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../scripts/test-postgres.sh');
/** The simulator company both servers hand tokens for (user `bo`, one company), as in local-api-bench.ts. */
const TENANT = '2001';
const PLAN_COMPANIES = 10_000;
const PLAN_RUNS = 50;
const MIGRATION_RUNS = 5;

/** How much firmServerFigures measures; every count defaults to `npm run bench`'s. */
export interface FirmServerBenchOptions {
  /** Companies in the background refresh plan (10,000). */
  planCompanies?: number;
  /** Timed runs of the plan (50). */
  planRuns?: number;
  /** Fresh PostgreSQL databases migrated (5). */
  migrationRuns?: number;
  /** Connections of the access-token loads (TOKEN_CONNECTIONS). */
  tokenConnections?: number;
  /** Requests per access-token load, warm-ups included, instead of SECONDS_PER_RUN (and WARM_UP_SECONDS) of load. */
  tokenRequestsPerRun?: number;
  /** A running cluster's maintenance URL: its databases are created there (and dropped) instead of in a throwaway cluster. */
  clusterUrl?: string;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(percentile(sorted, 100))}`;
}

/** A throwaway PostgreSQL cluster (Unix socket only), or why there is none. */
async function startCluster(): Promise<{ url: string; stop: () => Promise<void> } | { skipped: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fc-bench-pg-'));
  try {
    const url = (await run('bash', [SCRIPT, 'start', dir])).stdout.trim();
    return {
      url,
      stop: async () => {
        try {
          await run('bash', [SCRIPT, 'stop', dir]);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
    return { skipped: stderr || (error instanceof Error ? error.message : String(error)) };
  }
}

async function onCluster(clusterUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database on the cluster, uniquely named (the cluster may be shared, as the tests'
 * is): its URL, and `drop` for when its connections are closed.
 */
async function createDatabase(clusterUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${label}_${randomBytes(6).toString('hex')}`;
  await onCluster(clusterUrl, `CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => onCluster(clusterUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** migrate() on fresh empty PostgreSQL databases: its own durations. */
async function postgresMigrations(clusterUrl: string, runs: number): Promise<string> {
  const durations: number[] = [];
  let version = 0;
  for (let i = 0; i < runs; i += 1) {
    const database = await createDatabase(clusterUrl, 'bench_migrate');
    try {
      const db = openPostgres(database.url, { max: 2 });
      try {
        const result = await migrate(db);
        durations.push(result.durationMs);
        version = result.version;
      } finally {
        await db.close();
      }
    } finally {
      await database.drop();
    }
  }
  return `migrations on an empty PostgreSQL database (migrate()'s own timing, ${runs} fresh databases, to version ${version}): ${spread(durations)}`;
}

/** migrate() on an empty PGlite folder (the embedded default), once: opening PGlite is not counted. */
async function pgliteMigration(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fc-bench-pglite-'));
  try {
    const db = await openPglite(dir);
    try {
      const result = await migrate(db);
      return `migrations on an empty PGlite folder (migrate()'s own timing, once, to version ${result.version}): ${ms(result.durationMs)}`;
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * planBackgroundRefresh for 10,000 companies (by default) whose pairs were stored over the last quarter of an
 * hour (none overdue), 2 % inactive and 1 % access-only, and the plan's busiest 5 s.
 */
function planFigures(planCompanies: number, planRuns: number): string {
  const now = Date.now();
  const companies: PlannableCompany[] = Array.from({ length: planCompanies }, (_, i) => {
    const refreshedAt = now - (i % 900) * 1_000;
    return {
      tenantId: String(1_000_000 + i),
      accessExpiresAt: refreshedAt + 3_600_000,
      refreshedAt,
      active: i % 50 !== 0,
      accessOnly: i % 97 === 0,
    };
  });
  let plan = planBackgroundRefresh(companies, now);
  const times: number[] = [];
  for (let i = 0; i < planRuns; i += 1) {
    const start = performance.now();
    plan = planBackgroundRefresh(companies, now);
    times.push(performance.now() - start);
  }
  let busiest = 0;
  for (let end = 0, start = 0; end < plan.length; end += 1) {
    while ((plan[end]?.at ?? 0) - (plan[start]?.at ?? 0) >= FORTNOX_RATE_LIMIT.windowMs) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return (
    `firm server background refresh plan for ${planCompanies.toLocaleString('en')} companies (planBackgroundRefresh, ${planRuns} runs): ${spread(times)}; ` +
    `${plan.length} planned, at most ${busiest} renewals in any 5 s across all companies (each company renews once per cycle)`
  );
}

/**
 * The firm server as `npm run server` starts it (startFirmServer), on a database of the cluster,
 * against its own simulator, with the company connected and an integration key with the `token` right.
 */
async function startFirmServerTarget(clusterUrl: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fc-bench-server-'));
  const database = await createDatabase(clusterUrl, 'bench_server');
  const simulator = await startFortnoxSimulator(e2eScript());
  simulator.controls.disableRateLimit = true;
  const clientSecret = simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '';
  const config = loadServerConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: `bench-1:${randomBytes(32).toString('base64')}`,
      FORTNOX_CLIENT_ID: E2E_CLIENT_ID,
      FORTNOX_CLIENT_SECRET: clientSecret,
      FORTNOX_USE_SIMULATOR: '1',
      FORTNOX_AUTH_URL: `${simulator.origin}/oauth-v1/`,
      FORTNOX_API_URL: simulator.apiBaseUrl,
      FORTNOX_REDIRECT_URIS: simulator.appCallbackUrl,
    },
    { cwd: dataDir },
  );
  // The server's JSON lines go to a file, as a log shipper would read them (the local API writes its rotating file).
  const logDestination = pino.destination({ dest: path.join(dataDir, 'server.log'), sync: false });
  const server = await startFirmServer({ config, logDestination });
  const close = async () => {
    await server.close();
    logDestination.flushSync();
    await simulator.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    // Connected as an accountant would: sign-in at the simulator, the code exchanged with the server's client.
    const code = await obtainCode(simulator, { username: 'bo', password: 'demo', params: { client_id: E2E_CLIENT_ID, scope: 'companyinformation' } });
    const set = await new TokenClient((url, init) => fetch(url, init), Date.now).exchangeCode(server.fortnox.tokenClient(), code, simulator.appCallbackUrl);
    await server.database.query(`INSERT INTO companies (tenant_id, company_name, status, connected_by) VALUES ($1, 'Bench AB', 'active', 'bench')`, [TENANT]);
    const storedAt = Date.now();
    await new TokenRows(server.keyRing, createLogger(() => undefined)).storeNewPair(
      server.database,
      TENANT,
      { accessToken: set.accessToken, refreshToken: set.refreshToken, scopes: set.scopes, accessExpiresAt: set.accessTokenExpiresAt },
      { storedAt, nextRefreshAt: nextRefreshAt(TENANT, set.accessTokenExpiresAt, storedAt) },
    );
    const { key } = await server.keys.create({ name: 'bench', companies: [TENANT], right: 'token', lifetimeDays: null }, 'bench');
    const tokenUrl = `http://127.0.0.1:${server.port}/v1/companies/${TENANT}/access-token`;
    const auth = { authorization: `Bearer ${key}` };
    const first = await fetch(tokenUrl, { method: 'POST', headers: auth });
    const text = await first.text();
    if (first.status !== 200) throw new Error(`the firm server's access-token route answered ${first.status}: ${text}`);
    const versionRow = await server.database.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    return { tokenUrl, auth, simulator, close, postgresVersion: versionRow.rows[0]?.version ?? '?' };
  } catch (error) {
    await close();
    throw error;
  }
}

const figuresText = (figures: LoadFigures) =>
  `${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(figures.p50Ms)}, p99 ${ms(figures.p99Ms)}, server thread active ${figures.busyMicrosPerRequest.toFixed(0)} µs per answer`;

function failures(name: string, figures: LoadFigures): string[] {
  const bad = figures.non2xx + figures.errors + figures.timeouts;
  return bad === 0 ? [] : [`WARNING: ${name}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors, ${figures.timeouts} timeouts`];
}

/** Access tokens through the firm server on PostgreSQL against the local API, alternated in this run. */
async function accessTokenFigures(clusterUrl: string, connections: number, requestsPerRun: number | undefined): Promise<string[]> {
  const local = await startLocalApiTarget();
  try {
    const firm = await startFirmServerTarget(clusterUrl);
    try {
      const load = { method: 'POST', connections, durationSeconds: SECONDS_PER_RUN, ...(requestsPerRun !== undefined ? { amount: requestsPerRun } : {}) } as const;
      const tokenCallsBefore = firm.simulator.tokenRequests().length + local.simulator.tokenRequests().length;
      const [localFigures, firmFigures] = await alternate({ ...load, url: local.tokenUrl, headers: local.auth }, { ...load, url: firm.tokenUrl, headers: firm.auth });
      const tokenCalls = firm.simulator.tokenRequests().length + local.simulator.tokenRequests().length - tokenCallsBefore;
      const runs =
        requestsPerRun === undefined
          ? `median of 3 runs of ${SECONDS_PER_RUN} s, alternated, after ${WARM_UP_SECONDS} s warm-ups`
          : `median of 3 runs of ${requestsPerRun} requests, alternated, after warm-ups of as many`;
      return [
        `firm server access token on PostgreSQL ${firm.postgresVersion} (key checked and token read from its encrypted row in the database), ${connections} connections, ${runs}: ${figuresText(firmFigures)}`,
        `desktop local API access token (cached in memory), same load, same run: ${figuresText(localFigures)}`,
        `  firm server / local API: throughput ${(firmFigures.requestsPerSecond / localFigures.requestsPerSecond).toFixed(2)}x, ` +
          `p50 ${(firmFigures.p50Ms / localFigures.p50Ms).toFixed(2)}x, p99 ${(firmFigures.p99Ms / localFigures.p99Ms).toFixed(2)}x`,
        ...failures('firm server access token', firmFigures),
        ...failures('local API access token', localFigures),
        ...(tokenCalls === 0 ? [] : [`WARNING: the access-token loads called Fortnox's token endpoint ${tokenCalls} times`]),
      ];
    } finally {
      await firm.close();
    }
  } finally {
    await local.close();
  }
}

/** Every firm-server line to print. */
export async function firmServerFigures(options: FirmServerBenchOptions = {}): Promise<string[]> {
  const lines = [planFigures(options.planCompanies ?? PLAN_COMPANIES, options.planRuns ?? PLAN_RUNS), await pgliteMigration()];
  const cluster = options.clusterUrl !== undefined ? { url: options.clusterUrl, stop: async () => undefined } : await startCluster();
  if ('skipped' in cluster) {
    return [...lines, `firm server on PostgreSQL: SKIPPED, no throwaway PostgreSQL cluster could be started (scripts/test-postgres.sh): ${cluster.skipped}`];
  }
  try {
    lines.push(await postgresMigrations(cluster.url, options.migrationRuns ?? MIGRATION_RUNS));
    lines.push(...(await accessTokenFigures(cluster.url, options.tokenConnections ?? TOKEN_CONNECTIONS, options.tokenRequestsPerRun)));
  } finally {
    await cluster.stop();
  }
  return lines;
}

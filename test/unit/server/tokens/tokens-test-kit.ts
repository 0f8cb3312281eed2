import { createHash } from 'node:crypto';
import type { Timers } from '../../../../main/connect/connect-flow';
import type { HttpFetch } from '../../../../main/fortnox/fortnox-http';
import { revokeUrlFor, TokenClient, type TokenClientConfig } from '../../../../main/fortnox/token-client';
import type { Logger } from '../../../../main/logging/logger';
import { EncryptionKey, KeyRing, type Sealer } from '../../../../server/crypto/sealer';
import type { Database, Queryable } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { FleetRateLimiter, type FleetRateLimiterOptions } from '../../../../server/tokens/fleet-rate-limiter';
import { FirmTokens, type FirmTokensOptions, type OrphanAudit, type TokenMetrics } from '../../../../server/tokens/firm-tokens';
import { nextRefreshAt } from '../../../../server/tokens/refresh-plan';
import { TokenRows, type TokenPair } from '../../../../server/tokens/token-rows';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import type { SimulatorScript } from '../../../../simulator/simulator-script';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { testScript } from '../../simulator/simulator-test-kit';
import { obtainCode } from '../../simulator/token-test-kit';

/** The simulator's integration the firm server uses. */
export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 'test-secret';

/** Node's fetch in the shape the Fortnox clients take. */
export const nodeFetch: HttpFetch = (url, init) => fetch(url, init);

/** The token-call configuration for the simulator's `test-client`. */
export function clientConfigFor(simulator: FortnoxSimulator): TokenClientConfig {
  return { tokenUrl: simulator.tokenUrl, revokeUrl: revokeUrlFor(simulator.tokenUrl), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
}

/** The test script plus one single-company user `firm-<tenant>` per tenant. */
export function firmScript(tenants: readonly number[]): SimulatorScript {
  const base = testScript();
  const users = tenants.map((tenantId) => ({
    username: `firm-${tenantId}`,
    password: `pw-${tenantId}`,
    name: `Firm user ${tenantId}`,
    companies: [{ tenantId, name: `Bolag ${tenantId} AB`, organizationNumber: `556${String(tenantId).padStart(3, '0').slice(-3)}-${tenantId}`, sysAdmin: true }],
  }));
  return { ...base, users: [...base.users, ...users] };
}

/**
 * The server's own key ring (AES-256-GCM) with one key per id, the first current; each id's key is
 * derived from the id, so two rings built with the same id open each other's values.
 */
export function testSealer(keyId = 'test-key', known: readonly string[] = [keyId]): Sealer {
  const key = (id: string) => new EncryptionKey(id, createHash('sha256').update(`test key ${id}`).digest());
  return new KeyRing(key(keyId), known.filter((id) => id !== keyId).map(key));
}

/** Applies the server's migrations to a fresh database. */
export async function migrateForTest(db: Database): Promise<void> {
  await migrate(db);
}

/** One test database and `count` separate pools on it (each pool stands for one server replica). */
export async function postgresReplicas(label: string, count: number, max = 10): Promise<{ test: TestDatabase; dbs: Database[]; close: () => Promise<void> }> {
  const test = await createTestDatabase(label);
  const dbs = Array.from({ length: count }, () => openPostgres(test.url, { max }));
  const first = dbs[0];
  if (!first) throw new Error('at least one replica');
  await migrateForTest(first);
  return {
    test,
    dbs,
    close: async () => {
      await Promise.all(dbs.map((db) => db.close()));
      await test.drop();
    },
  };
}

/** Connects each tenant at the simulator (sign-in, consent, code exchange) and stores the pair as the server would. */
export async function connectCompanies(
  simulator: FortnoxSimulator,
  db: Queryable,
  rows: TokenRows,
  tenants: readonly number[],
  options: { parallel?: number; now?: () => number } = {},
): Promise<void> {
  const client = new TokenClient(nodeFetch, Date.now);
  const config = clientConfigFor(simulator);
  const now = options.now ?? Date.now;
  const queue = [...tenants];
  const worker = async () => {
    for (let tenant = queue.shift(); tenant !== undefined; tenant = queue.shift()) {
      const code = await obtainCode(simulator, { username: `firm-${tenant}`, password: `pw-${tenant}`, params: { scope: 'companyinformation invoice' } });
      const set = await client.exchangeCode(config, code, simulator.appCallbackUrl);
      const tenantId = String(tenant);
      await insertCompany(db, tenantId);
      const storedAt = now();
      await rows.storeNewPair(
        db,
        tenantId,
        { accessToken: set.accessToken, refreshToken: set.refreshToken, scopes: set.scopes, accessExpiresAt: set.accessTokenExpiresAt },
        { storedAt, nextRefreshAt: nextRefreshAt(tenantId, set.accessTokenExpiresAt, storedAt) },
      );
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 8 }, worker));
}

/** A `companies` row as a connect would write it. */
export async function insertCompany(db: Queryable, tenantId: string): Promise<void> {
  await db.query(
    `INSERT INTO companies (tenant_id, company_name, status, connected_by) VALUES ($1, $2, 'active', 'test@example.se')`,
    [tenantId, `Bolag ${tenantId} AB`],
  );
}

/** A token pair named by `label`, its access token valid for an hour (without a refresh token when `refresh` is false). */
export function testPair(label: string, refresh = true): TokenPair {
  return { accessToken: `access-${label}-0123456789`, refreshToken: refresh ? `refresh-${label}-0123456789` : null, scopes: ['companyinformation'], accessExpiresAt: Date.now() + 3_600_000 };
}

/** Makes a new `companies` row in `db()` on each call, with the tenant ids after `tenantBase` (one range per test file, so files may share a database). */
export function companyMaker(db: () => Queryable, tenantBase: number): () => Promise<string> {
  let next = tenantBase;
  return async () => {
    next += 1;
    const tenantId = String(next);
    await insertCompany(db(), tenantId);
    return tenantId;
  };
}

/** Makes the company's access token look as if it ends in `inMs` (negative: already ended). */
export async function expireAccessToken(db: Queryable, tenantId: string, inMs = -60_000): Promise<void> {
  await db.query(`UPDATE company_tokens SET access_expires_at = now() + $2::float8 * interval '1 millisecond' WHERE tenant_id = $1`, [tenantId, inMs]);
}

/** The company's status row. */
export async function companyStatus(db: Queryable, tenantId: string): Promise<{ status: string; issue: string | null; status_detail: string | null }> {
  const result = await db.query<{ status: string; issue: string | null; status_detail: string | null }>(
    'SELECT status, issue, status_detail FROM companies WHERE tenant_id = $1',
    [tenantId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`no company ${tenantId}`);
  return row;
}

/** The company's token row generation. */
export async function generationOf(db: Queryable, tenantId: string): Promise<number> {
  const result = await db.query<{ generation: number }>('SELECT generation::float8 AS generation FROM company_tokens WHERE tenant_id = $1', [tenantId]);
  const row = result.rows[0];
  if (!row) throw new Error(`no token row for ${tenantId}`);
  return row.generation;
}

/** Counters a test reads back. */
export function countingMetrics(): TokenMetrics & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const bump = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  return {
    counts,
    refreshed: (source) => bump(`refreshed:${source}`),
    refreshFailed: (source, issue) => bump(`failed:${source}:${issue}`),
    lostRotation: () => bump('lost'),
    lockTimedOut: () => bump('lockTimedOut'),
  };
}

/** One server replica's token side: rows, fleet limiter and FirmTokens on its own pool. */
export function replicaTokens(
  db: Database,
  simulator: FortnoxSimulator,
  log: Logger,
  extra: {
    sealer?: Sealer;
    metrics?: TokenMetrics;
    options?: FirmTokensOptions;
    limiter?: FleetRateLimiterOptions;
    fetcher?: HttpFetch;
    audit?: OrphanAudit;
    timers?: Timers;
    /** The clock FirmTokens reads (default Date.now). */
    now?: () => number;
  } = {},
): { tokens: FirmTokens; rows: TokenRows; limiter: FleetRateLimiter } {
  const rows = new TokenRows(extra.sealer ?? testSealer(), log);
  const limiter = new FleetRateLimiter(db, extra.limiter);
  const tokens = new FirmTokens({
    db,
    rows,
    fetcher: extra.fetcher ?? nodeFetch,
    clientConfig: () => clientConfigFor(simulator),
    slots: limiter,
    now: extra.now ?? Date.now,
    log,
    ...(extra.metrics ? { metrics: extra.metrics } : {}),
    ...(extra.options ? { options: extra.options } : {}),
    ...(extra.audit ? { audit: extra.audit } : {}),
    ...(extra.timers ? { timers: extra.timers } : {}),
  });
  return { tokens, rows, limiter };
}

/** Refresh-token grants the simulator received, by tenant (as the simulator resolved it). */
export function refreshRequestsByTenant(simulator: FortnoxSimulator): Map<number, number[]> {
  const byTenant = new Map<number, number[]>();
  for (const request of simulator.tokenRequests()) {
    if (request.grantType !== 'refresh_token' || request.tenantId === null) continue;
    const list = byTenant.get(request.tenantId) ?? [];
    list.push(request.at);
    byTenant.set(request.tenantId, list);
  }
  return byTenant;
}

/** The most stamps (epoch ms, sorted or not) that fall in any window of `windowMs`. */
export function mostInAnyWindow(stamps: readonly number[], windowMs: number): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Every secret the simulator issued or saw that occurs in `text` (a log). */
export function leaked(simulator: FortnoxSimulator, text: string): string[] {
  return simulator.issuedSecrets().filter((secret) => text.includes(secret));
}

/** An audit that keeps what FirmTokens records about orphaned pairs. */
export function recordingAudit(): OrphanAudit & { events: Parameters<OrphanAudit['record']>[0][] } {
  const events: Parameters<OrphanAudit['record']>[0][] = [];
  return {
    events,
    record: async (event) => {
      events.push(event);
    },
  };
}

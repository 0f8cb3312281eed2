import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORTNOX_RATE_LIMIT } from '../../../../main/fortnox/rate-limiter';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { FLEET_RATE_LIMIT } from '../../../../server/tokens/fleet-rate-limiter';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { RATE_LIMIT_REQUESTS } from '../../../../simulator/rate-limiter';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { recordingLogger } from '../../main/recording-logger';
import { connectCompanies, firmScript, leaked, mostInAnyWindow } from '../tokens/tokens-test-kit';
import {
  bundleServer,
  createTokenKey,
  keepAliveAgent,
  newEncryptionKeyText,
  proxiedGet,
  readStoredRows,
  replicaEnv,
  Replica,
  ringFor,
  until,
  type FleetSettings,
  type ServerBundle,
} from './fleet-kit';

/**
 * Issue 10 item 8: background refresh of 1,000 companies shared by two replica processes, and
 * Fortnox's limit (25 requests per 5 s per company, 24 kept) held across the fleet for refreshes
 * and proxied calls together, counted where it matters: at the simulator, by request times.
 */

const COMPANIES = 1_000;
const BASE = 500_001;
/** Companies that tools call through both replicas as fast as the servers let them during a cycle. */
const HOT = 3;
/**
 * The hot load runs at least this long. The fleet's window is 6 s, so saturating tools get slots in
 * windows opening at about 0, 6 and 12 s: more than two windows' worth. (At exactly 12 s the third
 * window could open just after the load ended, leaving exactly two windows' worth: CI saw 48.)
 */
const HOT_LOAD_MS = 15_000;

/** Every company due now, as if its renewal time had come. */
async function makeAllDue(db: Database): Promise<void> {
  await db.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 second'`);
}

describe('background refresh on two replica processes', () => {
  let bundle: ServerBundle;
  let test: TestDatabase;
  let db: Database;
  let simulator: FortnoxSimulator;
  let settings: FleetSettings;
  const started: Promise<Replica>[] = [];
  const encryptionKey = newEncryptionKeyText();
  const tenants = Array.from({ length: COMPANIES }, (_, i) => BASE + i);

  beforeAll(async () => {
    [bundle, test] = await Promise.all([bundleServer(), createTestDatabase('fleet_sweep')]);
    db = openPostgres(test.url, { max: 4 });
    await migrate(db);
    simulator = await startFortnoxSimulator(firmScript(tenants));
    await connectCompanies(simulator, db, new TokenRows(ringFor(encryptionKey), recordingLogger().log), tenants, { parallel: 16 });
    settings = { databaseUrl: test.url, simulator, encryptionKey, extra: { REFRESH_CONCURRENCY: '4' } };
  }, 150_000);

  afterAll(async () => {
    await Promise.all(started.map((replica) => replica.then((running) => running.kill(), () => undefined)));
    await simulator?.close();
    await db?.close();
    await test?.drop();
    await bundle?.remove();
  });

  it('1,000 companies on 2 processes: each refreshed exactly once per cycle, by both replicas together; at most 24 Fortnox requests in 5 s per company, and for companies tools saturate through both replicas the fleet grants at most 24 slots in 6 s and the simulator never sees more than 25 requests in any 5 s nor answers 429', async () => {
    const key = await createTokenKey(db);
    const refreshedLines = (replica: Replica) => replica.lines.filter((line) => line.includes('tokens refreshed') && line.includes('background')).length;
    // Read from the database (cheap for this process, which also runs the simulator whose request times are counted).
    const allRefreshed = async (cycle: number) =>
      (await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM company_tokens WHERE generation < $1', [cycle + 1])).rows[0]?.n === 0;

    // Cycle 1: due before the replicas start, so both sweep from their first moment.
    await makeAllDue(db);
    const replicas = await Promise.all(
      ['one', 'two'].map((name) => {
        const replica = Replica.start(bundle, replicaEnv(settings, name), name);
        started.push(replica);
        return replica;
      }),
    );

    // Tools call the hot companies through both replicas, as fast as each server lets them, during the cycle.
    const agent = keepAliveAgent();
    const hotStatuses: number[] = [];
    const hotStart = Date.now();
    let firstCycleDone = false;
    const hotWorker = async (tenant: number, replica: Replica) => {
      while (Date.now() - hotStart < HOT_LOAD_MS || !firstCycleDone) {
        hotStatuses.push(await proxiedGet(replica.port, String(tenant), '3/companyinformation', key, agent));
      }
    };
    // The fleet's slot stamps of the hot companies, as the replicas write them: a stamp stays in its
    // row for the 5 s window, so reading the rows every 100 ms sees every one.
    const slotStamps = new Map<string, Set<number>>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const { rows } = await db.query<{ tenant_id: string; ms: number[] }>(
          `SELECT tenant_id, ARRAY(SELECT (extract(epoch FROM x) * 1000)::float8 FROM unnest(stamps) AS x) AS ms FROM fortnox_request_slots WHERE tenant_id = ANY ($1::text[])`,
          [tenants.slice(0, HOT).map(String)],
        );
        for (const row of rows) for (const ms of row.ms) slotStamps.set(row.tenant_id, (slotStamps.get(row.tenant_id) ?? new Set()).add(ms));
        await sleep(100);
      }
    })();
    const hot = Promise.all(tenants.slice(0, HOT).flatMap((tenant) => replicas.map((replica) => hotWorker(tenant, replica))));

    await until('every company refreshed once', () => allRefreshed(1), 120_000, 100);
    firstCycleDone = true;
    await hot;
    watching = false;
    await watcher;
    agent.destroy();
    for (const tenant of tenants) expect(simulator.refreshCount(tenant)).toBe(1);
    const due = async () => (await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM company_tokens WHERE next_refresh_at <= now()`)).rows[0]?.n;
    expect(await due()).toBe(0);
    const firstCycle = replicas.map(refreshedLines);
    expect(firstCycle[0]! + firstCycle[1]!).toBe(COMPANIES);
    expect(Math.min(...firstCycle)).toBeGreaterThan(0);

    // Cycle 2, with the replicas running: due again, each renewed once more when a sweeper next looks.
    await makeAllDue(db);
    await until('every company refreshed twice', () => allRefreshed(2), 120_000, 100);
    for (const tenant of tenants) expect(simulator.refreshCount(tenant)).toBe(2);
    expect(await due()).toBe(0);
    const bothCycles = replicas.map(refreshedLines);
    expect(bothCycles[0]! + bothCycles[1]!).toBe(2 * COMPANIES);
    expect(Math.min(bothCycles[0]! - firstCycle[0]!, bothCycles[1]! - firstCycle[1]!)).toBeGreaterThan(0);

    // Every stored pair is the simulator's live one (nothing rotated and then lost).
    const rows = await readStoredRows(db, ringFor(encryptionKey));
    for (const grant of simulator.grants()) expect(rows.get(String(grant.tenantId))?.refreshToken).toBe(grant.refreshToken);

    // Fortnox's side, by the simulator's request times: refreshes and API calls per company.
    const atFortnox = new Map<number, number[]>();
    const add = (tenant: number | null, at: number) => {
      if (tenant !== null) atFortnox.set(tenant, [...(atFortnox.get(tenant) ?? []), at]);
    };
    for (const request of simulator.tokenRequests()) if (request.grantType === 'refresh_token') add(request.tenantId, request.at);
    for (const request of simulator.apiRequests()) add(request.tenantId, request.at);
    const hotIds = new Set(tenants.slice(0, HOT));
    const worstAt = (list: readonly number[] | undefined) => mostInAnyWindow(list ?? [], FORTNOX_RATE_LIMIT.windowMs);
    // The sweep alone: at most 24 in any 5 s for every company the tools left alone (both cycles' renewals included).
    expect(Math.max(...tenants.filter((tenant) => !hotIds.has(tenant)).map((tenant) => worstAt(atFortnox.get(tenant))))).toBeLessThanOrEqual(FORTNOX_RATE_LIMIT.requests);
    // The hot companies: the fleet's slots (database clock, both replicas, refreshes and proxied
    // calls together) never more than 24 in any 6 s (Fortnox's 5 s and the slot-to-send guard), and
    // the tools pressed on the limit for more than two windows' worth.
    for (const tenant of hotIds) {
      const granted = [...(slotStamps.get(String(tenant)) ?? [])];
      expect(mostInAnyWindow(granted, FLEET_RATE_LIMIT.windowMs)).toBe(FLEET_RATE_LIMIT.requests);
      expect(granted.length).toBeGreaterThan(2 * FLEET_RATE_LIMIT.requests);
    }
    // Tools got Fortnox's answer, or a polite "wait" past the proxy's bound; never an error.
    expect(hotStatuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    // At Fortnox's side, by the simulator's own request times: a slot is stamped when granted and the
    // call reaches Fortnox a little later (the key re-check, the event loop, the machine's load); the
    // guard absorbs that, so no 5 s window ever sees more than Fortnox's 25 for one company, and the
    // simulator never had to answer 429.
    const sim429 = simulator.apiRequests().filter((request) => request.status === 429).length;
    for (const tenant of hotIds) expect(worstAt(atFortnox.get(tenant))).toBeLessThanOrEqual(RATE_LIMIT_REQUESTS);
    expect(sim429).toBe(0);
    // eslint-disable-next-line no-console -- figures for the closing note
    console.log(
      `fleet rate limit with tools saturating ${HOT} companies through both replicas during the sweep (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs): ` +
        `most slots granted in any 5 s (database clock) ${Math.max(...[...hotIds].map((tenant) => worstAt([...(slotStamps.get(String(tenant)) ?? [])])))}; ` +
        `most requests arriving at Fortnox in any 5 s ${Math.max(...[...hotIds].map((tenant) => worstAt(atFortnox.get(tenant))))} (limit 25); ` +
        `429 answers from Fortnox ${sim429}; slots granted per hot company over the load ${[...hotIds].map((tenant) => slotStamps.get(String(tenant))?.size ?? 0).join(', ')}`,
    );
    expect(leaked(simulator, replicas.flatMap((replica) => replica.lines).join('\n'))).toEqual([]);
  }, 300_000);
});

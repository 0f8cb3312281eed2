import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORTNOX_RATE_LIMIT } from '../../../../main/fortnox/rate-limiter';
import type { Database } from '../../../../server/db/database';
import { openPglite } from '../../../../server/db/pglite';
import { BackgroundRefresh } from '../../../../server/tokens/background-refresh';
import { TokenRows } from '../../../../server/tokens/token-rows';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { recordingLogger } from '../../main/recording-logger';
import { FakeClock } from '../../main/fake-timers';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import {
  companyStatus,
  connectCompanies,
  firmScript,
  leaked,
  migrateForTest,
  mostInAnyWindow,
  nodeFetch,
  postgresReplicas,
  refreshRequestsByTenant,
  replicaTokens,
  testSealer,
} from './tokens-test-kit';

const startSimulator = trackSimulators();

/** Every company due now (as if its renewal time had come). */
async function makeAllDue(db: Database): Promise<void> {
  await db.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 second'`);
}

describe('background refresh on PostgreSQL (two replicas)', () => {
  let replicas: Awaited<ReturnType<typeof postgresReplicas>>;
  let one: Database;
  let two: Database;

  beforeAll(async () => {
    replicas = await postgresReplicas('sweep', 2, 12);
    [one, two] = replicas.dbs as [Database, Database];
  });
  afterAll(() => replicas.close());

  it('1,000 companies, two sweepers on two pools: every company renewed exactly once per cycle, never more than 24 Fortnox requests per 5 s per company', async () => {
    const tenants = Array.from({ length: 1_000 }, (_, i) => 100_001 + i);
    const simulator = await startSimulator(firmScript(tenants));
    await connectCompanies(simulator, one, new TokenRows(testSealer(), recordingLogger().log), tenants, { parallel: 16 });
    const { log, text } = recordingLogger();
    const slotStamps = new Map<string, number[]>();
    const onGranted = (tenant: string, at: number) => slotStamps.set(tenant, [...(slotStamps.get(tenant) ?? []), at]);
    const sweepers = [one, two].map(
      (db) => new BackgroundRefresh({ tokens: replicaTokens(db, simulator, log, { limiter: { onGranted } }).tokens, log, concurrency: 4 }),
    );
    for (const cycle of [1, 2]) {
      await makeAllDue(one);
      const [a, b] = await Promise.all(sweepers.map((sweeper) => sweeper.runUntilIdle()));
      const outcomes = [...a!, ...b!];
      expect(outcomes.filter((outcome) => outcome.result !== 'renewed')).toEqual([]);
      expect(outcomes).toHaveLength(1_000);
      // Both replicas took part.
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
      for (const tenant of tenants) expect(simulator.refreshCount(tenant)).toBe(cycle);
      // Renewed pairs are not due again until their next cycle.
      const due = await one.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM company_tokens WHERE next_refresh_at <= now()`);
      expect(due.rows[0]?.n).toBe(0);
    }
    const atFortnox = refreshRequestsByTenant(simulator);
    expect(atFortnox.size).toBe(1_000);
    expect(Math.max(...[...atFortnox.values()].map((stamps) => mostInAnyWindow(stamps, FORTNOX_RATE_LIMIT.windowMs)))).toBeLessThanOrEqual(FORTNOX_RATE_LIMIT.requests);
    expect(Math.max(...[...slotStamps.values()].map((stamps) => mostInAnyWindow(stamps, FORTNOX_RATE_LIMIT.windowMs)))).toBeLessThanOrEqual(FORTNOX_RATE_LIMIT.requests);
    expect(leaked(simulator, text())).toEqual([]);
  }, 120_000);

  it('a failed renewal is recorded and tried again later; invalid_grant marks the company needs_reconnect and it is not claimed again', async () => {
    const tenants = [200_001, 200_002, 200_003];
    const simulator = await startSimulator(firmScript(tenants));
    const { log } = recordingLogger();
    await connectCompanies(simulator, one, new TokenRows(testSealer(), log), tenants);
    await one.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 second' WHERE tenant_id = ANY ($1::text[])`, [tenants.map(String)]);
    simulator.revokeConsent(200_002);
    // The first token call gets a 500 page: whichever company it was for is retried later.
    simulator.injectFault({ route: 'token', kind: 'html500' });
    const sweeper = new BackgroundRefresh({ tokens: replicaTokens(two, simulator, log).tokens, log, concurrency: 1 });
    const outcomes = await sweeper.runUntilIdle();
    const failed = outcomes.filter((outcome) => outcome.result === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.issue).toBe('server_error');
    const failedTenant = failed[0]!.tenantId;
    const retry = await one.query<{ failed_refreshes: number; due_in_ms: number }>(
      `SELECT failed_refreshes, (extract(epoch FROM next_refresh_at - now()) * 1000)::float8 AS due_in_ms FROM company_tokens WHERE tenant_id = $1`,
      [failedTenant],
    );
    expect(retry.rows[0]?.failed_refreshes).toBe(1);
    expect(retry.rows[0]?.due_in_ms).toBeGreaterThan(20_000);
    expect(await companyStatus(one, failedTenant)).toMatchObject({ status: 'error', issue: 'server_error' });
    if (failedTenant !== '200002') {
      expect(outcomes.find((outcome) => outcome.tenantId === '200002')).toMatchObject({ result: 'needs_reconnect', issue: 'invalid_grant' });
      expect(await companyStatus(one, '200002')).toMatchObject({ status: 'needs_reconnect', issue: 'invalid_grant' });
    }
    // Everything due is done: a second sweep claims nothing (the needs_reconnect one is left alone).
    const tokenCalls = simulator.tokenRequests().length;
    await makeAllDue(one);
    await one.query(`UPDATE company_tokens SET next_refresh_at = now() + interval '1 hour' WHERE NOT (tenant_id = ANY ($1::text[]))`, [tenants.map(String)]);
    const again = await sweeper.runUntilIdle();
    expect(again.map((outcome) => outcome.tenantId).sort()).toEqual(tenants.map(String).filter((tenant) => tenant !== '200002' || failedTenant === '200002').sort());
    expect(simulator.tokenRequests().length).toBe(tokenCalls + again.length);
  }, 60_000);

  it('stop() claims nothing more and resolves once the renewal under way is committed', async () => {
    const tenants = [300_001, 300_002, 300_003, 300_004];
    const simulator = await startSimulator(firmScript(tenants));
    const { log } = recordingLogger();
    await connectCompanies(simulator, one, new TokenRows(testSealer(), log), tenants);
    await one.query(`UPDATE company_tokens SET next_refresh_at = now() + interval '1 hour'`);
    await one.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 second' WHERE tenant_id = ANY ($1::text[])`, [tenants.map(String)]);
    let sent!: () => void;
    const onWire = new Promise<void>((resolve) => (sent = resolve));
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 400 });
    const { tokens } = replicaTokens(two, simulator, log, {
      fetcher: (url, init) => {
        sent();
        return nodeFetch(url, init);
      },
    });
    const clock = new FakeClock();
    const sweeper = new BackgroundRefresh({ tokens, log, concurrency: 1, timers: clock.timers });
    sweeper.start();
    await onWire;
    await sweeper.stop();
    // The one renewal on the wire finished and was committed; nothing else was claimed.
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token')).toHaveLength(1);
    const mine = tenants.map(String);
    const renewed = await one.query<{ tenant_id: string }>(`SELECT tenant_id FROM company_tokens WHERE generation = 2 AND tenant_id = ANY ($1::text[])`, [mine]);
    expect(renewed.rows).toHaveLength(1);
    const stillDue = await one.query(`SELECT 1 FROM company_tokens WHERE next_refresh_at <= now() AND tenant_id = ANY ($1::text[])`, [mine]);
    expect(stillDue.rowCount).toBe(3);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('background refresh on PGlite (one process)', () => {
  let folder: string;
  let db: Database;
  let simulator: FortnoxSimulator;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sweep-pglite-'));
    db = await openPglite(folder);
    await migrateForTest(db);
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('four workers renew each due company once, never two at a time for the same company', async () => {
    const tenants = Array.from({ length: 20 }, (_, i) => 400_001 + i);
    simulator = await startSimulator(firmScript(tenants));
    const { log } = recordingLogger();
    const { tokens, rows } = replicaTokens(db, simulator, log);
    await connectCompanies(simulator, db, rows, tenants, { parallel: 4 });
    await makeAllDue(db);
    const outcomes = await new BackgroundRefresh({ tokens, log, concurrency: 4 }).runUntilIdle();
    expect(outcomes.filter((outcome) => outcome.result === 'renewed')).toHaveLength(20);
    for (const tenant of tenants) expect(simulator.refreshCount(tenant)).toBe(1);
  }, 60_000);
});

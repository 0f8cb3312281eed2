import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import type { HttpFetch } from '../../../../main/fortnox/fortnox-http';
import type { Database, Queryable } from '../../../../server/db/database';
import { openPglite } from '../../../../server/db/pglite';
import { ServerKeyError } from '../../../../server/crypto/key-health';
import { CompanyNotFoundError } from '../../../../server/tokens/firm-tokens';
import { TokenRows } from '../../../../server/tokens/token-rows';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { recordingLogger } from '../../main/recording-logger';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import {
  companyStatus,
  connectCompanies,
  countingMetrics,
  expireAccessToken,
  firmScript,
  leaked,
  generationOf,
  migrateForTest,
  nodeFetch,
  postgresReplicas,
  recordingAudit,
  replicaTokens,
  testSealer,
  clientConfigFor,
} from './tokens-test-kit';
import { TokenClient } from '../../../../main/fortnox/token-client';

const TENANTS = [6001, 6002, 6003, 6004, 6005, 6006, 6007, 6008, 6009, 6010, 6011, 6012, 6013];
const startSimulator = trackSimulators();

/** A fetch that tells the test when a token call has reached the wire (and lets it hold the answer). */
function signallingFetch(): { fetcher: HttpFetch; sent: Promise<void> } {
  let signal!: () => void;
  const sent = new Promise<void>((resolve) => (signal = resolve));
  return {
    sent,
    fetcher: (url, init) => {
      signal();
      return nodeFetch(url, init);
    },
  };
}

describe('FirmTokens on PostgreSQL (two replicas)', () => {
  let replicas: Awaited<ReturnType<typeof postgresReplicas>>;
  let one: Database;
  let two: Database;
  let simulator: FortnoxSimulator;

  beforeAll(async () => {
    replicas = await postgresReplicas('firmtokens', 3);
    [one, two] = replicas.dbs as [Database, Database];
  });
  afterAll(() => replicas.close());

  // Each test gets its own simulator and connects the company it uses.
  const connect = async (tenant: number) => {
    simulator = await startSimulator(firmScript(TENANTS));
    await connectCompanies(simulator, one, new TokenRows(testSealer(), recordingLogger().log), [tenant]);
    return String(tenant);
  };

  it('a token with more than five minutes left is served from the row, with no refresh and without waiting for the row lock', async () => {
    const tenant = await connect(6001);
    const { log } = recordingLogger();
    const { tokens } = replicaTokens(two, simulator, log);
    const before = simulator.tokenRequests().length;
    const third = replicas.dbs[2]!;
    // Another replica holds the row lock (as during its refresh) for the whole call.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = third.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM company_tokens WHERE tenant_id = $1 FOR UPDATE', [tenant]);
      locked();
      await held;
    });
    await isLocked;
    const handed = await tokens.accessToken(tenant);
    release();
    await holder;
    expect(handed.expiresAt - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(handed.scopes).toEqual(['companyinformation', 'invoice']);
    expect(simulator.tokenRequests().length).toBe(before);
  });

  it('200 concurrent requests across two replicas for an expired company: exactly one refresh at Fortnox, all 200 get the new token', async () => {
    const tenant = await connect(6002);
    await expireAccessToken(one, tenant);
    const generation = await generationOf(one, tenant);
    const { log, text } = recordingLogger();
    const metrics = countingMetrics();
    const replicaA = replicaTokens(one, simulator, log, { metrics });
    const replicaB = replicaTokens(two, simulator, log, { metrics });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? replicaA : replicaB).tokens.accessToken(tenant)),
    );
    expect(simulator.refreshCount(6002)).toBe(1);
    const stored = await replicaA.rows.readAccess(one, tenant);
    if (stored.kind !== 'found') throw new Error('row expected');
    expect(new Set(answers.map((answer) => answer.accessToken))).toEqual(new Set([stored.pair.accessToken]));
    expect(stored.pair.accessExpiresAt - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await generationOf(one, tenant)).toBe(generation + 1);
    expect(metrics.counts['refreshed:request']).toBe(1);
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a refresh that waits longer than lock_timeout for another replica gives up with a typed error, calls no one and changes nothing', async () => {
    const tenant = await connect(6003);
    await expireAccessToken(one, tenant);
    const generation = await generationOf(one, tenant);
    const metrics = countingMetrics();
    const { tokens } = replicaTokens(two, simulator, recordingLogger().log, { metrics, options: { lockTimeoutMs: 150 } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = one.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM company_tokens WHERE tenant_id = $1 FOR UPDATE', [tenant]);
      locked();
      await held;
    });
    await isLocked;
    const refused = tokens.accessToken(tenant).catch((error: unknown) => error);
    const error = await refused;
    release();
    await holder;
    expect(error).toBeInstanceOf(FortnoxCallError);
    expect((error as FortnoxCallError).issue).toBe('timeout');
    expect(metrics.counts.lockTimedOut).toBe(1);
    expect(simulator.refreshCount(6003)).toBe(0);
    expect(await generationOf(one, tenant)).toBe(generation);
    expect((await companyStatus(one, tenant)).status).toBe('active');
  });

  it('a refresh that finds the row refreshed by the replica that held the lock uses that pair', async () => {
    const tenant = await connect(6004);
    await expireAccessToken(one, tenant);
    const { log } = recordingLogger();
    const replicaA = replicaTokens(one, simulator, log);
    const replicaB = replicaTokens(two, simulator, log);
    // A's refresh holds the row lock while its Fortnox call is on the wire; B then asks.
    const { fetcher, sent } = signallingFetch();
    const slowA = replicaTokens(one, simulator, log, { fetcher });
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 300 });
    const first = slowA.tokens.accessToken(tenant);
    await sent;
    const second = replicaB.tokens.accessToken(tenant);
    const [a, b] = await Promise.all([first, second]);
    expect(b.accessToken).toBe(a.accessToken);
    expect(simulator.refreshCount(6004)).toBe(1);
    expect((await replicaA.tokens.accessToken(tenant)).accessToken).toBe(a.accessToken);
  });

  it("Fortnox refusing the refresh token (invalid_grant) marks the company needs_reconnect; later requests fail without calling Fortnox", async () => {
    const tenant = await connect(6005);
    await expireAccessToken(one, tenant);
    simulator.revokeConsent(6005);
    const metrics = countingMetrics();
    const { log, text } = recordingLogger();
    const { tokens } = replicaTokens(two, simulator, log, { metrics });
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'invalid_grant' });
    expect(await companyStatus(one, tenant)).toMatchObject({ status: 'needs_reconnect', issue: 'invalid_grant' });
    const requests = simulator.tokenRequests().length;
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'invalid_grant' });
    expect(simulator.tokenRequests().length).toBe(requests);
    expect(metrics.counts['failed:request:invalid_grant']).toBe(1);
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a server error or a time-out at Fortnox is a typed error and leaves the row and the company as they were', async () => {
    const tenant = await connect(6006);
    await expireAccessToken(one, tenant);
    const generation = await generationOf(one, tenant);
    const { tokens } = replicaTokens(two, simulator, recordingLogger().log, { options: { fortnoxTimeoutMs: 200 } });
    simulator.injectFault({ route: 'token', kind: 'html500' });
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'server_error' });
    simulator.injectFault({ route: 'token', kind: 'noAnswer' });
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'timeout' });
    expect(await generationOf(one, tenant)).toBe(generation);
    expect((await companyStatus(one, tenant)).status).toBe('active');
    // The stored refresh token was never rotated, so the next request refreshes normally.
    const handed = await tokens.accessToken(tenant);
    expect(handed.expiresAt - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(simulator.refreshCount(6006)).toBe(1);
  });

  it('rejected(token) refreshes once for every caller while the token is the stored one, and never again for the same token', async () => {
    const tenant = await connect(6007);
    const { log } = recordingLogger();
    const replicaA = replicaTokens(one, simulator, log);
    const replicaB = replicaTokens(two, simulator, log);
    const old = (await replicaA.tokens.accessToken(tenant)).accessToken;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? replicaA : replicaB).tokens.rejected(tenant, old)));
    expect(simulator.refreshCount(6007)).toBe(1);
    const fresh = answers[0];
    expect(fresh).not.toBe(old);
    expect(new Set(answers)).toEqual(new Set([fresh]));
    // A late 401 for the old token: the newer one, without a refresh.
    expect(await replicaB.tokens.rejected(tenant, old)).toBe(fresh);
    expect(simulator.refreshCount(6007)).toBe(1);
  });

  it('a transaction cut after Fortnox answered: the pair is written on a fresh connection, nothing is lost', async () => {
    const tenant = await connect(6008);
    await expireAccessToken(one, tenant);
    const { log, text } = recordingLogger();
    const metrics = countingMetrics();
    const { fetcher, sent } = signallingFetch();
    const { tokens, rows } = replicaTokens(two, simulator, log, { fetcher, metrics });
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 400 });
    const refreshing = tokens.accessToken(tenant);
    await sent;
    // The refreshing transaction's backend is terminated while Fortnox is rotating.
    const killed = await one.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`,
    );
    expect(killed.rows.map((row) => row.killed)).toEqual([true]);
    const handed = await refreshing;
    expect(simulator.refreshCount(6008)).toBe(1);
    const stored = await rows.readAccess(one, tenant);
    expect(stored).toMatchObject({ kind: 'found', pair: { accessToken: handed.accessToken, status: 'active' } });
    expect(metrics.counts.lost).toBeUndefined();
    expect(text()).toContain('second write');
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a lost rotation (nothing can be written after Fortnox answered) is logged loudly without secrets, counted, and marks the company needs_reconnect', async () => {
    const tenant = await connect(6009);
    await expireAccessToken(one, tenant);
    const generation = await generationOf(one, tenant);
    const { log, text } = recordingLogger();
    const metrics = countingMetrics();
    // The database goes away right after Fortnox answers: the rotation's write and the second
    // write both fail; marking the company still reaches it (a database that is back).
    const broken = failingRotationWrites(two);
    const { tokens } = replicaTokens(broken, simulator, log, { metrics });
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'invalid_grant' });
    expect(simulator.refreshCount(6009)).toBe(1);
    expect(metrics.counts.lost).toBe(1);
    expect(text()).toMatch(/LOST ROTATION/);
    expect(text()).toContain('tenantId="6009"');
    expect(leaked(simulator, text())).toEqual([]);
    expect(await generationOf(one, tenant)).toBe(generation);
    expect(await companyStatus(one, tenant)).toMatchObject({ status: 'needs_reconnect', issue: 'invalid_grant' });
  });

  it('a lost rotation raced by a reconnect holding the row: the rescue gives up at lock_timeout, and the needs_reconnect mark waits for the row and leaves the reconnected company active', async () => {
    const tenant = await connect(6013);
    await expireAccessToken(one, tenant);
    const generation = await generationOf(one, tenant);
    const watcher = replicas.dbs[2]!;
    const { log, text } = recordingLogger();
    const racing = reconnectDuringRescue(failingRotationWrites(two), one, watcher, tenant);
    const { tokens } = replicaTokens(racing.db, simulator, log, { options: { lockTimeoutMs: 150 } });
    await expect(tokens.accessToken(tenant)).rejects.toMatchObject({ issue: 'invalid_grant' });
    await racing.finish();
    // The rescue did not wait for the reconnect (without lock_timeout it would wait forever here).
    expect(text()).toContain('second write of a refreshed pair failed');
    expect(text()).toMatch(/LOST ROTATION/);
    // The mark waited for the row, saw the reconnect's generation and left the company alone.
    expect(await generationOf(one, tenant)).toBe(generation + 1);
    expect(await companyStatus(one, tenant)).toMatchObject({ status: 'active', issue: null });
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a statement failing inside the refresh transaction after Fortnox answered keeps the row lock: the write is retried from a SAVEPOINT, and a waiting replica never presents the rotated-away refresh token', async () => {
    const tenant = await connect(6012);
    await expireAccessToken(one, tenant);
    const watcher = replicas.dbs[2]!;
    const { log, text } = recordingLogger();
    const metrics = countingMetrics();
    let waiting: Promise<unknown> | undefined;
    const { tokens: waiter } = replicaTokens(two, simulator, recordingLogger().log);
    const failing = failFirstRotationWrite(one, async () => {
      // Fortnox has answered; another replica now asks for the same company and waits on the row lock.
      waiting = waiter.accessToken(tenant).then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      );
      await lockWaiters(watcher, 1);
    });
    const { tokens } = replicaTokens(failing, simulator, log, { metrics });
    const handed = await tokens.accessToken(tenant);
    expect(await waiting).toEqual({ ok: expect.objectContaining({ accessToken: handed.accessToken }) });
    // One refresh at Fortnox, and no refresh token presented twice.
    const presented = simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token' && request.tenantId === 6012);
    expect(presented).toHaveLength(1);
    const all = simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token').map((request) => request.refreshToken);
    expect(new Set(all).size).toBe(all.length);
    expect(await companyStatus(one, tenant)).toMatchObject({ status: 'active', issue: null });
    expect(metrics.counts.lost).toBeUndefined();
    expect(text()).toContain('retrying with the row lock held');
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a disconnect that lands between a failed rotation write and its rescue: the rescue loses its compare-and-set and the new pair is revoked at Fortnox', async () => {
    const tenant = await connect(6011);
    await expireAccessToken(one, tenant);
    const { log, text } = recordingLogger();
    const audit = recordingAudit();
    const racing = disconnectBeforeRescue(two, tenant);
    const { tokens } = replicaTokens(racing, simulator, log, { audit });
    await expect(tokens.accessToken(tenant)).rejects.toBeInstanceOf(CompanyNotFoundError);
    await tokens.revocationsSettled();
    expect(simulator.refreshCount(6011)).toBe(1);
    const revoked = simulator.revocations().filter((record) => record.tenantId === 6011);
    expect(revoked.map(({ revoked: done }) => done)).toEqual([true]);
    // The revoked token is the one the refresh was given: it no longer works at Fortnox.
    const client = new TokenClient(nodeFetch, Date.now);
    await expect(client.refresh(clientConfigFor(simulator), revoked[0]!.token ?? "none")).rejects.toMatchObject({ issue: 'invalid_grant' });
    expect(audit.events).toEqual([{ action: 'orphan_revoked', actor: null, tenantId: tenant, status: 200 }]);
    expect(text()).not.toMatch(/LOST ROTATION/);
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('an unknown company is CompanyNotFoundError; a replica without the key of a company\'s tokens throws ServerKeyError and leaves the company active', async () => {
    const tenant = await connect(6010);
    const { log, text } = recordingLogger();
    const { tokens } = replicaTokens(two, simulator, log);
    await expect(tokens.accessToken('999999')).rejects.toBeInstanceOf(CompanyNotFoundError);
    const otherKey = replicaTokens(two, simulator, log, { sealer: testSealer('new-key', ['new-key']) });
    await expect(otherKey.tokens.accessToken(tenant)).rejects.toBeInstanceOf(ServerKeyError);
    await expect(otherKey.tokens.accessToken(tenant)).rejects.toMatchObject({ keyId: 'test-key', reason: 'unknown_key' });
    // The token row is untouched, and so is the company: the replica's key is the problem.
    expect(await companyStatus(one, tenant)).toMatchObject({ status: 'active', issue: null });
    // Logged once, with the key id and nothing secret.
    expect(text().match(/cannot open values sealed under an encryption key id/g)).toHaveLength(1);
    expect(text()).toContain('keyId="test-key"');
    expect(leaked(simulator, text())).toEqual([]);
    expect(otherKey.rows.keyHealth.ready()).toBe(false);
    // The right key still opens it: nobody has to sign in again.
    await expect(tokens.accessToken(tenant)).resolves.toMatchObject({ scopes: expect.any(Array) });
  });
});

/** The rescue write's transaction (afterLostCommit) begins by locking the row: the doubles below tell it by that. */
function isRescueLock(sql: string): boolean {
  return sql.startsWith('SELECT generation::float8 AS generation FROM company_tokens') && sql.includes('FOR UPDATE');
}

/**
 * The database as a replica sees it when the database becomes unreachable right after Fortnox
 * answered: every write of a rotated pair fails (inside the transaction and on the pool).
 */
function failingRotationWrites(db: Database): Database {
  const guard = (on: Queryable): Queryable => ({
    query: (sql, params) =>
      sql.startsWith('WITH rotated AS') ? Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' })) : on.query(sql, params),
  });
  return {
    kind: db.kind,
    query: (sql, params) => guard(db).query(sql, params),
    transaction: (work) => db.transaction((tx) => work(guard(tx))),
    close: () => db.close(),
  };
}

/**
 * The first write of a rotated pair inside a transaction runs `beforeFailing`, then a statement that
 * really fails on that transaction's connection (division by zero: the transaction is aborted, as
 * by any statement error); later writes pass.
 */
function failFirstRotationWrite(db: Database, beforeFailing: () => Promise<void>): Database {
  let failed = false;
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (sql, params) => {
            if (!failed && sql.startsWith('WITH rotated AS')) {
              failed = true;
              await beforeFailing();
              return tx.query('SELECT 1 / 0');
            }
            return tx.query(sql, params);
          },
        }),
      ),
    close: () => db.close(),
  };
}

/** Resolves once `count` backends of this database wait on a lock (pg_stat_activity; there is no event to wait for). */
async function lockWaiters(db: Queryable, count: number): Promise<void> {
  for (let round = 0; round < 500; round += 1) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::float8 AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.n ?? 0) >= count) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('no backend came to wait on the lock');
}

/**
 * A reconnect racing a lost rotation: when the rescue write first locks the token row, a
 * transaction on `other` already holds it and has moved the generation on; it commits once a
 * second lock of the row (the needs_reconnect mark's) waits behind it, or at `finish` if none does.
 */
function reconnectDuringRescue(db: Database, other: Database, watcher: Queryable, tenantId: string): { db: Database; finish: () => Promise<void> } {
  let locks = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holder: Promise<void> | undefined;
  const lock = async (): Promise<void> => {
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    holder = other.transaction(async (tx) => {
      await tx.query('UPDATE company_tokens SET generation = generation + 1 WHERE tenant_id = $1', [tenantId]);
      locked();
      await held;
    });
    await isLocked;
  };
  return {
    finish: async () => {
      release();
      await holder;
    },
    db: {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      transaction: (work) =>
        db.transaction((tx) =>
          work({
            query: async (sql, params) => {
              if (!isRescueLock(sql)) return tx.query(sql, params);
              locks += 1;
              if (locks === 1) await lock();
              // The mark's lock: the reconnect commits once that lock waits behind it.
              if (locks === 2) void lockWaiters(watcher, 1).then(release, release);
              return tx.query(sql, params);
            },
          }),
        ),
      close: () => db.close(),
    },
  };
}

/**
 * The database as a replica sees it when a disconnect lands right after its refresh transaction
 * failed to write the rotated pair: every write inside the refresh transaction fails (so it rolls
 * back), and the company is deleted just before the rescue write's transaction locks the row.
 */
function disconnectBeforeRescue(db: Database, tenantId: string): Database {
  const failing: Queryable['query'] = () => Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' }));
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (work) =>
      db.transaction((tx) => {
        let rescue = false;
        return work({
          query: async (sql, params) => {
            if (isRescueLock(sql)) {
              rescue = true;
              await db.query('DELETE FROM companies WHERE tenant_id = $1', [tenantId]);
            }
            return !rescue && sql.startsWith('WITH rotated AS') ? failing(sql, params) : tx.query(sql, params);
          },
        });
      }),
    close: () => db.close(),
  };
}

describe('FirmTokens on PGlite (one process)', () => {
  let folder: string;
  let db: Database;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'firm-tokens-pglite-'));
    db = await openPglite(folder);
    await migrateForTest(db);
    // PGlite's first start (WebAssembly, initdb) is slow on a busy machine.
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('50 concurrent requests for an expired company: one refresh, written with compare-and-set on the generation', async () => {
    const simulator = await startSimulator(firmScript([7001]));
    const { log } = recordingLogger();
    const { tokens, rows } = replicaTokens(db, simulator, log);
    await connectCompanies(simulator, db, rows, [7001], { parallel: 1 });
    await expireAccessToken(db, '7001');
    const generation = await generationOf(db, '7001');
    const answers = await Promise.all(Array.from({ length: 50 }, () => tokens.accessToken('7001')));
    expect(simulator.refreshCount(7001)).toBe(1);
    expect(new Set(answers.map((answer) => answer.accessToken)).size).toBe(1);
    expect(await generationOf(db, '7001')).toBe(generation + 1);
  });

  it('a sign-in that stores a new pair while a refresh is at Fortnox wins: the refresh does not overwrite it, and revokes its own pair', async () => {
    const simulator = await startSimulator(firmScript([7002]));
    const { log, text } = recordingLogger();
    const { fetcher, sent } = signallingFetch();
    const audit = recordingAudit();
    const { tokens, rows } = replicaTokens(db, simulator, log, { fetcher, audit });
    await connectCompanies(simulator, db, rows, [7002], { parallel: 1 });
    await expireAccessToken(db, '7002');
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 300 });
    const refreshing = tokens.accessToken('7002');
    await sent;
    const signIn = { accessToken: 'sign-in-access', refreshToken: 'sign-in-refresh', scopes: ['companyinformation'], accessExpiresAt: Date.now() + 3_600_000 };
    await rows.storeNewPair(db, '7002', signIn, { storedAt: Date.now(), nextRefreshAt: Date.now() + 1_800_000 });
    const handed = await refreshing;
    expect(handed.accessToken).toBe('sign-in-access');
    expect(simulator.refreshCount(7002)).toBe(1);
    const stored = await rows.readPair(db, '7002');
    expect(stored).toMatchObject({ kind: 'found', pair: { accessToken: 'sign-in-access', refreshToken: 'sign-in-refresh' } });
    // The refresh's own pair lost its compare-and-set: its refresh token is revoked, not left live at Fortnox.
    await tokens.revocationsSettled();
    const revoked = simulator.revocations();
    expect(revoked.map(({ revoked: done, tenantId }) => ({ done, tenantId }))).toEqual([{ done: true, tenantId: 7002 }]);
    expect(revoked[0]!.token).not.toBe('sign-in-refresh');
    expect(audit.events).toEqual([{ action: 'orphan_revoked', actor: null, tenantId: '7002', status: 200 }]);
    expect(leaked(simulator, text())).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFetch } from '../../../../main/fortnox/fortnox-http';
import { TokenClient } from '../../../../main/fortnox/token-client';
import type { Database, Queryable } from '../../../../server/db/database';
import { openPglite } from '../../../../server/db/pglite';
import { DEFAULT_ROTATION_WRITE_RETRY_MS } from '../../../../server/tokens/firm-tokens';
import { TokenRows } from '../../../../server/tokens/token-rows';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { recordingLogger } from '../../main/recording-logger';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { obtainCode } from '../../simulator/token-test-kit';
import {
  clientConfigFor,
  companyStatus,
  connectCompanies,
  countingMetrics,
  expireAccessToken,
  firmScript,
  generationOf,
  leaked,
  migrateForTest,
  nodeFetch,
  postgresReplicas,
  replicaTokens,
  testSealer,
} from './tokens-test-kit';

/**
 * Races around one company's refresh that an independent review found (issue 10 item 3): a
 * background claim against a request's refresh on PGlite, a reconnect landing while a refresh
 * waits, and a rotated pair's write failing inside its transaction on PostgreSQL.
 */

const startSimulator = trackSimulators();

/** Every refresh token the simulator was shown, in order (each test has its own simulator). */
function presentedRefreshTokens(simulator: FortnoxSimulator): string[] {
  return simulator
    .tokenRequests()
    .filter((request) => request.grantType === 'refresh_token')
    .map((request) => request.refreshToken ?? '');
}

/** A new sign-in for `tenant` at the simulator: the pair a reconnect would get. */
async function signInAgain(simulator: FortnoxSimulator, tenant: number): Promise<{ accessToken: string; refreshToken: string | null; scopes: string[]; accessExpiresAt: number }> {
  const code = await obtainCode(simulator, { username: `firm-${tenant}`, password: `pw-${tenant}`, params: { scope: 'companyinformation invoice' } });
  const set = await new TokenClient(nodeFetch, Date.now).exchangeCode(clientConfigFor(simulator), code, simulator.appCallbackUrl);
  return { accessToken: set.accessToken, refreshToken: set.refreshToken, scopes: set.scopes, accessExpiresAt: set.accessTokenExpiresAt };
}

/**
 * A fetch that, when the first refresh reaches the wire, runs `before(refreshToken)` and only then
 * sends it: what a refresh that has read its pair and waits (for a rate-limit slot) lets happen.
 */
function beforeFirstRefresh(before: (refreshToken: string) => Promise<void>): HttpFetch {
  let done = false;
  return async (url, init) => {
    const form = new URLSearchParams(init.body ?? '');
    if (!done && form.get('grant_type') === 'refresh_token') {
      done = true;
      await before(form.get('refresh_token') ?? '');
    }
    return nodeFetch(url, init);
  };
}

/** What a reconnect does to the rows: the new pair stored (generation + 1), the company active again. */
async function storeReconnect(q: Queryable, rows: TokenRows, tenantId: string, pair: Awaited<ReturnType<typeof signInAgain>>): Promise<void> {
  await rows.storeNewPair(q, tenantId, pair, { storedAt: Date.now(), nextRefreshAt: Date.now() + 1_800_000 });
  await q.query(`UPDATE companies SET status = 'active', issue = NULL, status_detail = NULL WHERE tenant_id = $1`, [tenantId]);
}

describe('refresh races on PGlite (one process)', () => {
  let folder: string;
  let db: Database;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'refresh-races-'));
    db = await openPglite(folder);
    await migrateForTest(db);
    // PGlite's first start (WebAssembly, initdb) is slow on a busy machine.
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await rm(folder, { recursive: true, force: true });
  });

  // The reviewer's repro: the background's claim reads the database while a request starts its
  // refresh of the same company; each order of the two, and with a turn of the event loop between.
  for (const variant of [0, 1, 2, 3]) {
    it(`a background claim and a request refresh of one due company (order ${variant}): one refresh at Fortnox, no refresh token presented twice, the company stays active`, async () => {
      const tenant = 7100 + variant;
      const simulator = await startSimulator(firmScript([tenant]));
      const { log, text } = recordingLogger();
      const { tokens, rows } = replicaTokens(db, simulator, log);
      await connectCompanies(simulator, db, rows, [tenant], { parallel: 1 });
      await expireAccessToken(db, String(tenant));
      await db.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 minute' WHERE tenant_id = $1`, [String(tenant)]);
      const generation = await generationOf(db, String(tenant));
      simulator.injectFault({ route: 'token', kind: 'delay', ms: 200 });
      let request: Promise<unknown>;
      let background: Promise<unknown>;
      if (variant === 0) {
        request = tokens.accessToken(String(tenant));
        background = tokens.renewNextDue();
      } else if (variant === 1) {
        background = tokens.renewNextDue();
        request = tokens.accessToken(String(tenant));
      } else if (variant === 2) {
        request = tokens.accessToken(String(tenant));
        await Promise.resolve();
        background = tokens.renewNextDue();
      } else {
        background = tokens.renewNextDue();
        await new Promise((resolve) => setImmediate(resolve));
        request = tokens.accessToken(String(tenant));
      }
      const [handed, renewed] = await Promise.all([request, background]);
      expect(handed).toMatchObject({ accessToken: expect.any(String) });
      expect(renewed).toMatchObject({ tenantId: String(tenant), result: expect.stringMatching(/^(renewed|not_due)$/) });
      expect(simulator.refreshCount(tenant)).toBe(1);
      const presented = presentedRefreshTokens(simulator);
      expect(presented).toHaveLength(1);
      expect(await companyStatus(db, String(tenant))).toMatchObject({ status: 'active', issue: null });
      expect(await generationOf(db, String(tenant))).toBe(generation + 1);
      // The request got the pair that was stored.
      expect(await rows.readAccess(db, String(tenant))).toMatchObject({ kind: 'found', pair: { accessToken: (handed as { accessToken: string }).accessToken } });
      expect(leaked(simulator, text())).toEqual([]);
    });
  }

  it('a reconnect that stores a new pair and revokes the old refresh token while a refresh waits to send it: the refused refresh leaves the company active and hands out the new pair', async () => {
    const tenant = 7110;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    const { log, text } = recordingLogger();
    // The reconnect's own rows (same key ring as the refresh's).
    const rowsRef = new TokenRows(testSealer(), log);
    let reconnected: Awaited<ReturnType<typeof signInAgain>> | undefined;
    const fetcher = beforeFirstRefresh(async (refreshToken) => {
      reconnected = await signInAgain(simulator, tenant);
      await storeReconnect(db, rowsRef, tenantId, reconnected);
      // The reconnect revokes the grant it replaced.
      await new TokenClient(nodeFetch, Date.now).revoke(clientConfigFor(simulator), refreshToken);
    });
    const { tokens, rows } = replicaTokens(db, simulator, log, { fetcher });
    await connectCompanies(simulator, db, rows, [tenant], { parallel: 1 });
    await expireAccessToken(db, tenantId);
    const generation = await generationOf(db, tenantId);

    const handed = await tokens.accessToken(tenantId);
    expect(reconnected).toBeDefined();
    expect(handed.accessToken).toBe(reconnected?.accessToken);
    // Fortnox refused the old refresh token (it was revoked), and that is all it was shown.
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token').map((request) => request.outcome)).toEqual(['invalid_grant']);
    expect(await companyStatus(db, tenantId)).toMatchObject({ status: 'active', issue: null });
    expect(await generationOf(db, tenantId)).toBe(generation + 1);
    expect(await rows.readPair(db, tenantId)).toMatchObject({ kind: 'found', pair: { refreshToken: reconnected?.refreshToken } });
    expect(text()).toContain('the newer pair is used');
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a refresh refused because a reconnect stored a newer pair whose access token is itself stale: the newer pair is refreshed once more and its token handed out (not invalid_response)', async () => {
    const tenant = 7111;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    const { log, text } = recordingLogger();
    const rowsRef = new TokenRows(testSealer(), log);
    let reconnected: Awaited<ReturnType<typeof signInAgain>> | undefined;
    const fetcher = beforeFirstRefresh(async (refreshToken) => {
      reconnected = await signInAgain(simulator, tenant);
      // The reconnect's pair arrives with an access token that has five minutes or less left.
      await storeReconnect(db, rowsRef, tenantId, { ...reconnected, accessExpiresAt: Date.now() + 60_000 });
      await new TokenClient(nodeFetch, Date.now).revoke(clientConfigFor(simulator), refreshToken);
    });
    const { tokens, rows } = replicaTokens(db, simulator, log, { fetcher });
    await connectCompanies(simulator, db, rows, [tenant], { parallel: 1 });
    await expireAccessToken(db, tenantId);
    const generation = await generationOf(db, tenantId);

    const handed = await tokens.accessToken(tenantId);
    // The first refresh was refused (revoked); the second presented the reconnect's refresh token.
    const refreshes = simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
    expect(refreshes.map((request) => request.outcome)).toEqual(['invalid_grant', 'issued']);
    expect(refreshes[1]?.refreshToken).toBe(reconnected?.refreshToken);
    expect(handed.accessToken).not.toBe(reconnected?.accessToken);
    expect(handed.expiresAt - Date.now()).toBeGreaterThan(5 * 60_000);
    expect(await generationOf(db, tenantId)).toBe(generation + 2);
    expect(await companyStatus(db, tenantId)).toMatchObject({ status: 'active', issue: null });
    expect(await rows.readAccess(db, tenantId)).toMatchObject({ kind: 'found', pair: { accessToken: handed.accessToken } });
    expect(text()).toContain('the newer pair is used');
    expect(leaked(simulator, text())).toEqual([]);
  });
});

describe('refresh races on PostgreSQL', () => {
  let replicas: Awaited<ReturnType<typeof postgresReplicas>>;
  let one: Database;
  let two: Database;
  let watcher: Database;
  beforeAll(async () => {
    replicas = await postgresReplicas('refreshraces', 3);
    [one, two, watcher] = replicas.dbs as [Database, Database, Database];
  });
  afterAll(() => replicas.close());

  it('a reconnect that arrives while a refresh holds the row lock waits for it, then wins: the company ends active with the reconnect\'s pair and no refresh token is presented twice', async () => {
    const tenant = 6101;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    const { log, text } = recordingLogger();
    // The reconnect's own rows (same key ring as the refresh's).
    const rowsRef = new TokenRows(testSealer(), log);
    let reconnect: Promise<void> | undefined;
    let reconnected: Awaited<ReturnType<typeof signInAgain>> | undefined;
    const fetcher = beforeFirstRefresh(async () => {
      reconnected = await signInAgain(simulator, tenant);
      const pair = reconnected;
      // The reconnect's transaction on another replica: it waits on the row lock the refresh holds.
      reconnect = two.transaction(async (tx) => {
        const before = await rowsRef.readPair(tx, tenantId, { lock: true });
        await storeReconnect(tx, rowsRef, tenantId, pair);
        return before;
      }).then(async (before) => {
        // Committed: the grant it replaced is revoked, as a reconnect does.
        if (before.kind === 'found' && before.pair.refreshToken) await new TokenClient(nodeFetch, Date.now).revoke(clientConfigFor(simulator), before.pair.refreshToken);
      });
      await lockWaiters(watcher, 1);
    });
    const { tokens, rows } = replicaTokens(one, simulator, log, { fetcher });
    await connectCompanies(simulator, one, rows, [tenant], { parallel: 1 });
    await expireAccessToken(one, tenantId);
    const generation = await generationOf(one, tenantId);

    const handed = await tokens.accessToken(tenantId);
    await reconnect;
    // The refresh went first (its rotation committed), then the reconnect replaced that pair.
    expect(simulator.refreshCount(tenant)).toBe(1);
    const presented = presentedRefreshTokens(simulator);
    expect(new Set(presented).size).toBe(presented.length);
    expect(handed.accessToken).not.toBe(reconnected?.accessToken);
    expect(await generationOf(one, tenantId)).toBe(generation + 2);
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'active', issue: null });
    expect(await rows.readPair(one, tenantId)).toMatchObject({ kind: 'found', pair: { refreshToken: reconnected?.refreshToken } });
    // The reconnect's grant still works at Fortnox: nothing the refresh did touched it.
    await expect(new TokenClient(nodeFetch, Date.now).refresh(clientConfigFor(simulator), reconnected?.refreshToken ?? 'none')).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(leaked(simulator, text())).toEqual([]);
  });

  it('a refresh refused for a pair a reconnect replaced after the read (the lost-commit path, outside the row lock) does not mark the company: the mark is a compare-and-set on the generation read', async () => {
    const tenant = 6102;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    const { log } = recordingLogger();
    const { rows } = replicaTokens(one, simulator, log);
    await connectCompanies(simulator, one, rows, [tenant], { parallel: 1 });
    const generation = await generationOf(one, tenantId);
    // A reconnect has stored a newer pair since generation `generation` was read.
    await storeReconnect(one, rows, tenantId, await signInAgain(simulator, tenant));
    expect(await rows.markNeedsReconnect(one, tenantId, 'invalid_grant', null, generation)).toBe(false);
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'active', issue: null });
    // At the generation that is stored, the mark lands.
    expect(await rows.markNeedsReconnect(one, tenantId, 'invalid_grant', null, generation + 1)).toBe(true);
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'needs_reconnect', issue: 'invalid_grant' });
  });

  it('a rotated pair\'s write that the server refuses more than three times is retried from its savepoint with the row lock held: a waiting replica never presents the rotated-away refresh token', async () => {
    const tenant = 6103;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    await connectCompanies(simulator, one, replicaTokens(one, simulator, recordingLogger().log).rows, [tenant], { parallel: 1 });
    await expireAccessToken(one, tenantId);
    const { log, text } = recordingLogger();
    const metrics = countingMetrics();
    let waiting: Promise<unknown> | undefined;
    const { tokens: waiter } = replicaTokens(two, simulator, recordingLogger().log);
    const failing = refuseRotationWrites(one, 5, async () => {
      // Fortnox has answered; another replica now asks for the same company and waits on the row lock.
      waiting = waiter.accessToken(tenantId).then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      );
      await lockWaiters(watcher, 1);
    });
    const { tokens } = replicaTokens(failing.db, simulator, log, { metrics });
    const handed = await tokens.accessToken(tenantId);
    expect(failing.refused()).toBe(5);
    expect(await waiting).toEqual({ ok: expect.objectContaining({ accessToken: handed.accessToken }) });
    expect(simulator.refreshCount(tenant)).toBe(1);
    const presented = presentedRefreshTokens(simulator);
    expect(presented).toHaveLength(1);
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'active', issue: null });
    expect(metrics.counts.lost).toBeUndefined();
    expect(text().match(/retrying with the row lock held/g)).toHaveLength(5);
    expect(text()).not.toContain('second write');
  });

  it('a rotated pair\'s write refused for longer than the retry bound leaves the transaction and is stored by the rescue write', async () => {
    const tenant = 6104;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    await connectCompanies(simulator, one, replicaTokens(one, simulator, recordingLogger().log).rows, [tenant], { parallel: 1 });
    await expireAccessToken(one, tenantId);
    const { log, text } = recordingLogger();
    const failing = refuseRotationWrites(one, Number.POSITIVE_INFINITY, async () => undefined);
    // The backoff waits on the injected timers (item 12), not the global setTimeout: recorded, then run at once.
    const waits: number[] = [];
    const timers = {
      set: (callback: () => void, ms: number) => {
        waits.push(ms);
        return setImmediate(callback);
      },
      clear: (handle: unknown) => clearImmediate(handle as ReturnType<typeof setImmediate>),
    };
    const { tokens } = replicaTokens(failing.db, simulator, log, { options: { rotationWriteRetryMs: 200 }, timers });
    const handed = await tokens.accessToken(tenantId);
    // 25 + 50 + 100 ms of backoff fit in 200 ms; the fourth refusal leaves.
    expect(failing.refused()).toBe(4);
    expect(waits).toEqual([25, 50, 100]);
    expect(text()).toContain('refreshed pair stored on a second write');
    expect(await rows(one, tenantId)).toBe(handed.accessToken);
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'active', issue: null });

    async function rows(q: Queryable, id: string): Promise<string | undefined> {
      const read = await replicaTokens(one, simulator, log).rows.readAccess(q, id);
      return read.kind === 'found' ? read.pair.accessToken : undefined;
    }
  });

  it('a rotated pair\'s write whose every refusal itself takes long stops retrying by the bound in elapsed time: no retry starts after it or with less than its backoff left, and each retry\'s lock wait is cut to the time left', async () => {
    const tenant = 6105;
    const tenantId = String(tenant);
    const simulator = await startSimulator(firmScript([tenant]));
    await connectCompanies(simulator, one, replicaTokens(one, simulator, recordingLogger().log).rows, [tenant], { parallel: 1 });
    await expireAccessToken(one, tenantId);
    const { log, text } = recordingLogger();
    // The injected clock: moved on only by the slow refusals and the backoff waits.
    const start = Date.now();
    let clock = start;
    const starts: number[] = [];
    const refusalMs = 2_000;
    const failing = refuseRotationWrites(one, Number.POSITIVE_INFINITY, async () => undefined, () => {
      starts.push(clock - start);
      clock += refusalMs;
    });
    const waits: number[] = [];
    const timers = {
      set: (callback: () => void, ms: number) => {
        waits.push(ms);
        clock += ms;
        return setImmediate(callback);
      },
      clear: (handle: unknown) => clearImmediate(handle as ReturnType<typeof setImmediate>),
    };
    const { tokens } = replicaTokens(failing.db, simulator, log, { timers, now: () => clock });
    const handed = await tokens.accessToken(tenantId);
    // 0-2000 refused, 25 ms backoff; 2025-4025 refused, 50 ms; 4075-6075 refused, and 6075 + 100 is
    // past the 5 s bound: three tries, where summing the backoffs alone allowed fourteen (28 s of refusals).
    expect(failing.refused()).toBe(3);
    expect(starts).toEqual([0, 2_025, 4_075]);
    expect(waits).toEqual([25, 50]);
    expect(starts.every((at) => at <= DEFAULT_ROTATION_WRITE_RETRY_MS)).toBe(true);
    expect(clock - start).toBeLessThanOrEqual(DEFAULT_ROTATION_WRITE_RETRY_MS + refusalMs);
    // The refresh transaction's own lock_timeout, then each retry's (what was left of the 5 s), then
    // the rescue transaction's own.
    expect(failing.lockTimeouts).toEqual(['20000ms', '2975ms', '925ms', '20000ms']);
    // The rescue write outside the transaction stored the pair.
    expect(text()).toContain('refreshed pair stored on a second write');
    const read = await replicaTokens(one, simulator, log).rows.readAccess(one, tenantId);
    expect(read).toMatchObject({ kind: 'found', pair: { accessToken: handed.accessToken } });
    expect(await companyStatus(one, tenantId)).toMatchObject({ status: 'active', issue: null });
    expect(simulator.refreshCount(tenant)).toBe(1);
    expect(leaked(simulator, text())).toEqual([]);
  });
});

/**
 * The first `times` writes of a rotated pair inside a refresh transaction fail on that
 * transaction's own connection with a real statement error (division by zero, which aborts the
 * transaction as any refused statement does); the first runs `beforeFirst` before failing, and
 * each runs `eachRefusal` (a slow statement: it may move a test clock on). Writes on the pool, and
 * the rescue write's own transaction, pass. `lockTimeouts` lists each `lock_timeout` set on its
 * transactions (the refresh's and the rescue's), in order.
 */
function refuseRotationWrites(
  db: Database,
  times: number,
  beforeFirst: () => Promise<void>,
  eachRefusal: () => void = () => undefined,
): { db: Database; refused: () => number; lockTimeouts: string[] } {
  let refused = 0;
  const lockTimeouts: string[] = [];
  return {
    refused: () => refused,
    lockTimeouts,
    db: {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      transaction: (work) =>
        db.transaction((tx) => {
          // The rescue write's own transaction (it begins by locking the row) is on a fresh connection: it passes.
          let rescue = false;
          return work({
            query: async (sql, params) => {
              if (sql.startsWith('SELECT generation::float8 AS generation FROM company_tokens')) rescue = true;
              if (sql.startsWith(`SELECT set_config('lock_timeout', $1, true)`)) lockTimeouts.push(String(params?.[0]));
              if (!rescue && refused < times && sql.startsWith('WITH rotated AS')) {
                refused += 1;
                if (refused === 1) await beforeFirst();
                eachRefusal();
                return tx.query('SELECT 1 / 0');
              }
              return tx.query(sql, params);
            },
          });
        }),
      close: () => db.close(),
    },
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

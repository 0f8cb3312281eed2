import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyHealth, ServerKeyError } from '../../../../server/crypto/key-health';
import { EncryptionKey, KeyRing, type Sealer } from '../../../../server/crypto/sealer';
import type { Database } from '../../../../server/db/database';
import { openPglite } from '../../../../server/db/pglite';
import { databaseReadiness } from '../../../../server/http/readiness';
import { FirmTokens } from '../../../../server/tokens/firm-tokens';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { recordingLogger } from '../../main/recording-logger';
import { buildApp, errorCodeOf } from '../http/server-harness';
import { companyMaker, companyStatus, insertCompany, migrateForTest, nodeFetch, postgresReplicas, testPair, testSealer } from '../tokens/tokens-test-kit';

const HOUR = 3_600_000;

const pair = (label: string) => testPair(label);

/** A ring whose key under `keyId` has other bytes than the fleet's (a mistyped key). */
function mistypedRing(keyId: string): Sealer {
  return new KeyRing(new EncryptionKey(keyId, randomBytes(32)));
}

/** The token service of one replica over `rows` (no Fortnox call is expected in these tests). */
function tokensOver(db: Database, rows: TokenRows): FirmTokens {
  return new FirmTokens({
    db,
    rows,
    fetcher: nodeFetch,
    clientConfig: () => ({ tokenUrl: 'http://127.0.0.1:9/oauth-v1/token', revokeUrl: 'http://127.0.0.1:9/oauth-v1/revoke', clientId: 'c', clientSecret: 's' }),
    slots: { acquire: async () => undefined },
    now: Date.now,
    log: recordingLogger().log,
  });
}

/** The checks every database kind must pass. */
function keyHealthChecks(open: () => Promise<{ db: Database; close: () => Promise<void> }>, tenantBase: number) {
  let db: Database;
  let close: () => Promise<void>;
  const company = companyMaker(() => db, tenantBase);

  beforeAll(async () => {
    ({ db, close } = await open());
  }, 60_000);
  afterAll(() => close());

  it('the first replica writes the canary of its key and is ready; one with the same key id but other bytes is not, and changes no company', async () => {
    const good = new KeyHealth(testSealer('fleet-1'), recordingLogger().log);
    expect(good.ready()).toBe(false);
    await good.verify(db);
    expect(good.ready()).toBe(true);
    const canaries = await db.query<{ key_id: string }>('SELECT key_id FROM key_canaries');
    expect(canaries.rows.map((row) => row.key_id)).toContain('fleet-1');

    const rows = new TokenRows(testSealer('fleet-1'), recordingLogger().log);
    const tenant = await company();
    await rows.storeNewPair(db, tenant, pair('a'), { storedAt: Date.now(), nextRefreshAt: Date.now() - 1_000 });

    const { log, text } = recordingLogger();
    const wrong = mistypedRing('fleet-1');
    const health = new KeyHealth(wrong, log);
    await health.verify(db);
    expect(health.ready()).toBe(false);
    const readiness = databaseReadiness({ db, migrationsApplied: async () => true, keyLoaded: () => health.ready() });
    expect(await readiness()).toEqual(['key_not_loaded']);
    expect(text()).toContain('keyId="fleet-1"');
    expect(text()).toContain('authentication_failed');

    const wrongRows = new TokenRows(wrong, log, health);
    await expect(wrongRows.readAccess(db, tenant)).rejects.toBeInstanceOf(ServerKeyError);
    await expect(wrongRows.readPair(db, tenant)).rejects.toMatchObject({ keyId: 'fleet-1', reason: 'authentication_failed' });
    // Not claimed for background renewal either: a replica that cannot open a key's rows leaves them alone.
    expect(await wrongRows.claimDue(db, { lock: false })).toBeUndefined();
    expect(await companyStatus(db, tenant)).toMatchObject({ status: 'active', issue: null });
    // Logged once however often it is met; no token in the log.
    expect(text().match(/cannot open values sealed under an encryption key id/g)).toHaveLength(1);
    expect(text()).not.toMatch(/access-a-|refresh-a-/);
    // The right key still reads it.
    expect(await rows.readAccess(db, tenant)).toMatchObject({ kind: 'found', pair: { accessToken: pair('a').accessToken } });
    await db.query('DELETE FROM companies WHERE tenant_id = $1', [tenant]);
  });

  it('a replica whose ring lacks a key id the stored values use is not ready at start; with the old key kept it is', async () => {
    const rows = new TokenRows(testSealer('fleet-1'), recordingLogger().log);
    const tenant = await company();
    await rows.storeNewPair(db, tenant, pair('b'), { storedAt: Date.now(), nextRefreshAt: Date.now() - 1_000 });

    const { log, text } = recordingLogger();
    const rotatedTooEarly = new KeyHealth(testSealer('fleet-2'), log);
    await rotatedTooEarly.verify(db);
    expect(rotatedTooEarly.ready()).toBe(false);
    expect(text()).toContain('unknown_key');

    const rolling = new KeyHealth(testSealer('fleet-2', ['fleet-2', 'fleet-1']), recordingLogger().log);
    await rolling.verify(db);
    expect(rolling.ready()).toBe(true);
    await db.query('DELETE FROM companies WHERE tenant_id = $1', [tenant]);
  });

  it('a replica that meets a key it lacks while running turns not ready, and the access-token route answers 503 server_key_missing without touching the company', async () => {
    // An old replica (only fleet-1) started before the rotation: it was ready.
    const { log } = recordingLogger();
    const old = testSealer('fleet-1');
    const health = new KeyHealth(old, log);
    await health.verify(db);
    expect(health.ready()).toBe(true);
    // A new replica (fleet-3 current) stores a pair for company 101.
    await db.query(`DELETE FROM companies WHERE tenant_id = '101'`);
    await insertCompany(db, '101');
    await new TokenRows(testSealer('fleet-3', ['fleet-3', 'fleet-1']), recordingLogger().log).storeNewPair(db, '101', pair('c'), {
      storedAt: Date.now(),
      nextRefreshAt: Date.now() + HOUR,
    });

    const tokens = tokensOver(db, new TokenRows(old, log, health));
    const { app, newKey } = await buildApp({
      tokens,
      readiness: databaseReadiness({ db, migrationsApplied: async () => true, keyLoaded: () => health.ready() }),
    });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const key = await newKey({ right: 'token', companies: ['101'] });
    const answer = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: { authorization: `Bearer ${key}` } });
    expect(answer.statusCode).toBe(503);
    expect(errorCodeOf(answer.body)).toBe('server_key_missing');
    expect(answer.body).not.toContain('fleet-3');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', problems: ['key_not_loaded'] });
    expect(await companyStatus(db, '101')).toMatchObject({ status: 'active', issue: null });
  });
}

describe('KeyHealth on PostgreSQL', () => {
  keyHealthChecks(async () => {
    const replicas = await postgresReplicas('keyhealth', 1);
    return { db: replicas.dbs[0]!, close: replicas.close };
  }, 8100);
});

describe('KeyHealth on PGlite', () => {
  keyHealthChecks(async () => {
    const folder = await mkdtemp(join(tmpdir(), 'key-health-'));
    const db = await openPglite(folder);
    await migrateForTest(db);
    return {
      db,
      close: async () => {
        await db.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  }, 8200);
});

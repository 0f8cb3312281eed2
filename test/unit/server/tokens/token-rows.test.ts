import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sealer } from '../../../../server/crypto/sealer';
import type { Database } from '../../../../server/db/database';
import { tokenAad } from '../../../../server/crypto/column-aad';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { recordingLogger } from '../../main/recording-logger';
import { companyMaker, companyStatus, generationOf, postgresReplicas, testPair, testSealer } from './tokens-test-kit';

const HOUR = 3_600_000;

const pair = testPair;

/** A sealer that counts what it opens. */
function countingSealer(inner: Sealer): Sealer & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    currentKeyId: inner.currentKeyId,
    keyIds: inner.keyIds,
    seal: (plaintext, aad) => inner.seal(plaintext, aad),
    open: (keyId, ciphertext, aad) => {
      opened.push(aad);
      return inner.open(keyId, ciphertext, aad);
    },
  };
}

describe('TokenRows', () => {
  let replicas: Awaited<ReturnType<typeof postgresReplicas>>;
  let db: Database;
  const company = companyMaker(() => db, 8000);

  beforeAll(async () => {
    replicas = await postgresReplicas('tokenrows', 1);
    db = replicas.dbs[0]!;
  });
  afterAll(() => replicas.close());

  it('stores a pair encrypted per column (no plaintext at rest) and reads it back; the fast read opens only the access token', async () => {
    const tenant = await company();
    const sealer = countingSealer(testSealer());
    const rows = new TokenRows(sealer, recordingLogger().log);
    const stored = pair('a');
    expect(await rows.storeNewPair(db, tenant, stored, { storedAt: Date.now(), nextRefreshAt: Date.now() + 40 * 60_000 })).toBe(1);
    const full = await rows.readPair(db, tenant);
    expect(full).toMatchObject({ kind: 'found', pair: { accessToken: stored.accessToken, refreshToken: stored.refreshToken, scopes: ['companyinformation'], generation: 1, status: 'active', accessOnly: false } });
    // At rest only ciphertext, under the ring's current key.
    const raw = await db.query<{ key_id: string; access_ciphertext: Buffer; refresh_ciphertext: Buffer }>(
      'SELECT key_id, access_ciphertext, refresh_ciphertext FROM company_tokens WHERE tenant_id = $1',
      [tenant],
    );
    const row = raw.rows[0]!;
    expect(row.key_id).toBe('test-key');
    expect(row.access_ciphertext.includes(stored.accessToken)).toBe(false);
    expect(row.refresh_ciphertext.includes(stored.refreshToken!)).toBe(false);
    sealer.opened.length = 0;
    const fast = await rows.readAccess(db, tenant);
    expect(fast).toMatchObject({ kind: 'found', pair: { accessToken: stored.accessToken } });
    expect(sealer.opened).toEqual([tokenAad(tenant, 'access')]);
  });

  it('an access-only pair has no refresh token and says so', async () => {
    const tenant = await company();
    const rows = new TokenRows(testSealer(), recordingLogger().log);
    await rows.storeNewPair(db, tenant, pair('b', false), { storedAt: Date.now(), nextRefreshAt: Date.now() + HOUR });
    expect(await rows.readPair(db, tenant)).toMatchObject({ kind: 'found', pair: { refreshToken: null, accessOnly: true } });
  });

  it('a ciphertext moved to another row or column does not open under a key its canary proves right: the company is marked needs_reconnect (undecryptable), and the log names no token', async () => {
    const [victim, other] = [await company(), await company()];
    const { log, text } = recordingLogger();
    const rows = new TokenRows(testSealer(), log);
    // The key is proven right by its canary: a value that fails its tag under it is the row's damage.
    await rows.keyHealth.verify(db);
    expect(rows.keyHealth.ready()).toBe(true);
    await rows.storeNewPair(db, victim, pair('victim'), { storedAt: Date.now(), nextRefreshAt: Date.now() + HOUR });
    await rows.storeNewPair(db, other, pair('other'), { storedAt: Date.now(), nextRefreshAt: Date.now() + HOUR });
    // Another company's access token copied into this row.
    await db.query(`UPDATE company_tokens SET access_ciphertext = (SELECT access_ciphertext FROM company_tokens WHERE tenant_id = $2) WHERE tenant_id = $1`, [victim, other]);
    expect(await rows.readAccess(db, victim)).toEqual({ kind: 'undecryptable' });
    expect(await companyStatus(db, victim)).toMatchObject({ status: 'needs_reconnect', issue: 'undecryptable' });
    // Its refresh token copied into its access column: the column is part of the aad too.
    await db.query(`UPDATE company_tokens SET refresh_ciphertext = access_ciphertext WHERE tenant_id = $1`, [other]);
    expect(await rows.readPair(db, other)).toEqual({ kind: 'undecryptable' });
    expect(await companyStatus(db, other)).toMatchObject({ status: 'needs_reconnect', issue: 'undecryptable' });
    expect(text()).toContain('cannot be decrypted');
    expect(text()).not.toMatch(/(access|refresh)-(victim|other)/);
    // Damaged rows are not this replica's fault: it stays ready.
    expect(rows.keyHealth.ready()).toBe(true);
  });

  it('a rotation is written only over the generation it read; a sign-in replaces the pair and moves the generation on', async () => {
    const tenant = await company();
    const rows = new TokenRows(testSealer(), recordingLogger().log);
    await rows.storeNewPair(db, tenant, pair('c1'), { storedAt: Date.now(), nextRefreshAt: Date.now() + HOUR });
    const rotated = pair('c2');
    const times = { nextRefreshAt: Date.now() + HOUR, refreshedAt: Date.now() };
    expect(await rows.writeRotation(db, tenant, rows.seal(tenant, rotated), rotated, { ...times, generation: 1 })).toBe(2);
    // A second writer that read generation 1 too: refused, the row keeps the first rotation.
    const late = pair('c3');
    expect(await rows.writeRotation(db, tenant, rows.seal(tenant, late), late, { ...times, generation: 1 })).toBeUndefined();
    expect(await rows.readPair(db, tenant)).toMatchObject({ kind: 'found', pair: { accessToken: rotated.accessToken, generation: 2 } });
    expect(await rows.storeNewPair(db, tenant, pair('c4'), { storedAt: Date.now(), nextRefreshAt: Date.now() + HOUR })).toBe(3);
    expect(await generationOf(db, tenant)).toBe(3);
  });

  it('a failed background renewal shows the company as error and counts it; the next rotation makes it active again', async () => {
    const tenant = await company();
    const rows = new TokenRows(testSealer(), recordingLogger().log);
    await rows.storeNewPair(db, tenant, pair('d1'), { storedAt: Date.now(), nextRefreshAt: Date.now() });
    await rows.recordFailure(db, tenant, Date.now() + 60_000, 'server_error', 'Fortnox had a problem');
    expect(await companyStatus(db, tenant)).toEqual({ status: 'error', issue: 'server_error', status_detail: 'Fortnox had a problem' });
    const read = await rows.readPair(db, tenant);
    expect(read).toMatchObject({ kind: 'found', pair: { failedRefreshes: 1, status: 'error' } });
    if (read.kind !== 'found') return;
    expect(read.pair.nextRefreshAt).toBeGreaterThan(Date.now() + 50_000);
    const rotated = pair('d2');
    await rows.writeRotation(db, tenant, rows.seal(tenant, rotated), rotated, { generation: 1, nextRefreshAt: Date.now() + HOUR, refreshedAt: Date.now() });
    expect(await companyStatus(db, tenant)).toEqual({ status: 'active', issue: null, status_detail: null });
    expect(await rows.readPair(db, tenant)).toMatchObject({ kind: 'found', pair: { failedRefreshes: 0 } });
  });

  it('marking needs_reconnect keeps the first reason; a company marked for invalid_grant can be made active again', async () => {
    const tenant = await company();
    const rows = new TokenRows(testSealer(), recordingLogger().log);
    expect(await rows.markNeedsReconnect(db, tenant, 'invalid_grant', 'Invalid refresh token')).toBe(true);
    expect(await rows.markNeedsReconnect(db, tenant, 'undecryptable')).toBe(false);
    expect(await companyStatus(db, tenant)).toEqual({ status: 'needs_reconnect', issue: 'invalid_grant', status_detail: 'Invalid refresh token' });
    expect(await rows.reactivate(db, tenant, 'undecryptable')).toBe(false);
    expect(await rows.reactivate(db, tenant, 'invalid_grant')).toBe(true);
    expect((await companyStatus(db, tenant)).status).toBe('active');
  });
});

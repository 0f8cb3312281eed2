import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_SECRET_AAD, tokenAad } from '../../../../server/crypto/column-aad';
import { reencryptAll } from '../../../../server/crypto/reencrypt';
import { EncryptionKey, KeyRing, UndecryptableError } from '../../../../server/crypto/sealer';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';

const CLIENT_SECRET = 'client-secret-4f5e6d7c';
const accessOf = (tenant: string) => `access-token-of-${tenant}`;
const refreshOf = (tenant: string) => `refresh-token-of-${tenant}`;

let dir: string;
let db: Database;
const oldKey = new EncryptionKey('2024', randomBytes(32));
const newKey = new EncryptionKey('2025', randomBytes(32));

// One database for the file (PGlite takes seconds to start on a busy machine), emptied before each test.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'reencrypt-'));
  db = await openPglite(dir);
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query('TRUNCATE companies, company_tokens, fortnox_client');
});

/** Stores the client secret and each company's pair sealed by `ring` (no refresh token for access-only ones). */
async function store(ring: KeyRing, tenants: string[], accessOnly: string[] = []): Promise<void> {
  const secret = ring.seal(CLIENT_SECRET, CLIENT_SECRET_AAD);
  await db.query(
    `INSERT INTO fortnox_client (id, client_id, key_id, secret_ciphertext) VALUES (1, 'client-id', $1, $2)
     ON CONFLICT (id) DO UPDATE SET key_id = $1, secret_ciphertext = $2`,
    [secret.keyId, secret.ciphertext],
  );
  for (const tenant of [...tenants, ...accessOnly]) {
    const access = ring.seal(accessOf(tenant), tokenAad(tenant, 'access'));
    const refresh = accessOnly.includes(tenant) ? null : ring.seal(refreshOf(tenant), tokenAad(tenant, 'refresh')).ciphertext;
    await db.query(`INSERT INTO companies (tenant_id, status, connected_by) VALUES ($1, 'active', 'anna@firm.se')`, [tenant]);
    await db.query(
      `INSERT INTO company_tokens (tenant_id, key_id, access_ciphertext, refresh_ciphertext, access_expires_at, next_refresh_at, generation)
       VALUES ($1, $2, $3, $4, now() + interval '1 hour', now() + interval '50 minutes', 7)`,
      [tenant, access.keyId, access.ciphertext, refresh],
    );
  }
}

interface Row {
  tenant_id: string;
  key_id: string;
  access_ciphertext: Buffer;
  refresh_ciphertext: Buffer | null;
  generation: number;
}

async function tokenRows(): Promise<Row[]> {
  return (await db.query<Row>('SELECT tenant_id, key_id, access_ciphertext, refresh_ciphertext, generation FROM company_tokens ORDER BY tenant_id')).rows;
}

async function clientRow(): Promise<{ key_id: string; secret_ciphertext: Buffer }> {
  const { rows } = await db.query<{ key_id: string; secret_ciphertext: Buffer }>('SELECT key_id, secret_ciphertext FROM fortnox_client WHERE id = 1');
  return rows[0]!;
}

describe('reencryptAll on PGlite', () => {
  it('moves every row to the new key with the same values, after which the old key alone can read none of them', async () => {
    await store(new KeyRing(oldKey), ['1000001', '1000002', '1000003'], ['1000004']);
    const rotated = new KeyRing(newKey, [oldKey]);

    const report = await reencryptAll(db, rotated);

    expect(report).toEqual({ currentKeyId: '2025', reencrypted: { fortnoxClient: 1, companyTokens: 4 }, busy: [], undecryptable: [], remaining: {} });
    const rows = await tokenRows();
    expect(rows.map((row) => row.key_id)).toEqual(['2025', '2025', '2025', '2025']);
    const client = await clientRow();
    expect(client.key_id).toBe('2025');
    expect(rotated.open(client.key_id, client.secret_ciphertext, CLIENT_SECRET_AAD)).toBe(CLIENT_SECRET);
    for (const row of rows) {
      expect(rotated.open(row.key_id, row.access_ciphertext, tokenAad(row.tenant_id, 'access'))).toBe(accessOf(row.tenant_id));
      if (row.tenant_id === '1000004') expect(row.refresh_ciphertext).toBeNull();
      else expect(rotated.open(row.key_id, row.refresh_ciphertext!, tokenAad(row.tenant_id, 'refresh'))).toBe(refreshOf(row.tenant_id));
      // The values did not rotate: a refresh in flight keeps its compare-and-set on generation.
      expect(row.generation).toBe(7);
    }

    const oldOnly = new KeyRing(oldKey);
    expect(() => oldOnly.open(client.key_id, client.secret_ciphertext, CLIENT_SECRET_AAD)).toThrow(UndecryptableError);
    for (const row of rows) expect(() => oldOnly.open(row.key_id, row.access_ciphertext, tokenAad(row.tenant_id, 'access'))).toThrow(UndecryptableError);
  });

  it('finds nothing to do on a second run, nor for rows already sealed under the current key', async () => {
    await store(new KeyRing(newKey), ['1000001', '1000002']);
    const before = await tokenRows();
    const report = await reencryptAll(db, new KeyRing(newKey, [oldKey]));
    expect(report.reencrypted).toEqual({ fortnoxClient: 0, companyTokens: 0 });
    expect(await tokenRows()).toEqual(before);
  });

  it('walks the companies in pages without missing or repeating one', async () => {
    const tenants = Array.from({ length: 23 }, (_, i) => String(2000000 + i));
    await store(new KeyRing(oldKey), tenants);
    const report = await reencryptAll(db, new KeyRing(newKey, [oldKey]), { pageSize: 5 });
    expect(report.reencrypted.companyTokens).toBe(23);
    expect(new Set((await tokenRows()).map((row) => row.key_id))).toEqual(new Set(['2025']));
  });

  it('reports a row it cannot open, leaves it as it is, re-encrypts the others and counts what remains under the old key', async () => {
    const lost = new EncryptionKey('lost', randomBytes(32));
    await store(new KeyRing(oldKey), ['1000001', '1000002']);
    await store(new KeyRing(lost), ['1000003']);
    const untouched = (await tokenRows()).find((row) => row.tenant_id === '1000003')!;

    const report = await reencryptAll(db, new KeyRing(newKey, [oldKey]));

    expect(report.reencrypted).toEqual({ fortnoxClient: 0, companyTokens: 2 });
    expect(report.undecryptable).toEqual([
      { table: 'fortnox_client', tenantId: null, keyId: 'lost', reason: 'unknown_key' },
      { table: 'company_tokens', tenantId: '1000003', keyId: 'lost', reason: 'unknown_key' },
    ]);
    expect(report.remaining).toEqual({ lost: 2 });
    expect((await tokenRows()).find((row) => row.tenant_id === '1000003')).toEqual(untouched);
  });

  it('reports a value moved into another row as undecryptable instead of re-encrypting it under its new row', async () => {
    await store(new KeyRing(oldKey), ['1000001', '1000002']);
    const rows = await tokenRows();
    await db.query('UPDATE company_tokens SET refresh_ciphertext = $1 WHERE tenant_id = $2', [rows[0]!.refresh_ciphertext, '1000002']);
    const report = await reencryptAll(db, new KeyRing(newKey, [oldKey]));
    expect(report.undecryptable).toEqual([{ table: 'company_tokens', tenantId: '1000002', keyId: '2024', reason: 'authentication_failed' }]);
    expect(report.remaining).toEqual({ 2024: 1 });
  });
});

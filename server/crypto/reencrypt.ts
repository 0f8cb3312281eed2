import type { Database, Queryable } from '../db/database';
import { isLockTimeout } from '../db/sql-errors';
import { CLIENT_SECRET_AAD, tokenAad } from './column-aad';
import { UndecryptableError, type Sealer, type UndecryptableReason } from './sealer';

/**
 * Re-encryption after a key rotation (issue 10 item 2): every encrypted value not under the
 * current key is opened with its old key and sealed again under the current one, so the old key
 * can then be dropped from ENCRYPTION_OLD_KEYS (Vault transit's `rewrap`, firm-server.md section 5).
 *
 * One row per transaction, the row locked with `FOR UPDATE` and re-read inside it: a refresh that
 * rotates the same company's tokens either finishes first (and sealed under the current key, so
 * the row is skipped) or waits for this short transaction. `generation` is left alone: the values
 * are unchanged, and a refresh in flight on PGlite writes with a compare-and-set on it.
 */

/** One encrypted row: the client secret, or one company's token pair. */
export interface SealedRow {
  table: 'fortnox_client' | 'company_tokens';
  /** The company, for a token row. */
  tenantId: string | null;
}

/** A row that could not be opened with the ring; it is left as it is. */
export interface UndecryptableRow extends SealedRow {
  keyId: string;
  reason: UndecryptableReason;
}

/** What a re-encryption did. */
export interface ReencryptReport {
  currentKeyId: string;
  /** Rows sealed again under the current key. */
  reencrypted: { fortnoxClient: number; companyTokens: number };
  /** Rows that stayed locked (by a refresh) past the lock timeout: run again. */
  busy: SealedRow[];
  undecryptable: UndecryptableRow[];
  /** Rows still under another key after the run, by key id: a key listed here may not be dropped yet. */
  remaining: Record<string, number>;
}

export interface ReencryptOptions {
  /** How long to wait for one row's lock on PostgreSQL (default 15 s; a refresh holds it for its Fortnox call). */
  lockTimeoutMs?: number;
  /** Companies read per page of the work list (default 500). */
  pageSize?: number;
}

interface TokenRow {
  tenant_id: string;
  key_id: string;
  access_ciphertext: Buffer;
  refresh_ciphertext: Buffer | null;
}

async function lockTimeout(db: Database, tx: Queryable, ms: number): Promise<void> {
  // PGlite has one session: nothing can hold the row, and there is nothing to wait for.
  // A bound parameter, as FirmTokens sets its own (set_config with is_local = SET LOCAL), not SQL built from text.
  if (db.kind === 'postgres') await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.floor(ms))}ms`]);
}

/** Re-encrypts the client secret if it is under another key. */
async function reencryptClientSecret(db: Database, sealer: Sealer, report: ReencryptReport, timeoutMs: number): Promise<void> {
  try {
    const done = await db.transaction(async (tx) => {
      await lockTimeout(db, tx, timeoutMs);
      const { rows } = await tx.query<{ key_id: string; secret_ciphertext: Buffer }>(
        'SELECT key_id, secret_ciphertext FROM fortnox_client WHERE id = 1 AND key_id <> $1 FOR UPDATE',
        [sealer.currentKeyId],
      );
      const row = rows[0];
      if (!row) return false;
      const sealed = sealer.seal(sealer.open(row.key_id, row.secret_ciphertext, CLIENT_SECRET_AAD), CLIENT_SECRET_AAD);
      await tx.query('UPDATE fortnox_client SET key_id = $1, secret_ciphertext = $2, updated_at = now() WHERE id = 1', [sealed.keyId, sealed.ciphertext]);
      return true;
    });
    if (done) report.reencrypted.fortnoxClient += 1;
  } catch (error) {
    if (error instanceof UndecryptableError) report.undecryptable.push({ table: 'fortnox_client', tenantId: null, keyId: error.keyId, reason: error.reason });
    else if (isLockTimeout(error)) report.busy.push({ table: 'fortnox_client', tenantId: null });
    else throw error;
  }
}

/** Re-encrypts one company's token pair, re-read under its row lock. */
async function reencryptCompany(db: Database, sealer: Sealer, tenantId: string, report: ReencryptReport, timeoutMs: number): Promise<void> {
  try {
    const done = await db.transaction(async (tx) => {
      await lockTimeout(db, tx, timeoutMs);
      const { rows } = await tx.query<TokenRow>(
        'SELECT tenant_id, key_id, access_ciphertext, refresh_ciphertext FROM company_tokens WHERE tenant_id = $1 AND key_id <> $2 FOR UPDATE',
        [tenantId, sealer.currentKeyId],
      );
      const row = rows[0];
      // Gone (disconnected) or already rotated under the current key by a refresh meanwhile.
      if (!row) return false;
      const access = sealer.seal(sealer.open(row.key_id, row.access_ciphertext, tokenAad(tenantId, 'access')), tokenAad(tenantId, 'access'));
      const refresh =
        row.refresh_ciphertext === null
          ? null
          : sealer.seal(sealer.open(row.key_id, row.refresh_ciphertext, tokenAad(tenantId, 'refresh')), tokenAad(tenantId, 'refresh')).ciphertext;
      await tx.query('UPDATE company_tokens SET key_id = $2, access_ciphertext = $3, refresh_ciphertext = $4 WHERE tenant_id = $1', [
        tenantId,
        access.keyId,
        access.ciphertext,
        refresh,
      ]);
      return true;
    });
    if (done) report.reencrypted.companyTokens += 1;
  } catch (error) {
    if (error instanceof UndecryptableError) report.undecryptable.push({ table: 'company_tokens', tenantId, keyId: error.keyId, reason: error.reason });
    else if (isLockTimeout(error)) report.busy.push({ table: 'company_tokens', tenantId });
    else throw error;
  }
}

/**
 * Re-encrypts the client secret and every company's token pair not under `sealer.currentKeyId`,
 * one row per transaction, and reports what it did and what is left. A row that will not open is
 * reported and left as it is (the company needs reconnecting or the missing old key); a row held
 * by a refresh past the lock timeout is reported as busy. Safe to run again at any time.
 */
export async function reencryptAll(db: Database, sealer: Sealer, options: ReencryptOptions = {}): Promise<ReencryptReport> {
  const timeoutMs = options.lockTimeoutMs ?? 15_000;
  const pageSize = options.pageSize ?? 500;
  const report: ReencryptReport = { currentKeyId: sealer.currentKeyId, reencrypted: { fortnoxClient: 0, companyTokens: 0 }, busy: [], undecryptable: [], remaining: {} };

  await reencryptClientSecret(db, sealer, report, timeoutMs);

  // Keyset pages of the companies to do, so 10,000 companies are never one result in memory.
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM company_tokens WHERE key_id <> $1 AND tenant_id > $2 ORDER BY tenant_id LIMIT $3',
      [sealer.currentKeyId, after, pageSize],
    );
    for (const { tenant_id: tenantId } of rows) await reencryptCompany(db, sealer, tenantId, report, timeoutMs);
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.tenant_id;
  }

  const { rows: left } = await db.query<{ key_id: string; count: number | string }>(
    `SELECT key_id, count(*) AS count FROM (
       SELECT key_id FROM fortnox_client UNION ALL SELECT key_id FROM company_tokens
     ) AS sealed WHERE key_id <> $1 GROUP BY key_id ORDER BY key_id`,
    [sealer.currentKeyId],
  );
  for (const row of left) report.remaining[row.key_id] = Number(row.count);
  return report;
}

import { z } from 'zod';
import type { Logger } from '../../main/logging/logger';
import { STORED_STATUSES } from '../../shared/company-record';
import { tokenAad } from '../crypto/column-aad';
import { KeyHealth, ServerKeyError } from '../crypto/key-health';
import { UndecryptableError, type Sealer } from '../crypto/sealer';
import type { Queryable } from '../db/database';

/**
 * A company's row of `company_tokens` (server/db/migrations/001_initial.sql), read and written
 * through the Sealer: each token is sealed with AES-256-GCM under the row's key id and an aad that
 * binds it to its tenant and column (`company_tokens:<tenant>:access` / `:refresh`), so a
 * ciphertext copied to another row or column does not open. Times cross the boundary as epoch
 * milliseconds (float8), counters as float8 too: node-postgres gives int8 as a string and PGlite
 * its own way, so no bigint reaches this file.
 */

/** A token pair as Fortnox issued it. */
export interface TokenPair {
  accessToken: string;
  /** Null for an access-only connection (no offline access): it ends with its access token. */
  refreshToken: string | null;
  scopes: string[];
  /** Epoch ms. */
  accessExpiresAt: number;
}

/**
 * A company's status (the `companies.status` column, the desktop's stored statuses): `error` is a
 * failed background renewal (the pair may still work), `access_only` a connection without a
 * refresh token; only `needs_reconnect` stops tokens being handed out.
 */
export type CompanyStatus = (typeof STORED_STATUSES)[number];

/** Everything about a company's stored pair except the refresh token itself. */
export interface StoredPairInfo {
  tenantId: string;
  accessToken: string;
  accessExpiresAt: number;
  scopes: string[];
  /** Whether the row has no refresh token (access-only connection). */
  accessOnly: boolean;
  /** Rotations so far: the compare-and-set value of every write. */
  generation: number;
  /** Epoch ms when the pair (and its refresh token) was stored. */
  refreshedAt: number;
  nextRefreshAt: number;
  failedRefreshes: number;
  status: CompanyStatus;
  issue: string | null;
  accountType: 'user' | 'service';
}

/** A stored pair with its refresh token opened (only read when a refresh is about to happen). */
export interface StoredPair extends StoredPairInfo {
  refreshToken: string | null;
}

/** What reading a company's row found. */
export type TokenRead<T> =
  | { kind: 'found'; pair: T }
  /** No such company, or no token row for it. */
  | { kind: 'missing' }
  /**
   * A ciphertext is damaged (it would not open under a key proven by its canary, or is malformed):
   * the company has been marked needs_reconnect (issue `undecryptable`). A value this replica
   * cannot open for want of the right key is not this: it throws `ServerKeyError` (key-health.ts).
   */
  | { kind: 'undecryptable' };

/** A pair sealed for its row, ready to write. */
export interface SealedPair {
  keyId: string;
  access: Buffer;
  refresh: Buffer | null;
}

/** Issue stored on a company whose tokens cannot be decrypted. */
export const UNDECRYPTABLE_ISSUE = 'undecryptable';

const bytes = z.instanceof(Uint8Array);
const rowSchema = z.object({
  tenant_id: z.string(),
  key_id: z.string(),
  access_ciphertext: bytes,
  refresh_ciphertext: bytes.nullable().optional(),
  access_only: z.boolean(),
  scopes: z.array(z.string()),
  access_expires_ms: z.number(),
  generation: z.number(),
  refreshed_ms: z.number(),
  next_refresh_ms: z.number(),
  failed_refreshes: z.number(),
  status: z.enum(STORED_STATUSES),
  issue: z.string().nullable(),
  account_type: z.enum(['user', 'service']),
});
type Row = z.infer<typeof rowSchema>;

/** The row's columns (refresh ciphertext with `refresh`), times and counters as float8. */
function selectSql(refresh: boolean, where: string, tail = ''): string {
  return `SELECT t.tenant_id, t.key_id, t.access_ciphertext, ${refresh ? 't.refresh_ciphertext, ' : ''}
  t.refresh_ciphertext IS NULL AS access_only, t.scopes,
  (extract(epoch FROM t.access_expires_at) * 1000)::float8 AS access_expires_ms,
  t.generation::float8 AS generation,
  (extract(epoch FROM t.refreshed_at) * 1000)::float8 AS refreshed_ms,
  (extract(epoch FROM t.next_refresh_at) * 1000)::float8 AS next_refresh_ms,
  t.failed_refreshes::float8 AS failed_refreshes, c.status, c.issue, c.account_type
FROM company_tokens AS t JOIN companies AS c USING (tenant_id)
WHERE ${where}${tail}`;
}

const SELECT_ACCESS = selectSql(false, 't.tenant_id = $1');
const SELECT_FULL = selectSql(true, 't.tenant_id = $1');
const SELECT_FULL_FOR_UPDATE = selectSql(true, 't.tenant_id = $1', '\nFOR UPDATE OF t');

/**
 * The next company due for background renewal: active, with a refresh token, `next_refresh_at`
 * reached on the database clock, soonest first, none of `$1` (the ones this process is already
 * renewing), sealed under a key id of `$2` (the ones this replica can open: a row it cannot open is
 * left to a replica that can, not claimed again and again). With `lock`, the row is locked and rows other transactions hold are skipped
 * (`FOR UPDATE SKIP LOCKED`): one company per claiming transaction, shared out across replicas.
 */
const DUE_WHERE = `c.status IN ('active', 'error') AND t.refresh_ciphertext IS NOT NULL AND t.next_refresh_at <= now()
  AND NOT (t.tenant_id = ANY ($1::text[])) AND t.key_id = ANY ($2::text[])`;
const CLAIM_DUE_LOCKED = selectSql(true, DUE_WHERE, '\nORDER BY t.next_refresh_at LIMIT 1\nFOR UPDATE OF t SKIP LOCKED');
const NEXT_DUE = selectSql(true, DUE_WHERE, '\nORDER BY t.next_refresh_at LIMIT 1');

/**
 * A rotation: the new pair, generation + 1, only if the row still has the generation that was
 * read (always true under the row lock on PostgreSQL; the compare-and-set on PGlite). A company
 * shown as `error` (a failed renewal) becomes `active` again in the same statement: one round trip
 * between Fortnox's answer and COMMIT.
 * $1 tenant, $2 key id, $3 access, $4 refresh, $5 scopes, $6 access expiry ms, $7 next refresh ms,
 * $8 expected generation, $9 refreshed-at ms.
 */
const WRITE_ROTATION_SQL = `WITH rotated AS (
  UPDATE company_tokens
  SET key_id = $2, access_ciphertext = $3, refresh_ciphertext = $4, scopes = $5::text[],
    access_expires_at = to_timestamp($6::float8 / 1000), next_refresh_at = to_timestamp($7::float8 / 1000),
    generation = generation + 1, refreshed_at = to_timestamp($9::float8 / 1000), failed_refreshes = 0
  WHERE tenant_id = $1 AND generation = $8::bigint
  RETURNING generation
), recovered AS (
  UPDATE companies SET status = 'active', issue = NULL, status_detail = NULL, updated_at = now()
  WHERE tenant_id = $1 AND status = 'error' AND EXISTS (SELECT 1 FROM rotated)
)
SELECT generation::float8 AS generation FROM rotated`;

/** A new pair from a sign-in (connect or reconnect): inserted, or replacing whatever was there (generation + 1). */
const STORE_NEW_PAIR_SQL = `INSERT INTO company_tokens AS t
  (tenant_id, key_id, access_ciphertext, refresh_ciphertext, scopes, access_expires_at, next_refresh_at, refreshed_at)
VALUES ($1, $2, $3, $4, $5::text[], to_timestamp($6::float8 / 1000), to_timestamp($7::float8 / 1000), to_timestamp($8::float8 / 1000))
ON CONFLICT (tenant_id) DO UPDATE SET key_id = EXCLUDED.key_id, access_ciphertext = EXCLUDED.access_ciphertext,
  refresh_ciphertext = EXCLUDED.refresh_ciphertext, scopes = EXCLUDED.scopes, access_expires_at = EXCLUDED.access_expires_at,
  next_refresh_at = EXCLUDED.next_refresh_at, refreshed_at = EXCLUDED.refreshed_at, failed_refreshes = 0,
  generation = t.generation + 1
RETURNING generation::float8 AS generation`;

/** $1 tenant, $2 issue, $3 detail (and $4 the generation read, for the compare-and-set). */
const MARK_NEEDS_RECONNECT_SQL = `UPDATE companies SET status = 'needs_reconnect', issue = $2, status_detail = $3, updated_at = now()
WHERE tenant_id = $1 AND status <> 'needs_reconnect'`;
const MARK_NEEDS_RECONNECT_AT_GENERATION_SQL = `${MARK_NEEDS_RECONNECT_SQL}
  AND EXISTS (SELECT 1 FROM company_tokens AS t WHERE t.tenant_id = $1 AND t.generation = $4::bigint)`;

const generationSchema = z.object({ generation: z.number() });

/** Reads and writes company token rows through the Sealer. */
export class TokenRows {
  /** Whether this replica's keys are right (a value that will not open is then the row's fault). */
  readonly keyHealth: KeyHealth;

  constructor(
    private readonly sealer: Sealer,
    private readonly log: Logger,
    keyHealth?: KeyHealth,
  ) {
    this.keyHealth = keyHealth ?? new KeyHealth(sealer, log);
  }

  /** The access token and the facts around it, without opening the refresh token (the fast path). */
  async readAccess(q: Queryable, tenantId: string): Promise<TokenRead<StoredPairInfo>> {
    const row = await this.selectRow(q, SELECT_ACCESS, tenantId);
    if (row === undefined) return { kind: 'missing' };
    const accessToken = await this.openOrMark(q, row, 'access');
    if (accessToken === undefined) return { kind: 'undecryptable' };
    return { kind: 'found', pair: infoFrom(row, accessToken) };
  }

  /**
   * The whole pair, refresh token opened. With `lock`, the row lock is taken (`FOR UPDATE`): only
   * inside a transaction, where it is the one lock around a refresh.
   */
  async readPair(q: Queryable, tenantId: string, options: { lock?: boolean } = {}): Promise<TokenRead<StoredPair>> {
    const row = await this.selectRow(q, options.lock ? SELECT_FULL_FOR_UPDATE : SELECT_FULL, tenantId);
    return row === undefined ? { kind: 'missing' } : this.openRow(q, row);
  }

  private async openRow(q: Queryable, row: Row): Promise<TokenRead<StoredPair>> {
    const accessToken = await this.openOrMark(q, row, 'access');
    if (accessToken === undefined) return { kind: 'undecryptable' };
    let refreshToken: string | null = null;
    if (row.refresh_ciphertext) {
      const opened = await this.openOrMark(q, row, 'refresh');
      if (opened === undefined) return { kind: 'undecryptable' };
      refreshToken = opened;
    }
    return { kind: 'found', pair: { ...infoFrom(row, accessToken), refreshToken } };
  }

  /**
   * Claims the next due company (see CLAIM_DUE_LOCKED) with its refresh token opened; `lock` only
   * inside a transaction (PostgreSQL). Undefined when none is due; an undecryptable one has been
   * marked needs_reconnect (so it is not claimed again) and comes back as such.
   */
  async claimDue(
    q: Queryable,
    options: { lock: boolean; exclude?: readonly string[] },
  ): Promise<{ tenantId: string; read: TokenRead<StoredPair> } | undefined> {
    const result = await q.query(options.lock ? CLAIM_DUE_LOCKED : NEXT_DUE, [options.exclude ?? [], this.keyHealth.usableKeyIds()]);
    const raw = result.rows[0];
    if (raw === undefined) return undefined;
    const row = rowSchema.parse(raw);
    return { tenantId: row.tenant_id, read: await this.openRow(q, row) };
  }

  /** Seals a pair for the tenant's row; both tokens under one key id (the row has one). */
  seal(tenantId: string, pair: Pick<TokenPair, 'accessToken' | 'refreshToken'>): SealedPair {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const access = this.sealer.seal(pair.accessToken, tokenAad(tenantId, 'access'));
      if (pair.refreshToken === null) return { keyId: access.keyId, access: access.ciphertext, refresh: null };
      const refresh = this.sealer.seal(pair.refreshToken, tokenAad(tenantId, 'refresh'));
      // The current key changed between the two calls (a re-key): seal both again under the new one.
      if (refresh.keyId === access.keyId) return { keyId: access.keyId, access: access.ciphertext, refresh: refresh.ciphertext };
    }
    throw new Error('The sealer changed its key twice while sealing one token pair');
  }

  /**
   * Writes a rotated pair if the row still has `expectedGeneration`; returns the new generation,
   * or undefined when the row changed meanwhile (or is gone) and nothing was written.
   */
  async writeRotation(
    q: Queryable,
    tenantId: string,
    sealed: SealedPair,
    pair: TokenPair,
    expected: { generation: number; nextRefreshAt: number; refreshedAt: number },
  ): Promise<number | undefined> {
    const result = await q.query(WRITE_ROTATION_SQL, [
      tenantId,
      sealed.keyId,
      sealed.access,
      sealed.refresh,
      pair.scopes,
      pair.accessExpiresAt,
      expected.nextRefreshAt,
      expected.generation,
      expected.refreshedAt,
    ]);
    const row = result.rows[0];
    return row === undefined ? undefined : generationSchema.parse(row).generation;
  }

  /**
   * Stores the pair of a new sign-in (connect or reconnect) for a company whose `companies` row
   * exists; replaces any previous pair (generation + 1, so an older refresh's compare-and-set
   * fails). Returns the generation.
   */
  async storeNewPair(q: Queryable, tenantId: string, pair: TokenPair, times: { nextRefreshAt: number; storedAt: number }): Promise<number> {
    const sealed = this.seal(tenantId, pair);
    const result = await q.query(STORE_NEW_PAIR_SQL, [
      tenantId,
      sealed.keyId,
      sealed.access,
      sealed.refresh,
      pair.scopes,
      pair.accessExpiresAt,
      times.nextRefreshAt,
      times.storedAt,
    ]);
    return generationSchema.parse(result.rows[0]).generation;
  }

  /**
   * Marks a company as needing a new sign-in, with the reason (`invalid_grant`, `undecryptable`,
   * ...) and Fortnox's own words when there are any (already cleaned: see `fortnoxText`). A
   * company already marked is left as it is. Returns whether it was marked now.
   *
   * With `generation`, a compare-and-set: marked only while the token row still has the generation
   * the failing refresh read. A sign-in or another refresh that stored a newer pair meanwhile made
   * the failure (Fortnox refusing the older refresh token) say nothing about the company.
   */
  /**
   * The row's generation with its row lock taken (`FOR UPDATE`; only inside a transaction, which
   * holds the lock until it ends), or undefined when the company has no token row.
   */
  async lockGeneration(q: Queryable, tenantId: string): Promise<number | undefined> {
    const result = await q.query('SELECT generation::float8 AS generation FROM company_tokens WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
    const raw = result.rows[0];
    return raw === undefined ? undefined : generationSchema.parse(raw).generation;
  }

  async markNeedsReconnect(q: Queryable, tenantId: string, issue: string, detail: string | null = null, generation?: number): Promise<boolean> {
    const result =
      generation === undefined
        ? await q.query(MARK_NEEDS_RECONNECT_SQL, [tenantId, issue.slice(0, 60), detail])
        : await q.query(MARK_NEEDS_RECONNECT_AT_GENERATION_SQL, [tenantId, issue.slice(0, 60), detail, generation]);
    return result.rowCount > 0;
  }

  /**
   * Makes a company active again if it is marked needs_reconnect for `issue`: a refresh that
   * raced a rescued rotation (see FirmTokens) marked it for a token that was in fact replaced.
   */
  async reactivate(q: Queryable, tenantId: string, issue: string): Promise<boolean> {
    const result = await q.query(
      `UPDATE companies SET status = 'active', issue = NULL, status_detail = NULL, updated_at = now()
       WHERE tenant_id = $1 AND status = 'needs_reconnect' AND issue = $2`,
      [tenantId, issue],
    );
    return result.rowCount > 0;
  }

  /**
   * A failed background renewal: counted, tried again at `retryAt`, and the company shown as
   * `error` with the reason (as the desktop does after its retries) until a renewal succeeds.
   */
  async recordFailure(q: Queryable, tenantId: string, retryAt: number, issue: string, detail: string | null = null): Promise<void> {
    await q.query(
      `UPDATE company_tokens SET failed_refreshes = failed_refreshes + 1, next_refresh_at = to_timestamp($2::float8 / 1000) WHERE tenant_id = $1`,
      [tenantId, retryAt],
    );
    await q.query(
      `UPDATE companies SET status = 'error', issue = $2, status_detail = $3, updated_at = now() WHERE tenant_id = $1 AND status IN ('active', 'error')`,
      [tenantId, issue.slice(0, 60), detail],
    );
  }

  private async selectRow(q: Queryable, sql: string, tenantId: string): Promise<Row | undefined> {
    const result = await q.query(sql, [tenantId]);
    const raw = result.rows[0];
    return raw === undefined ? undefined : rowSchema.parse(raw);
  }

  /**
   * Opens one token column. A value that will not open for want of the right key (unknown key id,
   * a failed tag under a key its canary does not prove: KeyHealth) throws `ServerKeyError` and
   * changes nothing: it is this replica's problem, not the company's. A damaged value (malformed,
   * or a failed tag under a key proven right) marks the company needs_reconnect and gives
   * undefined: the row is never returned half-read. Logs name the key id and the reason, never a
   * byte of the value.
   */
  private async openOrMark(q: Queryable, row: Row, column: 'access' | 'refresh'): Promise<string | undefined> {
    const ciphertext = column === 'access' ? row.access_ciphertext : row.refresh_ciphertext;
    if (!ciphertext) return undefined;
    try {
      return this.sealer.open(row.key_id, asBuffer(ciphertext), tokenAad(row.tenant_id, column));
    } catch (error) {
      if (!(error instanceof UndecryptableError)) throw error;
      if (this.keyHealth.classify(error) === 'key') throw new ServerKeyError(error.keyId, error.reason);
      const marked = await this.markNeedsReconnect(q, row.tenant_id, UNDECRYPTABLE_ISSUE);
      this.log.error('stored tokens are damaged and cannot be decrypted; the company needs a new sign-in', {
        tenantId: row.tenant_id,
        keyId: row.key_id,
        column,
        reason: error.reason,
        marked,
      });
      return undefined;
    }
  }
}

function asBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function infoFrom(row: Row, accessToken: string): StoredPairInfo {
  return {
    tenantId: row.tenant_id,
    accessToken,
    accessExpiresAt: row.access_expires_ms,
    scopes: row.scopes,
    accessOnly: row.access_only,
    generation: row.generation,
    refreshedAt: row.refreshed_ms,
    nextRefreshAt: row.next_refresh_ms,
    failedRefreshes: row.failed_refreshes,
    status: row.status,
    issue: row.issue,
    accountType: row.account_type,
  };
}

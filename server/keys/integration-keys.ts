import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { keyIdSchema, newToolKeySchema, toolKeyRecordSchema, type NewToolKey, type ToolKeyRecord } from '../../shared/local-api-keys';
import { normalizeTenantId } from '../../shared/tenant-id';
import { ENDED_KEY_KEPT_DAYS, MAX_TOOL_KEYS } from '../../shared/tool-key-rules';
import { isCleanText } from '../../shared/untrusted-text';
import type { RandomBytes } from '../../main/connect/random-token';
import { checkToolKeyFormat, generateToolKey, toolKeyDigest } from '../../main/local-api/tool-key-format';
import { LAST_USED_GRANULARITY_MS, type KeyCheck } from '../../main/local-api/tool-keys';
import type { Queryable } from '../db/database';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An integration key as stored (never the key: its SHA-256, as hex like the desktop's records), and who created it. */
export interface IntegrationKeyRecord extends ToolKeyRecord {
  createdBy: string;
}

/** A key just created: `key` is shown to the admin once and stored nowhere. */
export interface CreatedIntegrationKey {
  key: string;
  record: IntegrationKeyRecord;
}

/** Who created a key: one line of printable text (an e-mail, or the command's name). */
export const keyCreatorSchema = z.string().trim().min(1).max(320).refine(isCleanText, 'one line of printable text');

/** Thrown by `create` when `MAX_TOOL_KEYS` keys are kept already (ended ones count until dropped). */
export class TooManyIntegrationKeysError extends Error {
  override readonly name = 'TooManyIntegrationKeysError';
  constructor() {
    super(`At most ${MAX_TOOL_KEYS} integration keys can be kept`);
  }
}

/** What the key registry needs. */
export interface IntegrationKeysDeps {
  db: Queryable;
  random: RandomBytes;
  /** Epoch ms: creation, expiry and last use are judged by this clock (the replicas' clocks are assumed in sync). */
  now: () => number;
  /** A background write (noting a key's last use) failed: told by key id only. */
  onBackgroundFailure?: (keyId: string) => void;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: Uint8Array;
  all_companies: boolean;
  company_ids: string[];
  key_right: string;
  created_by: string;
  created_ms: number | string;
  expires_ms: number | string | null;
  revoked_ms: number | string | null;
  last_used_ms: number | string | null;
}

/** Timestamps as epoch ms, whatever the driver makes of them. */
const SELECT = `SELECT id, name, key_hash, all_companies, company_ids, key_right, created_by,
  round(extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
  round(extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms,
  round(extract(epoch FROM revoked_at) * 1000)::float8 AS revoked_ms,
  round(extract(epoch FROM last_used_at) * 1000)::float8 AS last_used_ms
  FROM integration_keys`;

const msOf = (value: number | string | null): number | null => (value === null ? null : Number(value));
const iso = (ms: number): string => new Date(ms).toISOString();

/** At most this many keys' last uses are remembered in memory (then forgotten: one extra write each). */
const NOTED_USES_MAX = 10_000;

/**
 * The firm server's integration keys (issue 10 item 6): the desktop's tool-key model in the
 * database, shared by every replica, so a key revoked on one replica is refused by all at their
 * next check. The key format is the desktop's (`fxc_`, 30 random base62 characters, a 6-character
 * CRC32), checked before any lookup; only the key's SHA-256 is stored.
 */
export class IntegrationKeys {
  /** Per key id, the last use this process wrote (ms), so a busy key is not written on every call. */
  private readonly notedUses = new Map<string, number>();
  private background: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IntegrationKeysDeps) {}

  /** Creates a key; resolves once stored. The returned key exists nowhere else. */
  async create(input: NewToolKey, createdBy: string): Promise<CreatedIntegrationKey> {
    const parsed = newToolKeySchema.parse(input);
    const creator = keyCreatorSchema.parse(createdBy);
    const companies =
      parsed.companies === 'all' ? 'all' : [...new Set(parsed.companies.map((tenantId) => normalizeTenantId(tenantId)).filter((id): id is string => id !== undefined))];
    if (companies !== 'all' && companies.length === 0) throw new Error('A key needs at least one company');
    await this.dropEnded();
    const { rows } = await this.deps.db.query<{ count: number | string }>('SELECT count(*) AS count FROM integration_keys');
    if (Number(rows[0]?.count ?? 0) >= MAX_TOOL_KEYS) throw new TooManyIntegrationKeysError();
    const key = generateToolKey(this.deps.random);
    const createdAt = this.deps.now();
    const record: IntegrationKeyRecord = {
      id: `key_${Buffer.from(this.deps.random(8)).toString('hex')}`,
      name: parsed.name,
      companies,
      right: parsed.right,
      sha256: toolKeyDigest(key).toString('hex'),
      createdAt,
      expiresAt: parsed.lifetimeDays === null ? null : createdAt + parsed.lifetimeDays * DAY_MS,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: creator,
    };
    await this.deps.db.query(
      `INSERT INTO integration_keys (id, name, key_hash, all_companies, company_ids, key_right, expires_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, $9::timestamptz)`,
      [
        record.id,
        record.name,
        toolKeyDigest(key),
        companies === 'all',
        companies === 'all' ? [] : companies,
        record.right,
        record.expiresAt === null ? null : iso(record.expiresAt),
        record.createdBy,
        iso(createdAt),
      ],
    );
    return { key, record: { ...record } };
  }

  /**
   * Checks a presented key: shape and checksum first (a random or mistyped string never reaches
   * the database), then the row whose stored SHA-256 equals the key's, compared again in constant
   * time, then revocation and expiry against `now`. The lookup is keyed by the SHA-256 of the key,
   * never the key: any timing difference of the index would tell something about a hash, from
   * which no key can be found (the desktop's reasoning, main/local-api/tool-keys.ts `check`).
   * Every refusal is the same bare 401 to the caller; the reason is for tests and logs.
   */
  async check(presented: string): Promise<KeyCheck> {
    const format = checkToolKeyFormat(presented);
    if (!format.ok) return { ok: false, reason: format.problem };
    const digest = toolKeyDigest(presented);
    const { rows } = await this.deps.db.query<KeyRow>(`${SELECT} WHERE key_hash = $1`, [digest]);
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    const stored = Buffer.from(row.key_hash);
    if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) return { ok: false, reason: 'unknown' };
    const record = this.recordOf(row);
    if (!record) return { ok: false, reason: 'unknown' };
    const now = this.deps.now();
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (record.expiresAt !== null && now >= record.expiresAt) return { ok: false, reason: 'expired' };
    this.noteUse(record, now);
    const { createdBy: _creator, ...toolKey } = record;
    return { ok: true, key: toolKey };
  }

  /** Revokes a key on every replica at once (their next check reads the row). False: no such key. */
  async revoke(id: string): Promise<boolean> {
    // Not an id's shape: no such key (and PostgreSQL refuses a NUL byte in text outright).
    if (!keyIdSchema.safeParse(id).success) return false;
    const { rows } = await this.deps.db.query<{ id: string }>(
      'UPDATE integration_keys SET revoked_at = coalesce(revoked_at, $2::timestamptz) WHERE id = $1 RETURNING id',
      [id, iso(this.deps.now())],
    );
    return rows.length > 0;
  }

  /** Every key, oldest first; keys ended more than `ENDED_KEY_KEPT_DAYS` ago are dropped first. */
  async list(): Promise<IntegrationKeyRecord[]> {
    await this.dropEnded();
    const { rows } = await this.deps.db.query<KeyRow>(`${SELECT} ORDER BY created_at, id`);
    return rows.map((row) => this.recordOf(row)).filter((record): record is IntegrationKeyRecord => record !== undefined);
  }

  /** Resolves when the latest background write of a key's last use has ended (shutdown, tests). */
  idle(): Promise<void> {
    return this.background;
  }

  /** A row as a record, checked with the desktop's record schema; undefined for a row out of the contract. */
  private recordOf(row: KeyRow): IntegrationKeyRecord | undefined {
    const parsed = toolKeyRecordSchema.safeParse({
      id: row.id,
      name: row.name,
      companies: row.all_companies ? 'all' : row.company_ids,
      right: row.key_right,
      sha256: Buffer.from(row.key_hash).toString('hex'),
      createdAt: msOf(row.created_ms),
      expiresAt: msOf(row.expires_ms),
      lastUsedAt: msOf(row.last_used_ms),
      revokedAt: msOf(row.revoked_ms),
    });
    return parsed.success ? { ...parsed.data, createdBy: row.created_by } : undefined;
  }

  /** Notes a key's use at most once per `LAST_USED_GRANULARITY_MS`, in the background; a failed write is only reported. */
  private noteUse(record: IntegrationKeyRecord, now: number): void {
    const known = Math.max(record.lastUsedAt ?? -Infinity, this.notedUses.get(record.id) ?? -Infinity);
    if (now - known < LAST_USED_GRANULARITY_MS) return;
    if (this.notedUses.size >= NOTED_USES_MAX) this.notedUses.clear();
    this.notedUses.set(record.id, now);
    const id = record.id;
    const write = this.deps.db
      .query('UPDATE integration_keys SET last_used_at = $2::timestamptz WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz)', [id, iso(now)])
      .then(
        () => undefined,
        () => this.deps.onBackgroundFailure?.(id),
      );
    this.background = this.background.then(() => write);
  }

  /** Deletes the keys that stopped working (revoked or expired) more than `ENDED_KEY_KEPT_DAYS` ago. */
  private async dropEnded(): Promise<void> {
    const oldest = iso(this.deps.now() - ENDED_KEY_KEPT_DAYS * DAY_MS);
    await this.deps.db.query('DELETE FROM integration_keys WHERE revoked_at < $1::timestamptz OR expires_at < $1::timestamptz', [oldest]);
  }
}

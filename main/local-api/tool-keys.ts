import { timingSafeEqual } from 'node:crypto';
import { newToolKeySchema, type NewToolKey, type ToolKeyRecord } from '../../shared/local-api-keys';
import { normalizeTenantId } from '../../shared/tenant-id';
import { ENDED_KEY_KEPT_DAYS } from '../../shared/tool-key-rules';
import type { RandomBytes } from '../connect/random-token';
import type { Logger } from '../logging/logger';
import { MAX_TOOL_KEYS } from './tool-key-file';
import { checkToolKeyFormat, generateToolKey, toolKeyDigest, toolKeyHash, TOOL_KEY_LENGTH } from './tool-key-format';
import type { ToolKeyStore } from './tool-key-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `lastUsedAt` is kept to this precision, so a busy tool does not rewrite the file on every call. */
export const LAST_USED_GRANULARITY_MS = 60 * 1000;

/** Why a presented key was not accepted. The API answers all of them with the same bare 401. */
export type KeyRefusal = 'malformed' | 'bad_checksum' | 'unknown' | 'expired' | 'revoked';

/** The outcome of checking a presented key. */
export type KeyCheck = { ok: true; key: ToolKeyRecord } | { ok: false; reason: KeyRefusal };

/**
 * What a caller keeps between checks to recognise a key it has already accepted (the local API
 * keeps one per connection: a tool sends the same key on every request of a kept-alive
 * connection). Owned by the caller, filled in by `ToolKeys.check`; holds the accepted key's bytes,
 * which stay in memory only as long as the connection does.
 */
export interface KeyMemo {
  /** The key last accepted, as bytes; undefined: none yet. */
  presented?: Buffer;
  /** Its record's place in the registry's records of `generation`. */
  index: number;
  /** The registry's generation when it was accepted: any change of the records (create, revoke, remove, last use) starts a new one. */
  generation: number;
}

/** A new, empty memo. */
export function newKeyMemo(): KeyMemo {
  return { index: -1, generation: -1 };
}

/** A key just created: `key` is shown to the user once and never stored. */
export interface CreatedToolKey {
  key: string;
  record: ToolKeyRecord;
}

/** What `remove` did: removed, no such key, or refused because the key still works (revoke it first). */
export type KeyRemoval = 'removed' | 'unknown' | 'still_usable';

/** When a key stopped working (revoked or expired), or null while it still works at `now`. */
export function keyEndedAt(record: ToolKeyRecord, now: number): number | null {
  const ends = [record.revokedAt, record.expiresAt].filter((at): at is number => at !== null && at <= now);
  return ends.length === 0 ? null : Math.min(...ends);
}

/** Thrown by `create` when the store already holds `MAX_TOOL_KEYS` keys. */
export class TooManyToolKeysError extends Error {
  override readonly name = 'TooManyToolKeysError';
  constructor() {
    super(`At most ${MAX_TOOL_KEYS} tool keys can be kept`);
  }
}

/** Collaborators of the key registry. */
export interface ToolKeysDeps {
  store: ToolKeyStore;
  random: RandomBytes;
  now: () => number;
  log: Logger;
}

/**
 * The keys tools present to the local API: creates them (only the SHA-256 is kept), checks
 * presented ones (format and checksum first, then a constant-time comparison with every stored
 * hash, then revocation and expiry), and revokes them with immediate effect.
 */
export class ToolKeys {
  private records: ToolKeyRecord[] = [];
  /**
   * Each record's stored SHA-256 as bytes, in the order of `records`: decoded once when the records
   * change (load, create, revoke, last use), not for every stored key on every check.
   */
  private digests: Buffer[] = [];
  /** Bumped on every change of `records`: a `KeyMemo` of an older generation is not trusted. */
  private generation = 0;
  /** The latest background save of `lastUsedAt` (its failure is only logged). */
  private background: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ToolKeysDeps) {}

  /** Loads the stored records (dropping those ended more than `ENDED_KEY_KEPT_DAYS` ago); must run before the first check. */
  async init(): Promise<void> {
    this.setRecords(await this.deps.store.load());
    if (this.dropEnded()) {
      this.saveInBackground();
      await this.background;
    }
  }

  /** Every key record, newest last (copies); records ended more than `ENDED_KEY_KEPT_DAYS` ago are dropped first. */
  list(): ToolKeyRecord[] {
    if (this.dropEnded()) this.saveInBackground();
    return this.records.map((record) => ({ ...record }));
  }

  /**
   * Removes a revoked or expired key's record for good (the list and `MAX_TOOL_KEYS` no longer
   * count it). A key that still works is refused: it must be revoked first, so removing never
   * cuts off a tool by surprise. Resolves once stored; rejects, changing nothing, when the save fails.
   */
  async remove(id: string): Promise<KeyRemoval> {
    this.dropEnded();
    const record = this.records.find((each) => each.id === id);
    if (!record) return 'unknown';
    if (keyEndedAt(record, this.deps.now()) === null) return 'still_usable';
    const next = this.records.filter((each) => each.id !== id);
    await this.deps.store.save(next);
    this.setRecords(next);
    this.deps.log.info('tool key removed', { keyId: id });
    return 'removed';
  }

  /** Creates a key; resolves once its record is stored. The returned key exists nowhere else. */
  async create(input: NewToolKey): Promise<CreatedToolKey> {
    const parsed = newToolKeySchema.parse(input);
    this.dropEnded();
    if (this.records.length >= MAX_TOOL_KEYS) throw new TooManyToolKeysError();
    const companies =
      parsed.companies === 'all'
        ? 'all'
        : [...new Set(parsed.companies.map((tenantId) => normalizeTenantId(tenantId)).filter((id): id is string => id !== undefined))];
    if (companies !== 'all' && companies.length === 0) throw new Error('A key needs at least one company');
    const key = generateToolKey(this.deps.random);
    const createdAt = this.deps.now();
    const record: ToolKeyRecord = {
      id: `key_${Buffer.from(this.deps.random(8)).toString('hex')}`,
      name: parsed.name,
      companies,
      right: parsed.right,
      sha256: toolKeyHash(key),
      createdAt,
      expiresAt: parsed.lifetimeDays === null ? null : createdAt + parsed.lifetimeDays * DAY_MS,
      lastUsedAt: null,
      revokedAt: null,
    };
    const next = [...this.records, record];
    await this.deps.store.save(next);
    this.setRecords(next);
    this.deps.log.info('tool key created', {
      keyId: record.id,
      right: record.right,
    });
    return { key, record: { ...record } };
  }

  /**
   * Revokes a key. It is refused from this moment, even if the save then fails (the error is
   * passed on so the UI can say the revocation may not survive a restart). False: no such key.
   */
  async revoke(id: string): Promise<boolean> {
    const index = this.records.findIndex((record) => record.id === id);
    const record = this.records[index];
    if (!record) return false;
    if (record.revokedAt !== null) return true;
    this.setRecords(this.records.map((each, at) => (at === index ? { ...each, revokedAt: this.deps.now() } : each)));
    this.deps.log.info('tool key revoked', { keyId: id });
    await this.deps.store.save(this.records);
    return true;
  }

  /** Resolves when the latest background save of a key's last use has finished (before quitting, and in tests). */
  idle(): Promise<void> {
    return this.background;
  }

  /**
   * Checks a presented key. A wrong shape or checksum is refused before any hash is computed or
   * compared; a well-formed key's SHA-256 is compared with every stored hash in constant time.
   * Timing: every stored digest is compared, none skipped and no early exit, so the time depends
   * only on how many keys are stored (at most MAX_TOOL_KEYS, not secret), not on which one
   * matches or how much of one matches. No lookup is keyed by the presented key or its hash (a
   * Map or object lookup by hash would take time depending on the secret). And what is compared
   * is a SHA-256 of the key, so even a leak would say something about a hash, not the key.
   *
   * With a `memo` (one per connection), a key equal to the one the memo accepted, compared in
   * constant time with the memo's bytes, is recognised without hashing, as long as no record has
   * changed since (revoking, creating or removing a key, or noting a use, starts a new
   * generation and the memo is ignored). Revocation and expiry are checked on every call either
   * way, against the record and the clock as they are now.
   */
  check(presented: string, memo?: KeyMemo): KeyCheck {
    const remembered = memo ? this.remembered(presented, memo) : -1;
    const foundAt = remembered >= 0 ? remembered : this.lookUp(presented);
    if (foundAt === -2) return { ok: false, reason: 'malformed' };
    if (foundAt === -3) return { ok: false, reason: 'bad_checksum' };
    const found = this.records[foundAt];
    if (!found) return { ok: false, reason: 'unknown' };
    const now = this.deps.now();
    if (found.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (found.expiresAt !== null && now >= found.expiresAt) return { ok: false, reason: 'expired' };
    // Noting the use may start a new generation (at most once a minute); it keeps every record in its place.
    this.markUsed(foundAt, now);
    if (memo && (remembered < 0 || memo.generation !== this.generation)) {
      memo.presented = Buffer.from(presented, 'utf8');
      memo.index = foundAt;
      memo.generation = this.generation;
    }
    return { ok: true, key: { ...found } };
  }

  /** The record index the memo accepted for `presented` in this generation, or -1. */
  private remembered(presented: string, memo: KeyMemo): number {
    const known = memo.presented;
    if (known === undefined || memo.generation !== this.generation || presented.length !== TOOL_KEY_LENGTH) return -1;
    const bytes = Buffer.from(presented, 'utf8');
    // Lengths are public (every key has TOOL_KEY_LENGTH ASCII characters); the bytes are compared in constant time.
    return bytes.length === known.length && timingSafeEqual(bytes, known) ? memo.index : -1;
  }

  /** The index of the record whose hash matches (constant time over every record), -1 none, -2 malformed, -3 bad checksum. */
  private lookUp(presented: string): number {
    const format = checkToolKeyFormat(presented);
    if (!format.ok) return format.problem === 'malformed' ? -2 : -3;
    const digest = toolKeyDigest(presented);
    let foundAt = -1;
    for (let at = 0; at < this.digests.length; at += 1) {
      const stored = this.digests[at];
      // Both are 32 bytes (the store's schema checks the hex); the length check is not secret.
      if (stored !== undefined && stored.length === digest.length && timingSafeEqual(digest, stored) && foundAt < 0) foundAt = at;
    }
    return foundAt;
  }

  /** Replaces the records and decodes their stored hashes once. */
  private setRecords(next: ToolKeyRecord[]): void {
    this.records = next;
    this.generation += 1;
    this.digests = next.map((record) => Buffer.from(record.sha256, 'hex'));
  }

  /**
   * Drops the records of keys that stopped working more than `ENDED_KEY_KEPT_DAYS` ago, in memory
   * at once. True when some were dropped: the caller saves (create and remove save anyway).
   */
  private dropEnded(): boolean {
    const now = this.deps.now();
    const oldest = now - ENDED_KEY_KEPT_DAYS * DAY_MS;
    const kept = this.records.filter((record) => {
      const ended = keyEndedAt(record, now);
      return ended === null || ended > oldest;
    });
    if (kept.length === this.records.length) return false;
    this.deps.log.info('ended tool keys dropped', { count: this.records.length - kept.length });
    this.setRecords(kept);
    return true;
  }

  /** Saves the records as they are now, in the background (the store keeps saves in order); a failure is only logged. */
  private saveInBackground(): void {
    this.background = this.deps.store.save(this.records).catch((error: unknown) =>
      this.deps.log.warn('could not store the tool keys without the ended ones', { error: error instanceof Error ? error.name : typeof error }),
    );
  }

  /** Notes the key's use, saving at most once per `LAST_USED_GRANULARITY_MS`; a failed save is only logged. */
  private markUsed(index: number, now: number): void {
    const record = this.records[index];
    if (!record || (record.lastUsedAt !== null && now - record.lastUsedAt < LAST_USED_GRANULARITY_MS)) return;
    const id = record.id;
    this.setRecords(this.records.map((each) => (each.id === id ? { ...each, lastUsedAt: now } : each)));
    this.background = this.deps.store.save(this.records).catch((error: unknown) =>
      this.deps.log.warn('could not store when a tool key was last used', { keyId: id, error: error instanceof Error ? error.name : typeof error }),
    );
  }
}

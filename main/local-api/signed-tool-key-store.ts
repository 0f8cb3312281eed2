import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import type { RandomBytes } from '../connect/random-token';
import type { Logger } from '../logging/logger';
import type { SecretVault } from '../storage/secret-vault';
import type { ToolKeyStore } from './tool-key-store';

/** The vault entry of the secret that authenticates the records of `tool-keys.json`. */
export const TOOL_KEYS_MAC_SECRET = 'toolKeysMacKey';

/** A record as `tool-keys.json` holds it: with its HMAC-SHA-256 (hex), absent in files of older builds. */
export type SignedToolKeyRecord = ToolKeyRecord & { mac?: string | undefined };

/** Where signed records are kept (`tool-keys.json`, or memory in tests). */
export interface SignedToolKeyFile {
  load(): Promise<SignedToolKeyRecord[]>;
  save(records: readonly SignedToolKeyRecord[]): Promise<void>;
}

/**
 * The MAC key from the encrypted vault, made (32 CSPRNG bytes) on first use. When the vault is
 * memory-only (no OS encryption), the key lives only for this session: keys made now are refused
 * after a restart, which is the price of not keeping a secret unencrypted on disk.
 */
export async function toolKeysMacKey(vault: Pick<SecretVault, 'get' | 'set'>, random: RandomBytes, log: Logger): Promise<Buffer> {
  const stored = await vault.get(TOOL_KEYS_MAC_SECRET);
  if (stored !== undefined && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
  const made = Buffer.from(random(32));
  try {
    await vault.set(TOOL_KEYS_MAC_SECRET, made.toString('hex'));
  } catch (error) {
    // Used for this session all the same: keys made now are refused after a restart, never accepted unchecked.
    log.warn('tool key signing secret could not be stored: new keys last only this session', { error: error instanceof Error ? error.name : typeof error });
  }
  return made;
}

/** The record's fields in a fixed order (JSON of a fixed array), so the MAC does not depend on key order in the file. */
function macInput(record: ToolKeyRecord): string {
  return JSON.stringify([
    'fortnox-connector tool key v1',
    record.id,
    record.name,
    record.companies,
    record.right,
    record.sha256,
    record.createdAt,
    record.expiresAt,
    record.lastUsedAt,
    record.revokedAt,
  ]);
}

/** A record's HMAC-SHA-256 under `macKey`, as hex. */
export function toolKeyRecordMac(record: ToolKeyRecord, macKey: Buffer): string {
  return createHmac('sha256', macKey).update(macInput(record), 'utf8').digest('hex');
}

/** Whether `mac` is the record's MAC (constant-time comparison). */
export function hasValidMac(record: SignedToolKeyRecord, macKey: Buffer): boolean {
  if (record.mac === undefined || !/^[0-9a-f]{64}$/.test(record.mac)) return false;
  return timingSafeEqual(Buffer.from(record.mac, 'hex'), Buffer.from(toolKeyRecordMac(record, macKey), 'hex'));
}

/**
 * `tool-keys.json` holds only hashes, but anything this user runs can edit it: without this, a
 * process could add a record (right `token`, companies `all`, the hash of a key it chose) and
 * take every company's access token after the next start. So each record carries an HMAC under
 * a secret kept in the encrypted vault, checked on load; a record without a valid MAC is refused,
 * logged (its id only) and counted. Refused records are never signed again: that would accept a
 * planted one. They are dropped from the file at the next save.
 */
export class SignedToolKeyStore implements ToolKeyStore {
  private refusedCount = 0;

  constructor(
    private readonly file: SignedToolKeyFile,
    private readonly macKey: Buffer,
    private readonly log: Logger,
  ) {}

  async load(): Promise<ToolKeyRecord[]> {
    const accepted: ToolKeyRecord[] = [];
    this.refusedCount = 0;
    for (const stored of await this.file.load()) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the MAC is checked, not kept
      const { mac, ...record } = stored;
      if (hasValidMac(stored, this.macKey)) {
        accepted.push(record);
        continue;
      }
      this.refusedCount += 1;
      this.log.warn('tool key refused: its record in tool-keys.json is not authenticated', { keyId: record.id });
    }
    return accepted;
  }

  async save(records: readonly ToolKeyRecord[]): Promise<void> {
    await this.file.save(records.map((record) => ({ ...record, mac: toolKeyRecordMac(record, this.macKey) })));
  }

  /** How many records the last load refused. */
  refused(): number {
    return this.refusedCount;
  }
}

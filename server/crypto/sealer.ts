import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Encryption at rest of the firm's Fortnox secrets (token pairs, the client secret): AES-256-GCM
 * under a key-encryption key named by a key id, the id stored in the row beside the ciphertext
 * (firm-server.md section 5, Vault transit's key versions).
 */
export interface Sealer {
  readonly currentKeyId: string;
  /** Every key id this sealer can open, the current one first. */
  readonly keyIds: readonly string[];
  /** AES-256-GCM under the current key; aad binds the value to its row and column, e.g. `company_tokens:<tenant>:refresh`. */
  seal(plaintext: string, aad: string): { keyId: string; ciphertext: Buffer };
  /** Throws `UndecryptableError` (exported from the same file) on an unknown key id, a wrong aad or tampering. */
  open(keyId: string, ciphertext: Buffer, aad: string): string;
}

/** Key ids: short, printable, and free of the separators the AAD and the key text use. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

/** AES-256 keys are 32 bytes. */
export const KEY_BYTES = 32;

/**
 * The layout of a sealed value, version 1: one version byte, the 12-byte IV, the 16-byte GCM tag,
 * then the ciphertext. The version byte lets a later layout (another cipher, an envelope with a
 * wrapped data key) live beside this one in the same column.
 */
const LAYOUT_V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Why a value could not be opened. */
export type UndecryptableReason = 'unknown_key' | 'malformed' | 'unsupported_layout' | 'authentication_failed';

/**
 * A value that cannot be opened: its key is not in the ring, or it was tampered with, or it was
 * moved from another row or column (its aad differs). The message names the key id and the aad's
 * kind (table and column, not the row), never the plaintext, the ciphertext or any key material.
 */
export class UndecryptableError extends Error {
  override readonly name = 'UndecryptableError';

  constructor(
    readonly reason: UndecryptableReason,
    readonly keyId: string,
    /** The aad's first and last `:`-separated parts, e.g. `company_tokens:refresh`. */
    readonly aadKind: string,
  ) {
    super(`Cannot decrypt a ${aadKind} value under key id "${keyId}": ${REASON_TEXT[reason]}`);
  }
}

const REASON_TEXT: Record<UndecryptableReason, string> = {
  unknown_key: 'that key is not configured (add it to ENCRYPTION_OLD_KEYS until everything is re-encrypted)',
  malformed: 'the stored value is too short to be a sealed value',
  unsupported_layout: 'the stored value has an unknown layout version',
  authentication_failed: 'the value was altered, moved from another row or column, or sealed under a different key with this id',
};

/** The aad's table and column (first and last parts), so an error does not name the row. */
export function aadKind(aad: string): string {
  const parts = aad.split(':');
  const kind = parts.length > 2 ? `${parts[0]}:${parts[parts.length - 1]}` : (parts[0] ?? '');
  // The aad comes from our own code, but a message is no place for an unbounded string.
  return /^[A-Za-z0-9_.:-]{1,80}$/.test(kind) ? kind : 'unnamed';
}

/**
 * The authenticated data actually given to GCM: the layout version, the key id and the caller's aad.
 * Binding the key id means a ciphertext cannot be relabelled with another id, and the key id cannot
 * contain the `\n` separator (KEY_ID_PATTERN), so the encoding is unambiguous.
 */
function fullAad(version: number, keyId: string, aad: string): Buffer {
  return Buffer.from(`fortnox-connector/sealed/v${version}\n${keyId}\n${aad}`, 'utf8');
}

/** One key-encryption key. The bytes stay inside this object; logging or printing it shows only its id. */
export class EncryptionKey {
  readonly #material: Buffer;

  constructor(
    readonly id: string,
    material: Buffer,
  ) {
    if (!KEY_ID_PATTERN.test(id)) throw new Error('An encryption key id is 1 to 32 characters of A-Z, a-z, 0-9, ".", "_" and "-".');
    if (material.length !== KEY_BYTES) throw new Error(`An encryption key is ${KEY_BYTES} bytes.`);
    this.#material = Buffer.from(material);
  }

  /** The raw key, for the cipher only. */
  material(): Buffer {
    return this.#material;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `EncryptionKey(${this.id})`;
  }
}

/**
 * The server's keys: one current key that seals every new value, and older keys kept only to open
 * values sealed before a rotation (Vault transit's `min_decryption_version`, firm-server.md section
 * 5). `reencryptAll` moves old values to the current key, after which the old keys can be dropped.
 *
 * Each seal draws a fresh random 96-bit IV; NIST SP 800-38D caps one key at 2^32 such seals, far
 * beyond a firm's token rotations between key rotations.
 */
export class KeyRing implements Sealer {
  readonly #keys = new Map<string, EncryptionKey>();
  readonly currentKeyId: string;

  constructor(current: EncryptionKey, old: readonly EncryptionKey[] = []) {
    for (const key of [current, ...old]) {
      if (this.#keys.has(key.id)) throw new Error(`Encryption key id "${key.id}" is configured twice.`);
      this.#keys.set(key.id, key);
    }
    this.currentKeyId = current.id;
  }

  /** Every key id this ring can open, the current one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  seal(plaintext: string, aad: string): { keyId: string; ciphertext: Buffer } {
    const key = this.#keys.get(this.currentKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material(), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(fullAad(LAYOUT_V1, key.id, aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const ciphertext = Buffer.concat([Buffer.of(LAYOUT_V1), iv, cipher.getAuthTag(), body]);
    return { keyId: key.id, ciphertext };
  }

  open(keyId: string, ciphertext: Buffer, aad: string): string {
    const key = this.#keys.get(keyId);
    // An id that is not one of ours is not echoed: it came from storage and could be anything.
    const shownId = KEY_ID_PATTERN.test(keyId) ? keyId : 'invalid';
    if (!key) throw new UndecryptableError('unknown_key', shownId, aadKind(aad));
    if (ciphertext.length < HEADER_BYTES) throw new UndecryptableError('malformed', keyId, aadKind(aad));
    if (ciphertext[0] !== LAYOUT_V1) throw new UndecryptableError('unsupported_layout', keyId, aadKind(aad));
    const iv = ciphertext.subarray(1, 1 + IV_BYTES);
    const tag = ciphertext.subarray(1 + IV_BYTES, HEADER_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material(), iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(fullAad(LAYOUT_V1, keyId, aad));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ciphertext.subarray(HEADER_BYTES)), decipher.final()]);
      return plain.toString('utf8');
    } catch {
      // OpenSSL's own message says nothing useful and is not passed on.
      throw new UndecryptableError('authentication_failed', keyId, aadKind(aad));
    }
  }

  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `KeyRing(current ${this.currentKeyId}; ${this.keyIds.join(', ')})`;
  }
}

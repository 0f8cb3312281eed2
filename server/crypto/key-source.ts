import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readBoundedFile } from '../../main/storage/read-bounded-file';
import { fileReadProblem, readSecretVariable, SECRET_FILE_MAX_BYTES, type Env, type EnvProblem } from '../env/secret-variables';
import { EncryptionKey, KEY_BYTES, KEY_ID_PATTERN, KeyRing } from './sealer';

/**
 * Where the server's key-encryption keys come from:
 * - `ENCRYPTION_KEY` (or `ENCRYPTION_KEY_FILE`, a file holding the same text): `<key-id>:<base64 of 32 bytes>`,
 *   the key every new value is sealed with;
 * - `ENCRYPTION_OLD_KEYS` (or `ENCRYPTION_OLD_KEYS_FILE`): the keys of earlier rotations, same form,
 *   separated by commas (or lines in the file), used only to open values not yet re-encrypted;
 * - none of them with the embedded PGlite: a random key created once in `<DATA_DIR>/encryption-key`
 *   (mode 0600) and reused. With `DATABASE_URL` a key must be configured: every replica must share it.
 * No message here ever contains a key or any part of a value that failed to parse.
 */

/** The variables this module reads. */
export const ENCRYPTION_ENV = ['ENCRYPTION_KEY', 'ENCRYPTION_KEY_FILE', 'ENCRYPTION_OLD_KEYS', 'ENCRYPTION_OLD_KEYS_FILE'] as const;

/** At most this many old keys: each one is kept for decryption only, until a re-encryption. */
const MAX_OLD_KEYS = 20;

/** The file the embedded database's key is created in, inside the data folder. */
export const LOCAL_KEY_FILE = 'encryption-key';

/** The id of a key the server creates for the embedded database. */
export const LOCAL_KEY_ID = 'local-1';

const KEY_EXAMPLE = '2025-01:<32 random bytes in base64, from `openssl rand -base64 32`>';


/** The keys the environment configures (a key file in the data folder is not read yet). */
export interface EncryptionKeySettings {
  /** The key new values are sealed with; null: the data folder's key (embedded database only). */
  current: EncryptionKey | null;
  /** Keys for opening older values only. */
  old: EncryptionKey[];
}

/** A key that could not be opened or created; the message never holds key material. */
export class KeySourceError extends Error {
  override readonly name = 'KeySourceError';
}

/**
 * Parses `<key-id>:<base64 of 32 bytes>`. Standard or URL-safe base64, padding optional. A key
 * with few distinct bytes is refused: it is a placeholder (all zeros, `AAAA…`), not a random key.
 */
export function parseKeyText(text: string): { key: EncryptionKey } | { problem: string } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return { problem: 'is not of the form <key-id>:<base64 key> (no ":" found)' };
  const id = trimmed.slice(0, colon);
  const encoded = trimmed.slice(colon + 1);
  if (!KEY_ID_PATTERN.test(id)) return { problem: 'has a key id that is not 1 to 32 characters of A-Z, a-z, 0-9, ".", "_" or "-"' };
  if (encoded === '') return { problem: `has no key after "${id}:"` };
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || encoded.replace(/=+$/, '').length % 4 === 1) {
    return { problem: `has a key for "${id}" that is not base64` };
  }
  const material = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (material.length !== KEY_BYTES) {
    return { problem: `has a key for "${id}" of ${material.length} bytes; AES-256 needs exactly ${KEY_BYTES} (44 base64 characters)` };
  }
  if (new Set(material).size < 8) return { problem: `has a key for "${id}" that is not random (too few distinct bytes): generate one` };
  return { key: new EncryptionKey(id, material) };
}

/**
 * Reads and checks the encryption variables: every problem is listed, one per variable and entry.
 * Creates nothing; `openKeyRing` reads or creates the data folder's key.
 */
export function readEncryptionKeys(env: Env): { settings: EncryptionKeySettings } | { problems: EnvProblem[] } {
  const problems: EnvProblem[] = [];
  let current: EncryptionKey | null = null;
  const old: EncryptionKey[] = [];
  const seen = new Map<string, string>();

  const accept = (key: EncryptionKey, variable: string): boolean => {
    const earlier = seen.get(key.id);
    if (earlier !== undefined) {
      const where = earlier === variable ? `more than once in ${variable}` : `in both ${earlier} and ${variable}`;
      problems.push({ variable, problem: `has key id "${key.id}" ${where}; every key needs its own id`, example: `ENCRYPTION_OLD_KEYS=2024-01:<old key>,2023-01:<older key>` });
      return false;
    }
    seen.set(key.id, variable);
    return true;
  };

  const currentText = readSecretVariable(env, 'ENCRYPTION_KEY', problems, '/run/secrets/encryption-key');
  if (currentText) {
    const parsed = parseKeyText(currentText.text);
    if ('problem' in parsed) problems.push({ variable: currentText.variable, problem: parsed.problem, example: `ENCRYPTION_KEY=${KEY_EXAMPLE}` });
    else if (accept(parsed.key, currentText.variable)) current = parsed.key;
  }

  const oldText = readSecretVariable(env, 'ENCRYPTION_OLD_KEYS', problems, '/run/secrets/encryption-old-keys');
  if (oldText) {
    const entries = oldText.text.split(/[,\r\n]/).map((entry) => entry.trim()).filter(Boolean);
    if (entries.length > MAX_OLD_KEYS) {
      problems.push({ variable: oldText.variable, problem: `lists ${entries.length} keys; at most ${MAX_OLD_KEYS} (re-encrypt, then drop the oldest)`, example: 'ENCRYPTION_OLD_KEYS=2024-01:<old key>' });
    } else {
      entries.forEach((entry, index) => {
        const parsed = parseKeyText(entry);
        if ('problem' in parsed) {
          problems.push({ variable: oldText.variable, problem: `entry ${index + 1} ${parsed.problem}`, example: 'ENCRYPTION_OLD_KEYS=2024-01:<old key>,2023-01:<older key>' });
        } else if (accept(parsed.key, oldText.variable)) {
          old.push(parsed.key);
        }
      });
    }
  }
  return problems.length > 0 ? { problems } : { settings: { current, old } };
}

/** Refuses a key file that others than its owner can read or write (POSIX; Windows has no such bits). */
function checkPrivate(facts: { mode: number }): string | undefined {
  if (process.platform === 'win32') return undefined;
  return (facts.mode & 0o077) !== 0 ? `it is readable or writable by others (mode ${(facts.mode & 0o777).toString(8)}); run chmod 600 on it` : undefined;
}

/** Reads the data folder's key file: its key, undefined when absent, or an error. */
async function readLocalKey(file: string): Promise<EncryptionKey | undefined> {
  const read = await readBoundedFile(file, SECRET_FILE_MAX_BYTES, checkPrivate);
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'refused') throw new KeySourceError(`The encryption key file ${file} is refused: ${read.reason}.`);
  if (read.kind !== 'text') throw new KeySourceError(`The encryption key file ${file} ${fileReadProblem(read)}.`);
  const parsed = parseKeyText(read.text);
  if ('problem' in parsed) throw new KeySourceError(`The encryption key file ${file} ${parsed.problem}.`);
  return parsed.key;
}

/**
 * Creates the data folder's key: a random key written with `wx` (never over an existing file),
 * mode 0600, flushed to disk before use (a key lost after values were sealed loses them all).
 * Another process that won the race to create it is fine: its key is read instead.
 */
async function createLocalKey(dataDir: string, file: string): Promise<EncryptionKey> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = new EncryptionKey(LOCAL_KEY_ID, randomBytes(KEY_BYTES));
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const existing = await readLocalKey(file);
      if (existing) return existing;
    }
    throw new KeySourceError(`Cannot create the encryption key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`);
  }
  try {
    writeSync(fd, `${key.id}:${key.material().toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (process.platform !== 'win32') {
    // The new directory entry itself must survive a crash too.
    const dir = openSync(dataDir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
  return key;
}

/** Where the embedded database keeps its key. */
export function localKeyPath(dataDir: string): string {
  return path.join(dataDir, LOCAL_KEY_FILE);
}

/**
 * The key ring the server runs with. With the embedded database, the data folder's key is used (or
 * created) when no ENCRYPTION_KEY is set, and is kept for opening old values when one is (so moving
 * from the generated key to a managed one is a re-encryption, not a loss). With PostgreSQL an
 * ENCRYPTION_KEY is required: a key created by one replica would be unknown to the others.
 */
export async function openKeyRing(settings: EncryptionKeySettings, where: { database: 'postgres' | 'pglite'; dataDir: string }): Promise<KeyRing> {
  if (where.database === 'postgres') {
    if (!settings.current) throw new KeySourceError('ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) is required with DATABASE_URL: every replica must share one key.');
    return new KeyRing(settings.current, settings.old);
  }
  const file = localKeyPath(where.dataDir);
  const local = (await readLocalKey(file)) ?? (settings.current ? undefined : await createLocalKey(where.dataDir, file));
  if (!local) return new KeyRing(settings.current!, settings.old);
  const current = settings.current ?? local;
  const configured = settings.current ? [settings.current, ...settings.old] : settings.old;
  const sameId = configured.find((key) => key.id === local.id);
  if (sameId && !sameMaterial(sameId, local)) {
    throw new KeySourceError(`Key id "${local.id}" names two different keys: one configured in the environment and the one in ${file}. Give the configured key another id.`);
  }
  if (current === local) return new KeyRing(local, settings.old.filter((key) => key.id !== local.id));
  return new KeyRing(current, sameId ? settings.old : [...settings.old, local]);
}

function sameMaterial(a: EncryptionKey, b: EncryptionKey): boolean {
  return a.material().equals(b.material());
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { RandomBytes } from '../../main/connect/random-token';
import { PAIRING_CODE_PATTERN, SESSION_TOKEN_PATTERN } from '../../shared/firm-api';

/**
 * The firm server's own secrets for accountants: session secrets and pairing codes, and the ids of
 * users. Only a SHA-256 of a secret is stored, as with the desktop's tool keys
 * (main/local-api/tool-key-format.ts); a stolen database row cannot be replayed. Unsalted SHA-256 is
 * enough: a session secret has 256 random bits, and a pairing code's 60 bits live 15 minutes.
 */

/** The prefix of a session secret (`fxs_`, "Fortnox Connector session"); secret scanners can match it. */
export const SESSION_TOKEN_PREFIX = 'fxs_';
/** Random bytes in a session secret: 32 (256 bits), 43 base64url characters. */
export const SESSION_TOKEN_BYTES = 32;
/** The pairing code's alphabet: no 0/O, 1/I (PAIRING_CODE_PATTERN); 32 letters, 5 bits each. */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 below 256: bytes at or above it are dropped, so every character is equally likely. */
const UNBIASED_BASE62_LIMIT = 62 * 4;

/** A new session secret: `fxs_` and 32 random bytes as base64url (SESSION_TOKEN_PATTERN). */
export function generateSessionToken(random: RandomBytes): string {
  const bytes = random(SESSION_TOKEN_BYTES);
  if (bytes.length !== SESSION_TOKEN_BYTES) throw new Error('The random source gave the wrong number of bytes');
  return `${SESSION_TOKEN_PREFIX}${Buffer.from(bytes).toString('base64url')}`;
}

/** Whether `text` is shaped like a session secret (checked before any lookup). */
export function isSessionTokenShape(text: string): boolean {
  return text.length === SESSION_TOKEN_PREFIX.length + 43 && SESSION_TOKEN_PATTERN.test(text);
}

/** A new pairing code, `XXXX-XXXX-XXXX` from {@link PAIRING_CODE_ALPHABET} (60 bits; 256 is a multiple of 32, so unbiased). */
export function generatePairingCode(random: RandomBytes): string {
  const bytes = random(12);
  if (bytes.length !== 12) throw new Error('The random source gave the wrong number of bytes');
  const letters = Array.from(bytes, (byte) => PAIRING_CODE_ALPHABET[byte % 32]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8, 12)}`;
}

/** Whether `text` is shaped like a pairing code. */
export function isPairingCodeShape(text: string): boolean {
  return PAIRING_CODE_PATTERN.test(text);
}

/** A new user id: `usr_` and 22 base62 characters (about 131 bits), by rejection sampling. */
export function generateUserId(random: RandomBytes): string {
  let id = '';
  for (let round = 0; round < 16 && id.length < 22; round += 1) {
    for (const byte of random(32)) {
      if (byte >= UNBIASED_BASE62_LIMIT) continue;
      id += BASE62[byte % 62];
      if (id.length === 22) break;
    }
  }
  if (id.length !== 22) throw new Error('The random source gave too few usable bytes');
  return `usr_${id}`;
}

/** SHA-256 of a secret, lower-case hex: what is stored and looked up. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time (false when either is not 64 hex characters). */
export function sameHash(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(a) || !/^[0-9a-f]{64}$/.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

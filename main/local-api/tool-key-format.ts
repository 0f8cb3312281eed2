import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { RandomBytes } from '../connect/random-token';

/**
 * The format of the keys tools use against the local API, after GitHub's 2021 token format
 * (token-service.md section 5): a prefix that secret scanners can match (`fxc_`, "Fortnox
 * Connector"; `_` is not base64, so a double-click selects the whole key), 30 random base62
 * characters (about 178 bits) and a 6-character base62 CRC32 of those characters. The checksum
 * lets a scanner, and this server, reject a random or mistyped string offline, before any lookup.
 * Hand-written because it is small and security-critical; CRC32 is Node's own (`zlib.crc32`).
 */

/** The prefix of every tool key. */
export const TOOL_KEY_PREFIX = 'fxc_';
/** Random characters in a key. */
export const TOOL_KEY_RANDOM_LENGTH = 30;
/** Checksum characters at the end of a key. */
export const TOOL_KEY_CHECKSUM_LENGTH = 6;
/** Characters in a whole key. */
export const TOOL_KEY_LENGTH = TOOL_KEY_PREFIX.length + TOOL_KEY_RANDOM_LENGTH + TOOL_KEY_CHECKSUM_LENGTH;
/** A pattern for secret scanners (and the README): finds a key in free text. */
export const TOOL_KEY_SCAN_PATTERN = /\bfxc_[0-9A-Za-z]{36}\b/g;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 below 256: bytes at or above it are dropped, so every character is equally likely. */
const UNBIASED_LIMIT = 62 * 4;
const WHOLE_KEY = /^fxc_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

/** A number as base62, left-padded with zeros to `width` characters. */
export function base62(value: number, width: number): string {
  let rest = value;
  let text = '';
  while (rest > 0) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text.padStart(width, '0');
}

/** The checksum characters of a key's random part. */
export function toolKeyChecksum(randomPart: string): string {
  return base62(crc32(randomPart), TOOL_KEY_CHECKSUM_LENGTH);
}

/** A new key from the CSPRNG: base62 by rejection sampling, then its checksum. */
export function generateToolKey(random: RandomBytes): string {
  let randomPart = '';
  // Each byte is kept with probability 248/256; 64 rounds of 64 bytes failing is impossible in practice.
  for (let round = 0; round < 64 && randomPart.length < TOOL_KEY_RANDOM_LENGTH; round += 1) {
    for (const byte of random(64)) {
      if (byte >= UNBIASED_LIMIT) continue;
      randomPart += BASE62[byte % 62];
      if (randomPart.length === TOOL_KEY_RANDOM_LENGTH) break;
    }
  }
  if (randomPart.length !== TOOL_KEY_RANDOM_LENGTH) throw new Error('The random source gave too few usable bytes');
  return `${TOOL_KEY_PREFIX}${randomPart}${toolKeyChecksum(randomPart)}`;
}

/** Why a presented string is not a key at all. */
export type ToolKeyFormatProblem = 'malformed' | 'bad_checksum';

/** Checks a presented key's shape and checksum, without any lookup. */
export function checkToolKeyFormat(presented: string): { ok: true } | { ok: false; problem: ToolKeyFormatProblem } {
  if (presented.length !== TOOL_KEY_LENGTH) return { ok: false, problem: 'malformed' };
  const match = WHOLE_KEY.exec(presented);
  if (!match) return { ok: false, problem: 'malformed' };
  const [, randomPart = '', checksum = ''] = match;
  return toolKeyChecksum(randomPart) === checksum ? { ok: true } : { ok: false, problem: 'bad_checksum' };
}

/** SHA-256 of a key, as bytes: what a presented key is compared by. */
export function toolKeyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** SHA-256 of a key, lower-case hex: what is stored. */
export function toolKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

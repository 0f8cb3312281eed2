import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import {
  base62,
  checkToolKeyFormat,
  generateToolKey,
  TOOL_KEY_LENGTH,
  TOOL_KEY_SCAN_PATTERN,
  toolKeyChecksum,
  toolKeyHash,
} from '../../../../main/local-api/tool-key-format';

/** Changes one character of the random part to another base62 character. */
function flipRandomCharacter(key: string, at = 10): string {
  const replacement = key[at] === 'a' ? 'b' : 'a';
  return key.slice(0, at) + replacement + key.slice(at + 1);
}

describe('tool key format', () => {
  it('makes keys of fxc_, 30 random base62 characters and a 6-character CRC32 checksum', () => {
    const key = generateToolKey(cryptoRandomBytes);

    expect(key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
    expect(key).toHaveLength(TOOL_KEY_LENGTH);
    expect(key.slice(-6)).toBe(toolKeyChecksum(key.slice(4, 34)));
    expect(checkToolKeyFormat(key)).toEqual({ ok: true });
  });

  it('draws every key from the random source, so no two of a thousand are the same', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateToolKey(cryptoRandomBytes)));
    expect(keys.size).toBe(1000);
  });

  it('drops random bytes of 248 and above instead of folding them, so characters are unbiased', () => {
    // Only bytes 248..255 at first: all dropped; then byte 61 gives "z" and byte 0 gives "0".
    let call = 0;
    const key = generateToolKey((size) => {
      call += 1;
      return call === 1 ? new Uint8Array(size).fill(250) : Uint8Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 61 : 0));
    });
    expect(key.slice(4, 34)).toBe('z0'.repeat(15));
  });

  it('refuses a random source that never gives usable bytes rather than making a short key', () => {
    expect(() => generateToolKey((size) => new Uint8Array(size).fill(255))).toThrow(/too few usable bytes/);
  });

  it('finds a changed character by its checksum, before any lookup', () => {
    const key = generateToolKey(cryptoRandomBytes);
    expect(checkToolKeyFormat(flipRandomCharacter(key))).toEqual({
      ok: false,
      problem: 'bad_checksum',
    });
    expect(checkToolKeyFormat(key.slice(0, -1) + (key.endsWith('0') ? '1' : '0'))).toEqual({ ok: false, problem: 'bad_checksum' });
  });

  it('refuses strings that are not shaped like a key: other prefix, length, or characters', () => {
    const key = generateToolKey(cryptoRandomBytes);
    const bad = [
      '',
      'fxc_',
      `ghp_${key.slice(4)}`,
      `FXC_${key.slice(4)}`,
      `${key}0`,
      key.slice(0, -1),
      `${key.slice(0, 20)}-${key.slice(21)}`,
      ` ${key.slice(1)}`,
      randomBytes(30).toString('base64'),
    ];
    for (const text of bad) {
      expect(checkToolKeyFormat(text)).toEqual({
        ok: false,
        problem: 'malformed',
      });
    }
  });

  it('refuses a key with a trailing newline or a non-ASCII letter', () => {
    const key = generateToolKey(cryptoRandomBytes);
    for (const bad of [`${key}\n`, `${key.slice(0, 4)}${key.slice(4).replace(/./, 'é')}`]) {
      expect(checkToolKeyFormat(bad).ok).toBe(false);
    }
  });

  it('writes the checksum as left-padded base62', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
    expect(base62(2 ** 32 - 1, 6)).toBe('4gfFC3');
  });

  it('lets a secret scanner find a key in free text with the published pattern', () => {
    const key = generateToolKey(cryptoRandomBytes);
    const text = `export FNXC_KEY=${key}\n# other text fxc_short`;
    expect([...text.matchAll(TOOL_KEY_SCAN_PATTERN)].map((match) => match[0])).toEqual([key]);
  });

  it('hashes a key with SHA-256 as lower-case hex', () => {
    expect(toolKeyHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

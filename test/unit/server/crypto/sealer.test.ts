import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EncryptionKey, KeyRing, UndecryptableError } from '../../../../server/crypto/sealer';

const REFRESH_TOKEN = 'rt-7f3c1b2e-5d4a-4c8e-9a1f-0b2c3d4e5f60';
const aadFor = (tenant: string) => `company_tokens:${tenant}:refresh`;

function key(id: string): EncryptionKey {
  return new EncryptionKey(id, randomBytes(32));
}

function undecryptable(open: () => unknown): UndecryptableError {
  try {
    open();
  } catch (error) {
    if (error instanceof UndecryptableError) return error;
    throw error;
  }
  throw new Error('expected an UndecryptableError');
}

describe('KeyRing', () => {
  it('opens what it sealed, with the same aad, and names the current key', () => {
    const ring = new KeyRing(key('prod-2'));
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1234567'));
    expect(sealed.keyId).toBe('prod-2');
    expect(ring.open(sealed.keyId, sealed.ciphertext, aadFor('1234567'))).toBe(REFRESH_TOKEN);
  });

  it('lays a sealed value out as version byte 1, a 12-byte iv, a 16-byte tag and the ciphertext, never the plaintext', () => {
    const ring = new KeyRing(key('k1'));
    const { ciphertext } = ring.seal(REFRESH_TOKEN, aadFor('1'));
    expect(ciphertext[0]).toBe(1);
    expect(ciphertext.length).toBe(1 + 12 + 16 + Buffer.byteLength(REFRESH_TOKEN));
    expect(ciphertext.includes(Buffer.from(REFRESH_TOKEN))).toBe(false);
  });

  it('draws a new iv for every seal, so the same value sealed twice differs', () => {
    const ring = new KeyRing(key('k1'));
    const a = ring.seal(REFRESH_TOKEN, aadFor('1')).ciphertext;
    const b = ring.seal(REFRESH_TOKEN, aadFor('1')).ciphertext;
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it("refuses a value moved to another company's row, naming the table and column but not the row", () => {
    const ring = new KeyRing(key('k1'));
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1111111'));
    const error = undecryptable(() => ring.open(sealed.keyId, sealed.ciphertext, aadFor('2222222')));
    expect(error.reason).toBe('authentication_failed');
    expect(error.keyId).toBe('k1');
    expect(error.aadKind).toBe('company_tokens:refresh');
    expect(error.message).toContain('company_tokens:refresh');
    expect(error.message).not.toContain('2222222');
  });

  it('refuses an access token opened as the refresh token of the same row', () => {
    const ring = new KeyRing(key('k1'));
    const sealed = ring.seal(REFRESH_TOKEN, 'company_tokens:1:access');
    expect(undecryptable(() => ring.open(sealed.keyId, sealed.ciphertext, 'company_tokens:1:refresh')).reason).toBe('authentication_failed');
  });

  it.each([
    ['the layout version', 0],
    ['the iv', 5],
    ['the tag', 20],
    ['the ciphertext', 30],
  ])('refuses a value with one bit flipped in %s', (_part, index) => {
    const ring = new KeyRing(key('k1'));
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1'));
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[index] = tampered[index]! ^ 0x01;
    const error = undecryptable(() => ring.open(sealed.keyId, tampered, aadFor('1')));
    expect(error.reason).toBe(index === 0 ? 'unsupported_layout' : 'authentication_failed');
  });

  it('refuses a truncated value as malformed', () => {
    const ring = new KeyRing(key('k1'));
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1'));
    expect(undecryptable(() => ring.open('k1', sealed.ciphertext.subarray(0, 20), aadFor('1'))).reason).toBe('malformed');
  });

  it('refuses a key id it does not hold and says which one, without its material or the plaintext', () => {
    const sealer = new KeyRing(key('old-1'));
    const sealed = sealer.seal(REFRESH_TOKEN, aadFor('1'));
    const error = undecryptable(() => new KeyRing(key('new-2')).open(sealed.keyId, sealed.ciphertext, aadFor('1')));
    expect(error.reason).toBe('unknown_key');
    expect(error.message).toContain('"old-1"');
    expect(error.message).toContain('ENCRYPTION_OLD_KEYS');
    expect(error.message).not.toContain(REFRESH_TOKEN);
  });

  it('does not echo a stored key id that is not a valid id', () => {
    const ring = new KeyRing(key('k1'));
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1'));
    const error = undecryptable(() => ring.open(`${REFRESH_TOKEN}\n`, sealed.ciphertext, aadFor('1')));
    expect(error.keyId).toBe('invalid');
    expect(error.message).not.toContain(REFRESH_TOKEN);
  });

  it('refuses a value relabelled with another key id even when that key is the same bytes', () => {
    const material = randomBytes(32);
    const ring = new KeyRing(new EncryptionKey('a', material), [new EncryptionKey('b', material)]);
    const sealed = ring.seal(REFRESH_TOKEN, aadFor('1'));
    expect(undecryptable(() => ring.open('b', sealed.ciphertext, aadFor('1'))).reason).toBe('authentication_failed');
  });

  it('opens values sealed under an older key after a rotation, and seals new ones under the current key', () => {
    const old = key('2024');
    const before = new KeyRing(old).seal(REFRESH_TOKEN, aadFor('1'));
    const rotated = new KeyRing(key('2025'), [old]);
    expect(rotated.open(before.keyId, before.ciphertext, aadFor('1'))).toBe(REFRESH_TOKEN);
    const after = rotated.seal(REFRESH_TOKEN, aadFor('1'));
    expect(after.keyId).toBe('2025');
    expect(rotated.currentKeyId).toBe('2025');
    expect(undecryptable(() => new KeyRing(old).open(after.keyId, after.ciphertext, aadFor('1'))).reason).toBe('unknown_key');
  });

  it('refuses two keys with one id', () => {
    expect(() => new KeyRing(key('same'), [key('same')])).toThrow('"same" is configured twice');
  });

  it('shows only key ids when printed, logged as JSON or inspected', () => {
    const material = randomBytes(32);
    const ring = new KeyRing(new EncryptionKey('k1', material), [key('k0')]);
    const shown = [JSON.stringify(ring), inspect(ring, { showHidden: true, depth: 5 }), JSON.stringify({ key: new EncryptionKey('k1', material) }), inspect(new EncryptionKey('k1', material))];
    for (const text of shown) {
      expect(text).toContain('k1');
      expect(text).not.toContain(material.toString('base64'));
      expect(text).not.toContain(material.toString('hex'));
    }
  });

  it('refuses key ids outside 1-32 characters of letters, digits, dot, underscore and dash, and keys that are not 32 bytes', () => {
    expect(() => new EncryptionKey('', randomBytes(32))).toThrow();
    expect(() => new EncryptionKey('a'.repeat(33), randomBytes(32))).toThrow();
    expect(() => new EncryptionKey('with:colon', randomBytes(32))).toThrow();
    expect(() => new EncryptionKey('k', randomBytes(16))).toThrow('32 bytes');
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_PATTERN, SESSION_TOKEN_PATTERN } from '../../../../shared/firm-api';
import { PAIRING_CODE_ALPHABET, generatePairingCode, generateSessionToken, generateUserId, sameHash, secretHash } from '../../../../server/auth/auth-secrets';

const deps = { random: (size: number) => randomBytes(size) };

describe('session secrets, pairing codes and user ids', () => {
  it('makes session secrets of the shared shape from 32 random bytes, each one different', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateSessionToken(deps.random)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(SESSION_TOKEN_PATTERN);
    expect(generateSessionToken(() => new Uint8Array(32).fill(255))).toBe(`fxs_${'_'.repeat(42)}8`);
  });

  it('makes pairing codes of the shared shape that use the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i += 1) {
      const code = generatePairingCode(deps.random);
      expect(code).toMatch(PAIRING_CODE_PATTERN);
      for (const letter of code.replace(/-/g, '')) seen.add(letter);
    }
    expect([...seen].sort().join('')).toBe([...PAIRING_CODE_ALPHABET].sort().join(''));
  });

  it('makes user ids the contract accepts, and refuses a random source that gives too little', () => {
    expect(generateUserId(deps.random)).toMatch(/^usr_[A-Za-z0-9]{22}$/);
    expect(() => generateUserId(() => new Uint8Array(32).fill(250))).toThrow(/too few/);
    expect(() => generateSessionToken(() => new Uint8Array(16))).toThrow(/wrong number/);
  });

  it('compares hashes in constant time and refuses anything that is not a hex digest', () => {
    const hash = secretHash('fxs_x');
    expect(sameHash(hash, secretHash('fxs_x'))).toBe(true);
    expect(sameHash(hash, secretHash('fxs_y'))).toBe(false);
    expect(sameHash(hash, hash.toUpperCase())).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes, randomToken } from '../../../../main/connect/random-token';

describe('randomToken', () => {
  it('writes the bytes as unpadded base64url', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe, 0x00]);
    expect(randomToken(() => bytes, 4)).toBe('-__-AA');
  });

  it('asks the random source for exactly the requested size', () => {
    const sizes: number[] = [];
    randomToken((size) => {
      sizes.push(size);
      return new Uint8Array(size);
    }, 12);
    expect(sizes).toEqual([12]);
  });

  it('gets distinct values from the real CSPRNG', () => {
    const values = new Set(Array.from({ length: 100 }, () => randomToken(cryptoRandomBytes, 16)));
    expect(values.size).toBe(100);
  });
});

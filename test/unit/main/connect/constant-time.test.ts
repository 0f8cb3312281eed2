import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../../../main/connect/constant-time';

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('abc-DEF_123', 'abc-DEF_123')).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('is false for strings of the same length that differ', () => {
    expect(constantTimeEqual('abc-DEF_123', 'abc-DEF_124')).toBe(false);
    expect(constantTimeEqual('Xbc', 'abc')).toBe(false);
  });

  it('is false for strings of different lengths, without throwing', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('compares characters, not a lossy encoding of them', () => {
    expect(constantTimeEqual('å', 'a')).toBe(false);
    expect(constantTimeEqual('\u00e5', 'a\u030a')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeTenantId } from '../../../shared/tenant-id';

describe('normalizeTenantId', () => {
  it.each([
    ['12345', '12345'],
    ['0012345', '12345'],
    [12345, '12345'],
    ['00000000000000000001', '1'],
  ] as const)('reads %j as %j', (raw, expected) => {
    expect(normalizeTenantId(raw)).toBe(expected);
  });

  it.each([['0'], ['000'], [0], [-1], [1.5], [''], ['12a'], [' 12'], ['+12'], ['123456789012345678901'], [null], [undefined], [Number.MAX_SAFE_INTEGER + 2]])(
    'refuses %j: no company has that id',
    (raw) => {
      expect(normalizeTenantId(raw)).toBeUndefined();
    },
  );
});

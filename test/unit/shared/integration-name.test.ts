import { describe, expect, it } from 'vitest';
import { INTEGRATION_NAME_MAX, isNormalIntegrationName, normalizeIntegrationName } from '../../../shared/integration-name';

describe('the integration name', () => {
  it('is trimmed, its white space collapsed, and an empty one means none', () => {
    expect(normalizeIntegrationName('  Byråns\tkoppling  ')).toEqual({ ok: true, name: 'Byråns koppling' });
    expect(normalizeIntegrationName('   ')).toEqual({ ok: true, name: null });
  });

  it('loses control characters and direction overrides that could reorder the header', () => {
    expect(normalizeIntegrationName('A\u202eB\u0000C')).toEqual({ ok: true, name: 'A B C' });
  });

  it(`is refused, not cut, past ${INTEGRATION_NAME_MAX} characters`, () => {
    expect(normalizeIntegrationName('x'.repeat(INTEGRATION_NAME_MAX))).toMatchObject({ ok: true });
    expect(normalizeIntegrationName('x'.repeat(INTEGRATION_NAME_MAX + 1))).toEqual({ ok: false, problem: 'too_long' });
  });

  it('tells a kept name from one that still needs normalising', () => {
    expect(isNormalIntegrationName('Byrån')).toBe(true);
    expect(isNormalIntegrationName(' Byrån')).toBe(false);
    expect(isNormalIntegrationName('')).toBe(false);
  });
});

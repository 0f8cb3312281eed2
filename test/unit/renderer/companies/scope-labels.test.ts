import { describe, expect, it } from 'vitest';
import { scopeLabel, scopeLabels } from '../../../../renderer/src/companies/scope-labels';
import { scopeInfo } from '../../../../shared/scope-catalogue';

describe('scope labels', () => {
  it('names a known scope by the catalogue’s name in the UI language, not its wire name', () => {
    expect(scopeLabel('invoice', 'sv')).toBe(scopeInfo('invoice').label.sv);
    expect(scopeLabel('invoice', 'en')).toBe(scopeInfo('invoice').label.en);
    expect(scopeLabel('invoice', 'sv')).not.toBe('invoice');
  });

  it('keeps the wire name of a scope the catalogue does not know', () => {
    expect(scopeLabels(['zzz-new', 'companyinformation'], 'en')).toBe(`zzz-new, ${scopeInfo('companyinformation').label.en}`);
  });
});

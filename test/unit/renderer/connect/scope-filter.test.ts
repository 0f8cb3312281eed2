import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../../../../shared/scope-names';
import { filterScopes } from '../../../../renderer/src/connect/scope-filter';

const names = (query: string, language: 'sv' | 'en') =>
  filterScopes(query, language).groups.flatMap((group) => group.scopes.map((scope) => scope.name));

describe('scope filter', () => {
  it('shows every scope in every group when the filter is empty or blank', () => {
    for (const query of ['', '   ']) {
      const result = filterScopes(query, 'sv');
      expect(result.unfiltered).toBe(true);
      expect(result.matchCount).toBe(SCOPE_NAMES.length);
      expect(result.groups).toHaveLength(8);
    }
  });

  it('matches the wire name in either language', () => {
    expect(names('supplierinvoice', 'sv')).toEqual(['supplierinvoice']);
    expect(names('COMPANYLOGO', 'en')).toEqual(['companylogo']);
  });

  it('matches the label and description in the current language only', () => {
    expect(names('lön', 'sv')).toContain('salary');
    expect(names('lön', 'en')).toEqual([]);
    expect(names('payroll', 'en')).toContain('salary');
  });

  it('needs every word of the filter to match', () => {
    expect(names('leverantörsfakturor periodiseringar', 'sv')).toEqual(['supplierinvoice']);
  });

  it('leaves out groups without a match and reports no match', () => {
    const result = filterScopes('zzz-nothing', 'en');
    expect(result.groups).toEqual([]);
    expect(result.matchCount).toBe(0);
    expect(result.unfiltered).toBe(false);
  });

  it('counts the matches across groups', () => {
    const result = filterScopes('invoice', 'en');
    expect(result.matchCount).toBe(names('invoice', 'en').length);
    expect(result.groups.length).toBeGreaterThan(1);
  });
});

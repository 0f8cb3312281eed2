import { describe, expect, it } from 'vitest';
import { orderScopes, scopeDifference, scopesDiffer } from '../../../../renderer/src/companies/scope-difference';

describe('scope difference', () => {
  it('finds nothing to mark when Fortnox granted exactly what was asked', () => {
    const difference = scopeDifference(['companyinformation', 'invoice'], ['invoice', 'companyinformation']);
    expect(difference).toEqual({ granted: ['companyinformation', 'invoice'], notGranted: [], notRequested: [] });
    expect(scopesDiffer(difference)).toBe(false);
  });

  it('lists requested scopes that were not granted', () => {
    const difference = scopeDifference(['companyinformation', 'salary', 'invoice'], ['companyinformation']);
    expect(difference.notGranted).toEqual(['invoice', 'salary']);
    expect(scopesDiffer(difference)).toBe(true);
  });

  it('lists granted scopes that were not requested, unknown ones last', () => {
    const difference = scopeDifference(['companyinformation'], ['companyinformation', 'zzz-new', 'archive']);
    expect(difference.notRequested).toEqual(['archive', 'zzz-new']);
    expect(difference.granted).toEqual(['archive', 'companyinformation', 'zzz-new']);
  });

  it('compares wire names exactly: a different case is a different scope', () => {
    const difference = scopeDifference(['invoice'], ['Invoice']);
    expect(difference.notGranted).toEqual(['invoice']);
    expect(difference.notRequested).toEqual(['Invoice']);
  });

  it('orders scopes as the scope string does and drops duplicates', () => {
    expect(orderScopes(['supplier', 'archive', 'supplier', 'bookkeeping'])).toEqual(['archive', 'bookkeeping', 'supplier']);
  });
});

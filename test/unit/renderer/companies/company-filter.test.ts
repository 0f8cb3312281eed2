import { describe, expect, it } from 'vitest';
import { countByStatus, filterCompanies, NO_FILTER } from '../../../../renderer/src/companies/company-filter';
import { company } from './company-fixtures';

const companies = [
  company({ tenantId: '1001', companyName: 'Bokföringsbyrån Norr AB', organizationNumber: '556677-8899' }),
  company({
    tenantId: '2002',
    companyName: 'Åkeri Söder HB',
    organizationNumber: '969712-3456',
    requestedScopes: ['companyinformation', 'salary'],
    grantedScopes: ['companyinformation', 'salary'],
    status: 'needs_reconnect',
  }),
  company({ tenantId: '3003', companyName: null, organizationNumber: null, status: 'error' }),
];
const names = (list: readonly { tenantId: string }[]) => list.map((c) => c.tenantId);

describe('filtering companies', () => {
  it('returns the input itself when nothing is filtered', () => {
    expect(filterCompanies(companies, NO_FILTER)).toBe(companies);
    expect(filterCompanies(companies, { query: '   ', status: 'all' })).toBe(companies);
  });

  it('matches the name case-insensitively, including å, ä and ö', () => {
    expect(names(filterCompanies(companies, { query: 'åkeri', status: 'all' }))).toEqual(['2002']);
    expect(names(filterCompanies(companies, { query: 'NORR', status: 'all' }))).toEqual(['1001']);
  });

  it('matches the organisation number with or without its dash', () => {
    expect(names(filterCompanies(companies, { query: '556677-8899', status: 'all' }))).toEqual(['1001']);
    expect(names(filterCompanies(companies, { query: '5566778899', status: 'all' }))).toEqual(['1001']);
  });

  it('matches the tenant id and a scope name', () => {
    expect(names(filterCompanies(companies, { query: '3003', status: 'all' }))).toEqual(['3003']);
    expect(names(filterCompanies(companies, { query: 'salary', status: 'all' }))).toEqual(['2002']);
  });

  it('needs every word to match somewhere', () => {
    expect(names(filterCompanies(companies, { query: 'söder salary', status: 'all' }))).toEqual(['2002']);
    expect(names(filterCompanies(companies, { query: 'norr salary', status: 'all' }))).toEqual([]);
  });

  it('filters by status, also together with text', () => {
    expect(names(filterCompanies(companies, { query: '', status: 'error' }))).toEqual(['3003']);
    expect(names(filterCompanies(companies, { query: 'norr', status: 'needs_reconnect' }))).toEqual([]);
  });

  it('keeps the order it was given', () => {
    const reversed = [...companies].reverse();
    expect(names(filterCompanies(reversed, { query: '0', status: 'all' }))).toEqual(['3003', '2002', '1001']);
  });

  it('sees a changed company, since changed companies are new objects', () => {
    const before = filterCompanies(companies, { query: 'ny firma', status: 'all' });
    const renamed = [...companies.slice(0, 2), { ...companies[2]!, companyName: 'Ny Firma AB' }];
    expect(before).toEqual([]);
    expect(names(filterCompanies(renamed, { query: 'ny firma', status: 'all' }))).toEqual(['3003']);
  });

  it('counts the companies per status', () => {
    expect(countByStatus(companies)).toEqual({ active: 1, refreshing: 0, needs_reconnect: 1, error: 1, access_only: 0 });
  });

  it('filters 1,000 companies quickly enough for every keystroke', () => {
    const many = Array.from({ length: 1000 }, (_, index) =>
      company({ tenantId: String(100000 + index), companyName: `Klient ${index} AB` }),
    );
    filterCompanies(many, { query: 'x', status: 'all' });
    const started = performance.now();
    for (let round = 0; round < 20; round += 1) filterCompanies(many, { query: `klient ${round}`, status: 'all' });
    expect((performance.now() - started) / 20).toBeLessThan(10);
  });
});

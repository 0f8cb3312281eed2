import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, isSortOption, sortCompanies, sortFromOption, SORT_OPTIONS } from '../../../../renderer/src/companies/company-sort';
import { company } from './company-fixtures';

const companies = [
  company({ tenantId: '1', companyName: 'Örebro Bygg AB', connectedAt: 300, lastRefreshedAt: 900, status: 'active' }),
  company({ tenantId: '2', companyName: 'Alfa AB', connectedAt: 100, lastRefreshedAt: null, status: 'error' }),
  company({ tenantId: '3', companyName: 'Zeta AB', connectedAt: 200, lastRefreshedAt: 500, status: 'needs_reconnect' }),
  company({ tenantId: '4', companyName: null, connectedAt: 400, lastRefreshedAt: 700, status: 'refreshing' }),
  company({ tenantId: '5', companyName: 'Ärlig Revision AB', connectedAt: 250, lastRefreshedAt: 600, status: 'active' }),
];
const order = (list: readonly { tenantId: string }[]) => list.map((c) => c.tenantId).join(',');

describe('sorting companies', () => {
  it('sorts names the Swedish way (Z, Å, Ä, Ö) with unnamed companies last', () => {
    expect(order(sortCompanies(companies, { key: 'name', direction: 'asc' }))).toBe('2,3,5,1,4');
  });

  it('keeps unnamed companies last when the name order is reversed', () => {
    expect(order(sortCompanies(companies, { key: 'name', direction: 'desc' }))).toBe('1,5,3,2,4');
  });

  it('sorts by connected time in both directions', () => {
    expect(order(sortCompanies(companies, { key: 'connected', direction: 'desc' }))).toBe('4,1,5,3,2');
    expect(order(sortCompanies(companies, { key: 'connected', direction: 'asc' }))).toBe('2,3,5,1,4');
  });

  it('sorts by last refresh with never-refreshed companies last either way', () => {
    expect(order(sortCompanies(companies, { key: 'refreshed', direction: 'desc' }))).toBe('1,4,5,3,2');
    expect(order(sortCompanies(companies, { key: 'refreshed', direction: 'asc' }))).toBe('3,5,4,1,2');
  });

  it('puts what needs attention first when sorting by status, then by name', () => {
    expect(order(sortCompanies(companies, { key: 'status', direction: 'asc' }))).toBe('3,2,4,5,1');
  });

  it('puts what needs attention first by default, then sorts by name', () => {
    expect(order(sortCompanies(companies, sortFromOption(DEFAULT_SORT)))).toBe('2,3,5,1,4');
    const mixed = [
      company({ tenantId: '1', companyName: 'Öst AB', status: 'needs_reconnect' }),
      company({ tenantId: '2', companyName: 'Alfa AB', status: 'active' }),
      company({ tenantId: '3', companyName: 'Beta AB', status: 'error' }),
      company({ tenantId: '4', companyName: 'Access AB', status: 'access_only' }),
    ];
    expect(order(sortCompanies(mixed, sortFromOption(DEFAULT_SORT)))).toBe('3,1,4,2');
  });

  it('sorts Swedish names with Å, Ä and Ö after Z whatever the UI language', () => {
    const names = ['Örebro Bygg AB', 'Zeta AB', 'Åkeri Syd AB', 'Ängby AB', 'Olle AB', 'Aros AB'].map((companyName, index) =>
      company({ tenantId: String(index + 1), companyName }),
    );
    const sorted = sortCompanies(names, { key: 'name', direction: 'asc' }).map((c) => c.companyName);
    expect(sorted).toEqual(['Aros AB', 'Olle AB', 'Zeta AB', 'Åkeri Syd AB', 'Ängby AB', 'Örebro Bygg AB']);
  });

  it('breaks ties by tenant id as a number, so the order is the same every time', () => {
    const twins = [company({ tenantId: '10', companyName: 'Samma AB' }), company({ tenantId: '9', companyName: 'Samma AB' })];
    expect(order(sortCompanies(twins, { key: 'name', direction: 'asc' }))).toBe('9,10');
  });

  it('does not change the array it was given', () => {
    const copy = [...companies];
    sortCompanies(companies, { key: 'connected', direction: 'asc' });
    expect(companies).toEqual(copy);
  });

  it('reads every offered option back as a key and a direction', () => {
    for (const option of SORT_OPTIONS) {
      expect(isSortOption(option)).toBe(true);
      const sort = sortFromOption(option);
      expect(`${sort.key}-${sort.direction}`).toBe(option);
    }
    expect(isSortOption('name-sideways')).toBe(false);
  });
});

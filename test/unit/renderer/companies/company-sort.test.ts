import { describe, expect, it } from 'vitest';
import { isSortOption, sortCompanies, sortFromOption, SORT_OPTIONS } from '../../../../renderer/src/companies/company-sort';
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
    expect(order(sortCompanies(companies, { key: 'name', direction: 'asc' }, 'sv'))).toBe('2,3,5,1,4');
  });

  it('keeps unnamed companies last when the name order is reversed', () => {
    expect(order(sortCompanies(companies, { key: 'name', direction: 'desc' }, 'sv'))).toBe('1,5,3,2,4');
  });

  it('sorts by connected time in both directions', () => {
    expect(order(sortCompanies(companies, { key: 'connected', direction: 'desc' }, 'sv'))).toBe('4,1,5,3,2');
    expect(order(sortCompanies(companies, { key: 'connected', direction: 'asc' }, 'sv'))).toBe('2,3,5,1,4');
  });

  it('sorts by last refresh with never-refreshed companies last either way', () => {
    expect(order(sortCompanies(companies, { key: 'refreshed', direction: 'desc' }, 'sv'))).toBe('1,4,5,3,2');
    expect(order(sortCompanies(companies, { key: 'refreshed', direction: 'asc' }, 'sv'))).toBe('3,5,4,1,2');
  });

  it('puts what needs attention first when sorting by status, then by name', () => {
    expect(order(sortCompanies(companies, { key: 'status', direction: 'asc' }, 'sv'))).toBe('3,2,4,5,1');
  });

  it('breaks ties by tenant id as a number, so the order is the same every time', () => {
    const twins = [company({ tenantId: '10', companyName: 'Samma AB' }), company({ tenantId: '9', companyName: 'Samma AB' })];
    expect(order(sortCompanies(twins, { key: 'name', direction: 'asc' }, 'en'))).toBe('9,10');
  });

  it('does not change the array it was given', () => {
    const copy = [...companies];
    sortCompanies(companies, { key: 'connected', direction: 'asc' }, 'sv');
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

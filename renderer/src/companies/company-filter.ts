import type { ConnectionStatus } from '../../../shared/connection-issues';
import { CONNECTION_STATUSES } from '../../../shared/connection-issues';
import type { CompanySummary } from '../../../shared/ipc-contract';

/** The status filter: one status, or all of them. */
export type StatusFilter = ConnectionStatus | 'all';

/** What the user filters the company list by. */
export interface CompanyFilter {
  /** Free text: every word must occur in the name, organisation number, tenant id or a scope. */
  query: string;
  status: StatusFilter;
}

export const NO_FILTER: CompanyFilter = { query: '', status: 'all' };

/**
 * Lower-cased search text per company object. Company objects are replaced, never mutated, when
 * main reports a change, so a cached entry can never be stale; the WeakMap lets old ones go.
 */
const haystacks = new WeakMap<CompanySummary, string>();

function haystack(company: CompanySummary): string {
  let text = haystacks.get(company);
  if (text === undefined) {
    const organizationNumber = company.organizationNumber ?? '';
    text = [
      company.companyName ?? '',
      organizationNumber,
      // So that "5566778899" finds "556677-8899" and the other way round.
      organizationNumber.replace(/[^0-9]/g, ''),
      company.tenantId,
      ...company.requestedScopes,
      ...company.grantedScopes,
    ]
      .join('\n')
      .toLocaleLowerCase('sv');
    haystacks.set(company, text);
  }
  return text;
}

/** The filter text split into lower-case words. */
function queryWords(query: string): string[] {
  return query
    .toLocaleLowerCase('sv')
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

/** True when the filter shows everything. */
export function isUnfiltered(filter: CompanyFilter): boolean {
  return filter.status === 'all' && queryWords(filter.query).length === 0;
}

/**
 * The companies that pass the filter, in the order given (filter a sorted list, so typing never
 * sorts again). Returns the input array itself when nothing is filtered out.
 */
export function filterCompanies(
  companies: readonly CompanySummary[],
  filter: CompanyFilter,
): readonly CompanySummary[] {
  if (isUnfiltered(filter)) return companies;
  const words = queryWords(filter.query);
  const result = companies.filter(
    (company) =>
      (filter.status === 'all' || company.status === filter.status) &&
      (words.length === 0 || words.every((word) => haystack(company).includes(word))),
  );
  return result.length === companies.length ? companies : result;
}

/** How many companies have each status, for the status filter's options. */
export function countByStatus(companies: readonly CompanySummary[]): Record<ConnectionStatus, number> {
  const counts = Object.fromEntries(CONNECTION_STATUSES.map((status) => [status, 0])) as Record<ConnectionStatus, number>;
  for (const company of companies) counts[company.status] += 1;
  return counts;
}

import type { ConnectionStatus } from '../../../shared/connection-issues';
import type { CompanySummary } from '../../../shared/ipc-contract';

/** What the list can be sorted by. */
export type SortKey = 'attention' | 'name' | 'connected' | 'refreshed' | 'status';
export type SortDirection = 'asc' | 'desc';

export interface CompanySort {
  key: SortKey;
  direction: SortDirection;
}

/** The sort choices offered, in the order the sort control lists them; each has a text in messages.ts. */
export const SORT_OPTIONS = [
  'attention-asc',
  'name-asc',
  'name-desc',
  'status-asc',
  'connected-desc',
  'connected-asc',
  'refreshed-desc',
  'refreshed-asc',
] as const;

export type SortOptionId = (typeof SORT_OPTIONS)[number];

/** The sort an option stands for. */
export function sortFromOption(option: SortOptionId): CompanySort {
  const [key, direction] = option.split('-') as [SortKey, SortDirection];
  return { key, direction };
}

/** True when `value` is one of the sort options. */
export function isSortOption(value: string): value is SortOptionId {
  return (SORT_OPTIONS as readonly string[]).includes(value);
}

/** Needs attention first, then by name (issue 9 item 3). */
export const DEFAULT_SORT: SortOptionId = 'attention-asc';

/** Most urgent first: what needs the accountant's attention sorts to the top in "status" order. */
const STATUS_RANK: Record<ConnectionStatus, number> = {
  needs_reconnect: 0,
  error: 1,
  refreshing: 2,
  access_only: 3,
  active: 4,
};

/**
 * Company names are Swedish names, so they are compared the Swedish way whatever the UI language:
 * Å, Ä and Ö after Z (an English collator would file "Örebro" under O). Numbers inside names sort
 * by value.
 */
const NAMES = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

/** Whether a company needs the accountant: a new sign-in, or an error (sorted first by default). */
export function needsAttention(status: ConnectionStatus): boolean {
  return status === 'needs_reconnect' || status === 'error';
}

/** Compares two possibly-missing values; missing ones go last whatever the direction. */
function compareMissingLast<T>(a: T | null, b: T | null, compare: (a: T, b: T) => number, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * compare(a, b);
}

/**
 * A sorted copy (names compared the Swedish way, see NAMES). Ties are broken by name and then tenant id, so the order is stable and the same
 * on every run. Companies without a name, or never refreshed, go last in either direction.
 */
export function sortCompanies(companies: readonly CompanySummary[], sort: CompanySort): CompanySummary[] {
  const names = NAMES;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: CompanySummary, b: CompanySummary, nameSign: number) =>
    compareMissingLast(a.companyName, b.companyName, names.compare, nameSign);
  const byNumber = (x: number, y: number) => x - y;
  const primary = (a: CompanySummary, b: CompanySummary): number => {
    switch (sort.key) {
      case 'attention':
        return sign * (Number(needsAttention(b.status)) - Number(needsAttention(a.status)));
      case 'name':
        return byName(a, b, sign);
      case 'connected':
        return sign * (a.connectedAt - b.connectedAt);
      case 'refreshed':
        return compareMissingLast(a.lastRefreshedAt, b.lastRefreshedAt, byNumber, sign);
      case 'status':
        return sign * (STATUS_RANK[a.status] - STATUS_RANK[b.status]);
    }
  };
  return [...companies].sort(
    (a, b) =>
      primary(a, b) ||
      byName(a, b, 1) ||
      (a.tenantId.length - b.tenantId.length || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0)),
  );
}

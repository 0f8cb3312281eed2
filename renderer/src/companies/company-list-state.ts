import type { AttentionRow, CompaniesChanged, CompanyList, CompanySummary, StorageState } from '../../../shared/ipc-contract';

/**
 * The connected companies as the renderer knows them: main's answer to `listCompanies()` with
 * every `onCompaniesChanged` delta applied on top.
 */
export type CompanyListState =
  | { load: 'loading'; pending: CompaniesChanged }
  | { load: 'failed'; pending: CompaniesChanged }
  | {
      load: 'loaded';
      companies: readonly CompanySummary[];
      storage: StorageState;
      /** Damaged records and unknown connections, shown above the companies. */
      attention: readonly AttentionRow[];
      /** How many companies main left out of the list (beyond its limit). */
      omitted: number;
    };

export type CompanyListAction =
  | { type: 'snapshot'; list: CompanyList }
  | { type: 'changed'; change: CompaniesChanged }
  | { type: 'failed' }
  | { type: 'retry' };

const NO_CHANGE: CompaniesChanged = { upserted: [], removed: [] };
const NO_ROWS: readonly AttentionRow[] = [];

export const INITIAL_COMPANY_LIST: CompanyListState = { load: 'loading', pending: NO_CHANGE };

/**
 * Applies one delta: removals first, then upserts (by tenant id; a known tenant keeps its place,
 * a new one is appended). Returns the same array when the delta changes nothing, so memoized
 * sorting and filtering downstream do not run again for nothing.
 */
export function applyCompaniesChanged(
  companies: readonly CompanySummary[],
  change: CompaniesChanged,
): readonly CompanySummary[] {
  if (change.upserted.length === 0 && change.removed.length === 0) return companies;
  const removed = new Set(change.removed);
  const next = removed.size === 0 ? [...companies] : companies.filter((company) => !removed.has(company.tenantId));
  const positions = new Map(next.map((company, index) => [company.tenantId, index]));
  for (const company of change.upserted) {
    const at = positions.get(company.tenantId);
    if (at === undefined) {
      positions.set(company.tenantId, next.length);
      next.push(company);
    } else {
      next[at] = company;
    }
  }
  const unchanged = next.length === companies.length && next.every((company, index) => company === companies[index]);
  return unchanged ? companies : next;
}

/**
 * Folds a later delta into an earlier one so that applying the result equals applying both in
 * order. Keeps the buffer bounded by the number of tenants however many deltas arrive.
 */
export function mergeCompaniesChanged(first: CompaniesChanged, second: CompaniesChanged): CompaniesChanged {
  const upserts = new Map(first.upserted.map((company) => [company.tenantId, company]));
  const removed = new Set(first.removed);
  for (const tenantId of second.removed) {
    upserts.delete(tenantId);
    removed.add(tenantId);
  }
  // An upsert after a removal stays a removal followed by an upsert, which applyCompaniesChanged
  // does in that order; so the tenant may stay in `removed` too.
  for (const company of second.upserted) upserts.set(company.tenantId, company);
  // Attention rows come whole: the later list wins.
  const attention = second.attention ?? first.attention;
  return { upserted: [...upserts.values()], removed: [...removed], ...(attention ? { attention } : {}) };
}

/**
 * The renderer subscribes to deltas first and then asks for the list. IPC from main arrives in
 * the order main sent it, so every delta that arrives before the answer was sent before it, and
 * replaying those deltas in order on top of the answer gives main's current state whether main
 * read the list before or after making them (each delta carries whole company summaries).
 */
export function companyListReducer(state: CompanyListState, action: CompanyListAction): CompanyListState {
  switch (action.type) {
    case 'snapshot': {
      const pending = state.load === 'loaded' ? NO_CHANGE : state.pending;
      return {
        load: 'loaded',
        companies: applyCompaniesChanged(action.list.companies, pending),
        storage: action.list.storage,
        attention: pending.attention ?? action.list.attention ?? NO_ROWS,
        omitted: action.list.omitted ?? 0,
      };
    }
    case 'changed':
      if (state.load === 'loaded') {
        const companies = applyCompaniesChanged(state.companies, action.change);
        const attention = action.change.attention ?? state.attention;
        return companies === state.companies && attention === state.attention ? state : { ...state, companies, attention };
      }
      return { ...state, pending: mergeCompaniesChanged(state.pending, action.change) };
    case 'failed':
      return state.load === 'loaded' ? state : { load: 'failed', pending: state.pending };
    case 'retry':
      return state.load === 'failed' ? { load: 'loading', pending: state.pending } : state;
  }
}

import { describe, expect, it } from 'vitest';
import type { AttentionRow, CompanyList, StorageState } from '../../../../shared/ipc-contract';
import {
  applyCompaniesChanged,
  companyListReducer,
  INITIAL_COMPANY_LIST,
  mergeCompaniesChanged,
  type CompanyListState,
} from '../../../../renderer/src/companies/company-list-state';
import { company } from './company-fixtures';

const storage: StorageState = { mode: 'encrypted', reason: null, problems: [] };
const list = (...companies: CompanyList['companies']): CompanyList => ({ companies, storage });
const ids = (state: CompanyListState) => (state.load === 'loaded' ? state.companies.map((c) => c.tenantId) : null);

describe('applying company deltas', () => {
  it('updates a known tenant in place and appends a new one', () => {
    const a = company({ tenantId: '1' });
    const b = company({ tenantId: '2' });
    const renamed = company({ tenantId: '1', companyName: 'Nytt namn AB' });
    const next = applyCompaniesChanged([a, b], { upserted: [company({ tenantId: '3' }), renamed], removed: [] });
    expect(next.map((c) => c.tenantId)).toEqual(['1', '2', '3']);
    expect(next[0]?.companyName).toBe('Nytt namn AB');
  });

  it('removes tenants by id and ignores unknown ones', () => {
    const next = applyCompaniesChanged([company({ tenantId: '1' }), company({ tenantId: '2' })], {
      upserted: [],
      removed: ['1', '99'],
    });
    expect(next.map((c) => c.tenantId)).toEqual(['2']);
  });

  it('returns the very same array when a delta changes nothing, so memoized sorting is skipped', () => {
    const companies = [company({ tenantId: '1' })];
    expect(applyCompaniesChanged(companies, { upserted: [], removed: [] })).toBe(companies);
    expect(applyCompaniesChanged(companies, { upserted: [], removed: ['7'] })).toBe(companies);
  });

  it('applies removals before upserts, so a tenant removed and added in one delta stays', () => {
    const next = applyCompaniesChanged([company({ tenantId: '1' })], {
      upserted: [company({ tenantId: '1', status: 'refreshing' })],
      removed: ['1'],
    });
    expect(next.map((c) => [c.tenantId, c.status])).toEqual([['1', 'refreshing']]);
  });
});

describe('merging buffered deltas', () => {
  it('gives the same result as applying the deltas one after the other', () => {
    const start = [company({ tenantId: '1' }), company({ tenantId: '2' })];
    const first = { upserted: [company({ tenantId: '3' })], removed: ['1'] };
    const second = { upserted: [company({ tenantId: '1', status: 'error' as const })], removed: ['3'] };
    const third = { upserted: [company({ tenantId: '2', status: 'needs_reconnect' as const })], removed: [] };
    const oneByOne = [first, second, third].reduce(applyCompaniesChanged, start);
    const merged = applyCompaniesChanged(start, [first, second, third].reduce(mergeCompaniesChanged));
    const view = (companies: typeof start) =>
      [...companies].map((c) => `${c.tenantId}:${c.status}`).sort();
    expect(view([...merged])).toEqual(view([...oneByOne]));
  });

  it('keeps only the latest summary per tenant', () => {
    const merged = [1, 2, 3].reduce(
      (sum, n) => mergeCompaniesChanged(sum, { upserted: [company({ tenantId: '5', connectedAt: n })], removed: [] }),
      { upserted: [], removed: [] } as Parameters<typeof mergeCompaniesChanged>[0],
    );
    expect(merged.upserted).toHaveLength(1);
    expect(merged.upserted[0]?.connectedAt).toBe(3);
  });
});

describe('the company list state', () => {
  it('replays deltas that arrived before the list on top of it', () => {
    let state = companyListReducer(INITIAL_COMPANY_LIST, {
      type: 'changed',
      change: { upserted: [company({ tenantId: '2', status: 'refreshing' })], removed: [] },
    });
    state = companyListReducer(state, { type: 'changed', change: { upserted: [], removed: ['1'] } });
    state = companyListReducer(state, { type: 'snapshot', list: list(company({ tenantId: '1' }), company({ tenantId: '2' })) });
    expect(ids(state)).toEqual(['2']);
    expect(state.load === 'loaded' && state.companies[0]?.status).toBe('refreshing');
  });

  it('applies deltas directly once the list is loaded', () => {
    let state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: list(company({ tenantId: '1' })) });
    state = companyListReducer(state, { type: 'changed', change: { upserted: [company({ tenantId: '4' })], removed: [] } });
    expect(ids(state)).toEqual(['1', '4']);
  });

  it('keeps the state object when a delta changes nothing', () => {
    const state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: list(company({ tenantId: '1' })) });
    expect(companyListReducer(state, { type: 'changed', change: { upserted: [], removed: ['9'] } })).toBe(state);
  });

  it('keeps buffered deltas through a failed load and a retry', () => {
    let state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'failed' });
    expect(state.load).toBe('failed');
    state = companyListReducer(state, { type: 'changed', change: { upserted: [company({ tenantId: '8' })], removed: [] } });
    state = companyListReducer(state, { type: 'retry' });
    expect(state.load).toBe('loading');
    state = companyListReducer(state, { type: 'snapshot', list: list() });
    expect(ids(state)).toEqual(['8']);
  });

  it('ignores a late failure once the list is loaded', () => {
    const state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: list() });
    expect(companyListReducer(state, { type: 'failed' })).toBe(state);
  });
});

describe('attention rows (damaged records and unknown connections)', () => {
  const damaged: AttentionRow = { kind: 'damaged', id: 'damaged-1', tenantId: '501', companyName: 'Bolag AB', fields: ['status'], hasTokens: true };
  const unknown: AttentionRow = { kind: 'unknown', id: 'unknown-777', tenantId: '777', restorable: true };

  it('takes the rows and the number left out from the list, and none when main sends none', () => {
    const state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: { ...list(company({ tenantId: '1' })), attention: [damaged], omitted: 3 } });
    expect(state).toMatchObject({ load: 'loaded', attention: [damaged], omitted: 3 });
    expect(companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: list() })).toMatchObject({ attention: [], omitted: 0 });
  });

  it('replaces the rows with those of a change that carries them, and keeps them otherwise', () => {
    const loaded = companyListReducer(INITIAL_COMPANY_LIST, { type: 'snapshot', list: { ...list(), attention: [damaged, unknown] } });
    const kept = companyListReducer(loaded, { type: 'changed', change: { upserted: [company({ tenantId: '1' })], removed: [] } });
    expect(kept).toMatchObject({ attention: [damaged, unknown] });
    const replaced = companyListReducer(kept, { type: 'changed', change: { upserted: [], removed: [], attention: [unknown] } });
    expect(replaced).toMatchObject({ attention: [unknown] });
  });

  it('keeps the latest rows of changes that arrive before the list', () => {
    let state = companyListReducer(INITIAL_COMPANY_LIST, { type: 'changed', change: { upserted: [], removed: [], attention: [unknown] } });
    state = companyListReducer(state, { type: 'changed', change: { upserted: [company({ tenantId: '9' })], removed: [] } });
    expect(mergeCompaniesChanged({ upserted: [], removed: [], attention: [damaged] }, { upserted: [], removed: [] }).attention).toEqual([damaged]);
    state = companyListReducer(state, { type: 'snapshot', list: { ...list(), attention: [damaged, unknown] } });
    expect(state).toMatchObject({ attention: [unknown] });
    expect(ids(state)).toEqual(['9']);
  });
});

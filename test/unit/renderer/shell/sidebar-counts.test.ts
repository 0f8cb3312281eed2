import { describe, expect, it } from 'vitest';
import type { AttentionRow, CompanySummary, ToolKeyView } from '../../../../shared/ipc-contract';
import type { CompanyListState } from '../../../../renderer/src/companies/company-list-state';
import { sidebarCounts } from '../../../../renderer/src/shell/sidebar-counts';

const company = (tenantId: string, status: CompanySummary['status']) => ({ tenantId, status }) as CompanySummary;
const key = (id: string, revokedAt: number | null, expiresAt: number | null) => ({ id, revokedAt, expiresAt }) as ToolKeyView;
const loaded = (companies: CompanySummary[], attention = 0, omitted = 0): CompanyListState => ({
  load: 'loaded',
  companies,
  storage: { mode: 'encrypted', reason: null, problems: [] },
  attention: Array.from({ length: attention }, () => ({}) as AttentionRow),
  omitted,
});

describe('the sidebar counts', () => {
  it('counts every company, left-out ones too, and those needing attention: broken connections and attention rows', () => {
    const counts = sidebarCounts({
      companies: loaded([company('1', 'active'), company('2', 'needs_reconnect'), company('3', 'error'), company('4', 'refreshing')], 1, 5),
      toolKeys: null,
      configProblems: 0,
      now: 0,
    });
    expect(counts.companies).toEqual({ total: 9, attention: 3 });
  });

  it('shows no company count while the list is loading or failed', () => {
    const pending = { upserted: [], removed: [] };
    expect(sidebarCounts({ companies: { load: 'loading', pending }, toolKeys: null, configProblems: 0, now: 0 }).companies).toBeUndefined();
    expect(sidebarCounts({ companies: { load: 'failed', pending }, toolKeys: null, configProblems: 0, now: 0 }).companies).toBeUndefined();
  });

  it('counts the tool keys in use: not revoked and not expired', () => {
    const counts = sidebarCounts({
      companies: loaded([]),
      toolKeys: [key('a', null, null), key('b', 5, null), key('c', null, 100), key('d', null, 1000)],
      configProblems: 0,
      now: 500,
    });
    expect(counts.tools).toEqual({ total: 2, attention: 0 });
  });

  it('marks Settings when the configuration has problems, and leaves it alone when it has none', () => {
    expect(sidebarCounts({ companies: loaded([]), toolKeys: null, configProblems: 2, now: 0 }).settings).toEqual({ total: 0, attention: 2 });
    expect(sidebarCounts({ companies: loaded([]), toolKeys: null, configProblems: 0, now: 0 }).settings).toBeUndefined();
  });
});

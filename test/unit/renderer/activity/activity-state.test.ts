import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { ACTIVITY_SHOWN_MAX, activityReducer, canShowMore, INITIAL_ACTIVITY } from '../../../../renderer/src/activity/activity-state';

function entries(count: number, from = 0): AuditEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    at: 1_000_000 - from - index,
    kind: 'proxy' as const,
    keyId: null,
    keyName: null,
    tenantId: '101',
    method: 'GET',
    path: '/3/invoices',
    status: 200,
    durationMs: 1,
    bytesIn: 0,
    bytesOut: 1,
    complete: true,
  }));
}

describe('activity pages', () => {
  it('shows the first page, appends the next and adds up the damaged lines', () => {
    const first = activityReducer(INITIAL_ACTIVITY, { type: 'first', page: { entries: entries(2), nextCursor: 'audit-2026-03-10.jsonl:5', damaged: 1 } });
    const asking = activityReducer(first, { type: 'more' });
    const second = activityReducer(asking, { type: 'next', page: { entries: entries(1, 2), nextCursor: null, damaged: 2 } });

    expect(canShowMore(first)).toBe(true);
    expect(asking.more).toBe('loading');
    expect(second.entries.map((entry) => entry.at)).toEqual([1_000_000, 999_999, 999_998]);
    expect(second.damaged).toBe(3);
    expect(canShowMore(second)).toBe(false);
  });

  it('keeps the largest dropped count the log reported, since it counts from the app start', () => {
    const first = activityReducer(INITIAL_ACTIVITY, { type: 'first', page: { entries: entries(2), nextCursor: 'audit-2026-03-10.jsonl:5', damaged: 0, dropped: 7 } });
    const second = activityReducer(activityReducer(first, { type: 'more' }), { type: 'next', page: { entries: entries(1, 2), nextCursor: null, damaged: 0, dropped: 3 } });

    expect(first.dropped).toBe(7);
    expect(second.dropped).toBe(7);
    expect(activityReducer(INITIAL_ACTIVITY, { type: 'first', page: { entries: entries(1), nextCursor: null, damaged: 0 } }).dropped).toBe(0);
  });

  it('starts over on a new filter and keeps the rows when a next page fails', () => {
    const first = activityReducer(INITIAL_ACTIVITY, { type: 'first', page: { entries: entries(2), nextCursor: 'audit-2026-03-10.jsonl:5', damaged: 0 } });

    expect(activityReducer(first, { type: 'reset' })).toEqual(INITIAL_ACTIVITY);
    expect(activityReducer(first, { type: 'more-failed' })).toMatchObject({ more: 'failed', entries: first.entries });
    expect(activityReducer(first, { type: 'failed' })).toMatchObject({ load: 'failed', entries: [] });
  });

  it('holds at most the shown maximum and then offers no more pages', () => {
    const full = activityReducer(INITIAL_ACTIVITY, { type: 'first', page: { entries: entries(ACTIVITY_SHOWN_MAX - 1), nextCursor: 'audit-2026-03-10.jsonl:9', damaged: 0 } });
    const next = activityReducer(full, { type: 'next', page: { entries: entries(5, ACTIVITY_SHOWN_MAX), nextCursor: 'audit-2026-03-10.jsonl:4', damaged: 0 } });

    expect(next.entries).toHaveLength(ACTIVITY_SHOWN_MAX);
    expect(canShowMore(next)).toBe(false);
  });
});

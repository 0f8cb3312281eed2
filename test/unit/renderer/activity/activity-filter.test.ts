import { describe, expect, it } from 'vitest';
import { activityFilter, isFiltered, NO_ACTIVITY_CHOICE } from '../../../../renderer/src/activity/activity-filter';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

describe('activity filter', () => {
  it('asks for everything when nothing is chosen', () => {
    expect(activityFilter(NO_ACTIVITY_CHOICE, NOW)).toEqual({});
    expect(isFiltered(NO_ACTIVITY_CHOICE)).toBe(false);
  });

  it('narrows to one company, one key, or both (the per-company and per-key views)', () => {
    expect(activityFilter({ tenantId: '101', keyId: null, period: 'all' }, NOW)).toEqual({ tenantId: '101' });
    expect(activityFilter({ tenantId: null, keyId: 'key_00000000000000aa', period: 'all' }, NOW)).toEqual({ keyId: 'key_00000000000000aa' });
    expect(activityFilter({ tenantId: '101', keyId: 'key_00000000000000aa', period: 'all' }, NOW)).toEqual({ tenantId: '101', keyId: 'key_00000000000000aa' });
  });

  it('counts a period back from now', () => {
    expect(activityFilter({ ...NO_ACTIVITY_CHOICE, period: 'day' }, NOW)).toEqual({ from: NOW - DAY });
    expect(activityFilter({ ...NO_ACTIVITY_CHOICE, period: 'week' }, NOW)).toEqual({ from: NOW - 7 * DAY });
    expect(activityFilter({ ...NO_ACTIVITY_CHOICE, period: 'month' }, NOW)).toEqual({ from: NOW - 30 * DAY });
    expect(isFiltered({ ...NO_ACTIVITY_CHOICE, period: 'day' })).toBe(true);
  });
});

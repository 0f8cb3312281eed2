import type { AuditEntry, AuditPage } from '../../../shared/ipc-contract';

/** Rows the view holds at most; beyond, "Show more" stops and the export has them all. */
export const ACTIVITY_SHOWN_MAX = 10_000;

/** Entries asked for per page. */
export const ACTIVITY_PAGE_SIZE = 200;

/** The pages of the audit log the view has loaded for the current filter. */
export interface ActivityState {
  load: 'loading' | 'loaded' | 'failed';
  entries: readonly AuditEntry[];
  nextCursor: string | null;
  damaged: number;
  /** Entries the log could not keep since the app started (the latest page's figure). */
  dropped: number;
  /** The next page: being loaded, or its load failed. */
  more: 'idle' | 'loading' | 'failed';
}

export type ActivityAction =
  | { type: 'reset' }
  | { type: 'first'; page: AuditPage }
  | { type: 'failed' }
  | { type: 'more' }
  | { type: 'next'; page: AuditPage }
  | { type: 'more-failed' };

const NONE: readonly AuditEntry[] = [];

export const INITIAL_ACTIVITY: ActivityState = { load: 'loading', entries: NONE, nextCursor: null, damaged: 0, dropped: 0, more: 'idle' };

/** The view's pages: a new filter starts over, a next page is appended (up to `ACTIVITY_SHOWN_MAX`). */
export function activityReducer(state: ActivityState, action: ActivityAction): ActivityState {
  switch (action.type) {
    case 'reset':
      return INITIAL_ACTIVITY;
    case 'first':
      return { load: 'loaded', entries: action.page.entries, nextCursor: action.page.nextCursor, damaged: action.page.damaged, dropped: action.page.dropped ?? 0, more: 'idle' };
    case 'failed':
      return { ...INITIAL_ACTIVITY, load: 'failed' };
    case 'more':
      return { ...state, more: 'loading' };
    case 'next':
      return {
        load: 'loaded',
        entries: [...state.entries, ...action.page.entries].slice(0, ACTIVITY_SHOWN_MAX),
        nextCursor: action.page.nextCursor,
        damaged: state.damaged + action.page.damaged,
        dropped: Math.max(state.dropped, action.page.dropped ?? 0),
        more: 'idle',
      };
    case 'more-failed':
      return { ...state, more: 'failed' };
  }
}

/** True when another page can be asked for. */
export function canShowMore(state: ActivityState): boolean {
  return state.load === 'loaded' && state.nextCursor !== null && state.entries.length < ACTIVITY_SHOWN_MAX;
}

import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AuditFilter } from '../../../shared/ipc-contract';
import { ACTIVITY_PAGE_SIZE, activityReducer, canShowMore, INITIAL_ACTIVITY, type ActivityState } from './activity-state';

/**
 * The audit log's pages for `filter`, newest first, asked of main one page at a time (the whole
 * log never comes to the renderer). A new filter or `reload` starts over; an answer for an older
 * filter is ignored.
 */
export function useActivity(api: ConnectorApi, filter: AuditFilter, reload: number): { state: ActivityState; showMore: () => void } {
  const [state, dispatch] = useReducer(activityReducer, INITIAL_ACTIVITY);
  const generation = useRef(0);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    dispatch({ type: 'reset' });
    api.queryActivity({ filter: JSON.parse(filterKey) as AuditFilter, limit: ACTIVITY_PAGE_SIZE }).then(
      (page) => mine === generation.current && dispatch({ type: 'first', page }),
      () => mine === generation.current && dispatch({ type: 'failed' }),
    );
  }, [api, filterKey, reload]);

  const showMore = useCallback(() => {
    const current = state;
    if (!canShowMore(current) || current.more === 'loading' || current.nextCursor === null) return;
    const mine = generation.current;
    dispatch({ type: 'more' });
    api.queryActivity({ filter: JSON.parse(filterKey) as AuditFilter, limit: ACTIVITY_PAGE_SIZE, cursor: current.nextCursor }).then(
      (page) => mine === generation.current && dispatch({ type: 'next', page }),
      () => mine === generation.current && dispatch({ type: 'more-failed' }),
    );
  }, [api, filterKey, state]);

  return { state, showMore };
}

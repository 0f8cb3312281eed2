import { useEffect, useReducer } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';

/** A status main pushes and can also be asked for: how to subscribe and how to fetch it. */
export interface PushedStatusSource<T> {
  subscribe(api: ConnectorApi, listener: (status: T) => void): () => void;
  fetch(api: ConnectorApi): Promise<T>;
}

/** What the reducers of pushed statuses receive. */
export type PushedStatusAction<T> = { type: 'snapshot'; status: T } | { type: 'pushed'; status: T };

/**
 * Keeps a pushed status: subscribes first, then asks for the current value, and lets the reducer
 * decide (a pushed status is never overwritten by an older snapshot). A failed fetch leaves the
 * initial state until main pushes. `source` must be a module-level constant.
 */
export function usePushedStatus<S, T>(
  api: ConnectorApi,
  source: PushedStatusSource<T>,
  reducer: (state: S, action: PushedStatusAction<T>) => S,
  initial: S,
): S {
  const [state, dispatch] = useReducer(reducer, initial);
  useEffect(() => {
    let current = true;
    const unsubscribe = source.subscribe(api, (status) => dispatch({ type: 'pushed', status }));
    source.fetch(api).then(
      (status) => current && dispatch({ type: 'snapshot', status }),
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api, source]);
  return state;
}

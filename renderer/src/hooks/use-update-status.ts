import { useEffect, useReducer } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { UpdateStatus } from '../../../shared/ipc-contract';
import { INITIAL_UPDATE_STATUS, updateStatusReducer } from '../update-status';

/** The app's update status: subscribes to pushes first, then asks for the current one; null until known. */
export function useUpdateStatus(api: ConnectorApi): UpdateStatus | null {
  const [state, dispatch] = useReducer(updateStatusReducer, INITIAL_UPDATE_STATUS);
  useEffect(() => {
    let current = true;
    const unsubscribe = api.onUpdateStatus((status) => dispatch({ type: 'pushed', status }));
    api.getUpdateStatus().then(
      (status) => current && dispatch({ type: 'snapshot', status }),
      // No answer: nothing is shown until main pushes a status.
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api]);
  return state.status;
}

import { useEffect, useReducer } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import { flowStatusReducer, INITIAL_FLOW_STATUS } from '../flow-status-state';

/** The current connect flow status: subscribes to pushes first, then asks for the current one. */
export function useFlowStatus(api: ConnectorApi): FlowStatusMessage {
  const [state, dispatch] = useReducer(flowStatusReducer, INITIAL_FLOW_STATUS);
  useEffect(() => {
    let current = true;
    const unsubscribe = api.onFlowStatus((status) => dispatch({ type: 'pushed', status }));
    api.getFlowStatus().then(
      (status) => current && dispatch({ type: 'snapshot', status }),
      // No snapshot: the panel stays idle until main pushes a status.
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api]);
  return state.status;
}

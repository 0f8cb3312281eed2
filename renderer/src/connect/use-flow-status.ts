import type { ConnectorApi } from '../../../shared/connector-api';
import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import { flowStatusReducer, INITIAL_FLOW_STATUS } from './flow-status-state';
import { usePushedStatus, type PushedStatusSource } from '../common/use-pushed-status';

const FLOW_STATUS: PushedStatusSource<FlowStatusMessage> = {
  subscribe: (api, listener) => api.onFlowStatus(listener),
  fetch: (api) => api.getFlowStatus(),
};

/** The current connect flow status (idle until main answers or pushes). */
export function useFlowStatus(api: ConnectorApi): FlowStatusMessage {
  return usePushedStatus(api, FLOW_STATUS, flowStatusReducer, INITIAL_FLOW_STATUS).status;
}

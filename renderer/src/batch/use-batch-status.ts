import type { BatchStatus } from '../../../shared/batch-contract';
import type { ConnectorApi } from '../../../shared/connector-api';
import { usePushedStatus, type PushedStatusAction, type PushedStatusSource } from '../common/use-pushed-status';
import { IDLE_BATCH_STATUS } from '../../../shared/idle-batch-status';

const BATCH_STATUS: PushedStatusSource<BatchStatus> = {
  subscribe: (api, listener) => api.onBatchStatus(listener),
  fetch: (api) => api.getBatchStatus(),
};

/** The batch status before main answered. */
export const INITIAL_BATCH_STATUS: BatchStatus = IDLE_BATCH_STATUS;

interface State {
  status: BatchStatus;
  pushed: boolean;
}

/** A pushed status always wins; the fetched snapshot only fills in until the first push. */
export function batchStatusReducer(state: State, action: PushedStatusAction<BatchStatus>): State {
  if (action.type === 'pushed') return { status: action.status, pushed: true };
  return state.pushed ? state : { status: action.status, pushed: false };
}

/** The batch's status as main pushes it. */
export function useBatchStatus(api: ConnectorApi): BatchStatus {
  return usePushedStatus(api, BATCH_STATUS, batchStatusReducer, { status: INITIAL_BATCH_STATUS, pushed: false }).status;
}

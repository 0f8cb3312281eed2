import type { ConnectorApi } from '../../../shared/connector-api';
import type { UpdateStatus } from '../../../shared/ipc-contract';
import { INITIAL_UPDATE_STATUS, updateStatusReducer } from './update-status';
import { usePushedStatus, type PushedStatusSource } from '../common/use-pushed-status';

const UPDATE_STATUS: PushedStatusSource<UpdateStatus> = {
  subscribe: (api, listener) => api.onUpdateStatus(listener),
  fetch: (api) => api.getUpdateStatus(),
};

/** The app's update status; null until known. */
export function useUpdateStatus(api: ConnectorApi): UpdateStatus | null {
  return usePushedStatus(api, UPDATE_STATUS, updateStatusReducer, INITIAL_UPDATE_STATUS).status;
}

import type { ConnectorApi } from '../../../shared/connector-api';
import type { LocalApiView } from '../../../shared/local-api-status';
import { INITIAL_LOCAL_API_VIEW, localApiViewReducer } from './local-api-status';
import { usePushedStatus, type PushedStatusSource } from '../common/use-pushed-status';

const LOCAL_API: PushedStatusSource<LocalApiView> = {
  subscribe: (api, listener) => api.onLocalApiChanged(listener),
  fetch: (api) => api.getLocalApi(),
};

/** The local API's settings and status, kept current by main's pushes; null until known. */
export function useLocalApi(api: ConnectorApi): LocalApiView | null {
  return usePushedStatus(api, LOCAL_API, localApiViewReducer, INITIAL_LOCAL_API_VIEW).view;
}

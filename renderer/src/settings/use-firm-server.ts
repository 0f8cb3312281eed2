import type { ConnectorApi } from '../../../shared/connector-api';
import type { FirmView } from '../../../shared/ipc-contract';
import { usePushedStatus, type PushedStatusAction, type PushedStatusSource } from '../common/use-pushed-status';

const FIRM: PushedStatusSource<FirmView> = {
  subscribe: (api, listener) => api.onFirmChanged(listener),
  fetch: (api) => api.getFirmServer(),
};

interface FirmState {
  view: FirmView | null;
  pushed: boolean;
}

/** A pushed view wins over an older answer to `getFirmServer()`. */
function reducer(state: FirmState, action: PushedStatusAction<FirmView>): FirmState {
  if (action.type === 'snapshot') return state.pushed ? state : { view: action.status, pushed: false };
  return { view: action.status, pushed: true };
}

/** Firm mode's view (URL, who is signed in, the live list's state), kept current by main; null until known. */
export function useFirmServer(api: ConnectorApi): FirmView | null {
  return usePushedStatus(api, FIRM, reducer, { view: null, pushed: false }).view;
}

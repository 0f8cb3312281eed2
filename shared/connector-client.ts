import type { ConnectorApi } from './connector-api';
import type { AppInfo, ConnectResult, FlowStatusMessage } from './ipc-contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel } from './ipc-channels';

/** The raw message transport under the API: Electron's ipcRenderer, or the test harness's bindings. */
export interface ConnectorTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the renderer's API from a transport: one named function per channel. Values are typed
 * here, but validated in main, which parses every message (the preload stays free of zod).
 */
export function createConnectorApi(transport: ConnectorTransport): ConnectorApi {
  return {
    getAppInfo: () => transport.invoke(INVOKE_CHANNELS.getAppInfo, undefined) as Promise<AppInfo>,
    getFlowStatus: () => transport.invoke(INVOKE_CHANNELS.getFlowStatus, undefined) as Promise<FlowStatusMessage>,
    startConnect: (request) => transport.invoke(INVOKE_CHANNELS.startConnect, request) as Promise<ConnectResult>,
    cancelConnect: () => transport.invoke(INVOKE_CHANNELS.cancelConnect, undefined) as Promise<{ cancelled: boolean }>,
    onFlowStatus: (listener) =>
      transport.subscribe(EVENT_CHANNELS.flowStatus, (payload) => listener(payload as FlowStatusMessage)),
  };
}

import type { AppInfo, ConnectRequest, ConnectResult, FlowStatusMessage } from './ipc-contract';

/**
 * The functions the preload exposes to the renderer as `window.connector`: one named function per
 * channel, never `ipcRenderer` itself. The browser end-to-end harness installs the same shape.
 */
export interface ConnectorApi {
  getAppInfo(): Promise<AppInfo>;
  getFlowStatus(): Promise<FlowStatusMessage>;
  startConnect(request: ConnectRequest): Promise<ConnectResult>;
  cancelConnect(): Promise<{ cancelled: boolean }>;
  /** Subscribe to flow status pushed by main; returns an unsubscribe function. */
  onFlowStatus(listener: (status: FlowStatusMessage) => void): () => void;
}

/** The global name under which the preload exposes the API. */
export const CONNECTOR_API_GLOBAL = 'connector';

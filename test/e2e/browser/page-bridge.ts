/**
 * Runs inside the app page in the browser end-to-end tests, in place of the Electron preload. It
 * builds `window.connector` with the same shared factory the preload uses; only the transport
 * differs: Playwright bindings instead of ipcRenderer.
 */
import { CONNECTOR_API_GLOBAL } from '../../../shared/connector-api';
import { createConnectorApi } from '../../../shared/connector-client';

interface BridgeWindow {
  __connectorInvoke(channel: string, payload: unknown): Promise<unknown>;
  __connectorDeliver?: (channel: string, payload: unknown) => void;
}

const host = window as unknown as BridgeWindow & Record<string, unknown>;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

host.__connectorDeliver = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

host[CONNECTOR_API_GLOBAL] = Object.freeze(
  createConnectorApi({
    invoke: (channel, payload) => host.__connectorInvoke(channel, payload),
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  }),
);

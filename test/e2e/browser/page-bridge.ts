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

/**
 * Test-only fault injection, which exists only in this test bridge (never in the preload): a test
 * names channels in sessionStorage under this key (comma-separated), and the next answer on each is
 * replaced by an empty object that breaks the contract, so the component reading it throws while
 * rendering. Each name is used once, and sessionStorage survives the reload that follows.
 */
const MALFORM_KEY = 'connector-test-malform-next';

function malformOnce(channel: string): boolean {
  const names = (sessionStorage.getItem(MALFORM_KEY) ?? '').split(',').filter(Boolean);
  if (!names.includes(channel)) return false;
  const rest = names.filter((name) => name !== channel);
  if (rest.length > 0) sessionStorage.setItem(MALFORM_KEY, rest.join(','));
  else sessionStorage.removeItem(MALFORM_KEY);
  return true;
}

host[CONNECTOR_API_GLOBAL] = Object.freeze(
  createConnectorApi({
    invoke: async (channel, payload) => {
      const result = await host.__connectorInvoke(channel, payload);
      return malformOnce(channel) ? {} : result;
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  }),
);

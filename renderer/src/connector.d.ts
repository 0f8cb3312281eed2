import type { ConnectorApi } from '../../shared/connector-api';

declare global {
  interface Window {
    /**
     * The functions main offers, installed by the preload (or by the browser end-to-end harness).
     * main.tsx checks that it is really there before rendering the app.
     */
    connector: ConnectorApi;
  }
}

export {};

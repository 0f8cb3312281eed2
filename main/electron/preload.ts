/**
 * The app window's preload. Runs sandboxed, so it is bundled into one CommonJS file and may require
 * only `electron`. It exposes named functions (never `ipcRenderer`), and listeners receive the
 * payload only, never the IpcRendererEvent.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CONNECTOR_API_GLOBAL } from '../../shared/connector-api';
import { createConnectorApi } from '../../shared/connector-client';

const api = createConnectorApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld(CONNECTOR_API_GLOBAL, api);

/**
 * The main process entry: Electron wiring only. Everything it calls is plain TypeScript that the
 * tests run under Node; this file creates windows, registers the app:// scheme and IPC, and owns
 * the app's lifecycle (single instance, quit).
 */
import path from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { APP_ENTRY_URL, APP_ORIGIN } from '../app-protocol/renderer-assets';
import { collectConfigSources, loadConfig, shouldUseSimulator } from '../config/load-config';
import { resolveConfig, type ConfigResult } from '../config/fortnox-config';
import { cryptoRandomBytes } from '../connect/random-token';
import { createConnectorMain, type ConnectorMain } from '../connector-main';
import { createLogger, formatLogRecord } from '../logging/logger';
import { createAppWindow } from './app-window';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { registerIpcHandlers } from './ipc-transport';
import { createElectronSignInWindows } from './sign-in-window';
import { startEmbeddedSimulator } from './embedded-simulator';

const log = createLogger((record) => process.stderr.write(`${formatLogRecord(record)}\n`));

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance focuses its window (see 'second-instance'); this one leaves.
  app.quit();
} else {
  registerAppScheme();
  void main();
}

async function main(): Promise<void> {
  let appWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!appWindow || appWindow.isDestroyed()) return;
    if (appWindow.isMinimized()) appWindow.restore();
    appWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const outDir = path.join(__dirname, '..');
  handleAppScheme(path.join(outDir, 'renderer'));

  const sources = collectConfigSources(process.env, path.join(app.getPath('userData'), 'settings.json'));
  const simulator = shouldUseSimulator(app.isPackaged, process.env, sources);
  let getConfig: () => ConfigResult = () => loadConfig(sources);
  let closeSimulator: (() => Promise<void>) | undefined;
  if (simulator) {
    const embedded = await startEmbeddedSimulator(path.join(outDir, 'simulator', 'index.cjs'));
    closeSimulator = embedded.close;
    const resolved = resolveConfig(embedded.config, {});
    getConfig = () => resolved;
    log.info('running against the embedded Fortnox simulator', { origin: embedded.origin });
  }

  const devTools = !app.isPackaged;
  const connector: ConnectorMain = createConnectorMain({
    getConfig,
    simulator,
    version: app.getVersion(),
    systemLanguages: () => app.getPreferredSystemLanguages(),
    windows: createElectronSignInWindows({
      parent: () => appWindow,
      openExternal: (url) => void shell.openExternal(url),
      random: cryptoRandomBytes,
      log,
      devTools,
    }),
    sendToRenderer: (channel, payload) => {
      if (appWindow && !appWindow.isDestroyed()) appWindow.webContents.send(channel, payload);
    },
    appWebContentsId: () => (appWindow && !appWindow.isDestroyed() ? appWindow.webContents.id : null),
    appOrigin: APP_ORIGIN,
    random: cryptoRandomBytes,
    now: () => Date.now(),
    timers: { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) },
    log,
    onAuthorized: (grant) => {
      // Exchanging the code for tokens is the connected-companies issue's work; until then the
      // verified code is dropped here, in main, and never leaves it.
      log.info('authorization received and verified', { flowId: grant.flowId, scopes: grant.scopes.length });
    },
  });
  registerIpcHandlers(connector.router);

  appWindow = createAppWindow({
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    entryUrl: APP_ENTRY_URL,
    devTools,
  });
  appWindow.on('closed', () => {
    appWindow = null;
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      await connector.flow.shutdown();
      await closeSimulator?.();
      app.quit();
    })();
  });
  app.on('window-all-closed', () => app.quit());
}

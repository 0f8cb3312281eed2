/**
 * The main process entry: Electron wiring only. Everything it calls is plain TypeScript that the
 * tests run under Node; this file creates windows, registers the app:// scheme and IPC, and owns
 * the app's lifecycle (single instance, quit).
 */
import path from 'node:path';
import { app, BrowserWindow, clipboard, net, safeStorage, session, shell } from 'electron';
import type { EventChannel } from '../../shared/ipc-channels';
import { createAppServices } from '../app-services';
import type { RawConfig } from '../config/fortnox-config';
import { APP_ENTRY_URL, APP_ORIGIN } from '../app-protocol/renderer-assets';
import { collectConfigSources, shouldUseSimulator } from '../config/load-config';
import { cryptoRandomBytes } from '../connect/random-token';
import { companiesPublisher, createConnectorMain, type ConnectorMain } from '../connector-main';
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
  let closeSimulator: (() => Promise<void>) | undefined;
  let simulatorSettings: { config: RawConfig; clientSecret: string } | undefined;
  if (simulator) {
    const embedded = await startEmbeddedSimulator(path.join(outDir, 'simulator', 'index.cjs'));
    closeSimulator = embedded.close;
    simulatorSettings = { config: embedded.config, clientSecret: embedded.clientSecret };
    log.info('running against the embedded Fortnox simulator', { origin: embedded.origin });
  }

  const sendToRenderer = (channel: EventChannel, payload: unknown) => {
    if (appWindow && !appWindow.isDestroyed()) appWindow.webContents.send(channel, payload);
  };
  const timers = { set: (callback: () => void, ms: number) => setTimeout(callback, ms), clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout) };
  const services = await createAppServices({
    dataDir: app.getPath('userData'),
    env: process.env,
    safeStorage,
    platform: process.platform,
    // Chromium's network stack: honours the system proxy and certificate store, as accountants' offices need.
    fetcher: (url, init) => net.fetch(url, init),
    ...(simulatorSettings ? { simulator: simulatorSettings } : {}),
    now: () => Date.now(),
    timers,
    log,
    publishCompanies: companiesPublisher(sendToRenderer, log),
  });
  const stopBackgroundRefresh = services.connections.startBackgroundRefresh();

  const devTools = !app.isPackaged;
  const connector: ConnectorMain = createConnectorMain({
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
    sendToRenderer,
    appWebContentsId: () => (appWindow && !appWindow.isDestroyed() ? appWindow.webContents.id : null),
    appOrigin: APP_ORIGIN,
    random: cryptoRandomBytes,
    now: () => Date.now(),
    timers,
    log,
    settings: services.settings,
    connections: services.connections,
    storage: services.storage,
    writeClipboard: (text) => clipboard.writeText(text),
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
      stopBackgroundRefresh();
      await services.connections.keeper.settle();
      await closeSimulator?.();
      app.quit();
    })();
  });
  app.on('window-all-closed', () => app.quit());
}

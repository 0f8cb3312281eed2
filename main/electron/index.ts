/**
 * The main process entry: Electron wiring only. Everything it calls is plain TypeScript that the
 * tests run under Node; this file creates windows, registers the app:// scheme and IPC, and owns
 * the app's lifecycle (single instance, quit).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, clipboard, net, safeStorage, session, shell } from 'electron';
import { EVENT_CHANNELS, type EventChannel } from '../../shared/ipc-channels';
import { APP_ENTRY_URL, APP_ORIGIN } from '../app-protocol/renderer-assets';
import { createAppServices } from '../app-services';
import type { RawConfig } from '../config/fortnox-config';
import { collectConfigSources, shouldUseSimulator } from '../config/load-config';
import { managedConfigPath } from '../config/managed-config';
import { cryptoRandomBytes } from '../connect/random-token';
import { companiesPublisher, createConnectorMain, HELP_URLS, isAllowedExternalUrl } from '../connector-main';
import { buildDiagnostics } from '../diagnostics';
import { createEventSender } from '../ipc/ipc-router';
import { KnownSecrets } from '../logging/known-secrets';
import { createLogger, formatLogRecord } from '../logging/logger';
import { createRotatingLogFile, type RotatingLogFile } from '../logging/rotating-log-file';
import { UpdateService } from '../updates/update-service';
import { installAppMenu } from './app-menu';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { createAppWindow } from './app-window';
import { startEmbeddedSimulator } from './embedded-simulator';
import { registerIpcHandlers } from './ipc-transport';
import { createElectronSignInWindows } from './sign-in-window';
import { loadUpdater } from './updater';

const secrets = new KnownSecrets();
let logFile: RotatingLogFile | undefined;
const log = createLogger(
  (record) => {
    const line = formatLogRecord(record);
    if (logFile) logFile.write(line);
    if (!app.isPackaged) process.stderr.write(`${line}\n`);
  },
  () => new Date(),
  secrets,
);

// Development and end-to-end runs may use their own data folder, so tests never touch a real one.
// Before the single-instance lock, which is held per data folder.
const devUserData = process.env.FORTNOX_CONNECTOR_USER_DATA;
if (!app.isPackaged && devUserData) app.setPath('userData', devUserData);

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
  // Never hand a client certificate (an e-ID, a SITHS card) to a site that asks for one.
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    event.preventDefault();
    callback();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  await app.whenReady();
  // The OS's usual log folder: ~/Library/Logs/Fortnox Connector, %APPDATA%\Fortnox Connector\logs, ~/.config/…/logs.
  logFile = createRotatingLogFile({ dir: app.getPath('logs') });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const outDir = path.join(__dirname, '..');
  handleAppScheme(path.join(outDir, 'renderer'));

  const sources = collectConfigSources(process.env, path.join(app.getPath('userData'), 'settings.json'));
  const simulator = shouldUseSimulator(app.isPackaged, process.env, sources);
  let closeSimulator: (() => Promise<void>) | undefined;
  let simulatorSettings: { config: RawConfig; clientSecret: string } | undefined;
  const simulatorBundle = path.join(outDir, 'simulator', 'index.cjs');
  if (simulator && existsSync(simulatorBundle)) {
    const embedded = await startEmbeddedSimulator(simulatorBundle);
    closeSimulator = embedded.close;
    simulatorSettings = { config: embedded.config, clientSecret: embedded.clientSecret };
    log.info('running against the embedded Fortnox simulator', { origin: embedded.origin });
  }

  const sendToRenderer = (channel: EventChannel, payload: unknown) => {
    if (appWindow && !appWindow.isDestroyed()) appWindow.webContents.send(channel, payload);
  };
  const timers = {
    set: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
  const now = () => Date.now();
  if (simulatorSettings) await mkdir(path.join(app.getPath('userData'), 'simulator'), { recursive: true });
  const services = await createAppServices({
    // Simulator connections live in their own folder, so they never mix with real Fortnox companies.
    dataDir: simulatorSettings ? path.join(app.getPath('userData'), 'simulator') : app.getPath('userData'),
    env: process.env,
    safeStorage,
    platform: process.platform,
    // Chromium's network stack: honours the system proxy and certificate store, as offices need.
    fetcher: (url, init) => net.fetch(url, init),
    ...(simulatorSettings ? { simulator: simulatorSettings } : {}),
    managedPath: managedConfigPath(process.platform, process.env),
    packaged: app.isPackaged,
    now,
    timers,
    log,
    secrets,
    publishCompanies: companiesPublisher(sendToRenderer, log),
  });
  const stopBackgroundRefresh = services.connections.startBackgroundRefresh();

  const sendEvent = createEventSender(sendToRenderer, log);
  const updates = new UpdateService({
    updater: loadUpdater(app.isPackaged, process.resourcesPath, log),
    timers,
    now,
    log,
    publish: (status) => sendEvent(EVENT_CHANNELS.updateStatus, status),
  });
  updates.start();

  const openExternal = (url: string) => {
    if (!isAllowedExternalUrl(url)) {
      log.warn('refused to open an external URL that is not on the allow-list');
      return;
    }
    void shell.openExternal(url).catch(() => log.warn('the operating system could not open a link'));
  };
  const devTools = !app.isPackaged;
  const connector = createConnectorMain({
    simulator: simulatorSettings !== undefined,
    version: app.getVersion(),
    systemLanguages: () => app.getPreferredSystemLanguages(),
    windows: createElectronSignInWindows({
      parent: () => appWindow,
      openExternal,
      random: cryptoRandomBytes,
      log,
      devTools,
    }),
    sendToRenderer,
    appWebContentsId: () => (appWindow && !appWindow.isDestroyed() ? appWindow.webContents.id : null),
    appOrigin: APP_ORIGIN,
    random: cryptoRandomBytes,
    now,
    timers,
    log,
    secrets,
    settings: services.settings,
    connections: services.connections,
    storage: services.storage,
    writeClipboard: (text) => {
      void Promise.resolve(clipboard.writeText(text)).catch(() => log.warn('clipboard write failed'));
    },
    openExternal,
    updateStatus: () => updates.status(),
    diagnostics: () =>
      buildDiagnostics(
        {
          appVersion: app.getVersion(),
          electronVersion: process.versions.electron ?? 'unknown',
          os: `${os.type()} ${os.release()} (${process.platform} ${process.arch})`,
          locale: app.getLocale(),
          simulator: simulatorSettings !== undefined,
          config: services.settings.config(),
          storageMode: services.storage().mode,
          companies: services.connections.list().length,
          logLines: logFile?.tail(200) ?? [],
        },
        secrets,
      ),
  });
  registerIpcHandlers(connector.router);
  installAppMenu({ appName: app.getName(), devTools, openHelp: () => openExternal(HELP_URLS['developer-portal']) });

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
      updates.stop();
      await services.connections.keeper.settle();
      await closeSimulator?.();
      app.quit();
    })();
  });
  app.on('window-all-closed', () => app.quit());
}

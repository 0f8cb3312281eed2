/**
 * The main process entry: Electron wiring only. Everything it calls is plain TypeScript that the
 * tests run under Node; this file creates windows, registers the app:// scheme and IPC, and hands
 * the order of start and quit to main/lifecycle (forbidden switches, crash capture, single
 * instance, bounded quit).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, clipboard, crashReporter, dialog, nativeTheme, net, Notification, safeStorage, session, shell } from 'electron';
import type { Language } from '../../shared/ui-language';
import { windowBackground } from '../desktop/window-background';
import { createWindowStateStore } from '../desktop/window-state-store';
import { attachContextMenu } from './context-menu';
import { initialWindowState, trackWindowState } from './window-state';
import { EVENT_CHANNELS, type EventChannel } from '../../shared/ipc-channels';
import { APP_ENTRY_URL, APP_ORIGIN } from '../app-protocol/renderer-assets';
import { createAppServices } from '../app-services';
import { alertStateFile } from '../background/alert-state-file';
import { AlertsService } from '../background/alerts-service';
import type { RawConfig } from '../config/fortnox-config';
import { collectConfigSources, shouldUseSimulator } from '../config/load-config';
import { systemManagedSource } from '../config/managed-source';
import { cryptoRandomBytes } from '../connect/random-token';
import { companiesPublisher, createConnectorMain, HELP_URLS, isAllowedExternalUrl, isAllowedSignInPage } from '../connector-main';
import { listCrashDumps } from '../crash-dumps';
import { buildDiagnostics } from '../diagnostics';
import { withoutCredentials } from '../fortnox/credential-free-fetch';
import { createEventSender } from '../ipc/ipc-router';
import { KnownSecrets } from '../logging/known-secrets';
import { createLogger, formatLogRecord } from '../logging/logger';
import { createRotatingLogFile, type RotatingLogFile } from '../logging/rotating-log-file';
import { captureProcessCrashes, captureProcessErrors, createReloadBudget } from '../lifecycle/process-error-capture';
import { createQuitHandler } from '../lifecycle/quit-sequence';
import { startApp } from '../lifecycle/startup-sequence';
import { UpdateService } from '../updates/update-service';
import { createElectronAlertPresenter } from './alert-presenter';
import { installAppMenu } from './app-menu';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { createAppWindow } from './app-window';
import { createLoginItem, startBackgroundRunning } from './background-running';
import { createActivityService } from '../local-api/activity-service';
import { electronSaveFile } from './save-file-dialog';
import { startEmbeddedSimulator } from './embedded-simulator';
import { registerIpcHandlers } from './ipc-transport';
import { createElectronSignInWindows } from './sign-in-window';
import { loadUpdater } from './updater';

const secrets = new KnownSecrets();
let logFile: RotatingLogFile | undefined;
/**
 * The log file, opened on first use: `app.getPath('logs')` works before `ready`, so even a refused
 * start is logged (~/Library/Logs/Fortnox Connector, or `logs` in the data folder).
 */
function openLogFile(): RotatingLogFile | undefined {
  if (!logFile) {
    try {
      logFile = createRotatingLogFile({ dir: app.getPath('logs') });
    } catch {
      // No log folder: the line still goes to stderr in development.
    }
  }
  return logFile;
}
const log = createLogger(
  (record) => {
    const line = formatLogRecord(record);
    openLogFile()?.write(line);
    if (!app.isPackaged) process.stderr.write(`${line}\n`);
  },
  () => new Date(),
  secrets,
);

let appWindow: BrowserWindow | null = null;
/** The window's language for main's menus (the alerts keep it, and remember it for the next start). */
let windowLanguage: () => Language = () => 'sv';
const appWindowReloads = createReloadBudget(3, 60_000, () => Date.now());

/** Reloads the app window (the error view's Reload, or after its renderer crashed). */
function reloadAppWindow(): void {
  if (appWindow && !appWindow.isDestroyed()) appWindow.webContents.reload();
}

// Development and end-to-end runs may use their own data folder, so tests never touch a real one.
const devUserData = process.env.FORTNOX_CONNECTOR_USER_DATA;

startApp({
  packaged: app.isPackaged,
  // Only ever adds the packaged check to a development run (test/e2e/electron); never removes it.
  enforceSwitchCheck: !app.isPackaged && process.env.FORTNOX_CONNECTOR_ENFORCE_SWITCHES === '1',
  platform: process.platform,
  argv: process.argv,
  hasSwitch: (name) => app.commandLine.hasSwitch(name),
  env: process.env,
  showError: (title, body) => dialog.showErrorBox(title, body),
  exit: (code) => app.exit(code),
  log,
  // Before the crash reporter (dumps go under the data folder) and the single-instance lock (held
  // per data folder).
  beforeLock: () => {
    if (!app.isPackaged && devUserData) app.setPath('userData', devUserData);
  },
  captureErrors: () => {
    captureProcessErrors(process, log);
    captureProcessCrashes(app, {
      log,
      describe: (contents) => (appWindow && !appWindow.isDestroyed() && contents === appWindow.webContents ? 'app window' : 'other window'),
      onAppWindowGone: () => {
        if (appWindowReloads()) reloadAppWindow();
        else log.warn('the app window keeps failing: not reloaded again');
      },
    });
  },
  // Kept on this machine: dumps stay in app.getPath('crashDumps') and are never uploaded.
  startCrashReporter: () => crashReporter.start({ uploadToServer: false }),
  requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
  quit: () => app.quit(),
  main: () => {
    registerAppScheme();
    return main();
  },
});

/** The AppUserModelID: electron-builder.yml's appId, which its installer puts on the Start-menu shortcut. */
const APP_USER_MODEL_ID = 'se.fortnoxconnector.app';

async function main(): Promise<void> {
  // Windows shows toasts only for an app whose shortcut carries this id; set early (Notification docs).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  app.on('second-instance', () => {
    if (!appWindow || appWindow.isDestroyed()) return;
    if (appWindow.isMinimized()) appWindow.restore();
    // The window may be hidden in the tray: starting the app again brings it back.
    appWindow.show();
    appWindow.focus();
  });
  // Never hand a client certificate (an e-ID, a SITHS card) to a site that asks for one.
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    event.preventDefault();
    callback();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Cut, copy, paste and select all in every window (the app and the sign-in windows); never
    // "Inspect" in an installed build.
    attachContextMenu(contents, { language: () => windowLanguage(), inspect: !app.isPackaged });
  });
  // Dark or light as the operating system is (the page follows with prefers-color-scheme).
  nativeTheme.themeSource = 'system';

  await app.whenReady();
  // The OS's usual log folder: ~/Library/Logs/Fortnox Connector, %APPDATA%\Fortnox Connector\logs, ~/.config/…/logs.
  openLogFile();
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
  // Alerts look again whenever the companies change; set once they exist (after the services).
  let alertsCompaniesChanged = () => {};
  const publishCompanies = companiesPublisher(sendToRenderer, log);
  const sendFirmView = createEventSender(sendToRenderer, log);
  const services = await createAppServices({
    // Simulator connections live in their own folder, so they never mix with real Fortnox companies.
    dataDir: simulatorSettings ? path.join(app.getPath('userData'), 'simulator') : app.getPath('userData'),
    env: process.env,
    safeStorage,
    platform: process.platform,
    // Chromium's network stack: honours the system proxy and certificate store, as offices need;
    // without the default session's cookies, HTTP authentication or client certificates.
    fetcher: withoutCredentials((url, init) => net.fetch(url, init)),
    // The local API's calls forwarded to the firm server in firm mode, the same way (bodies may be bytes).
    forwardFetch: withoutCredentials((url, init) => net.fetch(url, init)),
    ...(simulatorSettings ? { simulator: simulatorSettings } : {}),
    managed: systemManagedSource(process.platform, process.env, log, app.isPackaged),
    packaged: app.isPackaged,
    now,
    timers,
    log,
    secrets,
    publishCompanies: (change) => {
      publishCompanies(change);
      alertsCompaniesChanged();
    },
    // Firm mode: the firm's identity provider opens in the system browser (RFC 8252), never in a window of ours.
    publishFirm: (view) => sendFirmView(EVENT_CHANNELS.firmChanged, view),
    openSignInPage: (url) => {
      if (!isAllowedSignInPage(url)) {
        log.warn('refused to open a sign-in page that is neither https nor on this computer');
        return Promise.reject(new Error('refused'));
      }
      return shell.openExternal(url);
    },
    oidcFetch: (url, init) => net.fetch(url instanceof Request ? url : String(url), { ...init, credentials: 'omit' }),
    deviceName: () => os.hostname().slice(0, 100) || 'Fortnox Connector',
  });
  const stopBackgroundRefresh = services.connections.startBackgroundRefresh();
  // The local API for tools on this machine; a taken port becomes a status in Settings, never a crash.
  void services.localApi.apply();

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
    packaged: app.isPackaged,
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
    localApi: services.localApi,
    toolKeys: services.toolKeys,
    loginItem: createLoginItem(),
    writeClipboard: (text) => {
      void Promise.resolve(clipboard.writeText(text)).catch(() => log.warn('clipboard write failed'));
    },
    openExternal,
    updateStatus: () => updates.status(),
    reloadApp: () => setImmediate(reloadAppWindow),
    setUiLanguage: (language) => alerts.setLanguage(language),
    activity: createActivityService({
      audit: services.audit,
      keys: () => services.toolKeys.list(),
      companyName: (tenantId) => services.connections.record(tenantId)?.companyName,
      save: electronSaveFile(() => appWindow),
      now,
      log,
    }),
    clients: services.clients,
    firm: services.firm,
    saveFile: electronSaveFile(() => appWindow),
    diagnostics: async () =>
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
          crashDumps: await listCrashDumps(app.getPath('crashDumps')),
        },
        secrets,
      ),
  });
  registerIpcHandlers(connector.router);

  // Alerts: notifications, dock badge / taskbar overlay; a click opens the list filtered to them.
  const alertPresenter = createElectronAlertPresenter({ platform: process.platform, log });
  const openCompanies = (tenantIds: string[]) => {
    if (!appWindow || appWindow.isDestroyed()) return;
    if (appWindow.isMinimized()) appWindow.restore();
    appWindow.show();
    appWindow.focus();
    connector.showCompanies(tenantIds);
  };
  const alerts = new AlertsService({
    // In firm mode the alerts and badge follow the firm server's list, which the window shows.
    companies: () => (services.firm.active() ? services.firm.connections.list() : services.connections.list()),
    now,
    timers,
    log,
    // Beside companies.json: simulator companies' alerts never mix with real ones.
    store: alertStateFile({
      filePath: path.join(simulatorSettings ? path.join(app.getPath('userData'), 'simulator') : app.getPath('userData'), 'alerts.json'),
      now: () => new Date(),
      log,
    }),
    presenter: alertPresenter,
    openCompanies,
    systemLanguages: () => app.getPreferredSystemLanguages(),
  });
  // A toast clicked in Action Center after its Notification object is gone (Windows only).
  if (process.platform === 'win32') Notification.handleActivation(() => alertPresenter.lastClick()?.());
  windowLanguage = () => alerts.currentLanguage();
  // The menu speaks the window's language and is rebuilt when the language switch changes it.
  const menuActions = {
    appName: app.getName(),
    devTools,
    openHelp: () => openExternal(HELP_URLS['developer-portal']),
    runShortcut: (id: Parameters<typeof connector.runShortcut>[0], fromKeyboard: boolean) => {
      if (appWindow && !appWindow.isDestroyed() && appWindow.isVisible()) connector.runShortcut(id, fromKeyboard);
    },
  };
  let menuLanguage = windowLanguage();
  installAppMenu(menuActions, menuLanguage);
  alerts.onSummary((_summary, language) => {
    if (language === menuLanguage) return;
    menuLanguage = language;
    installAppMenu(menuActions, language);
  });

  // Closing the window keeps the app running in the tray; a login start opens hidden there.
  const background = await startBackgroundRunning({
    getWindow: () => appWindow,
    connections: services.connections,
    settings: services.settings,
    showView: (view) => connector.showView(view),
    alerts,
    iconDir: path.join(__dirname, 'tray'),
    timers,
    log,
  });

  // The window opens where it was (checked against the displays connected now), in the OS's theme.
  const windowState = createWindowStateStore({ filePath: path.join(app.getPath('userData'), 'window-state.json'), timers, log });
  const placement = await initialWindowState(windowState);
  appWindow = createAppWindow({
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    entryUrl: APP_ENTRY_URL,
    devTools,
    showWhenReady: !background.startHidden,
    bounds: placement.bounds,
    maximized: placement.maximized,
    backgroundColor: windowBackground(nativeTheme.shouldUseDarkColors),
  });
  trackWindowState(appWindow, windowState);
  const followTheme = () => appWindow?.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
  nativeTheme.on('updated', followTheme);
  background.attachWindow(appWindow);
  appWindow.on('closed', () => {
    nativeTheme.off('updated', followTheme);
    appWindow = null;
  });
  alertPresenter.attachWindow(appWindow);
  alertsCompaniesChanged = () => alerts.companiesChanged();
  void alerts.start();

  // Each step bounded; a failure is logged and the app still exits (app.exit with a code).
  app.on(
    'before-quit',
    createQuitHandler(
      () => [
        { name: 'connect flow', run: () => connector.flow.shutdown() },
        { name: 'firm mode', run: () => services.firm.stop() },
        // A batch's sign-in window closes and its shared session (the Fortnox login) is emptied.
        { name: 'batch', run: () => connector.batch.shutdown() },
        // No new tool requests; the keys' last-used times are written.
        { name: 'local API', run: () => services.localApi.stop() },
        {
          name: 'background refresh',
          run: () => {
            stopBackgroundRefresh();
            services.connections.keeper.stop();
          },
        },
        { name: 'updates', run: () => updates.stop() },
        {
          name: 'alerts',
          run: () => {
            alerts.stop();
            return alerts.settle();
          },
        },
        // A refresh already on the wire may finish (its rotated pair is then stored); no longer.
        { name: 'running refreshes', run: () => services.connections.keeper.settle(), timeoutMs: 5_000 },
        // Revokes held sign-ins to the wrong company (best effort, bounded) and tries a last write
        // of refreshed pairs that are still only in memory.
        { name: 'connections', run: () => services.connections.shutdown() },
        // After the local API has stopped: the last entries of its audit log are written.
        { name: 'audit log', run: () => services.audit.close() },
        { name: 'simulator', run: () => closeSimulator?.() },
        { name: 'tray', run: () => background.destroy() },
      ],
      { timers, log, stepTimeoutMs: 3_000, quit: () => app.quit(), exit: (code) => app.exit(code) },
    ),
  );
  app.on('window-all-closed', () => app.quit());
  log.info('app started', { packaged: app.isPackaged });
}

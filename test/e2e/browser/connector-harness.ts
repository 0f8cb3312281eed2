import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright';
import { INVOKE_CHANNELS } from '../../../shared/ipc-channels';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { createAppServices, type AppServices } from '../../../main/app-services';
import { alertStateFile } from '../../../main/background/alert-state-file';
import { AlertsService } from '../../../main/background/alerts-service';
import type { PlannedNotification } from '../../../main/background/notification-policy';
import type { LoginItemPort } from '../../../main/background/login-item-port';
import type { StartAtLoginStatus } from '../../../shared/start-at-login';
import type { RawConfig } from '../../../main/config/fortnox-config';
import type { ManagedSource } from '../../../main/config/managed-source';
import { cryptoRandomBytes } from '../../../main/connect/random-token';
import { companiesPublisher, createConnectorMain, type ConnectorMain } from '../../../main/connector-main';
import { FakeSafeStorage } from '../../unit/main/storage/fake-safe-storage';
import { recordingSaveFile, type SavedFile } from '../../unit/main/storage/recording-save-file';
import { createActivityService } from '../../../main/local-api/activity-service';
import { IpcRefusedError } from '../../../main/ipc/ipc-router';
import { buildDiagnostics } from '../../../main/diagnostics';
import { KnownSecrets } from '../../../main/logging/known-secrets';
import { createLogger, formatLogRecord } from '../../../main/logging/logger';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import type { SimulatorScript } from '../../../simulator/simulator-script';
import { createPlaywrightSignInWindows, SharedSignInContexts, type OpenedSignIn } from './playwright-sign-in-window';
import { serveRenderer } from './renderer-server';

const ROOT = path.resolve(__dirname, '../../..');
const RENDERER_BUILD = path.join(ROOT, 'out/renderer');

let bridgeScript: Promise<string> | undefined;

/** The page bridge (the preload's stand-in), bundled once per test worker. */
function pageBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(__dirname, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

/** Chromium flags for a closed network (see the machine notes): no background calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser end-to-end setup: the real renderer build, the real main side, the simulator. */
export interface Harness {
  app: Page;
  appContext: BrowserContext;
  simulator: FortnoxSimulator;
  connector: ConnectorMain;
  /** Every sign-in window opened, oldest first. */
  signIns: OpenedSignIn[];
  /** Waits for the next sign-in window after `signIns.length === count`. */
  signInWindow(index: number): Promise<OpenedSignIn>;
  /** The batches' shared sign-in contexts (a batch's windows share one; released when it ends). */
  signInSessions: SharedSignInContexts;
  services: AppServices;
  safeStorage: FakeSafeStorage;
  dataDir: string;
  /** What main put on the clipboard. */
  clipboard: string[];
  /** URLs main handed to the operating system's browser. */
  openedExternally: string[];
  /** Every URL main's HTTP client requested (Fortnox, the firm server), oldest first. */
  mainRequests: string[];
  /** Every log line main wrote, formatted. */
  logLines: string[];
  /** Every IPC message, both directions, as JSON. */
  ipcTraffic: string[];
  /** The port the local API listens on now (null when it is not running). */
  localApiPort(): number | null;
  /** What main asked the (fake) operating system's login items, in order: true to turn start at login on. */
  loginItemRequests: boolean[];
  /** Files main saved through the save-file port (the save dialog's stand-in), oldest first. */
  savedFiles: SavedFile[];
  /** Moves the flow's clock forward and runs the timers that fall due. */
  advanceTime(ms: number): void;
  /** Alerts (OS notifications, badge count), with the OS side recorded below. */
  alerts: AlertsService;
  /** Every alert notification main showed, oldest first; `click` does what the OS click does. */
  notifications: { notification: PlannedNotification; click: () => void }[];
  /** Every count main put on the badge / overlay, oldest first. */
  badgeCounts: number[];
  close(): Promise<void>;
}

/** Options for one harness. */
export interface HarnessOptions {
  script: SimulatorScript;
  clientId: string;
  /** Overrides of the configuration main sees (as environment values would). */
  config?: Partial<RawConfig>;
  /** Like `config`, computed from the running simulator (whose origin is known only then). */
  configFor?: (simulator: FortnoxSimulator) => Partial<RawConfig>;
  systemLanguages?: string[];
  /**
   * `simulator` (default): the simulator's secret, as `npm start` does; `settings`: entered in
   * Settings; `blank`: nothing configured at all (no client id, redirect URI or secret anywhere).
   */
  clientSecret?: 'simulator' | 'settings' | 'blank';
  /** The OS encryption the fake safeStorage reports. */
  safeStorage?: FakeSafeStorage;
  /** Reuse a data folder (to test what survives a restart). */
  dataDir?: string;
  httpTimeoutMs?: number;
  /** The IT department's managed configuration (with faked owners and ACLs). */
  managed?: ManagedSource;
  /** Reuse a running simulator (to test what survives a restart); it is then not closed with the harness. */
  simulator?: FortnoxSimulator;
  /** The local API's default port (default 0: a free one); false: not started. */
  localApiPort?: number | false;
  /**
   * A fixed start (epoch ms) for main's clock and for the app page's `Date`, so that screenshots do
   * not change with the day they are taken; main's clock still moves with `advanceTime`.
   */
  clock?: number;
  /** How the fake login items answer a change (default: on when turned on, off when turned off). */
  loginItemAnswer?: (enabled: boolean) => StartAtLoginStatus;
  /**
   * The system browser for firm mode's sign-in at the firm's identity provider (after the URL is
   * recorded in `openedExternally`); default: nothing opens it.
   */
  openSignInPage?: (url: string) => Promise<void>;
}

/** Starts the simulator, the renderer server and the main side, and opens the app page. */
export async function startHarness(browser: Browser, options: HarnessOptions): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_BUILD, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` before the end-to-end tests.');
  }
  const simulator = options.simulator ?? (await startFortnoxSimulator(options.script));
  const renderer = await serveRenderer(RENDERER_BUILD);
  const logLines: string[] = [];
  const ipcTraffic: string[] = [];
  const clipboard: string[] = [];
  const signIns: OpenedSignIn[] = [];
  const waiters: (() => void)[] = [];
  const secrets = new KnownSecrets();
  const log = createLogger((record) => logLines.push(formatLogRecord(record)), () => new Date(), secrets);
  const openedExternally: string[] = [];
  const mainRequests: string[] = [];

  // Main's clock stands still unless the test moves it, so timers fire exactly when told to.
  const startedAt = options.clock ?? Date.now();
  let offset = 0;
  const now = () => startedAt + offset;
  const timers_ = new Map<number, { due: number; run: () => void }>();
  let nextTimer = 1;

  const appContext = await browser.newContext({ locale: 'sv-SE' });
  const app = await appContext.newPage();
  const pageIds = new WeakMap<Page, number>([[app, 1]]);
  let nextPageId = 2;
  const idOf = (page: Page) => {
    let id = pageIds.get(page);
    if (id === undefined) {
      id = nextPageId++;
      pageIds.set(page, id);
    }
    return id;
  };

  const sendToRenderer = (channel: string, payload: unknown) => {
    ipcTraffic.push(JSON.stringify({ direction: 'to-renderer', channel, payload }));
    const deliver = ([c, p]: readonly [string, unknown]) =>
      (globalThis as unknown as { __connectorDeliver(c: string, p: unknown): void }).__connectorDeliver(c, p);
    void app.evaluate(deliver, [channel, payload] as const).catch(() => undefined);
  };
  const timers = {
    set: (run: () => void, ms: number) => {
      const id = nextTimer++;
      timers_.set(id, { due: now() + ms, run });
      return id;
    },
    clear: (handle: unknown) => timers_.delete(handle as number),
  };
  const simulatorConfig: RawConfig = {
    clientId: options.clientId,
    redirectUri: simulator.appCallbackUrl,
    authorizeUrl: simulator.authorizeUrl,
    tokenUrl: simulator.tokenUrl,
    apiBaseUrl: simulator.apiBaseUrl,
    signInOrigins: [simulator.origin],
    ...options.config,
    ...options.configFor?.(simulator),
  };
  const secret = simulator.script.clients.find((client) => client.clientId === options.clientId)?.clientSecret ?? '';
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'connector-e2e-')));
  const safeStorage = options.safeStorage ?? new FakeSafeStorage();
  const settingsMode = options.clientSecret === 'settings';
  const env: NodeJS.ProcessEnv = settingsMode
    ? {
        FORTNOX_CLIENT_ID: simulatorConfig.clientId,
        FORTNOX_REDIRECT_URI: simulatorConfig.redirectUri,
        FORTNOX_AUTHORIZE_URL: simulatorConfig.authorizeUrl,
        FORTNOX_TOKEN_URL: simulatorConfig.tokenUrl,
        FORTNOX_API_BASE_URL: simulatorConfig.apiBaseUrl,
        FORTNOX_SIGN_IN_ORIGINS: simulator.origin,
      }
    : {};
  const publishCompanies = companiesPublisher(sendToRenderer, log);
  // Created after the services (it reads their companies); company changes reach it from then on.
  const late: { alerts?: AlertsService } = {};
  const services = await createAppServices({
    dataDir,
    env,
    safeStorage,
    platform: 'linux',
    fetcher: (url, init) => {
      mainRequests.push(String(url));
      return fetch(url, init);
    },
    ...(settingsMode || options.clientSecret === 'blank' ? {} : { simulator: { config: simulatorConfig, clientSecret: secret } }),
    now,
    timers,
    log,
    publishCompanies: (change) => {
      publishCompanies(change);
      late.alerts?.companiesChanged();
    },
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    secrets,
    publishFirm: (view) => sendToRenderer('firm:changed', view),
    openSignInPage: (url) => {
      openedExternally.push(url);
      return options.openSignInPage ? options.openSignInPage(url) : Promise.resolve();
    },
    deviceName: () => 'e2e-dator',
    ...(options.httpTimeoutMs !== undefined ? { httpTimeoutMs: options.httpTimeoutMs } : {}),
    ...(options.managed ? { managed: options.managed } : {}),
    localApiDefaultPort: options.localApiPort === false ? 0 : (options.localApiPort ?? 0),
  });
  if (options.localApiPort !== false) await services.localApi.apply();

  // The operating system's login items, faked: the harness runs no Electron.
  const loginItemRequests: boolean[] = [];
  let loginItemStatus: StartAtLoginStatus = 'off';
  const loginItem: LoginItemPort = {
    status: () => Promise.resolve(loginItemStatus),
    set: (enabled) => {
      loginItemRequests.push(enabled);
      loginItemStatus = options.loginItemAnswer?.(enabled) ?? (enabled ? 'on' : 'off');
      return Promise.resolve(loginItemStatus);
    },
  };

  const saveFile = recordingSaveFile();
  const signInSessions = new SharedSignInContexts(browser);
  const connector = createConnectorMain({
    simulator: true,
    packaged: false,
    version: '0.0.0-test',
    systemLanguages: () => options.systemLanguages ?? ['sv-SE'],
    windows: createPlaywrightSignInWindows(
      browser,
      (opened) => {
        signIns.push(opened);
        for (const wake of waiters.splice(0)) wake();
      },
      signInSessions,
    ),
    sendToRenderer,
    appWebContentsId: () => 1,
    appOrigin: renderer.origin,
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
    writeClipboard: (text) => clipboard.push(text),
    openExternal: (url) => openedExternally.push(url),
    updateStatus: () => ({ state: 'disabled', version: null, checkedAt: null }),
    reloadApp: () => void app.reload().catch(() => undefined),
    setUiLanguage: (language) => late.alerts?.setLanguage(language),
    loginItem,
    activity: createActivityService({
      audit: services.audit,
      keys: () => services.toolKeys.list(),
      companyName: (tenantId) => services.connections.record(tenantId)?.companyName,
      save: saveFile,
      now,
      log,
    }),
    clients: services.clients,
    firm: services.firm,
    saveFile,
    diagnostics: () =>
      buildDiagnostics(
        {
          appVersion: '0.0.0-test',
          electronVersion: 'none (browser harness)',
          os: process.platform,
          locale: 'sv-SE',
          simulator: true,
          config: services.settings.config(),
          storageMode: services.storage().mode,
          companies: services.connections.list().length,
          logLines: logLines.slice(-200),
        },
        secrets,
      ),
  });

  const notifications: Harness['notifications'] = [];
  const badgeCounts: number[] = [];
  const alerts = new AlertsService({
    companies: () => services.connections.list(),
    now,
    timers,
    log,
    store: alertStateFile({ filePath: path.join(dataDir, 'alerts.json'), now: () => new Date(now()), log }),
    presenter: {
      notify: (notification, click) => notifications.push({ notification, click }),
      showCount: (count) => badgeCounts.push(count),
    },
    // What the Electron glue does on a click, minus focusing the window.
    openCompanies: (tenantIds) => connector.showCompanies(tenantIds),
    systemLanguages: () => options.systemLanguages ?? ['sv-SE'],
  });
  late.alerts = alerts;
  await alerts.start();
  const startedAlerts = alerts;

  await appContext.exposeBinding('__connectorInvoke', async (source, channel: unknown, payload: unknown) => {
    const sender = {
      webContentsId: idOf(source.page),
      frameUrl: source.frame.url(),
      isMainFrame: source.frame === source.page.mainFrame(),
    };
    ipcTraffic.push(JSON.stringify({ direction: 'to-main', channel, payload }));
    try {
      const result = await connector.router.invoke(String(channel), sender, payload);
      ipcTraffic.push(JSON.stringify({ direction: 'reply', channel, result }));
      return result;
    } catch (error) {
      if (error instanceof IpcRefusedError) throw new Error('IPC request refused', { cause: error });
      throw error;
    }
  });
  await appContext.addInitScript({ content: await pageBridge() });
  if (options.clock !== undefined) await appContext.clock.setFixedTime(options.clock);
  await app.goto(`${renderer.origin}/index.html`);

  return {
    app,
    appContext,
    simulator,
    connector,
    signIns,
    signInSessions,
    services,
    safeStorage,
    dataDir,
    clipboard,
    openedExternally,
    mainRequests,
    logLines,
    ipcTraffic,
    alerts: startedAlerts,
    notifications,
    badgeCounts,
    loginItemRequests,
    savedFiles: saveFile.files,
    signInWindow: async (index) => {
      while (signIns.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
      const opened = signIns[index];
      if (!opened) throw new Error('unreachable');
      return opened;
    },
    localApiPort: () => {
      const status = services.localApi.status();
      return status.state === 'running' ? status.port : null;
    },
    advanceTime: (ms) => {
      offset += ms;
      for (const [id, timer] of [...timers_]) {
        if (timer.due <= now()) {
          timers_.delete(id);
          timer.run();
        }
      }
    },
    close: async () => {
      startedAlerts.stop();
      services.firm.stop();
      await connector.flow.shutdown();
      await connector.batch.shutdown();
      await services.localApi.stop();
      await appContext.close();
      await renderer.close();
      if (!options.simulator) await simulator.close();
      await services.connections.keeper.settle();
      await startedAlerts.settle();
      await services.audit.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The channel names, re-exported for tests that call IPC directly. */
export { INVOKE_CHANNELS };

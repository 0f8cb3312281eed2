import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../../main/app-services';
import type { LoginItemPort } from '../../../main/background/login-item-port';
import type { ManagedSource } from '../../../main/config/managed-source';
import { companiesPublisher, createConnectorMain, type ConnectorMain, type ConnectorMainDeps } from '../../../main/connector-main';
import type { IpcSender } from '../../../main/ipc/trusted-sender';
import { KnownSecrets } from '../../../main/logging/known-secrets';
import { createLogger, formatLogRecord, type LogRecord } from '../../../main/logging/logger';
import { EVENT_CHANNELS, type EventChannel } from '../../../shared/ipc-channels';
import type { CompaniesChanged } from '../../../shared/ipc-contract';
import type { ScopeName } from '../../../shared/scope-names';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { grantFor } from './connections/connections-harness';
import { FakeSignInWindowPort } from './fake-sign-in-window';
import type { FakeClock } from './fake-timers';
import { ScriptedRandom } from './scripted-random';
import { CLIENT_ID, CLIENT_SECRET, codeFor, nodeFetch } from './simulated-fortnox';
import { FakeSafeStorage } from './storage/fake-safe-storage';

const APP_ID = 5;
/** The app window's main frame, as the router's sender check sees it. */
export const TRUSTED: IpcSender = { webContentsId: APP_ID, frameUrl: 'app://renderer/index.html', isMainFrame: true };

/** What an app under test records: its log (through one KnownSecrets), what it sent the renderer and copied. */
export function mainRecorders(clock: FakeClock) {
  const secrets = new KnownSecrets();
  const records: LogRecord[] = [];
  const log = createLogger((record) => records.push(record), () => new Date(clock.now()), secrets);
  const sent: { channel: EventChannel; payload: unknown }[] = [];
  const sendToRenderer = (channel: EventChannel, payload: unknown) => void sent.push({ channel, payload });
  const clipboard: string[] = [];
  const logText = () => records.map(formatLogRecord).join('\n');
  return { secrets, records, log, sent, sendToRenderer, clipboard, logText };
}

/**
 * The connector main over `services` as main/electron/index.ts wires it, with fake sign-in
 * windows and scripted randomness; `overrides` adds or replaces collaborators. Its `invoke` calls a
 * channel through the real router (which validates the answer against the contract) and keeps
 * every answer in `replies`.
 */
export function testConnectorMain(
  services: AppServices,
  recorders: Pick<ReturnType<typeof mainRecorders>, 'secrets' | 'log' | 'sendToRenderer' | 'clipboard'>,
  clock: FakeClock,
  overrides: Partial<ConnectorMainDeps> = {},
) {
  const windows = new FakeSignInWindowPort();
  const main: ConnectorMain = createConnectorMain({
    simulator: false,
    packaged: false,
    version: '0.1.0',
    systemLanguages: () => ['sv-SE'],
    windows,
    sendToRenderer: recorders.sendToRenderer,
    appWebContentsId: () => APP_ID,
    appOrigin: 'app://renderer',
    random: new ScriptedRandom().bytes,
    now: clock.now,
    timers: clock.timers,
    log: recorders.log,
    settings: services.settings,
    connections: services.connections,
    storage: services.storage,
    writeClipboard: (text) => recorders.clipboard.push(text),
    diagnostics: () => 'Fortnox Connector 0.1.0 (test)',
    openExternal: () => undefined,
    updateStatus: () => ({ state: 'disabled', version: null, checkedAt: null }),
    secrets: recorders.secrets,
    ...overrides,
  });
  const replies: unknown[] = [];
  const invoke = async <T = unknown>(channel: string, payload?: unknown, sender: IpcSender = TRUSTED): Promise<T> => {
    const result = await main.router.invoke(channel, sender, payload);
    replies.push(result);
    return result as T;
  };
  return { main, windows, invoke, replies };
}

/** How to open the app's main side over a data folder. */
export interface OpenAppOptions {
  dir: string;
  clock: FakeClock;
  simulator: FortnoxSimulator;
  /** The OS key store of an earlier opening (a restart on the same computer). */
  safeStorage?: FakeSafeStorage;
  /** Starting at login (a fake of the operating system's login items). */
  loginItem?: LoginItemPort;
  /** The IT department's managed configuration (a fake source; absent: none). */
  managed?: ManagedSource;
}

/**
 * The app's main side as main/electron/index.ts wires it: the real app services (settings,
 * encrypted vault, companies.json, connections) and the real connector main with its IPC router,
 * over a real folder and the simulator, with one KnownSecrets shared by the logger and the
 * services. Only Electron is missing: IPC is called through the router with a trusted sender.
 */
export async function openApp(options: OpenAppOptions) {
  const { dir, clock, simulator } = options;
  const safeStorage = options.safeStorage ?? new FakeSafeStorage();
  const recorders = mainRecorders(clock);
  const { secrets, records, log, sent, sendToRenderer, clipboard } = recorders;
  const services: AppServices = await createAppServices({
    dataDir: dir,
    env: {
      FORTNOX_CLIENT_ID: CLIENT_ID,
      FORTNOX_CLIENT_SECRET: CLIENT_SECRET,
      FORTNOX_REDIRECT_URI: simulator.appCallbackUrl,
      FORTNOX_AUTHORIZE_URL: simulator.authorizeUrl,
      FORTNOX_TOKEN_URL: simulator.tokenUrl,
      FORTNOX_API_BASE_URL: simulator.apiBaseUrl,
      FORTNOX_SIGN_IN_ORIGINS: simulator.origin,
    },
    safeStorage,
    platform: 'linux',
    fetcher: nodeFetch,
    now: clock.now,
    timers: clock.timers,
    log,
    publishCompanies: companiesPublisher(sendToRenderer, log),
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    secrets,
    ...(options.managed ? { managed: options.managed } : {}),
  });
  secrets.add(CLIENT_SECRET);
  const { main, windows, invoke, replies } = testConnectorMain(services, recorders, clock, options.loginItem ? { loginItem: options.loginItem } : {});
  /** Connects a scripted company the way a finished sign-in does. */
  const connect = async (tenantId: number, scopes: ScopeName[] = ['companyinformation', 'invoice']) => {
    const code = await codeFor(simulator, tenantId, scopes.join(' '));
    return services.connections.authorize(grantFor(simulator, code, scopes));
  };
  const companyChanges = () =>
    sent.filter((event) => event.channel === EVENT_CHANNELS.companiesChanged).map((event) => event.payload as CompaniesChanged);
  /** Everything that left main (IPC answers and events), the clipboard and every log line. */
  const everythingShown = () => JSON.stringify({ sent, replies, clipboard }) + records.map(formatLogRecord).join('\n');
  return { services, main, windows, invoke, connect, sent, companyChanges, clipboard, records, secrets, safeStorage, everythingShown };
}

/** The stored companies.json of a data folder, parsed. */
export async function readCompaniesFile(dir: string): Promise<{ version: number; companies: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(path.join(dir, 'companies.json'), 'utf8')) as { version: number; companies: Record<string, unknown>[] };
}

/** Rewrites companies.json (the app must be closed, as between two starts). */
export async function writeCompaniesFile(dir: string, document: unknown): Promise<void> {
  await writeFile(path.join(dir, 'companies.json'), typeof document === 'string' ? document : JSON.stringify(document));
}

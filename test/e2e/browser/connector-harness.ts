import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright';
import { INVOKE_CHANNELS } from '../../../shared/ipc-channels';
import { resolveConfig, type RawConfig } from '../../../main/config/fortnox-config';
import type { AuthorizationGrant } from '../../../main/connect/connect-flow';
import { cryptoRandomBytes } from '../../../main/connect/random-token';
import { createConnectorMain, type ConnectorMain } from '../../../main/connector-main';
import { IpcRefusedError } from '../../../main/ipc/ipc-router';
import { createLogger, formatLogRecord } from '../../../main/logging/logger';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../simulator/fortnox-simulator';
import type { SimulatorScript } from '../../simulator/simulator-script';
import { createPlaywrightSignInWindows, type OpenedSignIn } from './playwright-sign-in-window';
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
  /** Codes main received after the state check (they go nowhere else). */
  grants: AuthorizationGrant[];
  /** Every log line main wrote, formatted. */
  logLines: string[];
  /** Every IPC message, both directions, as JSON. */
  ipcTraffic: string[];
  /** Moves the flow's clock forward and runs the timers that fall due. */
  advanceTime(ms: number): void;
  close(): Promise<void>;
}

/** Options for one harness. */
export interface HarnessOptions {
  script: SimulatorScript;
  clientId: string;
  /** Overrides of the configuration main sees (as environment values would). */
  config?: Partial<RawConfig>;
  systemLanguages?: string[];
}

/** Starts the simulator, the renderer server and the main side, and opens the app page. */
export async function startHarness(browser: Browser, options: HarnessOptions): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_BUILD, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` before the end-to-end tests.');
  }
  const simulator = await startFortnoxSimulator(options.script);
  const renderer = await serveRenderer(RENDERER_BUILD);
  const logLines: string[] = [];
  const ipcTraffic: string[] = [];
  const grants: AuthorizationGrant[] = [];
  const signIns: OpenedSignIn[] = [];
  const waiters: (() => void)[] = [];
  const log = createLogger((record) => logLines.push(formatLogRecord(record)));

  let offset = 0;
  const now = () => Date.now() + offset;
  const timers = new Map<number, { due: number; run: () => void }>();
  let nextTimer = 1;

  const resolved = resolveConfig(
    {
      clientId: options.clientId,
      redirectUri: simulator.appCallbackUrl,
      authorizeUrl: simulator.authorizeUrl,
      tokenUrl: simulator.tokenUrl,
      apiBaseUrl: simulator.apiBaseUrl,
      signInOrigins: [simulator.origin],
      ...options.config,
    },
    {},
  );

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

  const connector = createConnectorMain({
    getConfig: () => resolved,
    simulator: true,
    version: '0.0.0-test',
    systemLanguages: () => options.systemLanguages ?? ['sv-SE'],
    windows: createPlaywrightSignInWindows(browser, (opened) => {
      signIns.push(opened);
      for (const wake of waiters.splice(0)) wake();
    }),
    sendToRenderer: (channel, payload) => {
      ipcTraffic.push(JSON.stringify({ direction: 'to-renderer', channel, payload }));
      const deliver = ([c, p]: readonly [string, unknown]) =>
        (globalThis as unknown as { __connectorDeliver(c: string, p: unknown): void }).__connectorDeliver(c, p);
      void app.evaluate(deliver, [channel, payload] as const).catch(() => undefined);
    },
    appWebContentsId: () => 1,
    appOrigin: renderer.origin,
    random: cryptoRandomBytes,
    now,
    timers: {
      set: (run, ms) => {
        const id = nextTimer++;
        timers.set(id, { due: now() + ms, run });
        return id;
      },
      clear: (handle) => timers.delete(handle as number),
    },
    log,
    onAuthorized: (grant) => grants.push(grant),
  });

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
  await app.goto(`${renderer.origin}/index.html`);

  return {
    app,
    appContext,
    simulator,
    connector,
    signIns,
    grants,
    logLines,
    ipcTraffic,
    signInWindow: async (index) => {
      while (signIns.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
      const opened = signIns[index];
      if (!opened) throw new Error('unreachable');
      return opened;
    },
    advanceTime: (ms) => {
      offset += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.due <= now()) {
          timers.delete(id);
          timer.run();
        }
      }
    },
    close: async () => {
      await connector.flow.shutdown();
      await appContext.close();
      await renderer.close();
      await simulator.close();
    },
  };
}

/** The channel names, re-exported for tests that call IPC directly. */
export { INVOKE_CHANNELS };

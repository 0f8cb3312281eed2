import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES } from '../../../../main/lifecycle/exit-codes';

/**
 * The real entry (main/electron/index.ts) against a stand-in `electron` module: no Electron binary
 * exists here, so this checks the glue's order (what is called before what, and with what), not
 * Electron itself.
 */
const fake = vi.hoisted(() => ({
  calls: [] as string[],
  userData: '',
  listeners: new Map<string, (...args: unknown[]) => void>(),
  fetches: [] as { url: string; init: Record<string, unknown> }[],
  fetcher: undefined as undefined | ((url: string, init: Record<string, unknown>) => Promise<unknown>),
  packaged: true,
  switches: new Set<string>(),
  logsDir: '',
  whenReady: (): Promise<void> => new Promise<void>(() => undefined),
  crashOptions: [] as unknown[],
  /** The app window's listeners, and the tray's menus (each a list of item labels). */
  windowListeners: new Map<string, (...args: unknown[]) => void>(),
  trayMenus: [] as string[][],
  powerListeners: new Map<string, (...args: unknown[]) => void>(),
}));

vi.mock('../../../../main/app-services', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../main/app-services')>();
  return {
    ...real,
    createAppServices: (deps: Parameters<typeof real.createAppServices>[0]) => {
      fake.fetcher = deps.fetcher as unknown as typeof fake.fetcher;
      return real.createAppServices(deps);
    },
  };
});

vi.mock('electron', async () => {
  const { FakeSafeStorage } = await import('../storage/fake-safe-storage');
  const emitter = () => ({ on: () => undefined, once: () => undefined });
  class FakeBrowserWindow {
    webContents = { ...emitter(), id: 1, setWindowOpenHandler: () => undefined, send: () => undefined, reload: () => undefined };
    on = (event: string, listener: (...args: unknown[]) => void) => {
      fake.windowListeners.set(event, listener);
      return this;
    };
    once = () => this;
    isDestroyed = () => false;
    isMinimized = () => false;
    loadURL = () => Promise.resolve();
    hide = () => void fake.calls.push('window.hide');
    show = () => void fake.calls.push('window.show');
    focus = () => undefined;
    restore = () => undefined;
    minimize = () => void fake.calls.push('window.minimize');
    maximize = () => undefined;
    isMaximized = () => false;
    isFullScreen = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1180, height: 820 });
    setBackgroundColor = () => undefined;
  }
  class FakeTray {
    on = () => this;
    setToolTip = () => undefined;
    setContextMenu = (menu: { labels: string[] }) => void fake.trayMenus.push(menu.labels);
    isDestroyed = () => false;
    destroy = () => void fake.calls.push('tray.destroy');
  }
  const record = (name: string) => (...args: unknown[]) => {
    fake.calls.push(name);
    return args;
  };
  return {
    app: {
      get isPackaged() {
        return fake.packaged;
      },
      commandLine: { hasSwitch: (name: string) => fake.switches.has(name) },
      getPath: (name: string) => {
        if (name === 'logs') return fake.logsDir;
        if (name === 'userData' || name === 'crashDumps') return fake.userData;
        throw new Error(`unexpected getPath(${name})`);
      },
      setPath: record('app.setPath'),
      exit: (code: number) => fake.calls.push(`app.exit ${code}`),
      quit: record('app.quit'),
      on: (event: string, listener: (...args: unknown[]) => void) => {
        fake.calls.push(`app.on ${event}`);
        // Every listener of an event runs, in the order registered, as with a real EventEmitter.
        const previous = fake.listeners.get(event);
        fake.listeners.set(event, previous ? (...args: unknown[]) => (previous(...args), listener(...args)) : listener);
      },
      getAppPath: () => '/opt/Fortnox Connector/resources/app.asar',
      getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
      setLoginItemSettings: () => undefined,
      dock: undefined,
      getVersion: () => '0.1.0',
      getName: () => 'Fortnox Connector',
      getLocale: () => 'sv-SE',
      getPreferredSystemLanguages: () => ['sv-SE'],
      setAboutPanelOptions: () => undefined,
      // The alert count on the Linux launcher (main/electron/alert-presenter.ts).
      setBadgeCount: () => true,
      requestSingleInstanceLock: () => {
        fake.calls.push('app.requestSingleInstanceLock');
        return true;
      },
      whenReady: () => {
        fake.calls.push('app.whenReady');
        return fake.whenReady();
      },
    },
    dialog: {
      showErrorBox: (title: string) => fake.calls.push(`dialog.showErrorBox ${title}`),
      showMessageBox: (options: { title: string }) => {
        fake.calls.push(`dialog.showMessageBox ${options.title}`);
        return Promise.resolve({ response: 0 });
      },
    },
    Tray: FakeTray,
    nativeImage: { createFromPath: () => ({ setTemplateImage: () => undefined }) },
    powerMonitor: {
      on: (event: string, listener: (...args: unknown[]) => void) => {
        fake.powerListeners.set(event, listener);
      },
    },
    crashReporter: {
      start: (options: unknown) => {
        fake.calls.push('crashReporter.start');
        fake.crashOptions.push(options);
      },
    },
    protocol: { registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'), handle: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    safeStorage: new FakeSafeStorage(),
    ipcMain: { handle: () => undefined },
    Menu: {
      buildFromTemplate: (template: { label?: string }[]) => ({ labels: template.map((item) => item.label ?? '-') }),
      setApplicationMenu: () => undefined,
    },
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal: () => Promise.resolve() },
    clipboard: { writeText: () => undefined },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false, on: () => undefined, off: () => undefined },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    net: {
      fetch: (url: string, init: Record<string, unknown>) => {
        fake.fetches.push({ url, init });
        return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => Promise.resolve('') });
      },
    },
  };
});

const savedArgv = process.argv;
let processListeners: { uncaughtException: number; unhandledRejection: number };

beforeEach(async () => {
  vi.resetModules();
  fake.calls.length = 0;
  fake.crashOptions.length = 0;
  fake.packaged = true;
  fake.switches.clear();
  fake.whenReady = () => new Promise<void>(() => undefined);
  fake.logsDir = await mkdtemp(path.join(os.tmpdir(), 'fnx-index-'));
  fake.userData = await mkdtemp(path.join(os.tmpdir(), 'fnx-index-data-'));
  fake.listeners.clear();
  fake.windowListeners.clear();
  fake.powerListeners.clear();
  fake.trayMenus.length = 0;
  fake.fetches.length = 0;
  fake.fetcher = undefined;
  processListeners = {
    uncaughtException: process.listenerCount('uncaughtException'),
    unhandledRejection: process.listenerCount('unhandledRejection'),
  };
});

afterEach(async () => {
  process.argv = savedArgv;
  // The entry installs process-wide listeners; remove the ones this test added.
  const emitter = process as unknown as NodeJS.EventEmitter;
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    for (const listener of emitter.listeners(event).slice(processListeners[event])) {
      emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  await rm(fake.logsDir, { recursive: true, force: true });
  await rm(fake.userData, { recursive: true, force: true });
});

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function startEntry(argv: string[]): Promise<void> {
  process.argv = ['/opt/Fortnox Connector/fortnox-connector', ...argv];
  await import('../../../../main/electron/index');
  await flush();
}

describe('the main process entry', { timeout: 30_000 }, () => {
  it('refuses a packaged start with --proxy-server before the lock or anything else: dialog, log file, exit code', async () => {
    await startEntry(['--proxy-server=127.0.0.1:8080']);
    expect(fake.calls).toEqual([
      'dialog.showErrorBox Fortnox Connector startades inte / did not start',
      `app.exit ${EXIT_CODES.forbiddenSwitch}`,
    ]);
    const logged = await readFile(path.join(fake.logsDir, 'main.log'), 'utf8');
    expect(logged).toContain('refused to start: forbidden command-line switches');
    expect(logged).toContain('proxy-server (traffic)');
  });

  it('refuses a packaged start when Chromium reports --remote-debugging-pipe that argv does not show', async () => {
    fake.switches.add('remote-debugging-pipe');
    await startEntry([]);
    expect(fake.calls.at(-1)).toBe(`app.exit ${EXIT_CODES.forbiddenSwitch}`);
    expect(fake.calls).not.toContain('app.requestSingleInstanceLock');
  });

  it('starts the local crash reporter, never uploading, before the lock and before ready', async () => {
    await startEntry(['--lang=sv']);
    const order = ['crashReporter.start', 'app.requestSingleInstanceLock', 'protocol.registerSchemesAsPrivileged', 'app.whenReady'];
    expect(fake.calls.filter((call) => order.includes(call))).toEqual(order);
    expect(fake.crashOptions).toEqual([{ uploadToServer: false }]);
    expect(process.listenerCount('uncaughtException')).toBe(processListeners.uncaughtException + 1);
    expect(process.listenerCount('unhandledRejection')).toBe(processListeners.unhandledRejection + 1);
    expect(fake.calls).toContain('app.on render-process-gone');
    expect(fake.calls).toContain('app.on child-process-gone');
  });

  it('exits with a code when main fails, instead of leaving a windowless process holding the lock', async () => {
    fake.whenReady = () => Promise.reject(new Error('ready failed'));
    await startEntry([]);
    expect(fake.calls.slice(-2)).toEqual([
      'dialog.showErrorBox Fortnox Connector kunde inte starta / could not start',
      `app.exit ${EXIT_CODES.startupFailed}`,
    ]);
    expect(await readFile(path.join(fake.logsDir, 'main.log'), 'utf8')).toContain('ready failed');
  });
});

describe('the main process entry once ready', { timeout: 30_000 }, () => {
  const savedResources = (process as { resourcesPath?: string }).resourcesPath;
  afterEach(() => {
    if (savedResources === undefined) delete (process as { resourcesPath?: string }).resourcesPath;
    else (process as { resourcesPath?: string }).resourcesPath = savedResources;
  });

  async function started(): Promise<void> {
    (process as { resourcesPath?: string }).resourcesPath = fake.userData;
    fake.whenReady = () => Promise.resolve();
    await startEntry([]);
    // main() reads and writes real files in a temp folder: wait for the last listener it registers
    // (window-all-closed, right after its quit handler). Waiting for 'before-quit' is not enough: the
    // tray's background-running code registers its own 'before-quit' listener earlier.
    await vi.waitFor(() => {
      if (!fake.listeners.has('window-all-closed')) throw new Error(`not started yet: ${fake.calls.join(', ')}`);
    }, { timeout: 10_000, interval: 20 });
  }

  it('sends every Fortnox call through net.fetch with credentials: omit', async () => {
    await started();
    const signal = new AbortController().signal;
    await fake.fetcher?.('https://apps.fortnox.se/oauth-v1/token', { method: 'POST', headers: {}, body: 'x', signal, redirect: 'error' });
    expect(fake.fetches).toEqual([
      { url: 'https://apps.fortnox.se/oauth-v1/token', init: expect.objectContaining({ method: 'POST', credentials: 'omit' }) },
    ]);
  });

  it('holds the first quit back, runs the quit steps, then quits', async () => {
    await started();
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    fake.listeners.get('before-quit')?.(event);
    expect(event.prevented).toBe(true);
    await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('app.quit'), { timeout: 10_000, interval: 20 });
  });

  it('keeps the app running when the window is closed, with a tray menu, until a quit begins', async () => {
    await started();
    expect(fake.trayMenus.at(-1)).toEqual(['Alla anslutningar fungerar', '-', 'Öppna Fortnox Connector', 'Anslut ett företag…', '-', 'Avsluta']);

    const close = { prevented: false, preventDefault: () => (close.prevented = true) };
    fake.windowListeners.get('close')?.(close);
    expect(close.prevented).toBe(true);
    expect(fake.calls).toContain('window.hide');
    expect(fake.calls).toContain('dialog.showMessageBox Fortnox Connector körs vidare');
    await vi.waitFor(async () => expect(JSON.parse(await readFile(path.join(fake.userData, 'settings.json'), 'utf8'))).toMatchObject({ closeToTrayExplained: true }), {
      timeout: 10_000,
      interval: 20,
    });

    fake.listeners.get('before-quit')?.({ preventDefault: () => undefined });
    const closeWhileQuitting = { prevented: false, preventDefault: () => (closeWhileQuitting.prevented = true) };
    fake.windowListeners.get('close')?.(closeWhileQuitting);
    expect(closeWhileQuitting.prevented).toBe(false);
    await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('app.quit'), { timeout: 10_000, interval: 20 });
    expect(fake.calls).toContain('tray.destroy');
  });

  it('listens for wake-ups and shutdowns, and keeps quitting when every window is closed (window-all-closed)', async () => {
    await started();
    // These are registered after the quit handler that started() waits for: wait for them too, so a busy machine does not fail this.
    await vi.waitFor(() => {
      expect([...fake.powerListeners.keys()].sort()).toEqual(['resume', 'shutdown', 'unlock-screen']);
      expect(fake.listeners.has('window-all-closed')).toBe(true);
      expect(fake.calls).toContain('app.on activate');
    }, { timeout: 10_000, interval: 20 });
  });
});

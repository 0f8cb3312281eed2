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
  packaged: true,
  switches: new Set<string>(),
  logsDir: '',
  whenReady: (): Promise<void> => new Promise<void>(() => undefined),
  crashOptions: [] as unknown[],
}));

vi.mock('electron', () => {
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
        throw new Error(`unexpected getPath(${name})`);
      },
      setPath: record('app.setPath'),
      exit: (code: number) => fake.calls.push(`app.exit ${code}`),
      quit: record('app.quit'),
      on: (event: string) => fake.calls.push(`app.on ${event}`),
      requestSingleInstanceLock: () => {
        fake.calls.push('app.requestSingleInstanceLock');
        return true;
      },
      whenReady: () => {
        fake.calls.push('app.whenReady');
        return fake.whenReady();
      },
    },
    dialog: { showErrorBox: (title: string) => fake.calls.push(`dialog.showErrorBox ${title}`) },
    crashReporter: {
      start: (options: unknown) => {
        fake.calls.push('crashReporter.start');
        fake.crashOptions.push(options);
      },
    },
    protocol: { registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged') },
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

import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../../main/lifecycle/exit-codes';
import { startApp, STARTUP_FAILED_MESSAGE, type StartupDeps } from '../../../../main/lifecycle/startup-sequence';
import { recordingLogger } from '../recording-logger';

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

function setup(overrides: Partial<StartupDeps> = {}) {
  const calls: string[] = [];
  const { log, text } = recordingLogger();
  const deps: StartupDeps = {
    packaged: true,
    enforceSwitchCheck: false,
    platform: 'linux',
    argv: ['/opt/Fortnox Connector/fortnox-connector'],
    hasSwitch: () => false,
    env: {},
    showError: (title) => calls.push(`dialog ${title}`),
    exit: (code) => calls.push(`exit ${code}`),
    log,
    captureErrors: () => calls.push('capture errors'),
    startCrashReporter: () => calls.push('crash reporter'),
    beforeLock: () => calls.push('before lock'),
    requestSingleInstanceLock: () => {
      calls.push('lock');
      return true;
    },
    quit: () => calls.push('quit'),
    main: () => {
      calls.push('main');
      return Promise.resolve();
    },
    ...overrides,
  };
  return { deps, calls, text };
}

describe('startApp', () => {
  it('starts in order: data folder, error capture, crash reporter, lock, main', async () => {
    const { deps, calls } = setup();
    expect(startApp(deps)).toEqual({ kind: 'started' });
    await flush();
    expect(calls).toEqual(['before lock', 'capture errors', 'crash reporter', 'lock', 'main']);
  });

  it('refuses a packaged start with --proxy-server before anything else: dialog, log, exit code', () => {
    const { deps, calls, text } = setup({ argv: ['/opt/fc/fortnox-connector', '--proxy-server=127.0.0.1:8080'] });
    expect(startApp(deps).kind).toBe('refused');
    expect(calls).toEqual(['dialog Fortnox Connector startades inte / did not start', `exit ${EXIT_CODES.forbiddenSwitch}`]);
    expect(text()).toContain('refused to start');
    expect(text()).toContain('proxy-server (traffic)');
    expect(text()).not.toContain('127.0.0.1:8080');
  });

  it('refuses a switch only Chromium’s parse reports (on Windows, ELECTRON_DISABLE_SANDBOX appends --no-sandbox)', () => {
    const { deps, calls } = setup({ platform: 'win32', hasSwitch: (name) => name === 'no-sandbox' });
    expect(startApp(deps).kind).toBe('refused');
    expect(calls.at(-1)).toBe(`exit ${EXIT_CODES.forbiddenSwitch}`);
  });

  it('refuses a packaged start with SSLKEYLOGFILE set, which would write every TLS key to a file', () => {
    const { deps, calls, text } = setup({ env: { SSLKEYLOGFILE: '/tmp/keys.log' } });
    expect(startApp(deps)).toEqual({ kind: 'refused', switches: [{ name: 'SSLKEYLOGFILE', reason: 'secrets-on-disk', kind: 'environment' }] });
    expect(calls.at(-1)).toBe(`exit ${EXIT_CODES.forbiddenSwitch}`);
    expect(text()).toContain('SSLKEYLOGFILE (secrets-on-disk)');
    expect(text()).not.toContain('/tmp/keys.log');
  });

  it('starts when SSLKEYLOGFILE is set but empty', () => {
    const { deps } = setup({ env: { SSLKEYLOGFILE: '' } });
    expect(startApp(deps).kind).toBe('started');
  });

  it('exits even when the dialog cannot be shown', () => {
    const { deps, calls } = setup({
      argv: ['/opt/fc/fortnox-connector', '--inspect'],
      showError: () => {
        throw new Error('no display');
      },
    });
    expect(startApp(deps).kind).toBe('refused');
    expect(calls).toEqual([`exit ${EXIT_CODES.forbiddenSwitch}`]);
  });

  it('lets a development build start with such switches (Playwright adds --inspect and --remote-debugging-port)', async () => {
    const { deps, calls } = setup({ packaged: false, argv: ['electron', 'out/main/index.cjs', '--inspect=0', '--remote-debugging-port=0'] });
    expect(startApp(deps)).toEqual({ kind: 'started' });
    await flush();
    expect(calls).toContain('main');
  });

  it('checks a development build too when the e2e flag asks for the packaged behaviour', () => {
    const { deps } = setup({ packaged: false, enforceSwitchCheck: true, argv: ['electron', 'out/main/index.cjs', '--proxy-server=x'] });
    expect(startApp(deps).kind).toBe('refused');
  });

  it('quits a second instance without running main', async () => {
    const { deps, calls } = setup({ requestSingleInstanceLock: () => false });
    expect(startApp(deps)).toEqual({ kind: 'second-instance' });
    await flush();
    expect(calls).not.toContain('main');
    expect(calls.at(-1)).toBe('quit');
  });

  it('starts even when the crash reporter cannot, and says so in the log', async () => {
    const { deps, calls, text } = setup({
      startCrashReporter: () => {
        throw new Error('crashpad handler missing');
      },
    });
    startApp(deps);
    await flush();
    expect(calls).toContain('main');
    expect(text()).toContain('crashpad handler missing');
  });

  it('logs, shows and exits when main rejects, so no windowless process keeps the lock', async () => {
    const { deps, calls, text } = setup({ main: () => Promise.reject(new Error('safeStorage exploded')) });
    startApp(deps);
    await flush();
    expect(text()).toContain('the app could not start');
    expect(text()).toContain('safeStorage exploded');
    expect(calls.slice(-2)).toEqual([`dialog ${STARTUP_FAILED_MESSAGE.title}`, `exit ${EXIT_CODES.startupFailed}`]);
  });

  it('exits when main throws synchronously', async () => {
    const { deps, calls } = setup({
      main: () => {
        throw new Error('sync');
      },
    });
    startApp(deps);
    await flush();
    expect(calls.at(-1)).toBe(`exit ${EXIT_CODES.startupFailed}`);
  });
});

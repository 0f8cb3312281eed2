import { describe, expect, it } from 'vitest';
import { startsInBackground } from '../../../../main/background/background-start';
import {
  BACKGROUND_ARG,
  electronLoginItem,
  loginItemQuery,
  loginItemSettings,
  loginLaunch,
  loginItemStatus,
  type LoginItemSettingsAnswer,
  type LoginItemSettingsArg,
} from '../../../../main/background/login-item';

const WIN_EXE = 'C:\\Users\\Anna\\AppData\\Local\\Programs\\Fortnox Connector\\Fortnox Connector.exe';
const INSTALLED = loginLaunch({ execPath: WIN_EXE, packaged: true, appPath: 'C:\\x\\resources\\app.asar' });

describe('loginItemSettings', () => {
  it('on Windows starts our own executable with --background and switches the Startup-approved entry with it', () => {
    expect(loginItemSettings('win32', true, INSTALLED)).toEqual({ openAtLogin: true, path: WIN_EXE, args: ['--background'], enabled: true });
    expect(loginItemSettings('win32', false, INSTALLED)).toEqual({ openAtLogin: false, path: WIN_EXE, args: ['--background'], enabled: false });
  });

  it('on macOS registers the main app only (no path or args, which macOS ignores)', () => {
    expect(loginItemSettings('darwin', true, { path: '/Applications/Fortnox Connector.app/Contents/MacOS/Fortnox Connector', args: ['--background'] })).toEqual({ openAtLogin: true });
  });

  it('adds the app folder to a development run’s login start (the Electron binary alone would start no app)', () => {
    expect(loginLaunch({ execPath: 'C:\\repo\\electron.exe', packaged: false, appPath: 'C:\\repo' })).toEqual({
      path: 'C:\\repo\\electron.exe',
      args: ['C:\\repo', '--background'],
    });
  });

  it('asks Windows about the same path and args it set, as Electron requires for openAtLogin', () => {
    expect(loginItemQuery('win32', INSTALLED)).toEqual({ path: WIN_EXE, args: [BACKGROUND_ARG] });
    expect(loginItemQuery('darwin', INSTALLED)).toEqual({});
  });
});

describe('loginItemStatus', () => {
  it('reads macOS 13+ SMAppService statuses, including approval still required in System Settings', () => {
    const answer = (status: NonNullable<LoginItemSettingsAnswer['status']>): LoginItemSettingsAnswer => ({ openAtLogin: status === 'enabled', status });
    expect(loginItemStatus('darwin', answer('enabled'))).toBe('on');
    expect(loginItemStatus('darwin', answer('not-registered'))).toBe('off');
    expect(loginItemStatus('darwin', answer('requires-approval'))).toBe('requires_approval');
    expect(loginItemStatus('darwin', answer('not-found'))).toBe('not_found');
  });

  it('on Windows is off when the user turned the entry off in Task Manager', () => {
    expect(loginItemStatus('win32', { openAtLogin: true, executableWillLaunchAtLogin: true })).toBe('on');
    expect(loginItemStatus('win32', { openAtLogin: true, executableWillLaunchAtLogin: false })).toBe('off');
    expect(loginItemStatus('win32', { openAtLogin: false, executableWillLaunchAtLogin: false })).toBe('off');
  });
});

describe('electronLoginItem', () => {
  function fakeElectron(answer: (set: LoginItemSettingsArg | undefined) => LoginItemSettingsAnswer) {
    const sets: LoginItemSettingsArg[] = [];
    const queries: unknown[] = [];
    return {
      sets,
      queries,
      port: {
        get: (query: { path?: string; args?: string[] }) => {
          queries.push(query);
          return answer(sets.at(-1));
        },
        set: (settings: LoginItemSettingsArg) => void sets.push(settings),
      },
    };
  }

  it('sets the login item and answers with the state Windows reports afterwards', async () => {
    const electron = fakeElectron((set) => ({ openAtLogin: set?.openAtLogin ?? false, executableWillLaunchAtLogin: set?.openAtLogin ?? false }));
    const item = electronLoginItem('win32', INSTALLED, electron.port);

    await expect(item.status()).resolves.toBe('off');
    await expect(item.set(true)).resolves.toBe('on');
    await expect(item.set(false)).resolves.toBe('off');

    expect(electron.sets.map((settings) => settings.openAtLogin)).toEqual([true, false]);
    expect(electron.queries).toEqual([{ path: WIN_EXE, args: ['--background'] }, { path: WIN_EXE, args: ['--background'] }, { path: WIN_EXE, args: ['--background'] }]);
  });

  it('passes on macOS asking for approval instead of claiming the setting is on', async () => {
    const electron = fakeElectron(() => ({ openAtLogin: false, status: 'requires-approval' }));
    await expect(electronLoginItem('darwin', INSTALLED, electron.port).set(true)).resolves.toBe('requires_approval');
  });
});

describe('startsInBackground', () => {
  it('starts hidden when Windows or Linux started the app at login with --background', () => {
    expect(startsInBackground({ argv: ['/opt/app/fortnox-connector', '--background'], wasOpenedAtLogin: false, canReopen: true })).toBe(true);
  });

  it('starts hidden when macOS opened the app at login', () => {
    expect(startsInBackground({ argv: ['/Applications/X.app/Contents/MacOS/X'], wasOpenedAtLogin: true, canReopen: true })).toBe(true);
  });

  it('shows the window when the user started the app', () => {
    expect(startsInBackground({ argv: ['/opt/app/fortnox-connector'], wasOpenedAtLogin: false, canReopen: true })).toBe(false);
  });

  it('shows the window anyway when nothing could reopen it (no tray)', () => {
    expect(startsInBackground({ argv: ['/opt/app/fortnox-connector', '--background'], wasOpenedAtLogin: false, canReopen: false })).toBe(false);
  });
});

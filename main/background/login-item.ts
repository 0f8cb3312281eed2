import type { StartAtLoginStatus } from '../../shared/start-at-login';
import type { LoginItemPort } from './login-item-port';

/**
 * The switch a login start carries on Windows, so that it opens hidden in the tray (Windows has
 * no "opened at login" flag of its own; `openAsHidden` was removed in Electron 44).
 */
export const BACKGROUND_ARG = '--background';

/** The part of Electron's `app.setLoginItemSettings` argument this app uses (docs/api/app.md). */
export interface LoginItemSettingsArg {
  openAtLogin: boolean;
  path?: string;
  args?: string[];
  enabled?: boolean;
}

/** The part of Electron's `app.getLoginItemSettings` answer this app reads. */
export interface LoginItemSettingsAnswer {
  openAtLogin: boolean;
  /** macOS 13+: SMAppService's status. */
  status?: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found';
  /** Windows: false when the user turned the entry off in Task Manager or Settings > Startup apps. */
  executableWillLaunchAtLogin?: boolean;
}

/** What a login start runs on Windows: the executable and its arguments. */
export interface LoginLaunch {
  path: string;
  args: string[];
}

/**
 * The Windows login start: the installed executable with `--background`; a development run (the
 * Electron binary) also needs the app's folder. No Squirrel stub: the app is installed by NSIS.
 */
export function loginLaunch(input: { execPath: string; packaged: boolean; appPath: string }): LoginLaunch {
  return { path: input.execPath, args: input.packaged ? [BACKGROUND_ARG] : [input.appPath, BACKGROUND_ARG] };
}

/**
 * What to pass to `setLoginItemSettings`. Windows: our own executable with `--background` (and the
 * Startup-approved key switched with it); the same `path` and `args` must be passed to
 * `getLoginItemSettings` for `openAtLogin` to be reported (see loginItemQuery). macOS: the main
 * app as SMAppService's `mainAppService` (the default type).
 */
export function loginItemSettings(platform: NodeJS.Platform, enabled: boolean, launch: LoginLaunch): LoginItemSettingsArg {
  if (platform === 'win32') return { openAtLogin: enabled, path: launch.path, args: [...launch.args], enabled };
  return { openAtLogin: enabled };
}

/** What to pass to `getLoginItemSettings`: on Windows the same path and args as when setting. */
export function loginItemQuery(platform: NodeJS.Platform, launch: LoginLaunch): { path?: string; args?: string[] } {
  return platform === 'win32' ? { path: launch.path, args: [...launch.args] } : {};
}

/** Reads the operating system's answer as the setting's state. */
export function loginItemStatus(platform: NodeJS.Platform, answer: LoginItemSettingsAnswer): StartAtLoginStatus {
  if (platform === 'darwin' && answer.status !== undefined) {
    if (answer.status === 'enabled') return 'on';
    if (answer.status === 'requires-approval') return 'requires_approval';
    if (answer.status === 'not-found') return 'not_found';
    return 'off';
  }
  if (platform === 'win32') return answer.openAtLogin && answer.executableWillLaunchAtLogin !== false ? 'on' : 'off';
  return answer.openAtLogin ? 'on' : 'off';
}

/** Electron's two login-item functions, as the port needs them. */
export interface ElectronLoginItems {
  get(query: { path?: string; args?: string[] }): LoginItemSettingsAnswer;
  set(settings: LoginItemSettingsArg): void;
}

/** The login-item port for macOS and Windows, over Electron's `app` login-item functions. */
export function electronLoginItem(platform: NodeJS.Platform, launch: LoginLaunch, electron: ElectronLoginItems): LoginItemPort {
  const read = () => loginItemStatus(platform, electron.get(loginItemQuery(platform, launch)));
  return {
    status: () => Promise.resolve().then(read),
    set: (enabled) =>
      Promise.resolve().then(() => {
        electron.set(loginItemSettings(platform, enabled, launch));
        return read();
      }),
  };
}

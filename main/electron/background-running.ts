/**
 * Running in the background, wired to Electron: the tray icon, the login item, powerMonitor and
 * the app window's close. Every decision is made by main/background (tested under Node); this file
 * only connects it to Electron's objects.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import type { AlertsService } from '../background/alerts-service';
import { startsInBackground } from '../background/background-start';
import { BackgroundRunner, type TrayPort } from '../background/background-runner';
import type { TrayAction } from '../background/tray-menu-model';
import { electronLoginItem, loginLaunch } from '../background/login-item';
import { UNSUPPORTED_LOGIN_ITEM, type LoginItemPort } from '../background/login-item-port';
import { linuxTrayAvailable, probeStatusNotifierWatcher } from '../background/tray-availability';
import { autostartCommand, autostartEntry, autostartFilePath, xdgAutostart, type AutostartFs } from '../background/xdg-autostart';
import { nodeCommandPort } from '../config/system-command';
import type { Timers } from '../connect/connect-flow';
import type { ConnectionsService } from '../connections/connections-service';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import { writeFileAtomic } from '../storage/atomic-file';
import type { ShowView } from '../../shared/ipc-contract';
import { createAppTray } from './app-tray';

/** The autostart file calls on the real file system (the folder is created when missing). */
const nodeAutostartFs: AutostartFs = {
  read: (filePath) =>
    readFile(filePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }),
  write: async (filePath, text) => {
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFileAtomic(filePath, text, { mode: 0o644 });
  },
  remove: (filePath) => rm(filePath, { force: true }),
};

/**
 * Start at login for this platform: Electron's login items on macOS (packaged only: an unpackaged
 * run would register the bare Electron app) and Windows, an XDG autostart entry on Linux (not in
 * Flatpak or Snap sandboxes, which need their own portals).
 */
export function createLoginItem(): LoginItemPort {
  const platform = process.platform;
  const launch = loginLaunch({ execPath: process.execPath, packaged: app.isPackaged, appPath: app.getAppPath() });
  if (platform === 'win32' || (platform === 'darwin' && app.isPackaged)) {
    return electronLoginItem(platform, launch, {
      get: (query) => app.getLoginItemSettings(query),
      set: (settings) => app.setLoginItemSettings(settings),
    });
  }
  if (platform === 'linux' && !process.env.FLATPAK_ID && !process.env.SNAP) {
    const entry = autostartEntry({
      name: 'Fortnox Connector',
      comment: 'Håller Fortnox-anslutningarna vid liv / Keeps Fortnox connections alive',
      ...autostartCommand({ execPath: process.execPath, appImage: process.env.APPIMAGE, packaged: app.isPackaged, appPath: app.getAppPath() }),
    });
    return xdgAutostart(autostartFilePath(process.env, os.homedir()), entry, nodeAutostartFs);
  }
  return UNSUPPORTED_LOGIN_ITEM;
}

/** Whether this desktop will show a tray icon (always on macOS and Windows; asked over D-Bus on Linux). */
async function trayWillShow(log: Logger): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  const watcher = await probeStatusNotifierWatcher(nodeCommandPort(env, { timeoutMs: 2_000, maxOutputBytes: 4_096 }));
  const available = linuxTrayAvailable(watcher, process.env.XDG_CURRENT_DESKTOP);
  log.info('tray on this desktop', { statusNotifierWatcher: watcher, available });
  return available;
}

/** What index.ts needs from the background running. */
export interface BackgroundRunning {
  runner: BackgroundRunner;
  /** Whether this start leaves the window hidden (a login start, with a way to reopen it). */
  startHidden: boolean;
  /** Connects the app window's close (and Windows' session end) to the runner. */
  attachWindow(window: BrowserWindow): void;
  /** Removes the tray icon (when the app quits). */
  destroy(): void;
}

/** Sets up the tray, powerMonitor and the app-level events; call after `ready`, before creating the window. */
export async function startBackgroundRunning(options: {
  getWindow: () => BrowserWindow | null;
  connections: Pick<ConnectionsService, 'resumed'>;
  settings: SettingsService;
  showView: (view: ShowView['view']) => void;
  /** The alerts: their summary is the tray's count, their language the window's. */
  alerts: AlertsService;
  iconDir: string;
  timers: Timers;
  log: Logger;
}): Promise<BackgroundRunning> {
  const { log } = options;
  const platform = process.platform;
  // The tray needs the runner and the runner the tray: its menu calls through this until both exist.
  let onTrayAction: (action: TrayAction) => void = () => undefined;
  let tray: (TrayPort & { destroy(): void }) | null = null;
  if (await trayWillShow(log)) {
    try {
      tray = createAppTray({ iconDir: options.iconDir, platform, onAction: (action) => onTrayAction(action) });
    } catch (error) {
      log.warn('no tray icon could be created; closing the window will minimise it', { error: error instanceof Error ? error.name : typeof error });
    }
  }
  const dock = app.dock;
  const running = new BackgroundRunner({
    platform,
    tray,
    window: () => {
      const window = options.getWindow();
      if (!window || window.isDestroyed()) return null;
      return {
        show: () => {
          if (window.isMinimized()) window.restore();
          window.show();
          window.focus();
        },
        hide: () => window.hide(),
        minimize: () => window.minimize(),
      };
    },
    ...(dock ? { dock: { hide: () => dock.hide(), show: () => void dock.show().catch(() => undefined) } } : {}),
    quit: () => app.quit(),
    showView: options.showView,
    explain: ({ title, message, button }) =>
      void dialog.showMessageBox({ type: 'info', title, message: title, detail: message, buttons: [button] }).catch(() => undefined),
    explained: () => options.settings.preferences().closeToTrayExplained === true,
    markExplained: () => options.settings.setPreferences({ closeToTrayExplained: true }),
    // The window's language and the same count as the badge and notifications (the alerts' summary).
    language: () => options.alerts.currentLanguage(),
    attentionCount: () => options.alerts.current().count,
    // After sleep the connections plan again and the alerts look again (tokens may have aged past 7 days meanwhile).
    connections: {
      resumed: () => {
        options.connections.resumed();
        options.alerts.check();
      },
    },
    timers: options.timers,
    log,
  });
  onTrayAction = (action) => running.trayAction(action);
  running.start();
  // The alerts look again when companies change, when time moves a token into its last 7 days,
  // and when the window's language changes; the tray follows each new summary.
  const unsubscribe = options.alerts.onSummary(() => running.attentionChanged());

  // Cmd+Q, the app menu's Quit, app.quit() from anywhere: windows may close from now on.
  app.on('before-quit', () => running.quitStarted());
  // The Dock icon, or opening the app again from Finder or Spotlight (macOS).
  app.on('activate', () => running.showWindow());
  // Timers count only time awake: after a sleep (or a long lock) the connections plan again.
  powerMonitor.on('resume', () => running.resumed());
  powerMonitor.on('unlock-screen', () => running.resumed());
  // Linux and macOS: delay the shutdown just long enough for the quit sequence (powerMonitor docs).
  powerMonitor.on('shutdown', (...args: unknown[]) => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    running.systemShutdown();
  });

  const wasOpenedAtLogin = platform === 'darwin' && app.isPackaged && app.getLoginItemSettings().wasOpenedAtLogin;
  const startHidden = startsInBackground({ argv: process.argv, wasOpenedAtLogin, canReopen: tray !== null || platform === 'darwin' });
  if (startHidden) {
    log.info('started at login: the window stays hidden until opened from the tray');
    if (tray) dock?.hide();
  }
  return {
    runner: running,
    startHidden,
    attachWindow: (window) => {
      window.on('close', (event) => running.windowClosing(event));
      // Shown another way (an alert clicked, the app started again): the Dock icon comes back with it.
      if (dock) window.on('show', () => void dock.show().catch(() => undefined));
      // Windows ends the session without before-quit (app docs): let the window close and quit.
      window.on('session-end', () => running.systemShutdown());
    },
    destroy: () => {
      unsubscribe();
      tray?.destroy();
    },
  };
}

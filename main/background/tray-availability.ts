import type { CommandPort } from '../config/system-command';

/**
 * Whether a Linux desktop will show the app's tray icon. Electron's tray uses the
 * StatusNotifierItem protocol when a `org.kde.StatusNotifierWatcher` owns its name on the session
 * bus, and otherwise falls back to the legacy GtkStatusIcon (Tray docs), which GNOME 3.26 and
 * later never show (electron/electron #10619). Electron cannot tell which happened, so the app
 * asks the bus itself.
 */

/** The bus name whose owner shows StatusNotifierItem icons (KDE, Ubuntu's AppIndicator extension, XFCE, ...). */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** The two usual command-line D-Bus clients, each asking `NameHasOwner` for the watcher. */
const PROBES: readonly { file: string; args: readonly string[] }[] = [
  {
    file: 'gdbus',
    args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER],
  },
  {
    file: 'dbus-send',
    args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`],
  },
];

/** Reads `(true,)` (gdbus) or `boolean true` (dbus-send); anything else is unknown. */
export function parseNameHasOwner(stdout: string): boolean | 'unknown' {
  if (/\(true,\)|\bboolean true\b/.test(stdout)) return true;
  if (/\(false,\)|\bboolean false\b/.test(stdout)) return false;
  return 'unknown';
}

/** Asks the session bus whether a StatusNotifierWatcher is running; `unknown` when no client answered. */
export async function probeStatusNotifierWatcher(commands: CommandPort): Promise<boolean | 'unknown'> {
  for (const probe of PROBES) {
    const result = await commands.run(probe.file, probe.args);
    if (result.kind !== 'exited' || result.code !== 0) continue;
    const answer = parseNameHasOwner(result.stdout);
    if (answer !== 'unknown') return answer;
  }
  return 'unknown';
}

/**
 * The decision: a watcher means a visible icon, none means none. When the bus could not be asked,
 * GNOME (whose own shell shows no tray) is taken as having none, so closing the window minimises
 * it rather than leaving an app nobody can reach; other desktops (KDE, XFCE, Cinnamon, MATE) have a
 * tray of their own.
 */
export function linuxTrayAvailable(watcher: boolean | 'unknown', currentDesktop: string | undefined): boolean {
  if (watcher !== 'unknown') return watcher;
  const desktops = (currentDesktop ?? '').split(':').map((name) => name.trim().toLowerCase());
  return !desktops.includes('gnome');
}

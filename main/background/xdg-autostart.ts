import path from 'node:path';
import type { StartAtLoginStatus } from '../../shared/start-at-login';
import { BACKGROUND_ARG } from './login-item';
import type { LoginItemPort } from './login-item-port';

/**
 * Start at login on Linux: Electron's login items do not exist there (electron/electron #15198,
 * won't fix), so the app writes an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<name>.desktop`
 * (freedesktop Desktop Application Autostart specification), and removes it to turn the setting
 * off. Hand-written because it is a few lines of a fixed format and no kept library writes it.
 */

/** The autostart file's name: the app's id, a valid D-Bus name as the Desktop Entry spec asks. */
export const AUTOSTART_FILE_NAME = 'se.fortnoxconnector.app.desktop';

/** Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key"). */
const RESERVED = /[ \t\n"'\\><~|&;$*?#()`]/;

/**
 * Quotes one Exec argument per the Desktop Entry spec: arguments with a reserved character go in
 * double quotes with `"`, `` ` ``, `$` and `\` escaped by a backslash; then the string-value escape
 * rule doubles every backslash (so a literal `\` becomes `\\\\`, `$` becomes `\\$`), and a literal
 * `%` is written `%%` so it is not read as a field code. Control characters (line breaks, tabs)
 * have no place in a path and are refused rather than escaped.
 */
export function quoteExecArgument(argument: string): string {
  const controls = [...argument].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (argument === '' || controls) {
    throw new Error('An autostart command argument must be non-empty and without control characters');
  }
  const percent = argument.replace(/%/g, '%%');
  const quoted = RESERVED.test(argument) ? `"${percent.replace(/(["`$\\])/g, '\\$1')}"` : percent;
  return quoted.replace(/\\/g, '\\\\');
}

/** What the autostart entry runs and is called. */
export interface AutostartCommand {
  /** The executable and its arguments, unquoted. */
  command: readonly string[];
}

/**
 * The command a login start runs: the AppImage file itself when the app runs from one (`APPIMAGE`,
 * set by the AppImage runtime; `process.execPath` then points into a temporary mount that is gone
 * after the next start), else the executable; a development run adds the app's folder. Always with
 * `--background`, so the login start opens in the tray.
 */
export function autostartCommand(input: { execPath: string; appImage: string | undefined; packaged: boolean; appPath: string }): AutostartCommand {
  if (input.appImage && path.isAbsolute(input.appImage)) return { command: [input.appImage, BACKGROUND_ARG] };
  return { command: input.packaged ? [input.execPath, BACKGROUND_ARG] : [input.execPath, input.appPath, BACKGROUND_ARG] };
}

/** The desktop entry's text. */
export function autostartEntry(input: AutostartCommand & { name: string; comment: string }): string {
  const plain = (value: string) => value.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${plain(input.name)}`,
    `Comment=${plain(input.comment)}`,
    `Exec=${input.command.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Where the entry goes: `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart` when that variable
 * is unset, empty or relative (the XDG Base Directory spec says relative values are to be ignored).
 */
export function autostartFilePath(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const configHome = configured && path.isAbsolute(configured) ? configured : path.join(homeDir, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * Whether an existing entry starts the app: the spec's `Hidden=true` means "deleted", and GNOME's
 * `X-GNOME-Autostart-enabled=false` is what its Startup Applications tool writes to turn one off.
 */
export function entryStartsApp(text: string): boolean {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  return !lines.includes('Hidden=true') && !lines.includes('X-GNOME-Autostart-enabled=false');
}

/** The file calls the autostart port makes (node:fs/promises in the app, a map in tests). */
export interface AutostartFs {
  /** The file's text, or undefined when it does not exist. */
  read(filePath: string): Promise<string | undefined>;
  /** Creates the folder if needed and writes the file (atomically). */
  write(filePath: string, text: string): Promise<void>;
  /** Removes the file; no error when it does not exist. */
  remove(filePath: string): Promise<void>;
}

/** The Linux login-item port: writes or removes the autostart entry. */
export function xdgAutostart(filePath: string, entry: string, fs: AutostartFs): LoginItemPort {
  const status = async (): Promise<StartAtLoginStatus> => {
    const text = await fs.read(filePath);
    return text !== undefined && entryStartsApp(text) ? 'on' : 'off';
  };
  return {
    status,
    set: async (enabled) => {
      if (enabled) await fs.write(filePath, entry);
      else await fs.remove(filePath);
      return status();
    },
  };
}

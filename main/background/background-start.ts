import { BACKGROUND_ARG } from './login-item';

/**
 * Whether this start should leave the window closed and run in the tray only: a login start on
 * Windows or Linux (which carries `--background`, see login-item.ts and xdg-autostart.ts), or a
 * login start on macOS (`getLoginItemSettings().wasOpenedAtLogin`). A start by the user shows the
 * window as always. When nothing could reopen a hidden window (no tray on Windows or Linux), the
 * window is shown anyway.
 */
export function startsInBackground(input: { argv: readonly string[]; wasOpenedAtLogin: boolean; canReopen: boolean }): boolean {
  if (!input.canReopen) return false;
  return input.wasOpenedAtLogin || input.argv.includes(BACKGROUND_ARG);
}

/**
 * What closing the app window does. The app owns every company's refresh token and keeps it
 * alive, so closing the window must not stop it: the window goes away and the app keeps running
 * (issue 8, item 6). Quitting is a deliberate act: the tray's Quit, the app menu's Quit (Cmd+Q),
 * or the operating system shutting down.
 */

/** `close`: let the window close (the app is quitting); `hide`: hide it, the app keeps running; `minimize`: see below. */
export type CloseDecision = 'close' | 'hide' | 'minimize';

/** What the decision depends on. */
export interface CloseContext {
  /** A quit is under way (Quit, Cmd+Q, shutdown): the window must close so the app can exit. */
  quitting: boolean;
  platform: NodeJS.Platform;
  /** A tray (menu bar) icon exists through which the hidden window can be opened again. */
  trayAvailable: boolean;
}

/**
 * Decides what a close of the app window does.
 *
 * Without a tray on Windows or Linux (GNOME without the AppIndicator extension shows no tray icons
 * at all), a hidden window would leave an app running that nobody can see or reach. Quitting
 * instead would stop the background refresh that keeps the connections alive, which is the reason
 * to keep running in the first place; so the window is minimised: the app keeps refreshing and
 * stays visible and reachable in the taskbar, the dash and Alt+Tab. On macOS the app stays in the
 * Dock and its menu bar even without a menu bar icon, so hiding is always safe there.
 */
export function decideWindowClose(context: CloseContext): CloseDecision {
  if (context.quitting) return 'close';
  if (context.trayAvailable || context.platform === 'darwin') return 'hide';
  return 'minimize';
}

/** Whether this close should explain, once, that the app is still running. */
export function shouldExplainClose(decision: CloseDecision, alreadyExplained: boolean): boolean {
  return decision !== 'close' && !alreadyExplained;
}

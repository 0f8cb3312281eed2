/** Remembers the app window's size and place: thin glue over main/desktop/window-bounds.ts and window-state-store.ts. */
import { screen, type BrowserWindow } from 'electron';
import { restoreWindowState, type Rect, type WindowState } from '../desktop/window-bounds';
import type { WindowStateStore } from '../desktop/window-state-store';

/** Where the window opens: the saved state checked against the displays connected now (primary first). */
export async function initialWindowState(store: WindowStateStore): Promise<{ bounds: Rect; maximized: boolean }> {
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)];
  return restoreWindowState(await store.load(), displays);
}

/** Saves the window's normal bounds (not the maximised ones) and whether it is maximised, on move and resize (debounced) and on close. */
export function trackWindowState(win: BrowserWindow, store: WindowStateStore): void {
  const current = (): WindowState => ({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  const changed = () => {
    if (!win.isDestroyed() && !win.isMinimized() && !win.isFullScreen()) store.changed(current);
  };
  win.on('resize', changed);
  win.on('move', changed);
  win.on('maximize', changed);
  win.on('unmaximize', changed);
  win.on('close', () => {
    if (!win.isDestroyed()) void store.flush(current());
  });
}

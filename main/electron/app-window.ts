/** The app window: our own bundled renderer only, hardened per the Electron security checklist. */
import { hardenedWebPreferences } from './web-preferences';
import { BrowserWindow } from 'electron';

/** Creates the app window and loads the renderer from the app:// scheme. */
export function createAppWindow(options: {
  preloadPath: string;
  entryUrl: string;
  devTools: boolean;
  /** False for a start at login: the window loads but stays hidden until opened from the tray. */
  showWhenReady?: boolean;
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: 'Fortnox Connector',
    webPreferences: hardenedWebPreferences({ preload: options.preloadPath, devTools: options.devTools }),
  });
  // The renderer is a single page: it never navigates, and it never opens windows.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (options.showWhenReady !== false) win.once('ready-to-show', () => win.show());
  void win.loadURL(options.entryUrl);
  return win;
}

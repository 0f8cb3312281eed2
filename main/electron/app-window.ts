/** The app window: our own bundled renderer only, hardened per the Electron security checklist. */
import { hardenedWebPreferences } from './web-preferences';
import { BrowserWindow, type Rectangle } from 'electron';

/** Creates the app window and loads the renderer from the app:// scheme. */
export function createAppWindow(options: {
  preloadPath: string;
  entryUrl: string;
  devTools: boolean;
  /** False for a start at login: the window loads but stays hidden until opened from the tray. */
  showWhenReady?: boolean;
  /** Where it opens (the remembered place, checked against the displays: window-state.ts). */
  bounds?: Rectangle;
  maximized?: boolean;
  /** The page's background before it paints (light or dark, as the OS is), so it never flashes white. */
  backgroundColor?: string;
}): BrowserWindow {
  const win = new BrowserWindow({
    width: options.bounds?.width ?? 1180,
    height: options.bounds?.height ?? 820,
    ...(options.bounds ? { x: options.bounds.x, y: options.bounds.y } : {}),
    ...(options.backgroundColor ? { backgroundColor: options.backgroundColor } : {}),
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
  // maximize() also shows a hidden window (BrowserWindow docs): only with the first show.
  const maximizeOnce = () => {
    if (options.maximized) win.maximize();
  };
  if (options.showWhenReady !== false) {
    win.once('ready-to-show', () => {
      maximizeOnce();
      win.show();
    });
  } else {
    win.once('show', maximizeOnce);
  }
  void win.loadURL(options.entryUrl);
  return win;
}

/** The tray (menu bar) icon: shows a TrayMenuModel with Electron's Tray and Menu. */
import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayPort } from '../background/background-runner';
import type { TrayAction, TrayMenuItem } from '../background/tray-menu-model';

/**
 * The icon file per platform (rendered by scripts/make-icons.mjs, copied to out/main/tray): an ICO
 * on Windows, as the Tray docs recommend; a template image on macOS, whose name must end in
 * `Template` (its `@2x` twin is found by name); a PNG on Linux.
 */
function iconFile(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  if (platform === 'win32') return 'tray.ico';
  return 'tray.png';
}

function menuItem(item: TrayMenuItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  if (item.kind === 'status') return { label: item.label, enabled: false };
  return { label: item.label, click: () => onAction(item.action) };
}

/** Creates the tray icon. Throws when the system has none (the caller then runs without a tray). */
export function createAppTray(options: {
  iconDir: string;
  platform: NodeJS.Platform;
  onAction: (action: TrayAction) => void;
}): TrayPort & { destroy(): void } {
  const image = nativeImage.createFromPath(path.join(options.iconDir, iconFile(options.platform)));
  if (options.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  // Windows and Linux: a click (on Linux, whatever the desktop calls activation) opens the window;
  // on macOS a click opens the menu, as menu bar icons do.
  if (options.platform !== 'darwin') tray.on('click', () => options.onAction('open'));
  return {
    show: (model) => {
      tray.setToolTip(model.tooltip);
      // A new menu each time: changed items take effect only through setContextMenu (Tray docs, Linux).
      tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => menuItem(item, options.onAction))));
    },
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

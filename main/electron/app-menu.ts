/** The application menu (macOS and Windows; Linux gets the Windows layout), built from main/desktop/app-menu-model.ts. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShortcutId } from '../../shared/keyboard-shortcuts';
import type { Language } from '../../shared/ui-language';
import { appMenuModel, type MenuItemModel } from '../desktop/app-menu-model';

/** What the menu does for the app: the window runs shortcuts, main opens the help page. */
export interface AppMenuActions {
  appName: string;
  devTools: boolean;
  openHelp: () => void;
  /** A shortcut item was chosen; `fromKeyboard` when its accelerator was pressed (Electron's `triggeredByAccelerator`). */
  runShortcut: (id: ShortcutId, fromKeyboard: boolean) => void;
}

function toTemplate(item: MenuItemModel, actions: AppMenuActions): MenuItemConstructorOptions {
  if ('type' in item) return { type: 'separator' };
  if ('submenu' in item) {
    return { label: item.label, ...(item.role ? { role: item.role } : {}), submenu: item.submenu.map((child) => toTemplate(child, actions)) };
  }
  if ('shortcut' in item) {
    const id = item.shortcut;
    return {
      label: item.label,
      accelerator: item.accelerator,
      // Shown in the menu, but the window handles the keys itself (shortcuts wait while typing or
      // behind a dialog); on macOS, where this cannot be turned off, the key reaches the menu only
      // when the window left it unhandled, and the window checks again (use-global-shortcuts.ts).
      registerAccelerator: false,
      click: (_item, _window, event) => actions.runShortcut(id, event.triggeredByAccelerator === true),
    };
  }
  if ('action' in item) return { label: item.label, click: actions.openHelp };
  return { label: item.label, role: item.role, ...(item.accelerator ? { accelerator: item.accelerator } : {}) };
}

/** Installs (or replaces, after a language change) the menu in `language`. Developer tools only in development builds. */
export function installAppMenu(actions: AppMenuActions, language: Language): void {
  const model = appMenuModel({ language, mac: process.platform === 'darwin', appName: actions.appName, devTools: actions.devTools });
  app.setAboutPanelOptions({ applicationName: actions.appName, applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(model.map((item) => toTemplate(item, actions))));
}

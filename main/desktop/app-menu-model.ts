import { APP_VIEWS } from '../../shared/app-views';
import { KEYBOARD_SHORTCUTS, shortcutAccelerator, shortcutById, type ShortcutId } from '../../shared/keyboard-shortcuts';
import type { Language } from '../../shared/ui-language';
import { DESKTOP_TEXTS } from './desktop-texts';

/** Electron's menu roles this menu uses (kept as strings here; main/electron/app-menu.ts hands them over). */
export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'reload' | 'toggleDevTools'
  | 'minimize' | 'zoom' | 'front' | 'close' | 'window' | 'help';

/** One item of the menu, free of Electron so it can be checked under Node. */
export type MenuItemModel =
  | { type: 'separator' }
  | { label: string; role: MenuRole; accelerator?: string }
  | { label: string; shortcut: ShortcutId; accelerator: string }
  | { label: string; action: 'open-developer-portal' }
  | { label: string; role?: MenuRole; submenu: MenuItemModel[] };

const SEPARATOR: MenuItemModel = { type: 'separator' };

/**
 * The app menu in the window's language: (macOS: the app menu), File with Quit, Edit, View with
 * the global shortcuts (shared/keyboard-shortcuts.ts, the same table the window uses) and zoom,
 * Window and Help. Developer tools only in development builds.
 */
export function appMenuModel(options: { language: Language; mac: boolean; appName: string; devTools: boolean }): MenuItemModel[] {
  const t = DESKTOP_TEXTS[options.language];
  const shortcutItem = (id: ShortcutId, label: string): MenuItemModel => ({ label, shortcut: id, accelerator: shortcutAccelerator(shortcutById(id)) });
  const viewItems = KEYBOARD_SHORTCUTS.flatMap((shortcut) => {
    const view = APP_VIEWS.find((candidate) => `view:${candidate}` === shortcut.id);
    return view ? [shortcutItem(shortcut.id, t.views[view])] : [];
  });
  const appMenu: MenuItemModel[] = options.mac
    ? [
        {
          label: options.appName,
          submenu: [
            { label: t.about(options.appName), role: 'about' },
            SEPARATOR,
            { label: t.services, role: 'services' },
            SEPARATOR,
            { label: t.hide(options.appName), role: 'hide' },
            { label: t.hideOthers, role: 'hideOthers' },
            { label: t.unhide, role: 'unhide' },
            SEPARATOR,
            { label: t.quit, role: 'quit' },
          ],
        },
      ]
    : [{ label: t.file, submenu: [{ label: t.quit, role: 'quit' }] }];
  return [
    ...appMenu,
    {
      label: t.edit,
      submenu: [
        { label: t.undo, role: 'undo' },
        { label: t.redo, role: 'redo' },
        SEPARATOR,
        { label: t.cut, role: 'cut' },
        { label: t.copy, role: 'copy' },
        { label: t.paste, role: 'paste' },
        { label: t.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: t.view,
      submenu: [
        shortcutItem('search', t.search),
        shortcutItem('connect', t.connect),
        SEPARATOR,
        ...viewItems,
        SEPARATOR,
        { label: t.resetZoom, role: 'resetZoom' },
        { label: t.zoomIn, role: 'zoomIn' },
        { label: t.zoomOut, role: 'zoomOut' },
        SEPARATOR,
        { label: t.fullScreen, role: 'togglefullscreen' },
        ...(options.devTools ? [SEPARATOR, { label: t.reload, role: 'reload' } as const, { label: t.devTools, role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: t.window,
      role: 'window',
      submenu: [
        { label: t.minimize, role: 'minimize' },
        { label: t.zoom, role: 'zoom' },
        ...(options.mac ? [SEPARATOR, { label: t.front, role: 'front' } as const] : [{ label: t.close, role: 'close' } as const]),
      ],
    },
    {
      label: t.help,
      role: 'help',
      submenu: [
        { label: t.developerPortal, action: 'open-developer-portal' },
        ...(options.mac ? [] : [{ label: t.about(options.appName), role: 'about' } as const]),
      ],
    },
  ];
}

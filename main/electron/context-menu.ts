/** The right-click menu of every window (app window and sign-in windows), built from main/desktop/context-menu-model.ts. */
import { BrowserWindow, Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';
import type { Language } from '../../shared/ui-language';
import { contextMenuModel } from '../desktop/context-menu-model';

/** Shows cut, copy, paste and select all on right-click in `contents`, in the window's language; "Inspect" only with `inspect` (development). */
export function attachContextMenu(contents: WebContents, options: { language: () => Language; inspect: boolean }): void {
  contents.on('context-menu', (_event, params) => {
    const items = contextMenuModel(params, options.language(), { inspect: options.inspect });
    if (items.length === 0) return;
    const template = items.map((item): MenuItemConstructorOptions => {
      if ('type' in item) return { type: 'separator' };
      if ('action' in item) return { label: item.label, click: () => contents.inspectElement(item.x, item.y) };
      return { role: item.role, label: item.label, enabled: item.enabled };
    });
    const window = BrowserWindow.fromWebContents(contents);
    Menu.buildFromTemplate(template).popup(window ? { window } : {});
  });
}

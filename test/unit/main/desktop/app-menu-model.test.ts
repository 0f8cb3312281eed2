import { describe, expect, it } from 'vitest';
import { appMenuModel, type MenuItemModel } from '../../../../main/desktop/app-menu-model';
import { APP_VIEWS } from '../../../../shared/app-views';
import { KEYBOARD_SHORTCUTS } from '../../../../shared/keyboard-shortcuts';

/** Every item with a label, depth first, as "label [accelerator]". */
function flatten(items: MenuItemModel[]): string[] {
  return items.flatMap((item) => {
    if ('type' in item) return [];
    const own = `${item.label}${'accelerator' in item && item.accelerator ? ` [${item.accelerator}]` : ''}`;
    return 'submenu' in item ? [own, ...flatten(item.submenu)] : [own];
  });
}

function shortcutItems(items: MenuItemModel[]): { label: string; shortcut: string; accelerator: string }[] {
  return items.flatMap((item) => {
    if ('submenu' in item) return shortcutItems(item.submenu);
    return 'shortcut' in item ? [item] : [];
  });
}

describe('the app menu', () => {
  it('speaks Swedish, with the shortcuts listed under Visa', () => {
    const labels = flatten(appMenuModel({ language: 'sv', mac: false, appName: 'Fortnox Connector', devTools: false }));
    expect(labels).toEqual(
      expect.arrayContaining(['Arkiv', 'Avsluta', 'Redigera', 'Klipp ut', 'Kopiera', 'Klistra in', 'Markera allt', 'Visa', 'Sök i vyn [CmdOrCtrl+F]', 'Anslut ett företag… [CmdOrCtrl+N]', 'Företag [CmdOrCtrl+1]', 'Anslut [CmdOrCtrl+2]', 'Fönster', 'Hjälp', 'Om Fortnox Connector']),
    );
    expect(labels.join(' ')).not.toMatch(/\b(File|Edit|View|Help|Quit)\b/);
  });

  it('speaks English when the window does', () => {
    const labels = flatten(appMenuModel({ language: 'en', mac: false, appName: 'Fortnox Connector', devTools: false }));
    expect(labels).toEqual(expect.arrayContaining(['File', 'Quit', 'Edit', 'Cut', 'View', 'Find in View [CmdOrCtrl+F]', 'Connect a Company… [CmdOrCtrl+N]', 'Companies [CmdOrCtrl+1]', 'Help']));
    expect(labels).not.toContain('Arkiv');
  });

  it('lists every shortcut of the shared table once, with the table’s accelerator', () => {
    const items = shortcutItems(appMenuModel({ language: 'sv', mac: false, appName: 'X', devTools: false }));
    expect(items.map((item) => item.shortcut).sort()).toEqual(KEYBOARD_SHORTCUTS.map((shortcut) => shortcut.id).sort());
    expect(items.filter((item) => item.shortcut.startsWith('view:'))).toHaveLength(APP_VIEWS.length);
  });

  it('puts Quit and About in the app menu on macOS, and no File menu', () => {
    const menu = appMenuModel({ language: 'sv', mac: true, appName: 'Fortnox Connector', devTools: false });
    const first = menu[0];
    expect(first && 'submenu' in first ? first.label : null).toBe('Fortnox Connector');
    expect(flatten(menu)).toEqual(expect.arrayContaining(['Om Fortnox Connector', 'Göm Fortnox Connector', 'Avsluta']));
    expect(flatten(menu)).not.toContain('Arkiv');
  });

  it('offers developer tools only in development builds', () => {
    expect(flatten(appMenuModel({ language: 'sv', mac: false, appName: 'X', devTools: false }))).not.toContain('Utvecklarverktyg');
    expect(flatten(appMenuModel({ language: 'sv', mac: false, appName: 'X', devTools: true }))).toContain('Utvecklarverktyg');
  });
});

import { describe, expect, it } from 'vitest';
import { contextMenuModel, type ContextMenuItem, type ContextMenuRequest } from '../../../../main/desktop/context-menu-model';

const ALL = { canUndo: true, canRedo: true, canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
const NONE = { canUndo: false, canRedo: false, canCut: false, canCopy: false, canPaste: false, canSelectAll: false };
const request = (over: Partial<ContextMenuRequest>): ContextMenuRequest => ({ isEditable: false, selectionText: '', editFlags: NONE, x: 10, y: 20, ...over });
const shown = (items: ContextMenuItem[]) => items.map((item) => ('type' in item ? '-' : 'role' in item ? `${item.label}${item.enabled ? '' : ' (off)'}` : item.label));

describe('the context menu', () => {
  it('offers undo, redo, cut, copy, paste and select all in a field, enabled as the edit flags say', () => {
    expect(shown(contextMenuModel(request({ isEditable: true, editFlags: { ...ALL, canUndo: false, canCut: false, canCopy: false } }), 'sv', { inspect: false }))).toEqual([
      'Ångra (off)',
      'Gör om',
      '-',
      'Klipp ut (off)',
      'Kopiera (off)',
      'Klistra in',
      '-',
      'Markera allt',
    ]);
  });

  it('offers copy for selected text outside fields, and select all', () => {
    expect(shown(contextMenuModel(request({ selectionText: 'Bergs Bygg AB', editFlags: { ...NONE, canCopy: true, canSelectAll: true } }), 'en', { inspect: false }))).toEqual(['Copy', 'Select All']);
    expect(shown(contextMenuModel(request({ editFlags: { ...NONE, canSelectAll: true } }), 'en', { inspect: false }))).toEqual(['Select All']);
  });

  it('adds Inspect only where developer tools are allowed (never in an installed build)', () => {
    expect(shown(contextMenuModel(request({}), 'sv', { inspect: false }))).not.toContain('Granska element');
    const items = contextMenuModel(request({}), 'sv', { inspect: true });
    expect(items.at(-1)).toEqual({ action: 'inspect', label: 'Granska element', x: 10, y: 20 });
  });
});

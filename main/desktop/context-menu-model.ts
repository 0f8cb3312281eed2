import type { Language } from '../../shared/ui-language';
import { DESKTOP_TEXTS } from './desktop-texts';

/** What Electron's `context-menu` event says about the click (the parts the menu needs). */
export interface ContextMenuRequest {
  isEditable: boolean;
  selectionText: string;
  editFlags: { canUndo: boolean; canRedo: boolean; canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
  x: number;
  y: number;
}

/** One entry of the context menu. */
export type ContextMenuItem =
  | { type: 'separator' }
  | { role: 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'; label: string; enabled: boolean }
  | { action: 'inspect'; label: string; x: number; y: number };

/**
 * The context menu for a right-click in either window (the app window and the sign-in window): in a
 * field undo, redo, cut, copy, paste and select all; elsewhere copy (with a selection) and select
 * all; each enabled as Chromium's edit flags say. "Inspect" only where developer tools exist (never
 * in an installed build).
 */
export function contextMenuModel(request: ContextMenuRequest, language: Language, options: { inspect: boolean }): ContextMenuItem[] {
  const t = DESKTOP_TEXTS[language];
  const flags = request.editFlags;
  const items: ContextMenuItem[] = request.isEditable
    ? [
        { role: 'undo', label: t.undo, enabled: flags.canUndo },
        { role: 'redo', label: t.redo, enabled: flags.canRedo },
        { type: 'separator' },
        { role: 'cut', label: t.cut, enabled: flags.canCut },
        { role: 'copy', label: t.copy, enabled: flags.canCopy },
        { role: 'paste', label: t.paste, enabled: flags.canPaste },
        { type: 'separator' },
        { role: 'selectAll', label: t.selectAll, enabled: flags.canSelectAll },
      ]
    : [
        ...(request.selectionText.trim() !== '' ? [{ role: 'copy', label: t.copy, enabled: flags.canCopy } as const] : []),
        { role: 'selectAll', label: t.selectAll, enabled: flags.canSelectAll },
      ];
  if (options.inspect) items.push({ type: 'separator' }, { action: 'inspect', label: t.inspect, x: request.x, y: request.y });
  return items;
}

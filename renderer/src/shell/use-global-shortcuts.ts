import { useEffect } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { matchShortcut, shortcutAllowed, type ShortcutId } from '../../../shared/keyboard-shortcuts';
import { useStableCallback } from '../common/use-stable-callback';
import { shortcutContext } from './shortcut-context';

/**
 * Runs the global shortcuts (shared/keyboard-shortcuts.ts) from key presses in the window and from
 * the app menu. A handled key press is prevented, which also keeps Electron from running the menu's
 * accelerator for it; one the window holds back (typing, a modal dialog) is left alone, and when
 * the menu then reports it as pressed (macOS), the same check holds it back again.
 */
export function useGlobalShortcuts(api: ConnectorApi, mac: boolean, run: (id: ShortcutId) => void): void {
  const runLatest = useStableCallback(run);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A component that used the key itself (the company list's own keys) has the last word.
      if (event.defaultPrevented) return;
      const id = matchShortcut(event, mac);
      if (!id || !shortcutAllowed(id, shortcutContext(document))) return;
      event.preventDefault();
      runLatest(id);
    };
    window.addEventListener('keydown', onKeyDown);
    const unsubscribe = api.onRunShortcut(({ id, fromKeyboard }) => {
      const context = shortcutContext(document);
      // A click in the menu is deliberate, also with the focus in a field; a modal dialog still comes first.
      if (!shortcutAllowed(id, fromKeyboard ? context : { ...context, typing: false })) return;
      runLatest(id);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      unsubscribe();
    };
  }, [api, mac, runLatest]);
}

/**
 * Moves the focus to the current view's filter: the field marked `data-shortcut="search"`, else the
 * first search field in `root` that is shown. Returns false when the view has none.
 */
export function focusViewSearch(root: ParentNode | null): boolean {
  if (!root) return false;
  const fields = [
    ...root.querySelectorAll<HTMLInputElement>('[data-shortcut="search"], input[type="search"]'),
  ].filter((field) => !field.disabled && field.getClientRects().length > 0);
  const field = fields[0];
  if (!field) return false;
  field.focus();
  field.select();
  return true;
}

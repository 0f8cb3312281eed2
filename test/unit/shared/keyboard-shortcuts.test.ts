import { describe, expect, it } from 'vitest';
import { APP_VIEWS } from '../../../shared/app-views';
import {
  KEYBOARD_SHORTCUTS,
  matchShortcut,
  shortcutAccelerator,
  shortcutAllowed,
  shortcutLabel,
  shortcutView,
  viewShortcut,
  type KeyPress,
} from '../../../shared/keyboard-shortcuts';

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[0-9]$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('the keyboard shortcut table', () => {
  it('has Ctrl/Cmd-F for the filter, Ctrl/Cmd-N for Connect and Ctrl/Cmd-1… for the views in sidebar order, each key once', () => {
    expect(KEYBOARD_SHORTCUTS.map((shortcut) => `${shortcut.id}=${shortcut.key}`)).toEqual([
      'search=f',
      'connect=n',
      ...APP_VIEWS.map((view, index) => `view:${view}=${index + 1}`),
    ]);
    expect(new Set(KEYBOARD_SHORTCUTS.map((shortcut) => shortcut.key)).size).toBe(KEYBOARD_SHORTCUTS.length);
    expect(viewShortcut('companies')?.key).toBe('1');
    expect(viewShortcut('connect')?.key).toBe('2');
    expect(shortcutView('view:tools')).toBe('tools');
    expect(shortcutView('search')).toBeNull();
  });

  it('writes accelerators for Electron and labels for people on each platform', () => {
    const search = KEYBOARD_SHORTCUTS[0];
    if (!search) throw new Error('no shortcuts');
    expect(shortcutAccelerator(search)).toBe('CmdOrCtrl+F');
    expect(shortcutLabel(search, true)).toBe('⌘F');
    expect(shortcutLabel(search, false)).toBe('Ctrl+F');
  });

  it('matches Ctrl on Windows and Linux and Cmd on macOS, never the other one', () => {
    expect(matchShortcut(press('f', { ctrlKey: true }), false)).toBe('search');
    expect(matchShortcut(press('n', { metaKey: true }), true)).toBe('connect');
    expect(matchShortcut(press('2', { ctrlKey: true }), false)).toBe('view:connect');
    expect(matchShortcut(press('f', { metaKey: true }), false)).toBeNull();
    // Ctrl-N on a Mac is the text fields' "next line": not a shortcut there.
    expect(matchShortcut(press('n', { ctrlKey: true }), true)).toBeNull();
    expect(matchShortcut(press('f'), false)).toBeNull();
  });

  it('ignores presses with Alt (AltGr types characters on Windows), Shift, both modifiers, or during input composition', () => {
    expect(matchShortcut(press('f', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(matchShortcut(press('F', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(matchShortcut(press('f', { ctrlKey: true, metaKey: true }), false)).toBeNull();
    expect(matchShortcut(press('f', { ctrlKey: true, isComposing: true }), false)).toBeNull();
    expect(matchShortcut(press('q', { ctrlKey: true }), false)).toBeNull();
  });

  it('uses the physical key where the layout types no Latin letter (a Cyrillic layout’s Ctrl-А is Ctrl-F)', () => {
    expect(matchShortcut({ ...press('а', { ctrlKey: true }), code: 'KeyF' }, false)).toBe('search');
    expect(matchShortcut({ ...press('+', { ctrlKey: true }), code: 'Numpad1' }, false)).toBe('view:companies');
  });

  it('lets the filter shortcut run while typing, holds the others back then, and holds all back behind a modal dialog', () => {
    const typing = { typing: true, modalOpen: false };
    expect(shortcutAllowed('search', typing)).toBe(true);
    expect(shortcutAllowed('connect', typing)).toBe(false);
    expect(shortcutAllowed('view:tools', typing)).toBe(false);
    expect(shortcutAllowed('view:tools', { typing: false, modalOpen: false })).toBe(true);
    expect(shortcutAllowed('search', { typing: false, modalOpen: true })).toBe(false);
  });
});

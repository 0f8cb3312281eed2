import { APP_VIEWS, type AppView } from './app-views';

/**
 * The app's global keyboard shortcuts, one table for the window (which handles the keys) and main's
 * app menu (which lists them with their accelerators and runs them when clicked). The company
 * list's own keys (arrows, Enter, Delete, Ctrl/Cmd-A) belong to the list and are not here: they act
 * only while the list has the focus.
 */

/** What a shortcut does: focus the view's filter, go to Connect, or show a view. */
export type ShortcutId = 'search' | 'connect' | `view:${AppView}`;

/** One shortcut: Ctrl (Windows, Linux) or Cmd (macOS) with `key`. */
export interface KeyboardShortcut {
  id: ShortcutId;
  /** A lowercase letter or a digit, pressed with Ctrl or Cmd and nothing else. */
  key: string;
  /**
   * Whether it runs while the focus is in a text field. A view switch or Connect would unmount the
   * field and lose what was being typed (a key's name, a client secret), so those wait; the
   * filter shortcut only moves the focus to another field.
   */
  whileTyping: boolean;
}

/** How many views get a Ctrl/Cmd-digit shortcut, in sidebar order. */
export const MAX_VIEW_SHORTCUTS = 9;

/** Every global shortcut: Ctrl/Cmd-F, Ctrl/Cmd-N and Ctrl/Cmd-1… for the views in sidebar order. */
export const KEYBOARD_SHORTCUTS: readonly KeyboardShortcut[] = [
  { id: 'search', key: 'f', whileTyping: true },
  { id: 'connect', key: 'n', whileTyping: false },
  ...APP_VIEWS.slice(0, MAX_VIEW_SHORTCUTS).map((view, index) => ({
    id: `view:${view}` as const,
    key: String(index + 1),
    whileTyping: false,
  })),
];

/** True when `value` names one of the shortcuts. */
export function isShortcutId(value: unknown): value is ShortcutId {
  return typeof value === 'string' && KEYBOARD_SHORTCUTS.some((shortcut) => shortcut.id === value);
}

/** The shortcut with this id. */
export function shortcutById(id: ShortcutId): KeyboardShortcut {
  const found = KEYBOARD_SHORTCUTS.find((shortcut) => shortcut.id === id);
  if (!found) throw new Error(`no shortcut ${id}`);
  return found;
}

/** The view's shortcut, or undefined for a view past the ninth. */
export function viewShortcut(view: AppView): KeyboardShortcut | undefined {
  return KEYBOARD_SHORTCUTS.find((shortcut) => shortcut.id === `view:${view}`);
}

/** The view a shortcut shows, or null for search and connect. */
export function shortcutView(id: ShortcutId): AppView | null {
  return id.startsWith('view:') ? (id.slice('view:'.length) as AppView) : null;
}

/** Electron's accelerator for the app menu ("CmdOrCtrl+F"). */
export function shortcutAccelerator(shortcut: KeyboardShortcut): string {
  return `CmdOrCtrl+${shortcut.key.toUpperCase()}`;
}

/** How the shortcut is written for people: "⌘F" on macOS, "Ctrl+F" elsewhere. */
export function shortcutLabel(shortcut: KeyboardShortcut, mac: boolean): string {
  return mac ? `⌘${shortcut.key.toUpperCase()}` : `Ctrl+${shortcut.key.toUpperCase()}`;
}

/** The parts of a KeyboardEvent that decide a shortcut. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** The letter or digit pressed: the character, or the physical key where the layout has no Latin letters. */
function pressedKey(press: KeyPress): string | null {
  const key = press.key.toLowerCase();
  if (/^[a-z0-9]$/.test(key)) return key;
  const physical = /^(?:Key([A-Z])|Digit([0-9])|Numpad([0-9]))$/.exec(press.code);
  return physical ? (physical[1] ?? physical[2] ?? physical[3] ?? '').toLowerCase() : null;
}

/**
 * The shortcut a key press means, or null: Cmd on macOS, Ctrl elsewhere, never with Alt (AltGr
 * is Ctrl+Alt on Windows and types characters), Shift or the other modifier, nor while an input
 * method is composing.
 */
export function matchShortcut(press: KeyPress, mac: boolean): ShortcutId | null {
  if (press.isComposing) return null;
  const primary = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  if (!primary || press.altKey || press.shiftKey) return null;
  const key = pressedKey(press);
  return KEYBOARD_SHORTCUTS.find((shortcut) => shortcut.key === key)?.id ?? null;
}

/** Where the focus is when a shortcut arrives. */
export interface ShortcutContext {
  /** The focus is in a field that takes text. */
  typing: boolean;
  /** A modal dialog is open: it owns the keyboard until it closes. */
  modalOpen: boolean;
}

/** Whether the shortcut may run now (from a key press, or from the menu's accelerator). */
export function shortcutAllowed(id: ShortcutId, context: ShortcutContext): boolean {
  if (context.modalOpen) return false;
  return !context.typing || shortcutById(id).whileTyping;
}

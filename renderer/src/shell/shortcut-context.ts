import type { ShortcutContext } from '../../../shared/keyboard-shortcuts';

/** The parts of a focused element that tell whether it takes typed text. */
export interface FocusedElement {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

/** Input types that take no typed text (buttons, boxes, pickers): shortcuts are free there. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** True when the element takes typed text: a text-like input, a textarea or editable content. */
export function isTextEntry(element: FocusedElement | null): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return !element.readOnly;
  if (tag !== 'INPUT') return false;
  return !element.readOnly && !NON_TEXT_INPUTS.has((element.type ?? 'text').toLowerCase());
}

/** Where the focus is in `doc`: in a text field, and whether a modal dialog is open. */
export function shortcutContext(doc: Document): ShortcutContext {
  const active = doc.activeElement;
  const dialog = doc.querySelector('dialog[open]');
  return {
    typing: isTextEntry(active as (FocusedElement & Element) | null),
    modalOpen: dialog !== null && dialog.matches(':modal'),
  };
}

/**
 * The company table's selection, as plain data: which rows are selected, the anchor a Shift-click
 * or Shift+arrow extends from, and the active row (the one with the focus and the detail pane).
 * Rows are named by tenant id; `order` is the list as shown (sorted and filtered), so a range is
 * what the user sees between two rows.
 */
export interface CompanySelection {
  selected: ReadonlySet<string>;
  anchor: string | null;
  active: string | null;
}

export const NO_SELECTION: CompanySelection = { selected: new Set(), anchor: null, active: null };

/** How a click chose a row: plain, Ctrl/Cmd (toggle) or Shift (range), as desktop lists do. */
export type ClickMode = 'only' | 'toggle' | 'range';

/** The click's mode from its modifier keys (Cmd on macOS, Ctrl elsewhere; both accepted). */
export function clickMode(event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): ClickMode {
  if (event.shiftKey) return 'range';
  if (event.ctrlKey || event.metaKey) return 'toggle';
  return 'only';
}

/** The rows between `from` and `to` in `order`, both included (empty when either is not shown). */
function rangeBetween(order: readonly string[], from: string, to: string): string[] {
  const start = order.indexOf(from);
  const end = order.indexOf(to);
  if (start < 0 || end < 0) return [];
  return order.slice(Math.min(start, end), Math.max(start, end) + 1);
}

/**
 * A click (or Space) on `key`: `only` selects it alone, `toggle` adds or removes it, `range`
 * selects from the anchor to it (replacing the rest, as Finder and Explorer do). The clicked row
 * becomes active; it becomes the anchor except after a range, which keeps its anchor.
 */
export function chooseRow(selection: CompanySelection, order: readonly string[], key: string, mode: ClickMode): CompanySelection {
  if (mode === 'toggle') {
    const selected = new Set(selection.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchor: key, active: key };
  }
  if (mode === 'range' && selection.anchor !== null && order.includes(selection.anchor)) {
    return { selected: new Set(rangeBetween(order, selection.anchor, key)), anchor: selection.anchor, active: key };
  }
  return { selected: new Set([key]), anchor: key, active: key };
}

/** Where an arrow, Home, End, Page Up or Page Down key moves the active row. */
export type Move = { by: number } | 'first' | 'last';

/**
 * Moves the active row: alone it selects just the new row; with `extend` (Shift) the selection
 * runs from the anchor to the new row. Stays within the list; with nothing active, any move
 * starts at the first row (or the last, for End).
 */
export function moveActive(selection: CompanySelection, order: readonly string[], move: Move, extend: boolean): CompanySelection {
  if (order.length === 0) return selection;
  const current = selection.active === null ? -1 : order.indexOf(selection.active);
  let next: number;
  if (move === 'first') next = 0;
  else if (move === 'last') next = order.length - 1;
  else if (current < 0) next = 0;
  else next = Math.min(order.length - 1, Math.max(0, current + move.by));
  const key = order[next] as string;
  if (extend) {
    const anchor = selection.anchor !== null && order.includes(selection.anchor) ? selection.anchor : (selection.active ?? key);
    return { selected: new Set(rangeBetween(order, anchor, key)), anchor, active: key };
  }
  return { selected: new Set([key]), anchor: key, active: key };
}

/** Ctrl/Cmd-A: every row shown; the active row stays. */
export function selectAll(selection: CompanySelection, order: readonly string[]): CompanySelection {
  return { selected: new Set(order), anchor: selection.anchor ?? order[0] ?? null, active: selection.active ?? order[0] ?? null };
}

/** Nothing selected; the active row stays, so the keyboard keeps its place. */
export function clearSelection(selection: CompanySelection): CompanySelection {
  return { ...selection, selected: new Set() };
}

/**
 * The selected rows that are shown, in the order shown: what a bulk action acts on. Rows the
 * filter hides stay selected for when it is cleared, but nothing is done to what cannot be seen.
 */
export function selectedInOrder(selection: CompanySelection, order: readonly string[]): string[] {
  if (selection.selected.size === 0) return [];
  return order.filter((key) => selection.selected.has(key));
}

/** Drops rows that no longer exist (disconnected companies), so they are never acted on later. */
export function keepExisting(selection: CompanySelection, exists: (key: string) => boolean): CompanySelection {
  const selected = [...selection.selected].filter(exists);
  const anchor = selection.anchor !== null && exists(selection.anchor) ? selection.anchor : null;
  const active = selection.active !== null && exists(selection.active) ? selection.active : null;
  if (selected.length === selection.selected.size && anchor === selection.anchor && active === selection.active) return selection;
  return { selected: new Set(selected), anchor, active };
}

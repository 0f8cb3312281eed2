import { describe, expect, it } from 'vitest';
import {
  chooseRow,
  clearSelection,
  clickMode,
  keepExisting,
  moveActive,
  NO_SELECTION,
  selectAll,
  selectedInOrder,
} from '../../../../renderer/src/companies/company-selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const selected = (selection: { selected: ReadonlySet<string> }) => [...selection.selected].sort();

describe('company selection', () => {
  it('a plain click selects only the clicked row and makes it the anchor and the active row', () => {
    const first = chooseRow(NO_SELECTION, order, 'b', 'only');
    const next = chooseRow(first, order, 'd', 'only');
    expect(selected(next)).toEqual(['d']);
    expect(next.anchor).toBe('d');
    expect(next.active).toBe('d');
  });

  it('Ctrl/Cmd-click adds a row and takes it away again', () => {
    let selection = chooseRow(NO_SELECTION, order, 'a', 'only');
    selection = chooseRow(selection, order, 'c', 'toggle');
    expect(selected(selection)).toEqual(['a', 'c']);
    selection = chooseRow(selection, order, 'a', 'toggle');
    expect(selected(selection)).toEqual(['c']);
  });

  it('Shift-click selects the rows between the anchor and the clicked row, in either direction', () => {
    const anchored = chooseRow(NO_SELECTION, order, 'b', 'only');
    expect(selected(chooseRow(anchored, order, 'd', 'range'))).toEqual(['b', 'c', 'd']);
    expect(selected(chooseRow(anchored, order, 'a', 'range'))).toEqual(['a', 'b']);
  });

  it('a second Shift-click replaces the first range from the same anchor', () => {
    const anchored = chooseRow(NO_SELECTION, order, 'c', 'only');
    const wide = chooseRow(anchored, order, 'e', 'range');
    const narrow = chooseRow(wide, order, 'd', 'range');
    expect(selected(narrow)).toEqual(['c', 'd']);
    expect(narrow.anchor).toBe('c');
  });

  it('a Shift-click without an anchor selects just the clicked row', () => {
    expect(selected(chooseRow(NO_SELECTION, order, 'c', 'range'))).toEqual(['c']);
  });

  it('reads the click mode from the modifier keys, Cmd and Ctrl alike', () => {
    expect(clickMode({ shiftKey: false, ctrlKey: false, metaKey: false })).toBe('only');
    expect(clickMode({ shiftKey: false, ctrlKey: true, metaKey: false })).toBe('toggle');
    expect(clickMode({ shiftKey: false, ctrlKey: false, metaKey: true })).toBe('toggle');
    expect(clickMode({ shiftKey: true, ctrlKey: true, metaKey: false })).toBe('range');
  });

  it('arrow keys move the active row and select it, stopping at either end', () => {
    let selection = moveActive(NO_SELECTION, order, { by: 1 }, false);
    expect(selection.active).toBe('a');
    selection = moveActive(selection, order, { by: 1 }, false);
    expect(selection.active).toBe('b');
    expect(selected(selection)).toEqual(['b']);
    selection = moveActive(selection, order, { by: -10 }, false);
    expect(selection.active).toBe('a');
    selection = moveActive(selection, order, 'last', false);
    expect(selection.active).toBe('e');
    selection = moveActive(selection, order, { by: 1 }, false);
    expect(selection.active).toBe('e');
  });

  it('Shift+arrow extends the selection from the anchor, and back again', () => {
    let selection = chooseRow(NO_SELECTION, order, 'b', 'only');
    selection = moveActive(selection, order, { by: 1 }, true);
    selection = moveActive(selection, order, { by: 1 }, true);
    expect(selected(selection)).toEqual(['b', 'c', 'd']);
    selection = moveActive(selection, order, { by: -1 }, true);
    expect(selected(selection)).toEqual(['b', 'c']);
    expect(selection.active).toBe('c');
  });

  it('Ctrl/Cmd-A selects every row shown, and clearing keeps the keyboard in place', () => {
    const active = chooseRow(NO_SELECTION, order, 'c', 'only');
    const all = selectAll(active, order);
    expect(selected(all)).toEqual(order);
    expect(all.active).toBe('c');
    const none = clearSelection(all);
    expect(selected(none)).toEqual([]);
    expect(none.active).toBe('c');
  });

  it('bulk actions get the selected rows that are shown, in the order shown', () => {
    let selection = chooseRow(NO_SELECTION, order, 'e', 'only');
    selection = chooseRow(selection, order, 'a', 'toggle');
    selection = chooseRow(selection, order, 'c', 'toggle');
    expect(selectedInOrder(selection, order)).toEqual(['a', 'c', 'e']);
    expect(selectedInOrder(selection, ['e', 'd', 'c'])).toEqual(['e', 'c']);
  });

  it('forgets disconnected companies, and returns the same selection when nothing went', () => {
    const selection = selectAll(chooseRow(NO_SELECTION, order, 'b', 'only'), order);
    expect(keepExisting(selection, () => true)).toBe(selection);
    const kept = keepExisting(selection, (key) => key !== 'b');
    expect(selected(kept)).toEqual(['a', 'c', 'd', 'e']);
    expect(kept.active).toBeNull();
    expect(kept.anchor).toBeNull();
  });
});

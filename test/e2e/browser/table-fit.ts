import type { Locator } from '@playwright/test';

/** The window sizes every table must fit: the smallest supported window and a common laptop's. */
export const FIT_SIZES = [
  { width: 900, height: 640 },
  { width: 1440, height: 900 },
] as const;

/**
 * What does not fit in a table as drawn, one sentence per problem (none: an empty list):
 * - the page scrolls sideways;
 * - a column header's box, or its visible text, is not wholly inside the table's visible box (the
 *   table's box clipped by the window and every ancestor that clips), or its text is cut by its own
 *   cell (an ellipsis or overflow);
 * - two column headers overlap (their boxes or their texts);
 * - a button in a row wholly visible in the table's scrolled body lies partly outside the visible
 *   box, or its label is cut.
 * Hidden columns (display: none) have no box and are not counted; a header whose only text is
 * visually hidden (the actions column) is checked by its box.
 */
export async function tableFitProblems(table: Locator, body: string): Promise<string[]> {
  return table.evaluate((tableElement, bodySelector) => {
    // The DOM as far as used here (the tests are typed without the DOM library).
    type Box = { left: number; right: number; top: number; bottom: number };
    type Rect = Box & { width: number; height: number };
    interface El {
      scrollWidth: number;
      clientWidth: number;
      textContent: string | null;
      parentElement: El | null;
      getAttribute(name: string): string | null;
      getBoundingClientRect(): Rect;
      getClientRects(): ArrayLike<Rect>;
      querySelector(selector: string): El | null;
      querySelectorAll(selector: string): Iterable<El>;
      closest(selector: string): El | null;
    }
    interface TextNode {
      textContent: string | null;
      parentElement: El | null;
    }
    interface Doc {
      defaultView: { innerHeight: number; getComputedStyle(element: El): { overflowX: string; overflowY: string } } | null;
      documentElement: El;
      createTreeWalker(root: El, show: number): { nextNode(): TextNode | null };
      createRange(): { selectNodeContents(node: TextNode): void; getClientRects(): Iterable<Rect> };
    }
    const SHOW_TEXT = 4;
    const element = tableElement as unknown as El & { ownerDocument: Doc };
    const problems: string[] = [];
    const win = element.ownerDocument.defaultView;
    if (!win) return ['the table is not in a window'];
    const root = element.ownerDocument.documentElement;
    if (root.scrollWidth > root.clientWidth + 0.5) problems.push(`the page scrolls sideways (${root.scrollWidth} px in ${root.clientWidth} px)`);

    const slack = 0.5;
    const box = (rect: Box): Box => ({ left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom });
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      right: Math.min(a.right, b.right),
      top: Math.max(a.top, b.top),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const inside = (inner: Box, outer: Box) =>
      inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
    const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
    const show = (b: Box) => `${Math.round(b.left)}–${Math.round(b.right)} × ${Math.round(b.top)}–${Math.round(b.bottom)}`;

    // The table's visible box: its own box, clipped by the window and every clipping ancestor.
    let visible = intersect(box(element.getBoundingClientRect()), { left: 0, top: 0, right: root.clientWidth, bottom: win.innerHeight });
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = win.getComputedStyle(parent);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') visible = intersect(visible, box(parent.getBoundingClientRect()));
    }

    /** The boxes of an element's text that is meant to be seen (not inside .visually-hidden). */
    const textBox = (cell: El): Box | null => {
      const walker = element.ownerDocument.createTreeWalker(cell, SHOW_TEXT);
      let union: Box | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.visually-hidden')) continue;
        const range = element.ownerDocument.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
          if (rect.width === 0) continue;
          union = union ? { left: Math.min(union.left, rect.left), right: Math.max(union.right, rect.right), top: Math.min(union.top, rect.top), bottom: Math.max(union.bottom, rect.bottom) } : box(rect);
        }
      }
      return union;
    };

    const headers = [...element.querySelectorAll('[role="columnheader"]')].filter((header) => header.getClientRects().length > 0);
    if (headers.length === 0) problems.push('the table shows no column headers');
    const shown = headers.map((header) => {
      const name = header.textContent?.trim() || `column ${headers.indexOf(header) + 1}`;
      const cell = box(header.getBoundingClientRect());
      const text = textBox(header);
      if (!inside(cell, visible)) problems.push(`header "${name}" (${show(cell)}) is not inside the table's visible box (${show(visible)})`);
      if (text && !inside(text, visible)) problems.push(`header "${name}": its text (${show(text)}) is not inside the table's visible box (${show(visible)})`);
      if (text && !inside(text, cell)) problems.push(`header "${name}": its text (${show(text)}) is cut by its cell (${show(cell)})`);
      return { name, cell, text };
    });
    for (const [i, a] of shown.entries()) {
      for (const b of shown.slice(i + 1)) {
        if (overlap(a.cell, b.cell)) problems.push(`headers "${a.name}" and "${b.name}" overlap`);
        else if (a.text && b.text && overlap(a.text, b.text)) problems.push(`the texts of headers "${a.name}" and "${b.name}" overlap`);
      }
    }

    const scroller = element.querySelector(bodySelector);
    if (!scroller) return [...problems, `no ${bodySelector} in the table`];
    const view = intersect(box(scroller.getBoundingClientRect()), visible);
    const rows = [...scroller.querySelectorAll('[role="row"]')].filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.height > 0 && rect.top >= view.top - slack && rect.bottom <= view.bottom + slack;
    });
    if (rows.length === 0) problems.push('no row is wholly visible');
    for (const row of rows) {
      const label = row.querySelector('.company-name, .client-name')?.textContent ?? `row ${row.getAttribute('aria-rowindex') ?? '?'}`;
      for (const button of row.querySelectorAll('button')) {
        const rect = box(button.getBoundingClientRect());
        const name = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? 'button';
        if (!inside(rect, visible)) problems.push(`${label}: button "${name}" (${show(rect)}) is not inside the table's visible box (${show(visible)})`);
        if (button.scrollWidth > button.clientWidth + 1) problems.push(`${label}: button "${name}" has its label cut (${button.scrollWidth} px in ${button.clientWidth} px)`);
      }
    }
    return problems;
  }, body);
}

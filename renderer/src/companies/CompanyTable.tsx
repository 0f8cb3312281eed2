import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { observedRowSize } from '../common/observed-row-size';
import { useMediaQuery } from '../common/use-media-query';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import type { RowFeedback } from './company-feedback';
import type { CompanySelection, Move } from './company-selection';
import { CompanyTableRow, type CompanyRowActions } from './CompanyTableRow';
import { SHORT_WINDOW } from './short-window';

/** A row's height before it is measured (CSS gives rows 40 px; measuring covers larger fonts). */
const ROW_ESTIMATE = 40;
/**
 * Rows rendered beyond each edge of the visible ones. Each rendered row is work on every filter
 * keystroke (its texts change and it is laid out again); the keyboard scrolls to the row it moves
 * to, so these only soften scrolling by the wheel or the scroll bar.
 */
const OVERSCAN = 2;
const estimateSize = () => ROW_ESTIMATE;
const measureElement = observedRowSize(ROW_ESTIMATE);
/** Used until the table has been measured, so that the first paint already shows rows. */
const INITIAL_RECT = { width: 1000, height: 800 };

/** What the table's keys ask the view to do. */
export interface CompanyTableKeys {
  /** `from`: the focused row, where the move starts when no row was active yet. */
  onMove: (move: Move, extend: boolean, from: string) => void;
  /** Space, or Ctrl/Cmd+Space: toggles the active row in the selection. */
  onToggle: () => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
  /** Enter: the detail pane of the active row. */
  onOpenDetail: () => void;
  /** Delete (or Backspace on a Mac keyboard): disconnect the active row, after its dialog. */
  onDelete: () => void;
}

interface CompanyTableProps extends CompanyTableKeys {
  companies: readonly CompanySummary[];
  selection: CompanySelection;
  feedback: ReadonlyMap<string, RowFeedback>;
  messages: Messages;
  language: Language;
  now: number;
  actions: CompanyRowActions;
  /** When this changes (a new filter or sort), the table scrolls back to the top. */
  resetKey: string;
  /** Bumped when the keyboard moved the active row: the focus follows it. */
  focusRequest: number;
}

/**
 * The company list as an ARIA grid: a header row, then one row per company, windowed by
 * @tanstack/react-virtual with measured rows, so a thousand companies cost what the visible rows
 * cost. The table is one Tab stop (the active row, roving tabindex); inside it the arrow keys,
 * Page Up/Down, Home and End move, Shift extends the selection, Ctrl/Cmd+A selects all, Space
 * toggles, Enter opens the detail pane and Delete asks to disconnect. Rows carry aria-rowindex,
 * aria-rowcount is on the grid and aria-selected on each row, since most rows are not in the
 * DOM; the active row is always rendered, so the focus is never lost to the page.
 */
export function CompanyTable(props: CompanyTableProps) {
  const { companies, selection, feedback, messages, language, now, actions, resetKey, focusRequest } = props;
  const texts = messages.companyTable;
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  // In a short window the view's page scroller (.app-content) scrolls the rows too (short-window.ts):
  // the rows start `start` px into it and the sticky header covers `head` px at its top.
  const pageMode = useMediaQuery(SHORT_WINDOW);
  const [offsets, setOffsets] = useState({ start: 0, head: 0 });
  const pageScroller = () => scroller.current?.closest<HTMLElement>('.app-content') ?? null;
  const activeIndex = selection.active === null ? -1 : companies.findIndex((company) => company.tenantId === selection.active);

  // Stable while the list is the same: the virtualiser works out every row's position again (all
  // thousand) whenever its item key function changes, which a selection change has no need for.
  const getItemKey = useCallback((index: number) => companies[index]?.tenantId ?? index, [companies]);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex < 0 || indexes.includes(activeIndex)) return indexes;
      return [...indexes, activeIndex].sort((a, b) => a - b);
    },
    [activeIndex],
  );

  // The virtualiser's object changes inside; this component is simply not auto-memoised by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual, see above
  const virtualizer = useVirtualizer({
    count: companies.length,
    getScrollElement: () => (pageMode ? pageScroller() : scroller.current),
    scrollMargin: pageMode ? offsets.start : 0,
    scrollPaddingStart: pageMode ? offsets.head : 0,
    estimateSize,
    measureElement,
    getItemKey,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    rangeExtractor,
  });

  // eslint-disable-next-line react-hooks/exhaustive-deps -- after every render on purpose; it sets state only when the offsets changed
  useLayoutEffect(() => {
    // Where the rows start in the page: what is above them (notices, the toolbar) can change with
    // any render of the view. Only in a short window, where reading it costs a layout.
    if (!pageMode) return;
    const page = pageScroller();
    const body = scroller.current;
    if (!page || !body) return;
    const start = Math.round(body.getBoundingClientRect().top - page.getBoundingClientRect().top + page.scrollTop);
    const headHeight = Math.round(head.current?.getBoundingClientRect().height ?? 0);
    if (start !== offsets.start || headHeight !== offsets.head) setOffsets({ start, head: headHeight });
  });

  useEffect(() => {
    // A new filter or sort starts at the top; only when scrolled, as writing scrollTop forces a
    // layout. The virtualiser's own offset (kept from scroll events) says so: reading the element's
    // scrollTop here would force the new rows' layout inside the keystroke's commit.
    if ((virtualizer.scrollOffset ?? 0) !== 0) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the filter or sort changes
  }, [resetKey]);

  useLayoutEffect(() => {
    if (focusRequest === 0 || activeIndex < 0) return;
    virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    row?.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the keyboard asked
  }, [focusRequest]);

  const pageRows = () => {
    const height = pageMode ? (pageScroller()?.clientHeight ?? 0) - offsets.head : (scroller.current?.clientHeight ?? ROW_ESTIMATE * 10);
    return Math.max(1, Math.floor(height / ROW_ESTIMATE) - 1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed on a row's own buttons (Reconnect, "⋯") are theirs.
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row') return;
    const from = target.dataset.tenantId ?? '';
    const command = event.ctrlKey || event.metaKey;
    const handled = (run: () => void) => {
      event.preventDefault();
      run();
    };
    switch (event.key) {
      case 'ArrowDown':
        return handled(() => props.onMove({ by: 1 }, event.shiftKey, from));
      case 'ArrowUp':
        return handled(() => props.onMove({ by: -1 }, event.shiftKey, from));
      case 'PageDown':
        return handled(() => props.onMove({ by: pageRows() }, event.shiftKey, from));
      case 'PageUp':
        return handled(() => props.onMove({ by: -pageRows() }, event.shiftKey, from));
      case 'Home':
        return handled(() => props.onMove('first', event.shiftKey, from));
      case 'End':
        return handled(() => props.onMove('last', event.shiftKey, from));
      case ' ':
        return handled(props.onToggle);
      case 'Enter':
        return handled(props.onOpenDetail);
      case 'Delete':
        return handled(props.onDelete);
      case 'Backspace':
        if (command) handled(props.onDelete);
        return;
      case 'Escape':
        if (selection.selected.size > 0) handled(props.onClearSelection);
        return;
      case 'a':
      case 'A':
        if (command && !event.altKey) handled(props.onSelectAll);
        return;
    }
  };

  const tabbableIndex = activeIndex >= 0 ? activeIndex : 0;
  const items = virtualizer.getVirtualItems();
  return (
    <div
      className="company-table"
      role="grid"
      aria-label={messages.companies.listLabel}
      aria-describedby="company-count company-keys-hint"
      aria-multiselectable="true"
      aria-rowcount={companies.length + 1}
      aria-colcount={7}
      data-testid="company-table"
    >
      <p id="company-keys-hint" className="visually-hidden">
        {texts.keysHint}
      </p>
      <div ref={head} role="rowgroup" className="company-table-head">
        <div role="row" aria-rowindex={1} className="company-table-row head">
          <span role="columnheader" className="cell">{texts.columns.name}</span>
          <span role="columnheader" className="cell">{texts.columns.organizationNumber}</span>
          <span role="columnheader" className="cell">{texts.columns.databaseNumber}</span>
          <span role="columnheader" className="cell">{texts.columns.status}</span>
          <span role="columnheader" className="cell">{texts.columns.scopes}</span>
          <span role="columnheader" className="cell">{texts.columns.renewBy}</span>
          <span role="columnheader" className="cell cell-actions">
            <span className="visually-hidden">{texts.columns.actions}</span>
          </span>
        </div>
      </div>
      <div ref={scroller} role="rowgroup" className="company-table-body" onKeyDown={onKeyDown}>
        <div className="company-table-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const company = companies[item.index];
            if (!company) return null;
            return (
              <CompanyTableRow
                // Keyed by position, not by company: a filter keystroke then updates the rows already
                // in the DOM (their texts and attributes) instead of removing every row and building
                // new ones, which was most of a keystroke's cost. The row's menu is keyed by company.
                key={item.index}
                company={company}
                index={item.index}
                selected={selection.selected.has(company.tenantId)}
                tabbable={item.index === tabbableIndex}
                feedback={feedback.get(company.tenantId)}
                messages={messages}
                language={language}
                now={now}
                actions={actions}
                start={item.start - (pageMode ? offsets.start : 0)}
                measure={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

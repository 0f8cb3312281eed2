import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { observedRowSize } from '../common/observed-row-size';

interface ActivityRowsProps {
  count: number;
  renderRow: (index: number) => ReactNode;
  /** The list's accessible name. */
  label: string;
  describedBy: string;
  /** When this changes (a new filter or a refresh), the list scrolls back to the top. */
  resetKey: string;
}

/** A row's height before it is measured: one line on a wide list (three on a narrow one, measured). */
const ROW_ESTIMATE = 34;
/** Used until the list has been measured, so that the first paint already shows rows. */
const INITIAL_RECT = { width: 1000, height: 600 };

/**
 * The Activity view's entries in a windowed list (@tanstack/react-virtual, measured rows): only
 * the rows in view, plus a few, are in the DOM. The scroll container is focusable, so arrow keys,
 * Page Up/Down, Home and End scroll it; every rendered row says its position ("3 of 500") with
 * aria-posinset/aria-setsize, since most rows are not in the DOM.
 */
export function ActivityRows({ count, renderRow, label, describedBy, resetKey }: ActivityRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualiser's object changes inside; this component is simply not auto-memoised by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual, see above
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    measureElement: observedRowSize(ROW_ESTIMATE),
    overscan: 6,
    initialRect: INITIAL_RECT,
  });

  useEffect(() => {
    if (scroller.current && scroller.current.scrollTop !== 0) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the filter changes
  }, [resetKey]);

  return (
    <div ref={scroller} className="virtual-list activity-list" role="list" aria-label={label} aria-describedby={describedBy} tabIndex={0}>
      <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            role="listitem"
            aria-posinset={item.index + 1}
            aria-setsize={count}
            data-index={item.index}
            className="virtual-row"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {renderRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}

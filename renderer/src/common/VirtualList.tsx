import { useEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { visibleRange } from './virtual-range';

interface VirtualListProps {
  /** One stable key per row, in display order. */
  keys: readonly string[];
  /** The fixed height of every row for a given content width (rows get taller on narrow windows). */
  rowHeightFor: (width: number) => number;
  renderRow: (index: number) => ReactNode;
  /** The list's accessible name. */
  label: string;
  describedBy?: string;
  /** When this changes (a new filter or sort), the list scrolls back to the top. */
  resetKey: string;
  className?: string;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
}

/** Used until the list has been measured, so that the first paint already shows rows. */
const GUESSED_VIEWPORT = { width: 1000, height: 800 };

/**
 * A windowed list: only the rows in view (plus a few) are in the DOM, positioned inside a spacer
 * as tall as all rows. Scroll events are coalesced to one update per animation frame, and the
 * component re-renders only when the first visible row changes.
 *
 * Accessibility: the scroll container is focusable (arrow keys, Page Up/Down, Home and End scroll
 * it), it is a list with a name, and every rendered row says its position ("3 of 1,000") with
 * aria-posinset/aria-setsize, since most rows are not in the DOM. The row that holds the focus
 * stays rendered even when it scrolls out of view, so the focus is never lost to the page.
 */
export function VirtualList(props: VirtualListProps) {
  const { keys, rowHeightFor, renderRow, label, describedBy, resetKey, className, overscan = 3 } = props;
  const container = useRef<HTMLDivElement>(null);
  // The last scroll offset seen by the scroll handler; reading scrollTop instead would force a layout.
  const scrolled = useRef(0);
  const [viewport, setViewport] = useState(GUESSED_VIEWPORT);
  const [firstRow, setFirstRow] = useState(0);
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const rowHeight = rowHeightFor(viewport.width);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    // The content-box width, which is what the CSS container query for the row layout compares.
    const measure = () => {
      const style = getComputedStyle(element);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      setViewport({ width: element.clientWidth - padding, height: element.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        scrolled.current = element.scrollTop;
        setFirstRow(Math.floor(scrolled.current / rowHeight));
      });
    };
    onScroll();
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [rowHeight]);

  useEffect(() => {
    // A new filter or sort starts at the top; the scroll event then updates the rendered rows.
    // Only when scrolled: writing scrollTop forces a layout, which every keystroke would pay.
    if (container.current && scrolled.current !== 0) container.current.scrollTop = 0;
  }, [resetKey]);

  const count = keys.length;
  const range = visibleRange({ scrollTop: firstRow * rowHeight, viewportHeight: viewport.height, rowHeight, count, overscan });
  const indexes: number[] = [];
  for (let index = range.start; index < range.end; index += 1) indexes.push(index);
  const focusedIndex = focusedKey === null ? -1 : keys.indexOf(focusedKey);
  if (focusedIndex >= 0 && (focusedIndex < range.start || focusedIndex >= range.end)) indexes.push(focusedIndex);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const row = event.target.closest<HTMLElement>('[data-row-key]');
    setFocusedKey(row?.dataset.rowKey ?? null);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!(event.relatedTarget instanceof Node) || !event.currentTarget.contains(event.relatedTarget)) setFocusedKey(null);
  };

  return (
    <div
      ref={container}
      className={className ? `virtual-list ${className}` : 'virtual-list'}
      role="list"
      aria-label={label}
      aria-describedby={describedBy}
      tabIndex={0}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      <div role="none" className="virtual-spacer" style={{ height: count * rowHeight }}>
        {indexes.map((index) => {
          const key = keys[index] ?? String(index);
          return (
            <div
              key={key}
              role="listitem"
              aria-posinset={index + 1}
              aria-setsize={count}
              data-row-key={key}
              className="virtual-row"
              style={{ height: rowHeight, transform: `translateY(${index * rowHeight}px)` }}
            >
              {renderRow(index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

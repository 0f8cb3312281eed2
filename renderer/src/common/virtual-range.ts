/** Which rows of a fixed-row-height list to render. */
export interface RowRange {
  /** First row to render (inclusive). */
  start: number;
  /** One past the last row to render. */
  end: number;
}

/**
 * The rows that intersect the viewport, plus `overscan` rows on each side so that a fast scroll
 * or a Tab into the next row does not show a gap for a frame.
 */
export function visibleRange(input: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan: number;
}): RowRange {
  const { scrollTop, viewportHeight, rowHeight, count, overscan } = input;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(Math.max(0, first - overscan), count);
  const end = Math.min(count, Math.max(last + overscan, start));
  return { start, end };
}

import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../../../renderer/src/common/virtual-range';
import { companyRowHeight, NARROW_LIST_WIDTH } from '../../../../renderer/src/companies/company-row-height';

const base = { scrollTop: 0, viewportHeight: 600, rowHeight: 200, count: 1000, overscan: 2 };

describe('the rows a windowed list renders', () => {
  it('renders the rows in view plus the overscan below at the top', () => {
    expect(visibleRange(base)).toEqual({ start: 0, end: 5 });
  });

  it('renders overscan on both sides in the middle', () => {
    expect(visibleRange({ ...base, scrollTop: 10_000 })).toEqual({ start: 48, end: 55 });
  });

  it('stops at the last row', () => {
    expect(visibleRange({ ...base, scrollTop: 199_400 })).toEqual({ start: 995, end: 1000 });
  });

  it('renders at most a dozen rows of 1,000, wherever the list is scrolled', () => {
    for (const scrollTop of [0, 1234, 50_000, 199_400]) {
      const range = visibleRange({ ...base, scrollTop, viewportHeight: 1200, overscan: 3 });
      expect(range.end - range.start).toBeLessThanOrEqual(13);
    }
  });

  it('renders nothing for an empty list and copes with a negative scroll (rubber-banding)', () => {
    expect(visibleRange({ ...base, count: 0 })).toEqual({ start: 0, end: 0 });
    expect(visibleRange({ ...base, scrollTop: -50 })).toEqual({ start: 0, end: 5 });
  });

  it('uses taller rows below the narrow width, where the row stacks into one column', () => {
    expect(companyRowHeight(NARROW_LIST_WIDTH - 1)).toBeGreaterThan(companyRowHeight(NARROW_LIST_WIDTH));
  });
});

/**
 * The company list's fixed row heights. Windowing needs every row to be the same height; the
 * row's layout switches to one column below NARROW_LIST_WIDTH, and app.css uses the same width
 * in its `@container company-list` query, so the two must change together.
 */
export const NARROW_LIST_WIDTH = 820;
/*
 * Measured in Chromium with the app's fonts, worst case (a three-line reason, or a two-line
 * reason plus a two-line test result): wide rows need 167px including the 8px gap; narrow rows
 * about 325px, and 360px once the buttons wrap to three lines (a list under about 480px). The
 * rest is room for platform fonts that run larger.
 */
export const ROW_HEIGHT_WIDE = 184;
export const ROW_HEIGHT_NARROW = 376;

/** The row height for a list whose content box is this wide (in CSS pixels). */
export function companyRowHeight(listWidth: number): number {
  return listWidth < NARROW_LIST_WIDTH ? ROW_HEIGHT_NARROW : ROW_HEIGHT_WIDE;
}

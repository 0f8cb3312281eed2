/**
 * A window too short for the company list's usual layout (the list in its own scroller under a
 * fixed toolbar): 200 % zoom of a 1440×900 or 900×640 window is 720×450 or 450×320 CSS pixels.
 * There the whole view scrolls as one page, the toolbar scrolls away above the list, the table's
 * header sticks, and the detail pane is an overlay with a close button. Kept in step with the
 * `@media (max-height: 540px)` rules in app.css; 640 px and taller keep the usual layout.
 */
export const SHORT_WINDOW = '(max-height: 540px)';

/**
 * The window's background before the page paints, as app.css's `--bg` in light and dark mode
 * (a unit test keeps them equal), so a dark desktop never sees a white flash at start or resize.
 */
export const WINDOW_BACKGROUNDS = { light: '#f3f4f6', dark: '#15191f' } as const;

/** The background for the theme the operating system uses now (`nativeTheme.shouldUseDarkColors`). */
export function windowBackground(dark: boolean): string {
  return dark ? WINDOW_BACKGROUNDS.dark : WINDOW_BACKGROUNDS.light;
}

/** True on macOS, where shortcuts use Cmd instead of Ctrl (the page's platform, as Chromium reports it). */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } = navigator): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent || '');
}

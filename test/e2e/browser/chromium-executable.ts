/** Debian's Chromium, the browser these machines have (Playwright's download is not reachable here). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium the browser suite launches: `CHROMIUM_PATH` when set; Playwright's own browser
 * (`undefined`: Playwright picks it) when `PLAYWRIGHT_CHROMIUM=1`, as on GitHub's macOS and Windows
 * runners after `npx playwright install chromium`; Debian's otherwise.
 */
export function chromiumExecutable(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (env.PLAYWRIGHT_CHROMIUM === '1') return undefined;
  return DEBIAN_CHROMIUM;
}

import { describe, expect, it } from 'vitest';
import { chromiumExecutable, DEBIAN_CHROMIUM } from '../../../e2e/browser/chromium-executable';

describe('which Chromium the browser suite launches', () => {
  it("uses Debian's Chromium when nothing is set, as on these machines", () => {
    expect(chromiumExecutable({})).toBe(DEBIAN_CHROMIUM);
    expect(DEBIAN_CHROMIUM).toBe('/usr/bin/chromium');
  });

  it('uses CHROMIUM_PATH when it is set, even when Playwright\'s browser is asked for too', () => {
    expect(chromiumExecutable({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
    expect(chromiumExecutable({ CHROMIUM_PATH: '/opt/chrome/chrome', PLAYWRIGHT_CHROMIUM: '1' })).toBe('/opt/chrome/chrome');
  });

  it("leaves the choice to Playwright (its own downloaded browser) when PLAYWRIGHT_CHROMIUM=1", () => {
    expect(chromiumExecutable({ PLAYWRIGHT_CHROMIUM: '1' })).toBeUndefined();
    expect(chromiumExecutable({ PLAYWRIGHT_CHROMIUM: '0' })).toBe(DEBIAN_CHROMIUM);
  });
});

import { test as base, chromium, type Browser } from '@playwright/test';
import { chromiumExecutable } from './chromium-executable';
import { CHROMIUM_ARGS } from './connector-harness';

/** Debian's Chromium here, or what CHROMIUM_PATH / PLAYWRIGHT_CHROMIUM=1 choose (chromium-executable.ts). */
export const CHROMIUM_PATH = chromiumExecutable(process.env);

/** A test with one headless Chromium per worker. */
export const test = base.extend<object, { browser: Browser }>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const browser = await chromium.launch({ ...(CHROMIUM_PATH === undefined ? {} : { executablePath: CHROMIUM_PATH }), headless: true, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

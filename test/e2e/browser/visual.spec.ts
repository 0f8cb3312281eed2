import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { setColourMode } from './axe-check';
import { startHarness, type Harness } from './connector-harness';
import { DEBIAN_CHROMIUM } from './chromium-executable';
import { CHROMIUM_PATH, expect, test } from './fixtures';
import { seedCompanies } from './seed-companies';
import { connectCompany } from './ui-steps';

/*
 * Issue 9, item 8: visual checks. Every view in the sidebar, at 900×640 and 1440×900, is compared
 * with a committed baseline (visual.spec.ts-snapshots/). Nothing in them changes from run to run:
 * main's clock, the simulator's and the page's `Date` stand still at CLOCK, the firm's companies
 * are seeded, the local API's port (random here) is masked. The tolerance absorbs font
 * anti-aliasing (a pixel's colour may differ a little, and up to 150 pixels may differ more) but
 * not a layout change: the sidebar's padding 4 px wider changes about 1,500 pixels of every view.
 *
 * New baselines after an intended change: `npx playwright test test/e2e/browser/visual.spec.ts
 * --project browser --update-snapshots`, then look at every changed image before committing it.
 * `README_SCREENSHOTS=1` also writes the README's copies to docs/screenshots/ (without the mask).
 */

/** 16 November 2026, 10:30 in Stockholm: the moment every screenshot shows. */
const CLOCK = Date.UTC(2026, 10, 16, 9, 30);
const SIZES = [
  { width: 900, height: 640 },
  { width: 1440, height: 900 },
] as const;
const README_DIR = path.resolve(__dirname, '../../../docs/screenshots');
const writeReadme = process.env.README_SCREENSHOTS === '1';

// The baselines are Debian Chromium's pictures with Debian's fonts (this machine and the Debian CI
// machine of .ci/run); another Chromium build or OS draws text differently, so there the check
// reports itself skipped rather than failing on fonts. A Chromium update that changes the pictures
// fails here: look at the differences, then make new baselines.
test.skip(process.platform !== 'linux' || CHROMIUM_PATH !== DEBIAN_CHROMIUM, "the visual baselines are drawn by Debian's Chromium on Linux");

let harness: Harness | undefined;
let simulator: FortnoxSimulator | undefined;
let dataDir: string | undefined;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  simulator = await startFortnoxSimulator(e2eScript(), { now: () => CLOCK });
  // A firm's 30 companies (two needing a new sign-in, one with an error), plus one connected for real.
  dataDir = await seedCompanies(30, CLOCK);
  const h = await startHarness(browser, {
    script: e2eScript(),
    clientId: E2E_CLIENT_ID,
    simulator,
    dataDir,
    clock: CLOCK,
    ...(writeReadme ? { localApiPort: 41817 } : {}),
  });
  harness = h;
  await connectCompany(h, 'bo');
  await h.services.clients.importText('556123-4567;Bergs Bygg AB\n556677-8899;Bokföringsbyrån Norr AB\n559012-3456;Café Söder AB');
  await h.services.clients.markSkipped('559012-3456');
  const { key } = await h.services.toolKeys.create({ name: 'Excel-rapport moms', companies: 'all', right: 'read', lifetimeDays: 90 });
  const port = h.localApiPort();
  if (port === null) throw new Error('the local API is not running');
  await fetch(`http://127.0.0.1:${port}/v1/companies/2001/fortnox/3/companyinformation`, { headers: { authorization: `Bearer ${key}` } });
  await fetch(`http://127.0.0.1:${port}/v1/companies`, { headers: { authorization: 'Bearer fxc_wrong' } });
  await h.app.reload();
  await setColourMode(h.app, 'light');
});

test.afterAll(async () => {
  await harness?.close();
  await simulator?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function app(): Page {
  if (!harness) throw new Error('the app did not start');
  return harness.app;
}

/** The views in the sidebar, in its order. */
async function sidebarViews(page: Page): Promise<string[]> {
  const ids = await page.locator('button.nav-item').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('nav-'.length));
}

/** What each view shows once its data is in (others: their heading). */
const READY: Partial<Record<string, (page: Page) => Promise<void>>> = {
  companies: (page) => expect(page.getByTestId('company-row').first()).toBeVisible(),
  tools: (page) => expect(page.getByTestId('tool-key-row').first()).toBeVisible(),
  activity: (page) => expect(page.getByTestId('activity-row').first()).toBeVisible(),
};

for (const size of SIZES) {
  test(`every view looks as its baseline at ${size.width}×${size.height}`, async () => {
    test.setTimeout(180_000);
    const page = app();
    await page.setViewportSize(size);
    const views = await sidebarViews(page);
    expect(views.length).toBeGreaterThanOrEqual(5);
    for (const view of views) {
      await page.getByTestId(`nav-${view}`).click();
      await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('main h2').first()).toBeVisible();
      await READY[view]?.(page);
      // The pointer and the focus ring stay off the picture.
      await page.mouse.move(0, size.height - 1);
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.());
      const name = `${view}-${size.width}x${size.height}.png`;
      if (writeReadme) {
        await mkdir(README_DIR, { recursive: true });
        await page.screenshot({ path: path.join(README_DIR, name), animations: 'disabled', caret: 'hide' });
      }
      await expect.soft(page).toHaveScreenshot(name, {
        maxDiffPixels: 150,
        threshold: 0.2,
        mask: [page.getByTestId('local-api-status-text')],
      });
    }
  });
}

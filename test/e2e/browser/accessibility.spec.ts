import type { Browser, Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { expectNoViolationsInEveryMode, setColourMode, useLanguage, type Language } from './axe-check';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';

/*
 * Issue 9, item 8: every view and dialog, in Swedish and English, in the light and dark colour
 * schemes and in forced colours (Windows high contrast), has no axe-core violation of WCAG 2.0,
 * 2.1 and 2.2 A/AA or of axe's best practices. One app for the whole file: the companies, a key
 * and some activity are set up once, and each test switches language, view and colour mode in
 * place. A failure lists every violation (rule, target, summary) of every view and mode (soft
 * assertions), not just the first.
 */

let harness: Harness | undefined;

/** The app with a realistic firm's data: three companies (one needing a new sign-in), a tool key, activity. */
async function setUp(browser: Browser): Promise<Harness> {
  const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await connectCompany(h, 'anna', /Café Söder AB/);
  await connectCompany(h, 'bo');
  // Bergs Bygg AB's integration was removed in Fortnox: an hour later its access token has
  // expired, the refresh is refused and it needs reconnecting.
  h.simulator.revokeConsent(2001);
  h.advanceTime(61 * 60 * 1000);
  await h.services.connections.test('2001');
  expect(h.services.connections.company('2001')?.status).toBe('needs_reconnect');

  // A tool that read one company's information, and a request with a wrong key.
  const { key } = await h.services.toolKeys.create({ name: 'Excel-rapport moms', companies: 'all', right: 'read', lifetimeDays: 90 });
  const port = h.localApiPort();
  if (port === null) throw new Error('the local API is not running');
  const read = await fetch(`http://127.0.0.1:${port}/v1/companies/1001/fortnox/3/companyinformation`, { headers: { authorization: `Bearer ${key}` } });
  expect(read.status).toBe(200);
  const refused = await fetch(`http://127.0.0.1:${port}/v1/companies`, { headers: { authorization: 'Bearer fxc_wrong' } });
  expect(refused.status).toBe(401);
  return h;
}

test.beforeAll(async ({ browser }) => {
  harness = await setUp(browser);
});

test.afterAll(async () => {
  await harness?.close();
  harness = undefined;
});

function app(): Page {
  if (!harness) throw new Error('the app did not start');
  return harness.app;
}

/** What each view shows once its data is in, so axe sees the view as a user does. */
const READY: Partial<Record<string, (page: Page) => Promise<void>>> = {
  companies: (page) => expect(page.getByTestId('company-row')).toHaveCount(3),
  connect: (page) => expect(page.locator('#picker-heading')).toBeVisible(),
  tools: (page) => expect(page.getByTestId('tool-key-row').first()).toBeVisible(),
  activity: (page) => expect(page.getByTestId('activity-row').first()).toBeVisible(),
  settings: (page) => expect(page.locator('#settings-heading')).toBeVisible(),
};

/** Opens a view from the navigation and waits until its content is there. */
async function openView(page: Page, view: string): Promise<void> {
  const nav = page.getByTestId(`nav-${view}`);
  await nav.click();
  await expect(nav).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('main h2').first()).toBeVisible();
  await READY[view]?.(page);
}

/** The views the navigation offers (`nav-<view>` test ids), so a view added later is checked too. */
async function navigationViews(page: Page): Promise<string[]> {
  const ids = await page.getByRole('navigation', { name: /Huvudmeny|Main menu/ }).locator('button[data-testid^="nav-"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('nav-'.length));
}

const LANGUAGES: readonly Language[] = ['sv', 'en'];

for (const language of LANGUAGES) {
  test(`every view in the navigation has no WCAG 2.2 AA or best-practice violations in ${language}, light, dark and forced colours`, async () => {
    // Three axe runs per view on a machine shared with other test runs: more than the default minute.
    test.setTimeout(300_000);
    const page = app();
    await useLanguage(page, language);
    const views = await navigationViews(page);
    // The dark runs check a dark page: the colour scheme reaches the app's palette.
    const background = () => page.locator('html').evaluate((html) => (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(html).backgroundColor);
    await setColourMode(page, 'dark');
    const dark = await background();
    await setColourMode(page, 'light');
    expect(dark).not.toBe(await background());
    expect(views).toEqual(expect.arrayContaining(Object.keys(READY)));
    for (const view of views) {
      await openView(page, view);
      await expectNoViolationsInEveryMode(page, `the ${view} view (${language})`);
    }
  });

  test(`the disconnect confirmation has no violations in ${language}, and Escape closes it`, async () => {
    const page = app();
    await useLanguage(page, language);
    await openView(page, 'companies');
    // Disconnect is in the selected company's detail pane.
    await page.locator('[data-testid="company-row"][data-tenant-id="1002"]').click();
    const detail = page.locator('[data-testid="company-detail"][data-tenant-id="1002"]');
    await expect(detail).toBeVisible();
    await detail.getByRole('button', { name: language === 'sv' ? 'Koppla från' : 'Disconnect' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expectNoViolationsInEveryMode(page, `the disconnect dialog (${language})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('company-row')).toHaveCount(3);
  });

  test(`creating a tool key, its shown-once panel and the revoke confirmation have no violations in ${language}`, async () => {
    const page = app();
    await useLanguage(page, language);
    await openView(page, 'tools');
    const sv = language === 'sv';
    // The form with a field error showing, as after an empty submit.
    await page.getByTestId('tool-create-submit').click();
    await expect(page.getByTestId('tool-key-name-error')).toBeVisible();
    await expectNoViolationsInEveryMode(page, `the key form with an error (${language})`);

    await page.getByLabel(sv ? 'Namn' : 'Name', { exact: true }).fill(`Skript ${language}`);
    await page.getByRole('radio', { name: sv ? 'Alla anslutna företag' : 'All connected companies' }).check();
    await page.getByRole('radio', { name: sv ? 'Bara läsa' : 'Read only' }).check();
    await page.getByTestId('tool-create-submit').click();
    await expect(page.getByTestId('tool-created')).toBeVisible();
    await expectNoViolationsInEveryMode(page, `the shown-once key panel (${language})`);
    await page.getByTestId('tool-created-done').click();

    const created = page.getByTestId('tool-key-row').filter({ hasText: `Skript ${language}` });
    await created.getByRole('button', { name: sv ? 'Återkalla' : 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expectNoViolationsInEveryMode(page, `the revoke dialog (${language})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
}

import { rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';
import { seedCompanies } from './seed-companies';
import { connectCompany } from './ui-steps';

/** The page's globals these checks read (the e2e tests compile without the DOM library). */
interface PageGlobals {
  document: { activeElement: unknown; documentElement: unknown };
  getComputedStyle(element: unknown): Record<string, string>;
}

let harness: Harness | undefined;
/** A seeded data folder, removed after the test. */
let dataDir: string | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  // Ready once the app has chosen its first view (the company list, or Settings when setup is needed).
  await expect(harness.app.locator('.app-sidebar [aria-current="page"]')).toHaveCount(1);
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** Presses Tab until `target` has the focus; returns how many presses that took (Infinity past `limit`). */
async function tabsUntil(page: Page, target: Locator, limit: number): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === (globalThis as unknown as PageGlobals).document.activeElement)) return presses;
  }
  return Number.POSITIVE_INFINITY;
}

/** How a sidebar item lays out: is its label cut, and does anything in it overlap or stick out? */
interface ItemLayout {
  id: string;
  label: string;
  truncated: boolean;
  overlaps: boolean;
  outside: boolean;
  oneLine: boolean;
  shortcutShown: boolean;
}

/** Reads the layout of every sidebar item (the page's DOM through a few structural types). */
function sidebarLayout(page: Page): Promise<ItemLayout[]> {
  interface Box { left: number; right: number; top: number; bottom: number; width: number; height: number }
  interface El { scrollWidth: number; clientWidth: number; textContent: string | null; getAttribute(name: string): string | null; getBoundingClientRect(): Box; querySelector(selector: string): El | null; querySelectorAll(selector: string): Iterable<El>; closest(selector: string): El | null }
  return page.locator('button.nav-item').evaluateAll((buttons) =>
    (buttons as unknown as El[]).map((button) => {
      const label = button.querySelector('.nav-label');
      if (!label) throw new Error('a sidebar item without its label');
      const box = label.getBoundingClientRect();
      const parts = [...button.querySelectorAll('.nav-count, .nav-shortcut')].map((part) => part.getBoundingClientRect()).filter((part) => part.width > 0);
      const own = button.getBoundingClientRect();
      const sidebar = button.closest('.app-sidebar')?.getBoundingClientRect() ?? own;
      const meets = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      return {
        id: button.getAttribute('data-testid') ?? '',
        label: label.textContent ?? '',
        truncated: label.scrollWidth > label.clientWidth,
        overlaps: parts.some((part, index) => meets(part, box) || parts.slice(index + 1).some((other) => meets(part, other))),
        outside:
          [box, ...parts].some((part) => part.left < own.left - 0.5 || part.right > own.right + 0.5 || part.top < own.top - 0.5 || part.bottom > own.bottom + 0.5) ||
          own.left < sidebar.left || own.right > sidebar.right,
        oneLine: parts.every((part) => part.top < box.bottom && part.bottom > box.top) && box.height < 2 * Number.parseFloat((globalThis as unknown as PageGlobals).getComputedStyle(label).fontSize ?? '0'),
        shortcutShown: (button.querySelector('.nav-shortcut')?.getBoundingClientRect().width ?? 0) > 0,
      };
    }),
  );
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('the skip link is the first tab stop and "Anslut till Fortnox" is at most five Tab presses from the start', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();

  // From a fresh load: Tab into the sidebar (one tab stop, on the current view), Down to Connect,
  // Enter, then Tab to the button. Only Tab presses count (the issue measured 51 before).
  await page.reload();
  await expect(page.getByTestId('nav-companies')).toHaveAttribute('aria-current', 'page');
  const toNav = await tabsUntil(page, page.getByTestId('nav-companies'), 5);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-connect')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  const toButton = await tabsUntil(page, page.getByRole('button', { name: 'Anslut till Fortnox' }), 5);
  expect(toNav + toButton).toBeLessThanOrEqual(5);
  await expect(page.getByRole('button', { name: 'Anslut till Fortnox' })).toBeFocused();
});

test('in the Connect view, "Anslut till Fortnox" is at most five Tab presses from the top through the skip link: Tab, Enter, then Tab', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.getByTestId('nav-connect').click();
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  // Back to the top of the page, as a freshly shown window: a fragment navigation to the page's
  // first element moves the sequential focus navigation starting point there (the click above left
  // it in the sidebar).
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#root';
  });

  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  const toSkip = await tabsUntil(page, skip, 1);
  expect(toSkip, 'the skip link is the first Tab stop').toBe(1);
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  const connect = page.getByRole('button', { name: 'Anslut till Fortnox' });
  const toConnect = await tabsUntil(page, connect, 4);
  expect(toSkip + toConnect, 'Tab presses from the top to "Anslut till Fortnox" through the skip link').toBeLessThanOrEqual(5);
  await expect(connect).toBeFocused();
  await expect(connect).toBeInViewport();
});

test('the sidebar lists every view with its count and shortcut, marks the current one and moves with the arrow keys', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await connectCompany(h, 'bo');
  const sidebar = page.getByRole('navigation', { name: 'Huvudmeny' });
  await expect(sidebar.getByRole('button')).toHaveText([/^Företag/, /^Anslut(?! flera)/, /^Anslut flera/, /^Verktyg/, /^Aktivitet/, /^Klienter/, /^Inställningar/]);
  await expect(page.getByTestId('nav-companies-count')).toHaveText('1');
  await expect(page.getByTestId('nav-companies')).toHaveAccessibleDescription(/1 företag/);
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('nav-companies')).not.toHaveAttribute('aria-current', 'page');

  await page.getByTestId('nav-connect').focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('nav-companies')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByTestId('nav-settings')).toBeFocused();
});

test('every sidebar label fits beside its counts and shortcut at 900×640 and 1440×900 in Swedish and English, and at 200 % zoom nothing overlaps', async ({ browser }) => {
  // The longest counts a firm meets: a thousand companies (dozens needing attention), a dozen
  // tool keys, and Settings' configuration problems (nothing configured).
  dataDir = await seedCompanies(1000, Date.now());
  const h = await start(browser, { dataDir, clientSecret: 'blank' });
  for (let key = 0; key < 12; key += 1) await h.services.toolKeys.create({ name: `Nyckel ${key}`, companies: 'all', right: 'read', lifetimeDays: 30 });
  const page = h.app;
  await page.reload();
  await expect(page.getByTestId('nav-companies-count')).toContainText('1000');
  await expect(page.getByTestId('nav-tools-count')).toHaveText('12');
  await expect(page.getByTestId('nav-settings-count')).not.toBeEmpty();

  for (const language of ['sv', 'en'] as const) {
    await page.getByLabel(/Språk|Language/).selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    for (const size of [{ width: 900, height: 640 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(size);
      const items = await sidebarLayout(page);
      expect(items).toHaveLength(7);
      for (const item of items) {
        const where = `${item.label} (${item.id}) in ${language} at ${size.width}×${size.height}`;
        expect.soft(item.truncated, `${where} is cut`).toBe(false);
        expect.soft(item.overlaps, `${where} overlaps its counts or shortcut`).toBe(false);
        expect.soft(item.outside, `${where} sticks out of its button or the sidebar`).toBe(false);
        expect.soft(item.oneLine, `${where} takes more than one line`).toBe(true);
        expect.soft(item.shortcutShown, `${where} hides its shortcut`).toBe(true);
      }
    }
    // 200 % zoom lays the window out at half its size in CSS pixels: the labels still show whole
    // and nothing overlaps, though the counts and shortcuts may move to a line of their own.
    for (const size of [{ width: 450, height: 320 }, { width: 720, height: 450 }]) {
      await page.setViewportSize(size);
      const sidebar = await page.locator('.app-sidebar').evaluate((element) => ({
        right: element.getBoundingClientRect().right,
        scrollsSideways: element.scrollWidth > element.clientWidth,
      }));
      const content = await page.locator('.app-content').evaluate((element) => element.getBoundingClientRect().left);
      expect(sidebar.right, `the sidebar reaches under the view at 200 % of ${size.width * 2}×${size.height * 2}`).toBeLessThanOrEqual(content);
      expect(sidebar.scrollsSideways, `the sidebar scrolls sideways at 200 % of ${size.width * 2}×${size.height * 2}`).toBe(false);
      for (const item of await sidebarLayout(page)) {
        const where = `${item.label} (${item.id}) in ${language} at 200 % of ${size.width * 2}×${size.height * 2}`;
        expect.soft(item.truncated, `${where} is cut`).toBe(false);
        expect.soft(item.overlaps, `${where} overlaps its counts or shortcut`).toBe(false);
        expect.soft(item.outside, `${where} sticks out of its button or the sidebar`).toBe(false);
      }
    }
  }
});

test('keyboard shortcuts switch views, go to Connect and focus the current view’s filter, but wait while typing', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;

  await page.keyboard.press(`${mod}+2`);
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press(`${mod}+f`);
  await expect(page.getByRole('searchbox').first()).toBeFocused();

  // Typing in the filter: a view shortcut would throw the text away, so it waits; Ctrl/Cmd-F still works.
  await page.keyboard.type('faktura');
  await page.keyboard.press(`${mod}+3`);
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');

  await page.getByTestId('nav-connect').focus();
  await page.keyboard.press(`${mod}+3`);
  await expect(page.getByTestId('nav-batch')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press(`${mod}+4`);
  await expect(page.getByTestId('nav-tools')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press(`${mod}+1`);
  await expect(page.getByTestId('nav-companies')).toHaveAttribute('aria-current', 'page');

  await page.keyboard.press(`${mod}+n`);
  await expect(page.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('button', { name: 'Anslut till Fortnox' })).toBeFocused();
});

test('a closed status stays closed, and a new sign-in never shows the previous company’s outcome', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await connectCompany(h, 'bo');
  await expect(page.getByTestId('flow-company')).toContainText('Bergs Bygg AB');

  await page.getByRole('button', { name: 'Stäng statusen' }).click();
  await expect(page.getByTestId('flow-status')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Anslut till Fortnox' })).toBeFocused();

  // The next company: from the click on, the first company's outcome is gone.
  await page.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  await expect(page.getByText('Bergs Bygg AB')).toHaveCount(0);
  const signIn = await h.signInWindow(1);
  await expect(page.getByTestId('flow-status')).toContainText('Logga in i Fortnox');
  await signIn.page.getByLabel('Användarnamn').fill('anna');
  await signIn.page.getByLabel('Lösenord').fill('demo');
  await signIn.page.getByRole('button', { name: 'Logga in' }).click();
  await signIn.page.getByRole('radio', { name: /Café Söder AB/ }).check();
  await signIn.page.getByRole('button', { name: 'Fortsätt' }).click();
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(page.getByTestId('flow-company')).toContainText('Café Söder AB');
  await expect(page.getByTestId('flow-status')).not.toContainText('Bergs Bygg AB');
});

test('the Connect button stays in view when the picker is scrolled', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.setViewportSize({ width: 900, height: 640 });
  await page.getByTestId('nav-connect').click();
  await page.locator('.app-content').evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.getByRole('button', { name: 'Anslut till Fortnox' })).toBeInViewport();
});

test('dark mode follows the operating system: the window’s background turns dark', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  const background = () => page.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return page.getComputedStyle(page.document.documentElement).backgroundColor ?? '';
  });
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(dark).not.toBe(light);
  const [r, g, b] = (dark.match(/\d+/g) ?? []).map(Number);
  expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(3 * 60);
});

test('in forced colours the current view keeps its own cue (a border and an underline), the others none', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.emulateMedia({ forcedColors: 'active' });
  const cue = (view: string) =>
    page.getByTestId(`nav-${view}`).evaluate((element) => {
      const page = globalThis as unknown as PageGlobals;
      const style = page.getComputedStyle(element);
      const label = page.getComputedStyle(element.querySelector('.nav-label') ?? element);
      return { width: style.borderLeftWidth, style: style.borderLeftStyle, color: style.borderLeftColor, background: style.backgroundColor, underline: label.textDecorationLine };
    });
  const current = await cue('companies');
  expect(current.style).toBe('solid');
  expect(parseFloat(current.width ?? '0')).toBeGreaterThanOrEqual(3);
  expect(current.color).not.toBe(current.background);
  expect(current.underline).toContain('underline');
  const other = await cue('connect');
  expect(parseFloat(other.width ?? '0')).toBe(0);
  expect(other.underline).not.toContain('underline');
});

test('the header names the integration (the app’s name until one is set) and shows the simulator badge once', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('Fortnox Connector');
  await expect(page.getByTestId('simulator-badge')).toHaveCount(1);
  await expect(page.getByText('Simulator', { exact: true })).toHaveCount(1);
  const height = await header.evaluate((element) => element.getBoundingClientRect().height);
  expect(height).toBeLessThanOrEqual(48);
  await expect(page).toHaveTitle('Företag – Fortnox Connector');
});

test('the integration’s name set in Settings names the header and the window title, in both languages', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.getByTestId('nav-settings').click();
  await page.getByLabel('Namn', { exact: true }).fill('Byråns Fortnox-koppling');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await expect(page.getByTestId('integration-name-outcome')).toHaveText('Sparat: fönstret heter nu Byråns Fortnox-koppling.');
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText('Byråns Fortnox-koppling');
  await expect(page).toHaveTitle('Inställningar – Byråns Fortnox-koppling');
  await page.locator('#language-select').selectOption('en');
  await expect(page).toHaveTitle('Settings – Byråns Fortnox-koppling');

  await page.getByLabel('Name', { exact: true }).fill('x'.repeat(61));
  await expect(page.getByTestId('integration-name-error')).toHaveText('The name is too long: at most 60 characters.');
  await expect(page.getByRole('button', { name: 'Save the name' })).toBeDisabled();
});

test('a name from the managed configuration wins, is shown in the header and cannot be changed in Settings', async ({ browser }) => {
  const h = await start(browser, {
    clientSecret: 'settings',
    managed: { load: () => Promise.resolve({ managed: { raw: {}, locked: new Set(), integrationName: 'Byrån AB:s integration' }, problems: [] }) },
  });
  const page = h.app;
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText('Byrån AB:s integration');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByLabel('Namn', { exact: true })).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('Namn', { exact: true })).toHaveValue('Byrån AB:s integration');
  await expect(page.getByRole('button', { name: 'Spara namnet' })).toHaveCount(0);
});

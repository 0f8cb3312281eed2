import type { Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';

/*
 * Issue 9, item 8: the main views with the keyboard only (Tab, Shift+Tab, Enter, Escape, and the
 * sidebar's Up/Down: it is one tab stop, as the shell built it). Setup
 * (a connected company, a tool key) goes through the mouse and main; from the first key press on,
 * nothing but the keyboard touches the app. How many Tab presses reach Connect is the shell's test.
 */

let harness: Harness | undefined;

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** What has the focus: its test id, accessible name (aria-label or text) and whether it is inside an open dialog. */
interface Focused {
  testId: string;
  name: string;
  tag: string;
  inDialog: boolean;
}

/** The few DOM members read in the page (the test code is type-checked without the DOM library). */
interface PageElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const document = (globalThis as unknown as { document: { activeElement: PageElement | null; body: unknown } }).document;
    const element = document.activeElement;
    if (!element || element === document.body) return { testId: '', name: '', tag: 'body', inDialog: false };
    return {
      testId: element.getAttribute('data-testid') ?? '',
      name: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(),
      tag: element.tagName.toLowerCase(),
      inDialog: element.closest('dialog[open]') !== null,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses, naming
 * every element the focus passed, so a trap or a missing control shows in the message.
 */
async function tabUntil(page: Page, matches: (element: Focused) => boolean, what: string, options: { backwards?: boolean; max?: number } = {}): Promise<number> {
  const passed: string[] = [];
  const max = options.max ?? 60;
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const element = await focused(page);
    if (matches(element)) return presses;
    passed.push(`${element.tag}${element.testId ? `[${element.testId}]` : ''} "${element.name.slice(0, 40)}"`);
  }
  throw new Error(`${options.backwards ? 'Shift+Tab' : 'Tab'} never reached ${what} in ${max} presses; the focus passed:\n${passed.join('\n')}`);
}

const inSidebar = (element: Focused) => element.testId.startsWith('nav-');

/**
 * Opens a view from the keyboard: Tab (or Shift+Tab) to the sidebar, whose one tab stop is the
 * current view, then its own keys (Up/Down, as desktop sidebars and the shell's roving focus
 * have it) to the view, and Enter. Checks the view is open and has its heading.
 */
async function openWithKeyboard(page: Page, view: string, heading: RegExp, backwards = false): Promise<void> {
  if (!inSidebar(await focused(page))) await tabUntil(page, inSidebar, 'the sidebar', { backwards });
  const order = await page.locator('button.nav-item').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
  const from = order.indexOf((await focused(page)).testId);
  const to = order.indexOf(`nav-${view}`);
  expect(to, `the sidebar has no ${view} view`).toBeGreaterThanOrEqual(0);
  for (let step = from; step !== to; step += to > from ? 1 : -1) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  expect((await focused(page)).testId).toBe(`nav-${view}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: heading }).first()).toBeVisible();
}

test('every main view opens with the keyboard alone (Tab to the sidebar, its arrows, Enter), and a confirmation dialog opens, keeps the focus, and gives it back when closed with Escape or Cancel', async ({
  browser,
}) => {
  const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  harness = h;
  await connectCompany(h, 'bo');
  await h.services.toolKeys.create({ name: 'Excel-rapport', companies: 'all', right: 'read', lifetimeDays: 30 });
  const page = h.app;
  // A fresh page: the focus starts at the document, as when the window opens.
  await page.reload();
  await expect(page.getByTestId('nav-companies')).toHaveAttribute('aria-current', 'page');

  // Every view from the sidebar, reached from the page with Tab; back into the sidebar from a
  // view's content with Shift+Tab.
  await openWithKeyboard(page, 'connect', /Anslut/);
  await openWithKeyboard(page, 'tools', /Verktyg/);
  await openWithKeyboard(page, 'settings', /Inställningar/);
  await openWithKeyboard(page, 'activity', /Aktivitet/);
  await openWithKeyboard(page, 'companies', /företag/i);
  const views = await page.locator('button.nav-item').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
  for (const view of views.filter((id) => !['nav-companies', 'nav-connect', 'nav-tools', 'nav-activity', 'nav-settings'].includes(id))) {
    await openWithKeyboard(page, view.slice('nav-'.length), /./);
  }

  // Connect: the Connect button is reachable from the sidebar, and Shift+Tab leads back to it.
  await openWithKeyboard(page, 'connect', /Anslut/);
  await tabUntil(page, (element) => element.tag === 'button' && element.name === 'Anslut till Fortnox', 'Anslut till Fortnox');

  // Tools: Revoke opens the confirmation with the focus on Cancel.
  await openWithKeyboard(page, 'tools', /Verktyg/, true);
  const revoke = (element: Focused) => element.name === 'Återkalla Excel-rapport';
  await tabUntil(page, revoke, 'the key\'s Revoke button');
  const dialog = page.getByRole('dialog');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  expect(await focused(page)).toMatchObject({ inDialog: true, name: 'Avbryt' });

  // The focus never reaches the page behind the open dialog, either way round. Past the dialog's
  // last button Chromium hands the focus to the window itself (no element: the body), as a modal
  // <dialog> does; the next Tab comes back into the dialog.
  const visited: Focused[] = [];
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    const element = await focused(page);
    visited.push(element);
    expect(element.inDialog || element.tag === 'body', `the focus went behind the dialog after ${key}: ${JSON.stringify(element)}`).toBe(true);
  }
  expect(visited.filter((element) => element.inDialog).map((element) => element.name)).toEqual(
    expect.arrayContaining(['Avbryt', 'Återkalla nyckeln']),
  );
  await tabUntil(page, (element) => element.inDialog && element.name === 'Avbryt', 'the dialog\'s Cancel button', { max: 3 });

  // Escape closes it without revoking; the focus is back on Revoke.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(revoke(await focused(page))).toBe(true);
  expect(h.services.toolKeys.list()[0]?.revokedAt).toBeNull();

  // Enter on Cancel closes it too, and the focus returns.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  expect(await focused(page)).toMatchObject({ inDialog: true, name: 'Avbryt' });
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  expect(revoke(await focused(page))).toBe(true);
  expect(h.services.toolKeys.list()[0]?.revokedAt).toBeNull();

  // Confirming with the keyboard revokes the key.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await tabUntil(page, (element) => element.inDialog && element.name === 'Återkalla nyckeln', 'the dialog\'s Revoke button', { max: 3 });
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('tool-key-revoked')).toBeVisible();
  expect(h.services.toolKeys.list()[0]?.revokedAt).not.toBeNull();
});

test('the sidebar tells screen readers its keys, and every view opens with the keyboard alone: Tab enters on the current view, the arrows move and wrap, Home and End jump, Enter and Space open, Tab leaves', async ({
  browser,
}) => {
  const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  harness = h;
  const page = h.app;
  const sidebar = page.getByRole('navigation', { name: 'Huvudmeny' });
  await expect(page.getByTestId('nav-companies')).toHaveAttribute('aria-current', 'page');

  // What a screen reader hears: the sidebar's description, and the current view's (where Tab lands).
  const hint = /Flytta mellan vyerna med upp- och nedpilen, Home och End, och öppna en med Enter eller blanksteg\. (Ctrl\+1|⌘1) till (Ctrl\+7|⌘7) öppnar en vy/;
  await expect(sidebar).toHaveAccessibleDescription(hint);
  await expect(page.getByTestId('nav-companies')).toHaveAccessibleDescription(hint);
  await expect(page.getByTestId('nav-connect')).not.toHaveAccessibleDescription(hint);

  // One tab stop: the current view.
  await tabUntil(page, inSidebar, 'the sidebar', { max: 3 });
  expect((await focused(page)).testId).toBe('nav-companies');
  const order = await page.locator('button.nav-item').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
  expect(order).toHaveLength(7);

  // Down through every view, opening each, with Enter and Space in turn.
  for (const [index, id] of order.entries()) {
    if (index > 0) await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe(id);
    await page.keyboard.press(index % 2 === 0 ? 'Enter' : 'Space');
    await expect(page.getByTestId(id)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('main').getByRole('heading', { level: 2 }).first()).toBeVisible();
    expect((await focused(page)).testId, `opening ${id} keeps the focus in the sidebar`).toBe(id);
  }

  // The arrows wrap; Home and End go to the first and last view; the roving focus opens nothing by itself.
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).testId).toBe(order[0]);
  await page.keyboard.press('ArrowUp');
  expect((await focused(page)).testId).toBe(order.at(-1));
  await page.keyboard.press('Home');
  expect((await focused(page)).testId).toBe(order[0]);
  await page.keyboard.press('End');
  expect((await focused(page)).testId).toBe(order.at(-1));
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).testId).toBe(order[1]);
  await expect(page.getByTestId(order.at(-1) ?? '')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Space');
  await expect(page.getByTestId(order[1] ?? '')).toHaveAttribute('aria-current', 'page');

  // Tab leaves the sidebar in one press; Shift+Tab comes back to the view just opened.
  await page.keyboard.press('Tab');
  expect(inSidebar(await focused(page))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).testId).toBe(order[1]);
});

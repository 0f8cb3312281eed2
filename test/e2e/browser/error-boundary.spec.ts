import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { INVOKE_CHANNELS, startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';

/** Runs in the page, whose DOM types this (Node) project does not load. */
interface PageStorage {
  sessionStorage: { setItem(key: string, value: string): void };
  localStorage: { setItem(key: string, value: string): void };
}
/** The renderer's language key (renderer/src/i18n/language.ts). */
const LANGUAGE_STORAGE_KEY = 'fortnox-connector.language';

let harness: Harness | undefined;

async function start(browser: Browser): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Makes the page bridge (test-only) hand the app a malformed answer on `channel` after the next load. */
async function breakNextAnswer(h: Harness, channel: string): Promise<void> {
  await h.app.evaluate((name) => (globalThis as unknown as PageStorage).sessionStorage.setItem('connector-test-malform-next', name), channel);
  await h.app.reload();
}

test('a component that throws shows the error view, never a blank window, and Reload brings the app back', async ({ browser }) => {
  const h = await start(browser);
  await expect(h.app.getByTestId('nav-companies')).toBeVisible();

  await breakNextAnswer(h, INVOKE_CHANNELS.getAppInfo);

  const view = h.app.getByTestId('crash-view');
  await expect(view.getByRole('heading', { name: 'Något gick fel' })).toBeVisible();
  await expect(view.getByRole('heading', { name: 'Något gick fel' })).toBeFocused();
  await expect(view.getByRole('alert')).toContainText('Dina anslutningar och inställningar påverkas inte');
  await expect(h.app.getByTestId('nav-companies')).toHaveCount(0);

  await view.getByRole('button', { name: 'Kopiera diagnostik' }).click();
  await expect(h.app.getByTestId('crash-outcome')).toContainText('Kopierat');
  const copied = h.clipboard.at(-1) ?? '';
  expect(copied).toContain('Fortnox Connector diagnostics');
  // The crash itself reached main's log, so the copied diagnostics carry it: the error and where it happened.
  const shown = (await view.getByTestId('crash-details').textContent()) ?? '';
  const [name = '', message = ''] = shown.split(': ', 2);
  expect(name).toMatch(/Error$/);
  const logged = copied.split('\n').filter((line) => line.includes('renderer error'));
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain(name);
  expect(logged[0]).toContain(message.slice(0, 40));
  expect(logged[0]).toMatch(/componentStack=.*\bat \w+/);

  const reloadsBefore = h.ipcTraffic.filter((line) => line.includes(`"channel":"${INVOKE_CHANNELS.reloadApp}"`)).length;
  await view.getByRole('button', { name: 'Ladda om' }).press('Enter');
  await expect(h.app.getByTestId('nav-companies')).toBeVisible();
  await expect(h.app.getByTestId('crash-view')).toHaveCount(0);
  expect(h.ipcTraffic.filter((line) => line.includes(`"channel":"${INVOKE_CHANNELS.reloadApp}"`)).length).toBeGreaterThan(reloadsBefore);
});

test('the error view follows the language the user chose', async ({ browser }) => {
  const h = await start(browser);
  await h.app.evaluate((key) => (globalThis as unknown as PageStorage).localStorage.setItem(key, 'en'), LANGUAGE_STORAGE_KEY);
  await breakNextAnswer(h, INVOKE_CHANNELS.getAppInfo);
  const view = h.app.getByTestId('crash-view');
  await expect(view.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(view.getByRole('button', { name: 'Copy diagnostics' })).toBeVisible();
  await expect(view.getByRole('button', { name: 'Reload' })).toBeVisible();
});

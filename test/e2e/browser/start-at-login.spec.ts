import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';

let harness: Harness | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

test('Settings turns start at login on and off through the operating system’s login items, by keyboard too', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-settings').click();
  const section = h.app.getByTestId('start-at-login-settings');
  await expect(section.getByRole('heading', { name: 'Körs i bakgrunden' })).toBeVisible();
  const checkbox = section.getByRole('checkbox', { name: 'Starta vid inloggning' });
  await expect(checkbox).not.toBeChecked();

  await checkbox.check();
  await expect(checkbox).toBeChecked();
  await expect.poll(() => h.loginItemRequests).toEqual([true]);

  await expect(checkbox).toBeEnabled();
  await checkbox.focus();
  await h.app.keyboard.press('Space');
  await expect(checkbox).not.toBeChecked();
  await expect.poll(() => h.loginItemRequests).toEqual([true, false]);
  await expect.poll(() => h.logLines.join('\n')).toContain('start at login changed');
});

test('Get started offers start at login, once, before the integration is set up', async ({ browser }) => {
  const h = await start(browser, { clientSecret: 'settings' });
  await expect(h.app.getByRole('heading', { name: 'Kom igång' })).toBeVisible();
  const offered = h.app.getByTestId('get-started').getByRole('checkbox', { name: 'Starta vid inloggning' });

  await offered.check();

  await expect(offered).toBeChecked();
  await expect.poll(() => h.loginItemRequests).toEqual([true]);
  await expect(h.app.getByRole('checkbox', { name: 'Starta vid inloggning' })).toHaveCount(1);
});

test('tells the user when macOS still needs their approval in System Settings', async ({ browser }) => {
  const h = await start(browser, { loginItemAnswer: (enabled) => (enabled ? 'requires_approval' : 'off') });
  await h.app.getByTestId('nav-settings').click();
  await h.app.getByRole('checkbox', { name: 'Starta vid inloggning' }).check();

  await expect(h.app.getByTestId('start-at-login-note')).toHaveAttribute('data-status', 'requires_approval');
  await expect(h.app.getByTestId('start-at-login-note')).toContainText('Systeminställningar > Allmänt > Inloggningsobjekt');
  await expect(h.app.getByRole('checkbox', { name: 'Starta vid inloggning' })).toBeChecked();
});

test('the tray’s Connect a company opens the window on the Connect view', async ({ browser }) => {
  const h = await start(browser);
  await expect(h.app.getByRole('heading', { name: 'Anslutna företag' })).toBeVisible();

  h.connector.showView('connect');

  await expect(h.app.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  await expect(h.app.getByRole('button', { name: 'Anslut till Fortnox' })).toBeVisible();
});

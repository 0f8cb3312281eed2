import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { FakeSafeStorage } from '../../unit/main/storage/fake-safe-storage';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';

const DAY = 24 * 60 * 60 * 1000;
let harness: Harness | undefined;
const restarted: { simulator: FortnoxSimulator; dir: string }[] = [];

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const { simulator, dir } of restarted.splice(0)) {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  }
});



function row(h: Harness, tenantId: string) {
  return h.app.locator(`[data-testid="company-row"][data-tenant-id="${tenantId}"]`);
}

/** Opens the company's detail pane (a click on its row) and returns it: every action is there. */
async function details(h: Harness, tenantId: string) {
  await row(h, tenantId).click();
  const pane = h.app.locator(`[data-testid="company-detail"][data-tenant-id="${tenantId}"]`);
  await expect(pane).toBeVisible();
  return pane;
}

type StoredRecord = { tenantId: string; refreshTokenIssuedAt: number | null; status: string; statusIssue: string | null };

/**
 * Connects Bokföringsbyrån Norr AB (1001) and Bergs Bygg AB (2001), quits the app, changes their
 * stored records (as time passing with the app closed would), and starts it again.
 */
async function restartWith(browser: Browser, change: (record: StoredRecord) => void): Promise<Harness> {
  const simulator = await startFortnoxSimulator(e2eScript());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'connector-e2e-alerts-'));
  restarted.push({ simulator, dir: dataDir });
  const safeStorage = new FakeSafeStorage();
  const first = await start(browser, { simulator, dataDir, safeStorage });
  await connectCompany(first, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(first.app.getByTestId('flow-company')).toContainText('556677-8899');
  await connectCompany(first, 'bo');
  await expect(first.app.getByTestId('flow-company')).toContainText('556123-4567');
  await first.close();
  harness = undefined;
  const file = path.join(dataDir, 'companies.json');
  const stored = JSON.parse(await readFile(file, 'utf8')) as { companies: StoredRecord[] };
  for (const record of stored.companies) change(record);
  await writeFile(file, JSON.stringify(stored));
  return start(browser, { simulator, dataDir, safeStorage });
}

test('a company whose refresh token is near its deadline shows its renew-by date highlighted, and a notification click shows only it', async ({
  browser,
}) => {
  const h = await restartWith(browser, (record) => {
    // 40 of the 45 days gone while the app was not running.
    if (record.tenantId === '1001') record.refreshTokenIssuedAt = Date.now() - 40 * DAY;
  });

  const near = row(h, '1001').getByTestId('company-renew-by');
  await expect(near).toHaveAttribute('data-soon', 'true');
  await expect(near).toContainText(/Förnya senast \d{1,2} [a-zé]+ \d{4}/);
  await expect(near).toHaveAttribute('title', /Anslutningen upphör om den inte förnyas före detta datum/);
  const far = row(h, '2001').getByTestId('company-renew-by');
  await expect(far).toHaveAttribute('data-soon', 'false');
  await expect(far).toContainText('Förnya senast');
  expect(h.badgeCounts.at(-1)).toBe(1);

  // The 7-day warning waits for the background refresh's chance after start, then comes once.
  expect(h.notifications).toHaveLength(0);
  h.advanceTime(10 * 60 * 1000);
  expect(h.notifications).toHaveLength(1);
  expect(h.notifications[0]?.notification.text.title).toMatch(/^Anslutningen till Bokföringsbyrån Norr AB går ut \d{1,2} [a-zé]+ \d{4}$/);
  expect(h.notifications[0]?.notification.tenantIds).toEqual(['1001']);
  h.advanceTime(60 * 60 * 1000);
  expect(h.notifications).toHaveLength(1);

  await h.app.getByTestId('nav-settings').click();
  h.notifications[0]?.click();
  await expect(h.app.getByTestId('alert-filter')).toContainText('Visar företaget från aviseringen.');
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  await expect(row(h, '1001')).toBeVisible();
});

test('the "show these companies" event filters the list to them and "Visa alla" clears it', async ({ browser }) => {
  const h = await restartWith(browser, (record) => {
    record.status = 'needs_reconnect';
    record.statusIssue = 'invalid_grant';
  });
  // Both need reconnecting: one grouped notification at start, none per company.
  expect(h.notifications.map((entry) => entry.notification.text.title)).toEqual(['2 företag behöver anslutas igen']);
  expect(h.notifications[0]?.notification.tenantIds).toEqual(['1001', '2001']);
  // A company that needs a new sign-in shows no renew-by date: its status says what to do.
  await expect(row(h, '1001').getByTestId('company-renew-by')).toHaveCount(0);

  // A text filter that would hide the company is cleared by the event.
  await h.app.getByTestId('nav-companies').click();
  await expect(h.app.getByTestId('company-row')).toHaveCount(2);
  await h.app.getByRole('searchbox').fill('Norr');
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  await h.app.getByTestId('nav-connect').click();

  h.connector.showCompanies(['2001']);
  await expect(h.app.getByTestId('nav-companies')).toHaveAttribute('aria-current', 'page');
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  await expect(row(h, '2001')).toBeVisible();
  await expect(h.app.getByTestId('company-count')).toContainText('1');
  const showAll = h.app.getByTestId('alert-filter').getByRole('button', { name: 'Visa alla' });
  await showAll.focus();
  await h.app.keyboard.press('Enter');
  await expect(h.app.getByTestId('alert-filter')).toHaveCount(0);
  await expect(h.app.getByTestId('company-row')).toHaveCount(2);
});

test('a company that fails while the app runs is notified in the language chosen in the window', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('556123-4567');
  await h.app.getByLabel(/Språk/).selectOption('en');
  await expect.poll(() => h.alerts.currentLanguage()).toBe('en');
  expect(h.notifications).toHaveLength(0);

  // The integration was removed in Fortnox; an hour later the access token has expired and the
  // refresh is refused.
  h.simulator.revokeConsent(2001);
  h.advanceTime(61 * 60 * 1000);
  await h.app.getByTestId('nav-companies').click();
  await (await details(h, '2001')).getByRole('button', { name: 'Test' }).click();
  await expect(row(h, '2001')).toHaveAttribute('data-status', 'needs_reconnect');
  h.advanceTime(1_000);
  expect(h.notifications.map((entry) => entry.notification.text.title)).toEqual(['Bergs Bygg AB needs reconnecting']);
  expect(h.badgeCounts.at(-1)).toBe(1);
});

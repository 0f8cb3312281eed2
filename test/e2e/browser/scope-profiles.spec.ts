import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { createManagedSource, type ManagedSource } from '../../../main/config/managed-source';
import { createLogger } from '../../../main/logging/logger';
import { FILE_LIMITS, readBoundedFile } from '../../../main/storage/read-bounded-file';
import { startFortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { fileFactsOwnedBy, ROOT_OWNED } from '../../unit/main/config/fake-managed-ports';
import { E2E_CLIENT_ID, NARROW_CLIENT_ID, e2eScript } from '../e2e-script';
import { CLIENTS, firmScript, logInAsFirm } from './batch-firm';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';

// Issue 9 item 4: scope profiles, "Välj alla" and deletevoucher, the filter's synonyms, invalid_scope.

let harness: Harness | undefined;
const cleanups: (() => Promise<void>)[] = [];

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openConnectView(h: Harness): Promise<void> {
  const nav = h.app.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
}

const profileButton = (h: Harness, name: string) => h.app.getByRole('group', { name: 'Snabbval' }).getByRole('button', { name, exact: true });
const checkbox = (h: Harness, wireName: string) => h.app.getByRole('checkbox', { name: new RegExp(` ${wireName}$`) });

/** The authorize requests the simulator saw, their `scope` parameter each. */
const requestedScopes = (h: Harness) =>
  h.simulator.log.flatMap((event) => (event.type === 'authorize-request' ? [event.params.scope ?? ''] : []));

test('a chosen profile is summarised in plain words, its exact request is under Detaljer, and it is remembered after a restart', async ({ browser }) => {
  const simulator = await startFortnoxSimulator(e2eScript());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scope-profiles-'));
  cleanups.push(async () => {
    await simulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const first = await start(browser, { simulator, dataDir });
  await openConnectView(first);
  await profileButton(first, 'Lön').click();
  await expect(profileButton(first, 'Lön')).toHaveAttribute('aria-pressed', 'true');
  await expect(first.app.getByTestId('scope-summary-profile')).toHaveText('Profil: Lön');
  await expect(first.app.getByTestId('scope-summary-text')).toHaveText('Läsa och ändra Företagsinformation och Lön i företagets Fortnox.');

  // The wire names and the request are behind "Detaljer", exactly as main sends them.
  await expect(first.app.getByTestId('scope-request')).toBeHidden();
  await first.app.getByText('Detaljer', { exact: true }).click();
  await expect(first.app.getByTestId('scope-string')).toHaveText('companyinformation salary');
  await expect(first.app.getByTestId('scope-request')).toHaveText('scope=companyinformation%20salary&response_type=code&access_type=offline');
  await first.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  await first.signInWindow(0);
  await expect
    .poll(() => first.simulator.log.flatMap((event) => (event.type === 'authorize-request' ? [event.url] : [])))
    .toEqual([expect.stringContaining('scope=companyinformation%20salary&')]);
  await first.close();
  harness = undefined;

  const again = await start(browser, { simulator, dataDir });
  await openConnectView(again);
  await expect(profileButton(again, 'Lön')).toHaveAttribute('aria-pressed', 'true');
  await expect(again.app.getByTestId('scope-string')).toHaveText('companyinformation salary');
});

test('the default profile chosen in Settings is what Connect starts with after a restart', async ({ browser }) => {
  const simulator = await startFortnoxSimulator(e2eScript());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scope-profiles-default-'));
  cleanups.push(async () => {
    await simulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const first = await start(browser, { simulator, dataDir });
  await first.app.getByTestId('nav-settings').click();
  await first.app.getByLabel('Profil att börja med').selectOption({ label: 'Fakturering' });
  await first.app.getByRole('button', { name: 'Spara standardprofilen' }).click();
  await expect(first.app.getByTestId('default-profile').getByRole('status')).toHaveText('Standardprofilen sparades.');
  await first.close();
  harness = undefined;

  const again = await start(browser, { simulator, dataDir });
  await openConnectView(again);
  await expect(profileButton(again, 'Fakturering')).toHaveAttribute('aria-pressed', 'true');
  await expect(again.app.getByTestId('scope-summary-profile')).toHaveText('Profil: Fakturering');
});

test('an own profile is saved, survives a restart, is renamed and deleted after a confirmation', async ({ browser }) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scope-profiles-own-'));
  const simulator = await startFortnoxSimulator(e2eScript());
  cleanups.push(async () => {
    await simulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const first = await start(browser, { simulator, dataDir });
  await openConnectView(first);
  await checkbox(first, 'customer').check();
  await checkbox(first, 'supplier').check();
  await expect(first.app.getByTestId('scope-summary-profile')).toHaveText('Egna val (ingen profil)');
  await first.app.getByRole('button', { name: 'Spara som profil …' }).click();
  await first.app.getByLabel('Profilens namn').fill('Fakturering');
  await first.app.getByRole('button', { name: 'Spara profilen' }).click();
  await expect(first.app.getByRole('alert')).toHaveText('Det finns redan en profil med det namnet. Välj ett annat.');
  await first.app.getByLabel('Profilens namn').fill('Kund och leverantör');
  await first.app.getByRole('button', { name: 'Spara profilen' }).click();
  await expect(first.app.getByTestId('profile-notice')).toHaveText('Profilen ”Kund och leverantör” sparades.');
  await expect(profileButton(first, 'Kund och leverantör')).toHaveAttribute('aria-pressed', 'true');
  await first.close();
  harness = undefined;

  const h = await start(browser, { simulator, dataDir });
  await openConnectView(h);
  await expect(profileButton(h, 'Kund och leverantör')).toHaveAttribute('aria-pressed', 'true');
  await expect(h.app.getByTestId('scope-string')).toHaveText('companyinformation customer supplier');
  await h.app.getByRole('button', { name: 'Byt namn …' }).click();
  await h.app.getByLabel('Profilens namn').fill('Register');
  await h.app.getByRole('button', { name: 'Spara namnet' }).click();
  await expect(profileButton(h, 'Register')).toBeVisible();
  await h.app.getByRole('button', { name: 'Ta bort profilen' }).click();
  const dialog = h.app.getByTestId('profile-delete-dialog');
  await expect(dialog).toContainText('Ta bort profilen ”Register”?');
  await dialog.getByRole('button', { name: 'Ta bort profilen' }).click();
  await expect(profileButton(h, 'Register')).toHaveCount(0);
  expect(h.services.settings.preferences().scopeProfiles?.own).toEqual([]);
});

test('"Välj alla" never adds deletevoucher or unlisted scopes, and ticking deletevoucher asks first', async ({ browser }) => {
  const h = await start(browser);
  await openConnectView(h);
  await h.app.getByRole('checkbox', { name: 'Välj alla i Bokföring' }).check();
  await expect(h.app.getByTestId('scope-string')).toHaveText('bookkeeping companyinformation costcenter currency');
  await expect(checkbox(h, 'deletevoucher')).not.toBeChecked();
  await expect(checkbox(h, 'assets')).not.toBeChecked();
  await expect(h.app.getByRole('checkbox', { name: 'Välj alla i Bokföring' })).toBeChecked();
  await expect(h.app.getByText(/Välj alla tar inte med Inventarier, Radera verifikationer/)).toBeVisible();
  await h.app.getByRole('checkbox', { name: 'Välj alla i Artiklar och lager' }).check();
  await expect(checkbox(h, 'warehouse')).not.toBeChecked();
  await expect(checkbox(h, 'article')).toBeChecked();

  // deletevoucher on its own: a dialog explains it; Cancel leaves it off, the confirm button ticks it.
  await checkbox(h, 'deletevoucher').click();
  const dialog = h.app.getByTestId('deletevoucher-dialog');
  await expect(dialog).toContainText('Låta integrationen radera verifikationer?');
  await expect(dialog).toContainText('En raderad verifikation går inte att få tillbaka');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(checkbox(h, 'deletevoucher')).not.toBeChecked();
  await checkbox(h, 'deletevoucher').click();
  await dialog.getByRole('button', { name: 'Ja, låt den radera verifikationer' }).click();
  await expect(checkbox(h, 'deletevoucher')).toBeChecked();
  await expect(h.app.getByTestId('scope-summary-text')).toContainText('Den får också radera verifikationer.');
  // A scope Fortnox's page does not list can still be ticked by hand.
  await checkbox(h, 'warehouse').check();
  await expect(h.app.getByTestId('scope-string')).toContainText('warehouse deletevoucher');
});

test('the filter finds the words accountants type, through stems and synonyms, in both languages', async ({ browser }) => {
  const h = await start(browser);
  await openConnectView(h);
  const filter = h.app.getByLabel('Filtrera behörigheter');
  for (const [word, wireName] of [
    ['faktura', 'invoice'],
    ['fakturor', 'supplierinvoice'],
    ['moms', 'bookkeeping'],
    ['bank', 'payment'],
    ['huvudbok', 'bookkeeping'],
    ['attest', 'supplierinvoice'],
    ['vat', 'bookkeeping'],
    ['ledger', 'bookkeeping'],
    ['payroll', 'salary'],
  ] as const) {
    await filter.fill(word);
    await expect(checkbox(h, wireName), word).toBeVisible();
    await expect(h.app.getByText(/Inga behörigheter matchar/)).toHaveCount(0);
  }
  await filter.fill('moms');
  await expect(checkbox(h, 'salary')).toHaveCount(0);

  await h.app.getByRole('combobox', { name: 'Språk / Language' }).selectOption('en');
  const englishFilter = h.app.getByLabel('Filter scopes');
  for (const [word, wireName] of [
    ['lön', 'salary'],
    ['huvudbok', 'bookkeeping'],
    ['invoices', 'invoice'],
    ['vat', 'bookkeeping'],
  ] as const) {
    await englishFilter.fill(word);
    await expect(checkbox(h, wireName), word).toBeVisible();
  }
});

test('invalid_scope marks the scope Fortnox refused, and "Ta bort den och försök igen" removes it and signs in again', async ({ browser }) => {
  const h = await start(browser, { clientId: NARROW_CLIENT_ID });
  await openConnectView(h);
  await checkbox(h, 'invoice').check();
  await checkbox(h, 'salary').check();
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  const failure = h.app.getByTestId('flow-status');
  await expect(failure.getByRole('alert')).toContainText('En behörighet är inte aktiverad för integrationen');
  await expect(h.app.getByTestId('flow-invalid-scope')).toContainText('Fortnox godtog inte Lön (salary).');
  await expect(h.app.getByTestId('scope-refused-salary')).toHaveText('Fortnox godtog inte den här behörigheten');
  await expect(checkbox(h, 'salary')).toHaveAttribute('aria-invalid', 'true');
  await expect(h.app.getByTestId('scope-refused-invoice')).toHaveCount(0);

  await h.app.getByRole('button', { name: 'Ta bort den och försök igen' }).click();
  await h.signInWindow(1);
  await expect.poll(() => requestedScopes(h)).toEqual(['companyinformation invoice salary', 'companyinformation invoice']);
  await expect(checkbox(h, 'salary')).not.toBeChecked();
  await expect(h.app.getByTestId('scope-refused-salary')).toHaveCount(0);
  await expect(h.app.getByTestId('scope-string')).toHaveText('companyinformation invoice');
});

test('invalid_scope without a named scope says so and offers the details', async ({ browser }) => {
  const h = await start(browser, { clientId: NARROW_CLIENT_ID });
  h.simulator.controls.invalidScopeWithoutDescription = true;
  await openConnectView(h);
  await checkbox(h, 'salary').check();
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  const panel = h.app.getByTestId('flow-invalid-scope');
  await expect(panel).toContainText('Fortnox sa inte vilken behörighet det gällde.');
  await panel.getByText('Detaljer', { exact: true }).click();
  await expect(panel.getByText('companyinformation salary', { exact: true })).toBeVisible();
  await expect(h.app.getByRole('button', { name: 'Ta bort den och försök igen' })).toHaveCount(0);
  await expect(h.app.locator('[aria-invalid="true"]')).toHaveCount(0);
});

/** A root-owned managed file that locks the firm's profile "Byråns standard" (companyinformation, invoice). */
async function lockedProfileSource(): Promise<ManagedSource> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'managed-profile-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const filePath = path.join(dir, 'managed-settings.json');
  const secret = e2eScript().clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '';
  await writeFile(filePath, JSON.stringify({ clientSecret: secret, scopeProfile: { name: 'Byråns standard', scopes: ['companyinformation', 'invoice'] } }));
  return createManagedSource({
    platform: 'linux',
    filePath,
    fs: fileFactsOwnedBy(ROOT_OWNED),
    readFile: (file, check) => readBoundedFile(file, FILE_LIMITS.settings, check),
    log: createLogger(() => undefined),
  });
}

test('a profile locked by the managed configuration is shown with the reason and is what every sign-in requests', async ({ browser }) => {
  const h = await start(browser, { clientSecret: 'settings', managed: await lockedProfileSource() });
  await openConnectView(h);
  await expect(h.app.getByTestId('scopes-locked')).toContainText('IT-avdelningen har låst behörigheterna till profilen ”Byråns standard”');
  await expect(h.app.getByRole('group', { name: 'Snabbval' })).toHaveCount(0);
  await expect(checkbox(h, 'invoice')).toBeChecked();
  await expect(checkbox(h, 'invoice')).toBeDisabled();
  await expect(checkbox(h, 'salary')).toBeDisabled();
  await expect(h.app.getByRole('checkbox', { name: 'Välj alla i Lön' })).toBeDisabled();
  await expect(h.app.getByTestId('scope-summary-profile')).toHaveText('Profil: Byråns standard');

  // Main holds the lock too: whatever the window asks for, the sign-in requests the managed scopes.
  await h.app.evaluate(() =>
    (globalThis as unknown as { connector: { startConnect(request: unknown): Promise<unknown> } }).connector.startConnect({
      scopes: ['companyinformation', 'salary', 'deletevoucher'],
      offlineAccess: true,
      serviceAccount: false,
      restart: false,
    }),
  );
  await h.signInWindow(0);
  await expect.poll(() => requestedScopes(h)).toEqual(['companyinformation invoice']);

  // Settings says why the default cannot be chosen there.
  await h.app.getByTestId('nav-settings').click();
  await expect(h.app.getByTestId('default-profile-managed')).toContainText('IT-avdelningen har låst behörigheterna');
});

test('a batch started under a locked profile asks Fortnox for the locked scopes, for the list and when the window asks for others', async ({ browser }) => {
  const h = await start(browser, { script: firmScript(), clientSecret: 'settings', managed: await lockedProfileSource() });
  const [alfa, beta] = CLIENTS;
  await h.app.getByTestId('nav-batch').click();
  await expect(h.app.getByText('Behörigheter: Byråns standard (2 valda)')).toBeVisible();
  await h.app.getByLabel('Organisationsnummer, ett per rad').fill(alfa.organizationNumber);
  await h.app.getByRole('button', { name: 'Anslut företagen' }).click();
  const window = await h.signInWindow(0);
  await logInAsFirm(window);
  await window.page.getByRole('radio', { name: new RegExp(alfa.name) }).check();
  await window.page.getByRole('button', { name: 'Fortsätt' }).click();
  await window.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(h.app.getByTestId('batch-summary')).toContainText('1 anslutna');
  expect(requestedScopes(h)).toEqual(['companyinformation invoice']);
  expect(h.simulator.grants().find((grant) => grant.tenantId === alfa.tenantId)?.scopes).toEqual(['companyinformation', 'invoice']);

  // Main holds the lock for a batch too: a window that asks for other scopes gets the locked ones.
  await h.app.evaluate(
    (entry) =>
      (globalThis as unknown as { connector: { startBatch(request: unknown): Promise<unknown> } }).connector.startBatch({
        scopes: ['companyinformation', 'salary', 'deletevoucher'],
        offlineAccess: true,
        serviceAccount: false,
        entries: [entry],
      }),
    { orgNumber: beta.organizationNumber, name: beta.name },
  );
  await h.signInWindow(1);
  await expect.poll(() => requestedScopes(h)).toEqual(['companyinformation invoice', 'companyinformation invoice']);
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { FortnoxCallError } from '../../../main/fortnox/fortnox-call-error';
import { FakeSafeStorage } from '../../unit/main/storage/fake-safe-storage';
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

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill('demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
}

/** Runs one sign-in from the Connect view: login, optional company choice, approve. */
async function connectCompany(h: Harness, username: string, company?: RegExp): Promise<void> {
  const index = h.signIns.length;
  const nav = h.app.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  await approveIn(h, index, username, company);
}

async function approveIn(h: Harness, index: number, username: string, company?: RegExp): Promise<void> {
  const signIn = await h.signInWindow(index);
  await signIn.page.waitForLoadState('domcontentloaded');
  await logIn(signIn.page, username);
  if (company) {
    await signIn.page.getByRole('radio', { name: company }).check();
    await signIn.page.getByRole('button', { name: 'Fortsätt' }).click();
  }
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
}

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

async function showCompanies(h: Harness): Promise<void> {
  await h.app.getByTestId('nav-companies').click();
}

test('the app opens on the connected companies, with an empty state that leads to Connect', async ({ browser }) => {
  const h = await start(browser);
  await expect(h.app.getByTestId('companies-empty')).toBeVisible();
  await h.app.getByRole('button', { name: 'Anslut ett företag' }).click();
  await expect(h.app.getByRole('button', { name: 'Anslut till Fortnox' })).toBeVisible();
});

test('two companies connected, the first reconnected (still two rows, tokens replaced), then disconnected', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(h.app.getByTestId('flow-company')).toContainText('Bokföringsbyrån Norr AB, org.nr 556677-8899');
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');

  await showCompanies(h);
  await expect(h.app.getByTestId('company-row')).toHaveCount(2);
  await expect(row(h, '1001')).toContainText('Bokföringsbyrån Norr AB');
  await expect(row(h, '1001')).toContainText('556677-8899');
  await expect(row(h, '2001')).toContainText('Bergs Bygg AB');
  await expect(row(h, '1001').getByTestId('company-status')).toHaveText('Aktiv');

  // Reconnect the first: same tenant, so the row is updated in place and its tokens replaced.
  const firstGrant = h.simulator.grants().find((grant) => grant.tenantId === 1001);
  const index = h.signIns.length;
  await (await details(h, '1001')).getByRole('button', { name: 'Anslut igen', exact: true }).click();
  await approveIn(h, index, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(h.app.getByTestId('flow-company')).toContainText('Bokföringsbyrån Norr AB, org.nr 556677-8899');
  await showCompanies(h);
  await expect(h.app.getByTestId('company-row')).toHaveCount(2);
  const grants = h.simulator.grants().filter((grant) => grant.tenantId === 1001);
  expect(grants).toHaveLength(2);
  const newest = grants[grants.length - 1];
  expect(newest?.refreshToken).not.toBe(firstGrant?.refreshToken);

  // An hour later the access token has expired: testing refreshes with the NEW refresh token.
  h.advanceTime(61 * 60 * 1000);
  await (await details(h, '1001')).getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(h.app.locator('[data-testid="company-detail"][data-tenant-id="1001"]').getByTestId('company-test-result')).toContainText('Anslutningen fungerar: Bokföringsbyrån Norr AB');
  const refreshes = h.simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
  expect(refreshes.map((request) => request.refreshToken)).toEqual([newest?.refreshToken]);
  // The refresh token the reconnect replaced was revoked at Fortnox once the new pair was stored.
  expect(h.simulator.revocations()).toEqual([
    expect.objectContaining({ token: firstGrant?.refreshToken, revoked: true, tenantId: 1001, basicAuthValid: true }),
  ]);

  // Disconnect: Fortnox is told first, then the local data goes.
  await (await details(h, '2001')).getByRole('button', { name: 'Koppla från' }).click();
  await h.app.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(h.app.getByTestId('disconnect-result')).toBeVisible();
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  const revocations = h.simulator.revocations();
  expect(revocations).toHaveLength(2);
  expect(revocations[1]).toMatchObject({ revoked: true, tenantId: 2001, basicAuthValid: true });
  expect(h.services.connections.list().map((company) => company.tenantId)).toEqual(['1001']);

  // Secrets stay secret: no token, code or client secret in any log line or IPC message.
  const secrets = h.simulator.issuedSecrets().filter((value) => value.length >= 8);
  expect(secrets.length).toBeGreaterThan(6);
  const everything = [...h.logLines, ...h.ipcTraffic];
  expect(everything.length).toBeGreaterThan(20);
  for (const secret of secrets) {
    const leaks = everything.filter((line) => line.includes(secret));
    expect(leaks, `a secret reached a log line or IPC message`).toEqual([]);
  }
});

test('a disconnect that Fortnox does not hear about still removes the company and says what to do', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toBeVisible();
  await showCompanies(h);
  h.simulator.injectFault({ route: 'revoke', kind: 'reset' });
  await (await details(h, '2001')).getByRole('button', { name: 'Koppla från' }).click();
  await h.app.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(h.app.getByTestId('disconnect-result')).toHaveAttribute('data-outcome', 'removed-locally');
  await expect(h.app.getByTestId('disconnect-result')).toContainText('Hantera integrationer');
  await expect(h.app.getByTestId('company-row')).toHaveCount(0);
});

for (const fault of [
  { kind: 'html500', text: 'Fortnox har ett tillfälligt serverfel' },
  { kind: 'invalidJson', text: 'Svaret från Fortnox gick inte att tolka' },
  { kind: 'reset', text: 'Appen fick ingen kontakt med Fortnox' },
  { kind: 'delay', text: 'Fortnox svarade inte i tid' },
  { kind: 'lyingContentLength', text: 'Svaret från Fortnox var orimligt stort' },
] as const) {
  test(`a token endpoint ${fault.kind} fault gives a readable message and loses nothing`, async ({ browser }) => {
    const h = await start(browser, { httpTimeoutMs: 500 });
    await connectCompany(h, 'bo');
    await expect(h.app.getByTestId('flow-company')).toBeVisible();
    h.simulator.injectFault(
      fault.kind === 'delay' ? { route: 'token', kind: 'delay', ms: 1500 } : { route: 'token', kind: fault.kind },
    );
    await h.app.getByRole('checkbox', { name: / invoice$/ }).check();
    const selection = await h.app.getByTestId('scope-string').textContent();
    await connectCompany(h, 'anna', /Café Söder AB/);
    const alert = h.app.getByTestId('flow-status').getByRole('alert');
    await expect(alert).toContainText('Fortnox godkände, men anslutningen kunde inte slutföras');
    await expect(alert).toContainText(fault.text);
    // Nothing lost: the first company is still connected and the selection is as it was.
    await expect(h.app.getByTestId('scope-string')).toHaveText(selection ?? '');
    expect(h.services.connections.list().map((company) => company.tenantId)).toEqual(['2001']);
    await showCompanies(h);
    await expect(h.app.getByTestId('company-row')).toHaveCount(1);
    await expect(row(h, '2001').getByTestId('company-status')).toHaveText('Aktiv');
  });
}

test('a rate-limited code exchange waits and completes', async ({ browser }) => {
  const h = await start(browser);
  h.simulator.injectFault({ route: 'token', kind: 'status429' });
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-exchanging')).toBeVisible();
  await expect.poll(() => h.simulator.tokenRequests().length).toBe(1);
  h.advanceTime(2_000);
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');
  expect(h.simulator.tokenRequests().map((request) => request.outcome)).toEqual(['not-handled', 'issued']);
});

test('without OS encryption (Linux basic_text) the app says so and writes no secret to disk', async ({ browser }) => {
  const h = await start(browser, { safeStorage: new FakeSafeStorage({ backend: 'basic_text' }) });
  await expect(h.app.getByTestId('storage-banner')).toBeVisible();
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toBeVisible();
  const { readdir, readFile } = await import('node:fs/promises');
  // Every file, in sub-folders too (the audit log's `audit/`).
  const entries = await readdir(h.dataDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => `${entry.parentPath}/${entry.name}`);
  const contents = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  expect(files).not.toContain(`${h.dataDir}/secrets.json`);
  for (const secret of h.simulator.issuedSecrets().filter((value) => value.length >= 8)) {
    for (const content of contents) expect(content).not.toContain(secret);
  }
});

test('the client secret entered in Settings is used for the exchange and never shown again', async ({ browser }) => {
  const h = await start(browser, { clientSecret: 'settings' });
  await h.app.getByTestId('nav-settings').click();
  const secret = h.simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '';
  await h.app.getByLabel('Ny klienthemlighet').fill(secret);
  await h.app.getByRole('button', { name: 'Spara hemligheten' }).click();
  await expect(h.app.getByTestId('client-secret-state')).toBeVisible();
  await expect(h.app.getByLabel('Ny klienthemlighet')).toHaveValue('');
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');
  expect(h.ipcTraffic.filter((line) => line.includes(secret) && !line.includes('"to-main"'))).toEqual([]);
});

/** Connects Bokföringsbyrån Norr AB, then reconnects its row but picks Café Söder AB in Fortnox. */
async function reconnectPickingTheOtherCompany(h: Harness, rowsBefore = 1) {
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(h.app.getByTestId('flow-company')).toContainText('Bokföringsbyrån Norr AB, org.nr 556677-8899');
  await showCompanies(h);
  const grantA = h.simulator.grants().find((grant) => grant.tenantId === 1001);
  const index = h.signIns.length;
  await (await details(h, '1001')).getByRole('button', { name: 'Anslut igen', exact: true }).click();
  await approveIn(h, index, 'anna', /Café Söder AB/);
  const alert = h.app.getByTestId('flow-status').getByRole('alert');
  await expect(alert).toContainText('Fel företag');
  await expect(h.app.getByTestId('flow-wrong-company')).toHaveText('Du loggade in på Café Söder AB, inte Bokföringsbyrån Norr AB');
  await expect(h.app.getByTestId('flow-company')).toHaveCount(0);
  // Nothing overwritten, nothing added, and the other company's grant not revoked yet (held).
  await expect(h.app.getByTestId('company-row')).toHaveCount(rowsBefore);
  expect(h.services.connections.list().map((company) => company.tenantId)).toHaveLength(rowsBefore);
  expect(h.simulator.revocations()).toEqual([]);
  const grantB = h.simulator.grants().findLast((grant) => grant.tenantId === 1002);
  expect(grantB?.refreshToken).toBeTruthy();
  return { grantA, grantB };
}

test('a reconnect that signs in to another company overwrites nothing, and the other grant is revoked when declined', async ({ browser }) => {
  const h = await start(browser);
  const { grantA, grantB } = await reconnectPickingTheOtherCompany(h);

  // Said before the generic text, so the reader learns which company it was first.
  const alert = h.app.getByTestId('flow-status').getByRole('alert');
  expect(await alert.innerText()).toMatch(/Du loggade in på Café Söder AB, inte Bokföringsbyrån Norr AB\s+Inloggningen gällde ett annat företag/);

  // From the keyboard: both buttons go away, and the focus lands on the panel's heading, not the page.
  await h.app.getByRole('button', { name: 'Nej, spara inte' }).focus();
  await h.app.keyboard.press('Enter');
  await expect(h.app.getByTestId('flow-other-outcome')).toContainText('Inloggningen på Café Söder AB sparades inte och har återkallats hos Fortnox.');
  await expect(h.app.getByTestId('flow-keep-other')).toHaveCount(0);
  await expect(h.app.locator('#flow-status-heading')).toBeFocused();
  expect(await h.app.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('flow-status-heading');
  await expect.poll(() => h.simulator.revocations()).toEqual([
    expect.objectContaining({ token: grantB?.refreshToken, revoked: true, tenantId: 1002 }),
  ]);

  // Bokföringsbyrån Norr AB still runs on its own grant: the next refresh sends A's refresh token.
  h.advanceTime(61 * 60 * 1000);
  await (await details(h, '1001')).getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(h.app.locator('[data-testid="company-detail"][data-tenant-id="1001"]').getByTestId('company-test-result')).toContainText('Anslutningen fungerar: Bokföringsbyrån Norr AB');
  const refreshes = h.simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
  expect(refreshes.map((request) => request.refreshToken)).toEqual([grantA?.refreshToken]);
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
});

test('a reconnect that signs in to another company can add that company instead, as a new row', async ({ browser }) => {
  const h = await start(browser);
  const { grantA, grantB } = await reconnectPickingTheOtherCompany(h);

  await h.app.getByRole('button', { name: 'Lägg till Café Söder AB i stället' }).click();

  await expect(h.app.getByTestId('flow-company')).toContainText('Café Söder AB, org.nr 559012-3456');
  await expect(h.app.getByTestId('company-row')).toHaveCount(2);
  await expect(row(h, '1002')).toContainText('Café Söder AB');
  await expect(row(h, '1001').getByTestId('company-status')).toHaveText('Aktiv');
  // Both grants live on: nothing was revoked, and each company refreshes with its own token.
  h.advanceTime(61 * 60 * 1000);
  await (await details(h, '1002')).getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(h.app.locator('[data-testid="company-detail"][data-tenant-id="1002"]').getByTestId('company-test-result')).toContainText('Anslutningen fungerar: Café Söder AB');
  await (await details(h, '1001')).getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(h.app.locator('[data-testid="company-detail"][data-tenant-id="1001"]').getByTestId('company-test-result')).toContainText('Anslutningen fungerar: Bokföringsbyrån Norr AB');
  const refreshes = h.simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
  expect(refreshes.map((request) => request.refreshToken)).toEqual([grantB?.refreshToken, grantA?.refreshToken]);
  expect(h.simulator.revocations()).toEqual([]);
});

test('when the other company is already connected, the offer is to reconnect it, not to add it', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'anna', /Café Söder AB/);
  await expect(h.app.getByTestId('flow-company')).toContainText('Café Söder AB, org.nr 559012-3456');
  await reconnectPickingTheOtherCompany(h, 2);

  await expect(h.app.getByTestId('flow-keep-other')).toHaveText('Anslut Café Söder AB igen i stället');
  await expect(h.app.getByRole('button', { name: 'Lägg till Café Söder AB i stället' })).toHaveCount(0);
});

test('when adding the other company fails, the app says why', async ({ browser }) => {
  const h = await start(browser);
  await reconnectPickingTheOtherCompany(h);
  // Stands in for a store that fails while Fortnox is asked about the company (a FortnoxCallError with its issue).
  h.services.connections.keepHeld = () => Promise.reject(new FortnoxCallError('rate_limited', { status: 429 }));

  await h.app.getByRole('button', { name: 'Lägg till Café Söder AB i stället' }).click();

  const outcome = h.app.getByTestId('flow-other-outcome');
  await expect(outcome).toContainText('Café Söder AB kunde inte läggas till.');
  await expect(outcome).toContainText('Fortnox tar emot för många anrop just nu');
});

test('a held sign-in to the other company is revoked by itself after five minutes', async ({ browser }) => {
  const h = await start(browser);
  const { grantB } = await reconnectPickingTheOtherCompany(h);

  h.advanceTime(5 * 60 * 1000);

  await expect(h.app.getByTestId('flow-other-outcome')).toContainText('har återkallats hos Fortnox');
  await expect(h.app.getByTestId('flow-keep-other')).toHaveCount(0);
  await expect.poll(() => h.simulator.revocations()).toEqual([
    expect.objectContaining({ token: grantB?.refreshToken, revoked: true, tenantId: 1002 }),
  ]);
});

test('without offline access the company is connected for one hour only, and its action is to reconnect with offline access', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-connect').click();
  await h.app.getByRole('checkbox', { name: /Offlineåtkomst/ }).uncheck();
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');
  expect(h.simulator.grants()).toEqual([expect.objectContaining({ tenantId: 2001, offline: false, refreshToken: '' })]);

  await showCompanies(h);
  await expect(row(h, '2001').getByTestId('company-status')).toHaveText('Utan offlineåtkomst');
  await expect((await details(h, '2001')).getByTestId('company-access-only')).toContainText('slutar fungera');
  await expect(row(h, '2001').getByRole('button', { name: 'Anslut igen med offlineåtkomst' })).toBeVisible();

  // The hour passes: no refresh is attempted, and the row says a reconnect is needed.
  h.advanceTime(60 * 60 * 1000);
  await expect(row(h, '2001').getByTestId('company-status')).toHaveText('Behöver anslutas igen');
  // The row's button reads the short "Anslut igen"; its name and tooltip say the rest.
  await expect(row(h, '2001').getByRole('button', { name: 'Anslut igen med offlineåtkomst' })).toHaveText('Anslut igen');
  expect(h.simulator.tokenRequests().map((request) => request.grantType)).toEqual(['authorization_code']);

  const index = h.signIns.length;
  await row(h, '2001').getByRole('button', { name: 'Anslut igen med offlineåtkomst' }).click();
  await approveIn(h, index, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');
  await expect(row(h, '2001').getByTestId('company-status')).toHaveText('Aktiv');
  await expect((await details(h, '2001')).getByRole('button', { name: 'Anslut igen', exact: true })).toBeVisible();
  expect(h.simulator.grants().map((grant) => grant.offline)).toEqual([false, true]);
});

// Issue 7, findings 3 and 7: what the app finds at start that is not a healthy company.
const restarted: { simulator: FortnoxSimulator; dir: string }[] = [];

test.afterEach(async () => {
  for (const { simulator, dir } of restarted.splice(0)) {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Connects Bokföringsbyrån Norr AB (1001) and Bergs Bygg AB (2001), quits the app, lets `damage`
 * change its data folder, and starts it again on the same computer and the same Fortnox.
 */
async function restartAfter(browser: Browser, damage: (dataDir: string) => Promise<void>): Promise<Harness> {
  const simulator = await startFortnoxSimulator(e2eScript());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'connector-e2e-restart-'));
  restarted.push({ simulator, dir: dataDir });
  const safeStorage = new FakeSafeStorage();
  const first = await start(browser, { simulator, dataDir, safeStorage });
  await connectCompany(first, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(first.app.getByTestId('flow-company')).toContainText('556677-8899');
  await connectCompany(first, 'bo');
  await expect(first.app.getByTestId('flow-company')).toContainText('556123-4567');
  await first.close();
  harness = undefined;
  await damage(dataDir);
  return start(browser, { simulator, dataDir, safeStorage });
}

function attentionRow(h: Harness, kind: 'damaged' | 'unknown', tenantId: string) {
  return h.app.locator(`[data-testid="attention-row"][data-kind="${kind}"][data-tenant-id="${tenantId}"]`);
}

test('an odd stored record shows as a damaged row among the healthy companies and can be disconnected', async ({ browser }) => {
  const h = await restartAfter(browser, async (dataDir) => {
    const file = path.join(dataDir, 'companies.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { companies: { tenantId: string; status: string }[] };
    for (const record of stored.companies) if (record.tenantId === '2001') record.status = 'paused';
    await writeFile(file, JSON.stringify(stored));
  });

  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  await expect(row(h, '1001')).toContainText('Bokföringsbyrån Norr AB');
  const damaged = attentionRow(h, 'damaged', '2001');
  await expect(damaged).toContainText('Skadad post: Bergs Bygg AB');
  // Field paths are for support: inside a closed "Teknisk information", not in the accountant's text.
  const technical = damaged.getByTestId('attention-technical');
  await expect(technical).not.toHaveAttribute('open');
  await expect(damaged.getByText('Fält som inte kunde läsas:')).toBeHidden();
  await technical.getByText('Teknisk information').click();
  await expect(damaged.getByText('Fält som inte kunde läsas:')).toBeVisible();
  await expect(technical).toContainText('Fält som inte kunde läsas: status');

  // With the keyboard: the row's button, then the confirmation.
  await damaged.getByRole('button', { name: 'Koppla från' }).focus();
  await h.app.keyboard.press('Enter');
  const dialog = h.app.getByRole('dialog');
  await expect(dialog).toContainText('Koppla från Bergs Bygg AB?');
  await expect(dialog).toContainText('Appen ber Fortnox återkalla anslutningen');
  await h.app.keyboard.press('Tab');
  await h.app.keyboard.press('Enter');

  await expect(h.app.getByTestId('disconnect-result')).toHaveAttribute('data-outcome', 'disconnected');
  await expect(h.app.getByTestId('attention-row')).toHaveCount(0);
  await expect(h.app.getByTestId('company-row')).toHaveCount(1);
  expect(h.simulator.revocations()).toEqual([expect.objectContaining({ tenantId: 2001, revoked: true })]);
  const stored = JSON.parse(await readFile(path.join(h.dataDir, 'companies.json'), 'utf8')) as { companies: { tenantId: string }[] };
  expect(stored.companies.map((record) => record.tenantId)).toEqual(['1001']);
});

test('tokens left without records by a damaged companies.json are unknown connections: one restored, one disconnected', async ({ browser }) => {
  const h = await restartAfter(browser, (dataDir) => writeFile(path.join(dataDir, 'companies.json'), '{"version": 2, "compan'));

  await expect(h.app.getByTestId('storage-banner')).toBeVisible();
  await expect(h.app.getByTestId('company-row')).toHaveCount(0);
  await expect(attentionRow(h, 'unknown', '1001')).toContainText('Okänd anslutning: företaget med databasnummer 1001');
  await expect(attentionRow(h, 'unknown', '2001')).toBeVisible();

  await attentionRow(h, 'unknown', '1001').getByRole('button', { name: 'Återställ' }).focus();
  await h.app.keyboard.press('Enter');
  await expect(h.app.getByTestId('restore-result')).toContainText('Bokföringsbyrån Norr AB är återställt');
  // The row and its focused button are gone: the focus is on the outcome, announced once (its own role=status).
  await expect(h.app.getByTestId('restore-result')).toBeFocused();
  expect(await h.app.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).toBe('restore-result');
  await expect(h.app.getByRole('status').filter({ hasText: 'är återställt' })).toHaveCount(1);
  await expect(row(h, '1001')).toContainText('556677-8899');
  await expect(attentionRow(h, 'unknown', '1001')).toHaveCount(0);

  await attentionRow(h, 'unknown', '2001').getByRole('button', { name: 'Koppla från' }).click();
  await expect(h.app.getByRole('dialog')).toContainText('Koppla från företaget med databasnummer 2001?');
  await h.app.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(h.app.getByTestId('disconnect-result')).toHaveAttribute('data-outcome', 'disconnected');
  await expect(h.app.getByTestId('attention-row')).toHaveCount(0);
  expect(h.simulator.revocations()).toEqual([expect.objectContaining({ tenantId: 2001, revoked: true })]);
  expect(h.services.connections.list().map((company) => company.tenantId)).toEqual(['1001']);
});

test('a restore whose call to the app fails says the app did not respond, not that Fortnox could not tell', async ({ browser }) => {
  const h = await restartAfter(browser, (dataDir) => writeFile(path.join(dataDir, 'companies.json'), '{"version": 2, "compan'));
  // Stands in for a main process whose handler fails: the IPC call rejects.
  h.services.connections.restore = () => Promise.reject(new Error('handler failed'));

  await attentionRow(h, 'unknown', '1001').getByRole('button', { name: 'Återställ' }).click();

  const failed = attentionRow(h, 'unknown', '1001').getByTestId('restore-failed');
  await expect(failed).toHaveText('Appen svarade inte. Försök igen.');
  await expect(failed).not.toContainText('Fortnox kunde inte säga');
});

test('a service account’s detail pane says it is kept alive by its credentials, and by its refresh token once the grant is refused', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-connect').click();
  await h.app.getByRole('checkbox', { name: /Servicekonto/ }).check();
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  await approveIn(h, 0, 'anna', /Bokföringsbyrån Norr AB/);
  await expect(h.app.getByRole('heading', { name: 'Ansluten till Fortnox' })).toBeVisible();
  await showCompanies(h);
  const tokenRequests = (grantType: string) => h.simulator.tokenRequests().filter((request) => request.grantType === grantType);

  // An hour later the access token has expired: testing gets a new one from the client-credentials grant.
  h.advanceTime(61 * 60 * 1000);
  const pane = await details(h, '1001');
  await pane.getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(pane.getByTestId('company-test-result')).toContainText('Anslutningen fungerar: Bokföringsbyrån Norr AB');
  expect(tokenRequests('client_credentials')).toMatchObject([{ tenantIdHeader: '1001', outcome: 'issued' }]);
  expect(tokenRequests('refresh_token')).toHaveLength(0);
  await expect(pane.getByTestId('company-kept-alive')).toHaveText('(Förnyas med servicekontots inloggning, utan 45-dagarsgräns)');

  await h.app.locator('#language-select').selectOption('en');
  await expect(pane.getByTestId('company-kept-alive')).toHaveText("(Kept alive with the service account's credentials, no 45-day limit)");

  // Fortnox refuses the grant next time: the refresh token keeps the company alive, and the pane says so.
  h.simulator.controls.refuseClientCredentials = true;
  h.advanceTime(61 * 60 * 1000);
  await pane.getByRole('button', { name: 'Test connection' }).click();
  await expect(pane.getByTestId('company-kept-alive')).toHaveText(
    "(Kept alive with the refresh token: the service account's credentials were refused)",
  );
  expect(tokenRequests('client_credentials')).toMatchObject([{ outcome: 'issued' }, { tenantIdHeader: '1001', outcome: 'unauthorized_client' }]);
  expect(tokenRequests('refresh_token')).toMatchObject([{ outcome: 'issued' }]);

  await h.app.locator('#language-select').selectOption('sv');
  await expect(pane.getByTestId('company-kept-alive')).toHaveText('(Förnyas med förnyelsetoken: servicekontots inloggning nekades)');
});

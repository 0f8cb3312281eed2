import type { Browser, Locator, Page } from '@playwright/test';
import { E2E_CLIENT_ID } from '../e2e-script';
import { CLIENTS, FIRM, firmScript, OUTSIDER } from './batch-firm';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import type { OpenedSignIn } from './playwright-sign-in-window';
import { connectCompany } from './ui-steps';

let harness: Harness | undefined;

async function start(browser: Browser): Promise<Harness> {
  harness = await startHarness(browser, { script: firmScript(), clientId: E2E_CLIENT_ID });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * Counts what the user does, per company, in the app and in Fortnox's pages together: every click
 * and every key press (a filled field counts as one).
 */
class Interactions {
  readonly perCompany = new Map<string, number>();

  async click(company: string, target: Locator): Promise<void> {
    this.count(company);
    await target.click();
  }

  async check(company: string, target: Locator): Promise<void> {
    this.count(company);
    await target.check();
  }

  of(company: string): number {
    return this.perCompany.get(company) ?? 0;
  }

  private count(company: string): void {
    this.perCompany.set(company, this.of(company) + 1);
  }
}

/** In Fortnox's window: pick the company and approve (the login is already in the batch's session). */
async function pickAndApprove(interactions: Interactions, counted: string, window: OpenedSignIn, company: string): Promise<void> {
  await window.page.waitForLoadState('domcontentloaded');
  await interactions.check(counted, window.page.getByRole('radio', { name: new RegExp(company) }));
  await interactions.click(counted, window.page.getByRole('button', { name: 'Fortsätt' }));
  await interactions.click(counted, window.page.getByRole('button', { name: 'Godkänn & aktivera' }));
}

function entry(page: Page, index: number): Locator {
  return page.getByTestId(`batch-entry-${index}`);
}

test('a batch of five companies needs one Fortnox login, with a skip, a retry and a company not on the list', async ({ browser }) => {
  const h = await start(browser);
  const { app, simulator } = h;

  // Delta Data is already connected (a single Connect, in a fresh session of its own).
  await connectCompany(h, FIRM.username, /Delta Data AB/);
  const loginsBefore = simulator.successfulLogins();
  expect(loginsBefore).toBe(1);
  const singleSignIns = h.signIns.length;

  await app.getByTestId('nav-batch').click();
  await app
    .getByLabel('Organisationsnummer, ett per rad')
    .fill(CLIENTS.map((client) => `${client.organizationNumber};${client.name}`).join('\n'));
  await expect(app.getByTestId('batch-ready')).toHaveText('5 företag att ansluta');
  await app.getByRole('button', { name: 'Anslut företagen' }).click();

  const interactions = new Interactions();
  const progress = app.getByTestId('batch-progress');
  const current = app.getByTestId('batch-current');
  await expect(progress).toHaveText('0 av 5 anslutna');
  await expect(current).toHaveText('Välj Alfa Redovisning AB (556610-0011) i Fortnox');

  // The first window: the one Fortnox login of the batch. The user picks a company that is not on
  // the list; the app asks, the user lets it go, and it is revoked at Fortnox.
  let window = await h.signInWindow(singleSignIns);
  await window.page.waitForLoadState('domcontentloaded');
  await window.page.getByLabel('Användarnamn').fill(FIRM.username);
  await window.page.getByLabel('Lösenord').fill(FIRM.password);
  await window.page.getByRole('button', { name: 'Logga in' }).click();
  await pickAndApprove(interactions, OUTSIDER.name, window, OUTSIDER.name);
  const question = app.getByTestId('batch-question');
  await expect(question).toContainText('Fortnox returnerade Zeta Zoo AB (556610-0060), som inte finns i listan.');
  await expect(question).toBeFocused();
  await interactions.click(OUTSIDER.name, question.getByRole('button', { name: 'Släpp' }));
  await expect(entry(app, 5)).toContainText('Inte i listan, släppt');
  await expect.poll(() => simulator.revocations().filter((revocation) => revocation.tenantId === OUTSIDER.tenantId && revocation.revoked).length).toBe(1);
  expect(simulator.grants().filter((grant) => grant.tenantId === OUTSIDER.tenantId)).toHaveLength(1);

  // Alfa: the next window opens by itself, already logged in.
  window = await h.signInWindow(singleSignIns + 1);
  await expect(current).toHaveText('Välj Alfa Redovisning AB (556610-0011) i Fortnox');
  await pickAndApprove(interactions, 'Alfa', window, 'Alfa Redovisning AB');
  await expect(progress).toHaveText('1 av 5 anslutna');

  // Beta: first the outsider again, kept this time; then Beta.
  window = await h.signInWindow(singleSignIns + 2);
  await expect(current).toHaveText('Välj Beta Bygg AB (556610-0029) i Fortnox');
  await pickAndApprove(interactions, `${OUTSIDER.name} again`, window, OUTSIDER.name);
  await interactions.click(`${OUTSIDER.name} again`, question.getByRole('button', { name: 'Behåll' }));
  await expect(entry(app, 6)).toContainText('Inte i listan, behållen');
  window = await h.signInWindow(singleSignIns + 3);
  await pickAndApprove(interactions, 'Beta', window, 'Beta Bygg AB');
  await expect(progress).toHaveText('2 av 5 anslutna');

  // Gamma: Fortnox's token endpoint fails once (an outage page); the batch waits; Retry.
  simulator.injectFault({ route: 'token', kind: 'html500' });
  window = await h.signInWindow(singleSignIns + 4);
  await expect(current).toHaveText('Välj Gamma Café AB (556610-0037) i Fortnox');
  await pickAndApprove(interactions, 'Gamma (failed)', window, 'Gamma Café AB');
  const failed = app.getByTestId('batch-failed');
  await expect(failed).toContainText('Gamma Café AB (556610-0037) anslöts inte');
  await expect(entry(app, 2)).toHaveAttribute('data-state', 'failed');
  await interactions.click('Gamma', failed.getByRole('button', { name: 'Försök igen' }));
  window = await h.signInWindow(singleSignIns + 5);
  await pickAndApprove(interactions, 'Gamma', window, 'Gamma Café AB');
  await expect(progress).toHaveText('3 av 5 anslutna');

  // Delta: already connected, so updated in place, never a second row.
  window = await h.signInWindow(singleSignIns + 6);
  await expect(current).toHaveText('Välj Delta Data AB (556610-0045) i Fortnox');
  await pickAndApprove(interactions, 'Delta', window, 'Delta Data AB');
  await expect(entry(app, 3)).toContainText('Uppdaterad');
  await expect(progress).toHaveText('4 av 5 anslutna');

  // Epsilon: skipped from the app while its window is open.
  window = await h.signInWindow(singleSignIns + 7);
  await expect(current).toHaveText('Välj Epsilon El AB (556610-0052) i Fortnox');
  await interactions.click('Epsilon', app.getByRole('button', { name: 'Hoppa över', exact: true }));
  await expect.poll(() => window.disposed).toBe(true);

  const summary = app.getByTestId('batch-summary');
  await expect(summary).toContainText('Klart');
  await expect(summary).toContainText('4 anslutna, 1 hoppades över');
  await expect(entry(app, 4)).toContainText('Överhoppad');

  // One Fortnox login for the whole batch; every batch window shared one browser session, which is
  // gone now; the single Connect before it had a session of its own.
  expect(simulator.successfulLogins() - loginsBefore).toBe(1);
  const batchWindows = h.signIns.slice(singleSignIns);
  expect(batchWindows).toHaveLength(8);
  expect(new Set(batchWindows.map((opened) => opened.context)).size).toBe(1);
  expect(batchWindows[0]?.context).not.toBe(h.signIns[0]?.context);
  expect(h.signInSessions.openCount()).toBe(0);
  expect(h.signInSessions.released).toHaveLength(1);

  // The companies: Delta once (updated), the kept outsider, never the let-go one.
  const tenants = h.services.connections.list().map((company) => company.tenantId).sort();
  expect(tenants).toEqual(['5101', '5102', '5103', '5104', '5106']);

  // After the first login, each company took at most 3 interactions (pick, continue, approve; none
  // in the app); the exceptions are the failure (its retry) and the questions about the outsider.
  for (const company of ['Alfa', 'Beta', 'Delta']) expect(interactions.of(company)).toBeLessThanOrEqual(3);
  expect(interactions.of('Gamma')).toBe(4);
  expect(interactions.of('Epsilon')).toBe(1);
  test.info().annotations.push({ type: 'interactions per company', description: JSON.stringify(Object.fromEntries(interactions.perCompany)) });

  // The client list after it: the five organisation numbers of the batch, each in its state (the
  // failed-then-retried one connected, the updated one connected, the skipped one skipped).
  await app.getByTestId('nav-clients').click();
  const clientRows = app.getByTestId('client-row');
  await expect(clientRows).toHaveCount(5);
  const clientState = (orgNumber: string) => app.locator(`[data-testid="client-row"][data-org-number="${orgNumber}"]`).getByTestId('client-state');
  const [alfa, beta, gamma, delta, epsilon] = CLIENTS;
  for (const client of [alfa, beta, gamma, delta]) await expect(clientState(client.organizationNumber)).toHaveText('Ansluten');
  await expect(clientState(epsilon.organizationNumber)).toHaveText('Hoppades över');
  await expect(app.getByTestId('client-summary')).toContainText('4 av 5 anslutna');
  await expect(app.getByTestId('client-count-skipped')).toHaveText('Hoppades över (1)');
  await expect(app.getByTestId('client-count-not_connected')).toHaveText('Inte ansluten (0)');
  await expect(app.getByTestId('client-count-needs_reconnect')).toHaveText('Behöver anslutas igen (0)');
  // The kept company not on the list is a connected company (in the Companies view), not a client:
  // only the organisation numbers a batch was started with join the client list.
  await expect(app.locator(`[data-testid="client-row"][data-org-number="${OUTSIDER.organizationNumber}"]`)).toHaveCount(0);
  expect(h.services.clients.records().map((client) => client.orgNumber).sort()).toEqual(CLIENTS.map((client) => client.organizationNumber).sort());
  // Nothing is missing: a skipped client is not offered again by "Anslut de som saknas".
  await expect(app.getByTestId('client-connect-missing')).toHaveCount(0);
  await app.getByTestId('nav-companies').click();
  await expect(app.locator(`[data-testid="company-row"][data-tenant-id="${OUTSIDER.tenantId}"]`)).toContainText(OUTSIDER.name);
});

test('"use another Fortnox login" releases the batch session and asks for a login again', async ({ browser }) => {
  const h = await start(browser);
  const { app, simulator } = h;
  await app.getByTestId('nav-batch').click();
  await app.getByLabel('Organisationsnummer, ett per rad').fill('556610-0011\n556610-0029');
  await app.getByRole('button', { name: 'Anslut företagen' }).click();
  let window = await h.signInWindow(0);
  await window.page.waitForLoadState('domcontentloaded');
  await window.page.getByLabel('Användarnamn').fill(FIRM.username);
  await window.page.getByLabel('Lösenord').fill(FIRM.password);
  await window.page.getByRole('button', { name: 'Logga in' }).click();
  await expect(window.page.getByRole('heading', { name: 'Välj företag' })).toBeVisible();

  await app.getByRole('button', { name: 'Använd en annan Fortnox-inloggning' }).click();
  window = await h.signInWindow(1);
  await window.page.waitForLoadState('domcontentloaded');
  await expect(window.page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  expect(window.context).not.toBe(h.signIns[0]?.context);
  expect(h.signInSessions.released).toHaveLength(1);
  await expect(app.getByTestId('batch-current')).toHaveText('Välj 556610-0011 i Fortnox');

  await app.getByRole('button', { name: 'Stoppa' }).click();
  await expect(app.getByTestId('batch-summary')).toContainText('Stoppad');
  expect(h.signInSessions.openCount()).toBe(0);
  expect(simulator.successfulLogins()).toBe(1);
});

test('the list survives a trip to change the scopes, and a Swedish Excel CSV (Windows-1252) keeps its å, ä and ö', async ({ browser }) => {
  const h = await start(browser);
  const { app } = h;
  await app.getByTestId('nav-batch').click();
  const list = app.getByLabel('Organisationsnummer, ett per rad');
  await list.fill('556610-0011\n556610-0029');
  await app.getByRole('button', { name: 'Ändra behörigheter…' }).click();
  await expect(app.getByTestId('nav-connect')).toHaveAttribute('aria-current', 'page');
  await app.getByTestId('nav-batch').click();
  await expect(list).toHaveValue('556610-0011\n556610-0029');

  // "Café Söder AB" as Excel's "CSV (semikolonavgränsad)" writes it: é = 0xE9, ö = 0xF6.
  const latin = Buffer.from('556610-0011;Caf\xe9 S\xf6der AB\r\n', 'latin1');
  await app.getByTestId('batch-file').setInputFiles({ name: 'klienter.csv', mimeType: 'text/csv', buffer: latin });
  await expect(list).toHaveValue('556610-0011;Café Söder AB\n');
});

test("an entry whose company Fortnox names otherwise than the list shows Fortnox's name beside the list's, as text", async ({ browser }) => {
  const h = await start(browser);
  const { app } = h;
  await app.getByTestId('nav-batch').click();
  await app.getByLabel('Organisationsnummer, ett per rad').fill('556610-0011;Alfa <b>Revision</b> AB\n556610-0029;BETA  bygg ab');
  await app.getByRole('button', { name: 'Anslut företagen' }).click();

  const interactions = new Interactions();
  let window = await h.signInWindow(0);
  await window.page.waitForLoadState('domcontentloaded');
  await window.page.getByLabel('Användarnamn').fill(FIRM.username);
  await window.page.getByLabel('Lösenord').fill(FIRM.password);
  await window.page.getByRole('button', { name: 'Logga in' }).click();
  await pickAndApprove(interactions, 'Alfa', window, 'Alfa Redovisning AB');
  window = await h.signInWindow(1);
  await pickAndApprove(interactions, 'Beta', window, 'Beta Bygg AB');
  await expect(app.getByTestId('batch-summary')).toContainText('Klart');

  await expect(entry(app, 0)).toContainText('Alfa <b>Revision</b> AB (556610-0011)');
  await expect(app.getByTestId('batch-entry-fortnox-name-0')).toHaveText('Namn i Fortnox: Alfa Redovisning AB');
  await expect(entry(app, 0).locator('b')).toHaveCount(0);
  // Case and spacing are no difference.
  await expect(app.getByTestId('batch-entry-fortnox-name-1')).toHaveCount(0);
});

test('a list of more companies than one batch takes is said to be too many before starting, and nothing entered is lost', async ({ browser }) => {
  const h = await start(browser);
  const { app } = h;
  await app.getByTestId('nav-batch').click();
  // 1,001 different organisation numbers that pass the Luhn check.
  const numbers: string[] = [];
  for (let n = 0; numbers.length < 1001; n += 1) {
    const nine = `556${String(n).padStart(6, '0')}`;
    const digits = [...nine].map(Number);
    const sum = digits.reduce((total, digit, index) => total + (index % 2 === 0 ? ((digit * 2) % 10) + Math.floor((digit * 2) / 10) : digit), 0);
    numbers.push(`${nine}${(10 - (sum % 10)) % 10}`);
  }
  const list = app.getByLabel('Organisationsnummer, ett per rad');
  await list.fill(numbers.join('\n'));

  await expect(app.getByTestId('batch-too-many')).toHaveText(
    'Listan har 1\u00a0001 företag, men en omgång tar högst 1\u00a0000 företag. Dela upp listan: anslut de första 1\u00a0000 nu och resten i nästa omgång.',
  );
  await expect(app.getByRole('button', { name: 'Anslut företagen' })).toBeDisabled();
  await expect(list).toHaveValue(numbers.join('\n'));
});

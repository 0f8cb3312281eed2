import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { auditRow, firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../support/fake-firm-server';
import { expectNoViolationsInEveryMode, useLanguage } from './axe-check';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';

/*
 * The Tools and Activity views in firm mode (issue 10 items 5 and 6) in the real renderer build:
 * an admin creates and revokes one of the firm server's integration keys, keyboard only; an
 * accountant is told that admins manage them; Activity lists the server's audit and exports it as
 * CSV through main's save path. Each view is checked with axe in light, dark and forced colours.
 * The firm server is the contract's fake (test/support/fake-firm-server.ts).
 */

let harness: Harness | undefined;
let firm: FakeFirmServer | undefined;

test.afterEach(async () => {
  await harness?.close();
  await firm?.close();
  harness = undefined;
  firm = undefined;
});

async function start(browser: Browser, role: 'admin' | 'accountant'): Promise<{ h: Harness; server: FakeFirmServer }> {
  const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, clientSecret: 'blank' });
  harness = h;
  const server = await startFakeFirmServer({ companies: [firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')] });
  firm = server;
  // Settings → "Använd byråns server" → the address → a pairing code.
  await h.app.getByTestId('nav-settings').click();
  const section = h.app.getByTestId('firm-server');
  await section.getByRole('checkbox', { name: 'Använd byråns server' }).check();
  await section.getByLabel('Serverns adress').fill(server.origin);
  await section.getByRole('button', { name: 'Spara adressen' }).click();
  await expect(section.getByTestId('firm-state')).toHaveText('Inte inloggad.');
  await section.getByLabel('Parkopplingskod').fill(server.addPairingCode(firmUser({ role })));
  await section.getByRole('button', { name: 'Logga in med koden' }).click();
  await expect(section.getByTestId('firm-state')).toContainText('Inloggad som Anna Andersson');
  return { h, server };
}

/** Opens a view from the sidebar with the keyboard. */
async function openView(h: Harness, view: 'tools' | 'activity'): Promise<void> {
  await h.app.getByTestId(`nav-${view}`).focus();
  await h.app.keyboard.press('Enter');
}

test('an admin creates a firm integration key, sees it once, copies it and revokes it, keyboard only', async ({ browser }) => {
  test.setTimeout(240_000);
  const { h, server } = await start(browser, 'admin');
  const page = h.app;
  await openView(h, 'tools');
  await expect(page.getByTestId('firm-tools')).toBeVisible();
  await expect(page.getByText('Integrationsnycklar ger byråns program och verktyg tillgång till Fortnox via byråns server.')).toBeVisible();
  await expect(page.getByTestId('tool-keys-empty')).toBeVisible();

  // A server refusal is told specifically, and what was typed stays.
  await page.getByLabel('Namn', { exact: true }).focus();
  await page.keyboard.type('Lönesystemet');
  await page.getByRole('radio', { name: 'Alla anslutna företag' }).focus();
  await page.keyboard.press('Space');
  server.failNext('POST /v1/admin/integration-keys', 400, 'invalid_request');
  await page.getByTestId('tool-create-submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tool-create-outcome')).toHaveText('Servern godtog inte uppgifterna. Kontrollera fälten och försök igen.');
  await expect(page.getByLabel('Namn', { exact: true })).toHaveValue('Lönesystemet');
  await expect(page.getByRole('radio', { name: 'Alla anslutna företag' })).toBeChecked();

  // Again: made, and shown this once.
  await page.getByTestId('tool-create-submit').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('firm-key-created');
  await expect(panel.getByRole('heading', { name: 'Nyckeln ”Lönesystemet” är skapad' })).toBeFocused();
  const key = server.issuedKeys[0] ?? '';
  expect(key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
  await expect(panel.getByTestId('firm-key-value')).toHaveValue(key);
  await expect(panel.getByText(`Verktyget anropar byråns server på ${server.url}`)).toBeVisible();
  expect(server.requests.find((request) => request.method === 'POST' && request.path === '/v1/admin/integration-keys')?.body).toEqual({
    name: 'Lönesystemet',
    companies: 'all',
    right: 'read',
    lifetimeDays: 90,
  });
  await panel.getByRole('button', { name: 'Kopiera nyckeln' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('firm-key-copy-outcome')).toHaveText('Kopierad.');
  expect(h.clipboard).toEqual([key]);
  await expectNoViolationsInEveryMode(page, 'firm tools, a new key shown (sv)');
  await panel.getByTestId('firm-key-done').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Nycklar', level: 3 })).toBeFocused();

  const row = page.getByTestId('tool-key-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('rowheader')).toHaveText('Lönesystemet');
  await expect(row).toHaveAttribute('data-state', 'active');
  await row.getByRole('button', { name: 'Återkalla Lönesystemet' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('revoke-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Återkalla nyckeln' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tool-revoke-outcome')).toHaveText('Nyckeln ”Lönesystemet” är återkallad.');
  await expect(row).toHaveAttribute('data-state', 'revoked');
  expect(server.integrationKeys[0]?.revokedAt).toEqual(expect.any(Number));
  // The firm's keys are never removed from the desktop: no Remove button.
  await expect(row.getByTestId('tool-key-remove')).toHaveCount(0);

  await useLanguage(page, 'en');
  await expect(page.getByText("Integration keys give your firm's programs and tools access to Fortnox through your firm's server.")).toBeVisible();
  await expectNoViolationsInEveryMode(page, 'firm tools, the key list (en)');

  // The key was never logged, and no session reached the window.
  expect(h.logLines.join('\n')).not.toContain(key);
  expect(h.ipcTraffic.join('\n')).not.toMatch(/fxs_/);
});

test('an accountant is told that admins manage the firm’s keys, and that local tools are forwarded', async ({ browser }) => {
  test.setTimeout(180_000);
  const { h, server } = await start(browser, 'accountant');
  const page = h.app;
  await openView(h, 'tools');
  const note = page.getByTestId('firm-tools-admins-only');
  await expect(note).toContainText('Byråns integrationsnycklar hanteras av byråns administratörer.');
  await expect(note).toContainText('Verktyg på den här datorn använder sina lokala nycklar, och deras anrop går vidare till byråns server under din inloggning.');
  await expect(page.getByTestId('tool-create-form')).toHaveCount(0);
  // The accountant's view asks nothing of the admin routes.
  expect(server.requests.filter((request) => request.path.startsWith('/v1/admin/'))).toEqual([]);
  await expectNoViolationsInEveryMode(page, 'firm tools, accountant (sv)');
  await useLanguage(page, 'en');
  await expect(note).toContainText("Your firm's integration keys are managed by your firm's administrators.");
  await expectNoViolationsInEveryMode(page, 'firm tools, accountant (en)');
});

test('Activity lists the firm server’s audit newest first, filters by company and exports it as CSV, keyboard only', async ({ browser }) => {
  test.setTimeout(240_000);
  const { h, server } = await start(browser, 'accountant');
  const page = h.app;
  server.setAudit([
    auditRow(1),
    auditRow(2, { action: 'connect', actorKind: 'user', actor: 'anna@byran.example', tenantId: '2002', companyName: 'Snickeriet AB' }),
    auditRow(3, { action: 'proxy', method: 'GET', path: '/3/invoices', status: 403 }),
  ]);
  await openView(h, 'activity');
  await expect(page.getByTestId('firm-activity')).toBeVisible();
  await expect(page.getByText('Servern sparar loggen i 90 dagar.')).toBeVisible();
  const rows = page.getByTestId('firm-activity-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-id', '3');
  await expect(rows.nth(0)).toContainText('Anrop till Fortnox · GET /3/invoices');
  await expect(rows.nth(0)).toContainText('Nyckel: Lönesystemet');
  await expect(rows.nth(1)).toContainText('Användare: anna@byran.example');
  await expect(rows.nth(1)).toContainText('Snickeriet AB');
  await expectNoViolationsInEveryMode(page, 'firm activity (sv)');

  // By company: only Bageriet's rows, asked of the server.
  await page.getByLabel('Företag', { exact: true }).focus();
  await page.getByLabel('Företag', { exact: true }).selectOption('1001');
  await expect(rows).toHaveCount(2);
  expect(server.requests.some((request) => request.path === '/v1/firm/audit?limit=200&tenantId=1001')).toBe(true);

  await page.getByRole('button', { name: 'Exportera CSV' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('activity-export-status')).toHaveText('Sparade 2 rader.');
  expect(h.savedFiles).toHaveLength(1);
  expect(h.savedFiles[0]?.name).toMatch(/^firm-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (h.savedFiles[0]?.text ?? '').trim().split('\r\n');
  // In Swedish the server is asked for `;` between cells (Swedish Excel's list separator).
  expect(server.requests.some((request) => request.path === '/v1/firm/audit.csv?tenantId=1001&separator=%3B')).toBe(true);
  expect(lines[0]).toBe('id;at;action;actor_kind;actor;tenant_id;company_name;method;path;status');
  expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(['3', '1']);
  // The window heard how it went, never where the file went.
  expect(h.ipcTraffic.filter((line) => line.includes('"firm:export-audit"') && line.includes('"reply"'))).toEqual([
    JSON.stringify({ direction: 'reply', channel: 'firm:export-audit', result: { ok: true, saved: true, rows: 2 } }),
  ]);

  // The server down: told specifically.
  server.failNext('GET /v1/firm/audit', 503, 'internal_error');
  await page.getByRole('button', { name: 'Uppdatera' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('firm-activity-failed')).toContainText('Något gick fel på byråns server.');

  await useLanguage(page, 'en');
  await page.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(page.getByText('The server keeps the log for 90 days.')).toBeVisible();
  await expectNoViolationsInEveryMode(page, 'firm activity (en)');
});

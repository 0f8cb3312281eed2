import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { fetchCompanyInformation } from '../../../main/fortnox/company-information';
import { revokeUrlFor, TokenClient } from '../../../main/fortnox/token-client';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../support/fake-firm-server';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';
import { expectNoViolationsInEveryMode, useLanguage } from './axe-check';

/*
 * Firm mode in the real renderer build (issue 10 item 5): Settings turns it on, an accountant signs
 * in with a pairing code, the list is the firm server's and follows its events, and a connect
 * hands the verified code to the server. The firm server is the contract's fake
 * (test/support/fake-firm-server.ts), which exchanges codes at the Fortnox simulator as the real one
 * will; the app itself is started with no Fortnox client at all.
 */

let harness: Harness | undefined;
let firm: FakeFirmServer | undefined;

test.afterEach(async () => {
  await harness?.close();
  await firm?.close();
  harness = undefined;
  firm = undefined;
});

/** The app with nothing configured, and a firm server that names the simulator's Fortnox client. */
async function start(browser: Browser): Promise<{ h: Harness; firm: FakeFirmServer; serverTokens: string[] }> {
  const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, clientSecret: 'blank' });
  harness = h;
  const simulator = h.simulator;
  const clientSecret = simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '';
  const serverTokens: string[] = [];
  firm = await startFakeFirmServer({
    fortnox: { clientId: E2E_CLIENT_ID, authorizeUrl: simulator.authorizeUrl, redirectUris: [simulator.appCallbackUrl] },
    companies: [firmCompany('1001', 'Bageriet AB')],
  });
  // What the real server does with a handed-over code: exchange it at Fortnox and identify the company.
  firm.onAuthorize(async (request) => {
    const fetcher = (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, init);
    const tokens = await new TokenClient(fetcher, Date.now).exchangeCode(
      { tokenUrl: simulator.tokenUrl, revokeUrl: revokeUrlFor(simulator.tokenUrl), clientId: E2E_CLIENT_ID, clientSecret },
      request.code,
      request.redirectUri,
      request.offlineAccess,
    );
    serverTokens.push(tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : []));
    const info = await fetchCompanyInformation(fetcher, simulator.apiBaseUrl, tokens.accessToken, Date.now);
    return firmCompany(info.tenantId ?? '0', info.companyName ?? 'Okänt', {
      requestedScopes: request.requestedScopes,
      grantedScopes: tokens.scopes,
      offlineAccess: request.offlineAccess,
    });
  });
  return { h, firm, serverTokens };
}

/** Settings → "Använd byråns server" → the URL → a pairing code. */
async function signInWithPairingCode(h: Harness, server: FakeFirmServer): Promise<void> {
  await h.app.getByTestId('nav-settings').click();
  const section = h.app.getByTestId('firm-server');
  await section.getByRole('checkbox', { name: 'Använd byråns server' }).check();
  await section.getByLabel('Serverns adress').fill(server.origin);
  await section.getByRole('button', { name: 'Spara adressen' }).click();
  await expect(section.getByTestId('firm-state')).toHaveText('Inte inloggad.');
  const code = server.addPairingCode(firmUser());
  await section.getByLabel('Parkopplingskod').fill(code.toLowerCase());
  await section.getByRole('button', { name: 'Logga in med koden' }).press('Enter');
  await expect(section.getByTestId('firm-state')).toContainText('Inloggad som Anna Andersson (anna@byran.example). Redovisningskonsult.');
}

/** Every file under the data folder, read whole. */
async function readDataFolder(dir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { name: path.relative(dir, file), text: (await readFile(file)).toString('latin1') };
    }),
  );
}

test('an accountant signs in to the firm server with a pairing code and sees its companies, updated live', async ({ browser }) => {
  const { h, firm: server } = await start(browser);
  // Firm mode off: the client forms are there; on, they are gone (the server holds the Fortnox client).
  await h.app.getByTestId('nav-settings').click();
  await expect(h.app.getByLabel('Klient-id (client id)', { exact: false }).first()).toBeVisible();
  await signInWithPairingCode(h, server);
  await expect(h.app.getByLabel('Klient-id (client id)', { exact: false })).toHaveCount(0);
  await expect(h.app.getByTestId('firm-state')).toContainText('Ansluten. Listan uppdateras direkt.');

  await h.app.getByTestId('nav-companies').click();
  await expect(h.app.getByText('Bageriet AB')).toBeVisible();

  // A change at the server reaches the open list through its event stream, without a reload.
  server.setCompanies([firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')]);
  await expect(h.app.getByText('Snickeriet AB')).toBeVisible();
  server.setCompanies([firmCompany('2002', 'Snickeriet AB')]);
  await expect(h.app.getByText('Bageriet AB')).toHaveCount(0);

  // The session never reached the window.
  expect(h.ipcTraffic.join('\n')).not.toContain('fxs_');

  // Signing out empties the list and says so.
  await h.app.getByTestId('nav-settings').click();
  await h.app.getByRole('button', { name: 'Logga ut' }).click();
  await expect(h.app.getByTestId('firm-state')).toHaveText('Inte inloggad.');
  expect(server.sessions.size).toBe(0);
  await h.app.getByTestId('nav-companies').click();
  await expect(h.app.getByText('Snickeriet AB')).toHaveCount(0);
});

test('a connect in firm mode hands the code to the server; afterwards no file in the data folder holds a token or secret', async ({ browser }) => {
  const { h, firm: server, serverTokens } = await start(browser);
  await signInWithPairingCode(h, server);
  await connectCompany(h, 'bo');
  await expect(h.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB');

  // The code went to the server, which exchanged it at Fortnox; the desktop made no token call.
  expect(server.authorizations).toHaveLength(1);
  expect(server.authorizations[0]).toMatchObject({ redirectUri: h.simulator.appCallbackUrl, offlineAccess: true, accountType: 'user' });
  expect(h.simulator.tokenRequests()).toHaveLength(1);
  expect(serverTokens.length).toBeGreaterThan(0);
  await h.app.getByTestId('nav-companies').click();
  await expect(h.app.getByText('Bergs Bygg AB')).toBeVisible();

  // Every file the app wrote, read whole: no code, Fortnox token, client secret or server session.
  await h.services.audit.close();
  const files = await readDataFolder(h.dataDir);
  expect(files.length).toBeGreaterThan(0);
  const secrets = [...h.simulator.issuedSecrets(), ...serverTokens, ...server.sessions.keys()].filter((value) => value.length >= 8);
  expect(secrets.length).toBeGreaterThan(3);
  for (const file of files) {
    for (const secret of secrets) expect(file.text.includes(secret), `${file.name} holds a secret`).toBe(false);
    expect(file.text).not.toMatch(/fxs_[A-Za-z0-9_-]{43}/);
  }
  // Nor did the log or the window's traffic.
  const shown = [...h.logLines, ...h.ipcTraffic].join('\n');
  for (const secret of secrets) expect(shown.includes(secret)).toBe(false);
});

test('the firm server section is usable by keyboard and passes axe in sv and en, light, dark and forced colours', async ({ browser }) => {
  // Axe over the whole page, three colour modes, four times: slow on a shared machine.
  test.setTimeout(240_000);
  const { h, firm: server } = await start(browser);
  await h.app.getByTestId('nav-settings').click();
  const section = h.app.getByTestId('firm-server');
  // Keyboard only: the checkbox, the URL, saving; then a wrong code, its message tied to the field.
  await section.getByRole('checkbox', { name: 'Använd byråns server' }).focus();
  await h.app.keyboard.press('Space');
  await h.app.keyboard.press('Tab');
  await expect(section.getByLabel('Serverns adress')).toBeFocused();
  await h.app.keyboard.type('http://firm.example');
  await h.app.keyboard.press('Enter');
  await expect(section.getByText('Adressen måste börja med https://.')).toBeVisible();
  await expect(section.getByLabel('Serverns adress')).toHaveAttribute('aria-invalid', 'true');
  await section.getByLabel('Serverns adress').fill(server.origin);
  await section.getByLabel('Serverns adress').press('Enter');
  await expect(section.getByTestId('firm-state')).toHaveText('Inte inloggad.');
  await section.getByLabel('Parkopplingskod').fill('ABCD-EFGH-JKLM');
  await section.getByLabel('Parkopplingskod').press('Enter');
  await expect(section.getByText('Koden är fel, redan använd eller för gammal. Be administratören om en ny.')).toBeVisible();
  await expectNoViolationsInEveryMode(h.app, 'firm server, signed out with a wrong code (sv)');
  await useLanguage(h.app, 'en');
  await expect(section.getByRole('heading', { name: "Your firm's server" })).toBeVisible();
  await expectNoViolationsInEveryMode(h.app, 'firm server, signed out (en)');

  await section.getByLabel('Pairing code').fill(server.addPairingCode(firmUser({ name: null, role: 'admin' })));
  await section.getByLabel('Pairing code').press('Enter');
  await expect(section.getByTestId('firm-state')).toContainText('Signed in as anna@byran.example. Administrator.');
  await expectNoViolationsInEveryMode(h.app, 'firm server, signed in (en)');
  await useLanguage(h.app, 'sv');
  await expect(section.getByTestId('firm-state')).toContainText('Inloggad som anna@byran.example. Administratör.');
  await expectNoViolationsInEveryMode(h.app, 'firm server, signed in (sv)');
});

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { FIRM_CALLBACK_PAGE } from '../../../main/app-services';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { LOGIN_PAGE_PASSWORD } from '../../support/desktop-identity-provider';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { companyRow, disconnectCompany, expectNoSecretInFolder, expectSignedIn, startProviderSignIn, useFirmServer } from '../firm-steps';
import { ACCOUNTANT_DOMAIN, startRealFirmServer, type RealFirmServer } from '../real-firm-server';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';

/*
 * Desktop firm mode end to end against the REAL firm server (issue 10 item 8, fourth bullet):
 * startFirmServer on PGlite with the Fortnox simulator as its Fortnox, oidc-provider as the firm's
 * identity provider, and two desktops (the real renderer build and main side, two data folders)
 * with no Fortnox client of their own. An accountant signs in through the provider in a "system
 * browser" (a Playwright page that logs in and lands on the desktop's loopback callback), connects
 * a company in desktop A (the code goes to the server, which exchanges it with its client secret),
 * desktop B's list follows live, no file of either desktop holds a token or secret, and a
 * disconnect from desktop B revokes the company's refresh token at the simulator while desktop A's
 * list drops it live.
 */

const ACCOUNTANT = { accountId: 'anna', email: `anna@${ACCOUNTANT_DOMAIN}`, name: 'Anna Andersson' };

let simulator: FortnoxSimulator | undefined;
let firm: RealFirmServer | undefined;
const harnesses: Harness[] = [];
const browserContexts: BrowserContext[] = [];

test.afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const context of browserContexts.splice(0)) await context.close();
  await firm?.close();
  await simulator?.close();
  firm = undefined;
  simulator = undefined;
});

/**
 * The operating system's browser: each URL main hands it opens in a fresh Playwright context (as
 * the user's own browser, sharing nothing with the app's window).
 */
class SystemBrowser {
  readonly pages: Promise<Page>[] = [];

  constructor(private readonly browser: Browser) {}

  readonly open = (url: string): Promise<void> => {
    this.pages.push(
      (async () => {
        const context = await this.browser.newContext({ locale: 'sv-SE' });
        browserContexts.push(context);
        const page = await context.newPage();
        await page.goto(url);
        return page;
      })(),
    );
    return Promise.resolve();
  };
}

/** Settings → "Använd byråns server" → the server's URL → "Logga in i webbläsaren" → the provider's login page → back. */
async function signInThroughProvider(h: Harness, systemBrowser: SystemBrowser, serverUrl: string): Promise<string> {
  await useFirmServer(h.app, serverUrl);

  const opened = systemBrowser.pages.length;
  await startProviderSignIn(h.app);
  await expect.poll(() => systemBrowser.pages.length).toBe(opened + 1);
  const page = await systemBrowser.pages[opened];
  if (!page) throw new Error('unreachable');
  // The provider's own login page, in the browser (never in a window of the app).
  await expect(page.getByRole('heading', { name: 'Logga in hos byrån' })).toBeVisible();
  if (opened === 0) {
    // A wrong password is refused by the provider: no code reaches the app.
    await page.getByLabel('E-postadress').fill(ACCOUNTANT.email);
    await page.getByLabel('Lösenord').fill(`not-${LOGIN_PAGE_PASSWORD}`);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Fel e-postadress eller lösenord.');
    await expect(h.app.getByTestId('firm-server').getByTestId('firm-state')).toHaveText('Inte inloggad.');
  }
  await page.getByLabel('E-postadress').fill(ACCOUNTANT.email);
  await page.getByLabel('Lösenord').fill(LOGIN_PAGE_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  // Back on the desktop's loopback listener (RFC 8252: http://127.0.0.1:<port>/callback).
  await expect(page).toHaveTitle(FIRM_CALLBACK_PAGE.title);
  const landed = new URL(page.url());
  expect(landed.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(landed.pathname).toBe('/callback');
  expect(landed.searchParams.get('code')).toBeTruthy();

  // The role comes from the server's role rules (the e-mail domain), not from the desktop.
  await expectSignedIn(h.app, ACCOUNTANT, 'Redovisningskonsult');
  return landed.searchParams.get('code') ?? '';
}

/** Every file of the desktop's data folder (written out first), its log and its window's traffic: none holds a secret or a server session. */
async function expectNoSecretAnywhere(h: Harness, secrets: string[]): Promise<void> {
  await h.services.audit.idle();
  await h.services.connections.keeper.settle();
  await expectNoSecretInFolder(h.dataDir, secrets);
  const shown = [...h.logLines, ...h.ipcTraffic].join('\n');
  for (const secret of secrets) expect(shown.includes(secret), 'a secret in the log or the IPC traffic').toBe(false);
}

function row(h: Harness, tenantId: string) {
  return companyRow(h.app, tenantId);
}

test('firm mode against the real firm server: OIDC sign-in, connect through the server, live lists in two desktops, no secret on disk, disconnect revokes', async ({
  browser,
}) => {
  const sim = await startFortnoxSimulator(e2eScript());
  simulator = sim;
  const real = await startRealFirmServer(sim, { loginPage: true });
  firm = real;
  real.idp.nextSignIn = ACCOUNTANT;
  const systemBrowser = new SystemBrowser(browser);

  // Two desktops of the firm, each with its own data folder and no Fortnox client at all.
  const start = async () => {
    const h = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, clientSecret: 'blank', simulator: sim, openSignInPage: systemBrowser.open });
    harnesses.push(h);
    return h;
  };
  const a = await start();
  const b = await start();
  expect(a.dataDir).not.toBe(b.dataDir);

  const idpCodes = [await signInThroughProvider(a, systemBrowser, real.server.url), await signInThroughProvider(b, systemBrowser, real.server.url)];
  expect(real.idp.authorizations).toHaveLength(2);
  for (const request of real.idp.authorizations) {
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  }
  const users = await real.server.database.query<{ email: string; role: string }>('SELECT email, role FROM users');
  expect(users.rows).toEqual([{ email: ACCOUNTANT.email, role: 'accountant' }]);
  const sessions = await real.server.database.query<{ method: string; role: string }>('SELECT method, role FROM sessions WHERE revoked_at IS NULL');
  expect(sessions.rows).toEqual([
    { method: 'oidc', role: 'accountant' },
    { method: 'oidc', role: 'accountant' },
  ]);

  // Both lists are the server's, empty, and open on its event stream.
  for (const h of [a, b]) {
    await h.app.getByTestId('nav-companies').click();
    await expect(h.app.getByTestId('companies-empty')).toBeVisible();
  }

  // Desktop A connects Bergs Bygg AB: the simulator's sign-in in the app's window, the code to the server.
  await connectCompany(a, 'bo');
  await expect(a.app.getByTestId('flow-company')).toContainText('Bergs Bygg AB');

  // Desktop B's open list shows it without a reload (the server's event stream).
  await expect(row(b, '2001')).toContainText('Bergs Bygg AB');
  await a.app.getByTestId('nav-companies').click();
  await expect(row(a, '2001')).toContainText('Bergs Bygg AB');

  // The server stored the connection and its (encrypted) token pair ...
  const stored = await real.server.database.query<{ tenant_id: string; company_name: string; connected_by: string; status: string }>(
    'SELECT tenant_id, company_name, connected_by, status FROM companies',
  );
  expect(stored.rows).toEqual([{ tenant_id: '2001', company_name: 'Bergs Bygg AB', connected_by: ACCOUNTANT.email, status: 'active' }]);
  const tokenRows = await real.server.database.query<{ tenant_id: string }>('SELECT tenant_id FROM company_tokens WHERE refresh_ciphertext IS NOT NULL');
  expect(tokenRows.rows).toEqual([{ tenant_id: '2001' }]);
  // ... having exchanged the code itself, with its client secret (Basic): the one token call Fortnox saw.
  const [exchange, ...otherTokenCalls] = sim.tokenRequests();
  expect(otherTokenCalls).toEqual([]);
  expect(exchange).toMatchObject({ grantType: 'authorization_code', clientId: E2E_CLIENT_ID, basicAuthValid: true, credentialsInBody: false, tenantId: 2001 });
  // Neither desktop called Fortnox's token endpoint (they hold no secret to call it with).
  for (const h of [a, b]) {
    expect(h.mainRequests.some((url) => url.startsWith(new URL('./', sim.tokenUrl).href))).toBe(false);
  }
  const handedOver = a.mainRequests.filter((url) => url === new URL('/v1/authorizations', real.server.url).href);
  expect(handedOver).toHaveLength(1);

  // Every file in both data folders, read whole: no Fortnox code, access or refresh token, client
  // secret, the provider's code, or server session.
  const secrets = [...sim.issuedSecrets(), real.clientSecret, ...idpCodes].filter((value) => value.length >= 8);
  const grant = sim.grants().find((candidate) => candidate.tenantId === 2001);
  expect(grant?.refreshToken).toBeTruthy();
  expect(secrets).toContain(grant?.refreshToken);
  expect(secrets).toContain(exchange?.code);
  expect(secrets).toContain(real.clientSecret);
  for (const h of [a, b]) await expectNoSecretAnywhere(h, secrets);
  // Nor the server's log.
  const serverLog = real.logLines.join('');
  for (const secret of secrets) expect(serverLog.includes(secret)).toBe(false);

  // Desktop B disconnects: the server revokes that company's refresh token at Fortnox ...
  await disconnectCompany(b.app, '2001');
  expect(sim.revocations()).toEqual([
    expect.objectContaining({ clientId: E2E_CLIENT_ID, basicAuthValid: true, token: grant?.refreshToken, revoked: true, tenantId: 2001 }),
  ]);
  for (const h of [a, b]) expect(h.mainRequests.some((url) => url.startsWith(sim.revokeUrl))).toBe(false);
  // ... and desktop A's open list drops it live; the server no longer has it.
  await expect(row(a, '2001')).toHaveCount(0);
  await expect(a.app.getByTestId('companies-empty')).toBeVisible();
  await expect(row(b, '2001')).toHaveCount(0);
  expect((await real.server.database.query('SELECT tenant_id FROM companies')).rows).toEqual([]);
  for (const h of [a, b]) await expectNoSecretAnywhere(h, secrets);
});

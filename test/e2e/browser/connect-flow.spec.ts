import type { Browser, Page } from '@playwright/test';
import { E2E_CLIENT_ID, NARROW_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';
import type { OpenedSignIn } from './playwright-sign-in-window';
import { LOCATION_THROTTLE_MS } from '../../../main/connect/connect-flow';
import { FRAMES_PAGE_PATH, FRAME_TARGET_PATH, foreignOrigin, scriptedFrames } from '../../../simulator/scripted-frames';

let harness: Harness | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Opens the Connect view (the app opens on the list of connected companies). */
async function openConnectView(h: Harness): Promise<void> {
  const nav = h.app.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
}

async function connect(h: Harness, index = 0): Promise<OpenedSignIn> {
  await openConnectView(h);
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  const opened = await h.signInWindow(index);
  await opened.page.waitForLoadState('domcontentloaded');
  return opened;
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill('demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
}

function alert(h: Harness) {
  return h.app.getByTestId('flow-status').getByRole('alert');
}

/** Every secret-bearing value in play: codes, states (from the authorize requests), client secrets. */
function secretsInPlay(h: Harness): string[] {
  const codes = h.simulator.issuedCodes().map((code) => code.code);
  const states = h.simulator.log.flatMap((event) =>
    event.type === 'authorize-request' && event.params.state ? [event.params.state] : [],
  );
  const clientSecrets = h.simulator.script.clients.map((client) => client.clientSecret);
  return [...codes, ...states, ...clientSecrets].filter((value) => value.length >= 8);
}

test('an accountant picks scopes, signs in, chooses a company, approves and sees the outcome', async ({ browser }) => {
  const h = await start(browser);
  await openConnectView(h);
  await h.app.getByRole('button', { name: 'Fakturering', exact: true }).click();
  await h.app.getByRole('checkbox', { name: /Servicekonto/ }).check();
  const scopeString = (await h.app.getByTestId('scope-string').textContent()) ?? '';
  expect(scopeString).toContain('companyinformation');
  expect(scopeString).toContain('invoice');

  const signIn = await connect(h);
  await expect(h.app.getByRole('heading', { name: 'Logga in i Fortnox i fönstret som öppnades' })).toBeVisible();
  await logIn(signIn.page, 'anna');
  await signIn.page.getByRole('radio', { name: /Bokföringsbyrån Norr AB/ }).check();
  await signIn.page.getByRole('button', { name: 'Fortsätt' }).click();
  await expect(signIn.page.getByRole('heading', { name: 'Aktivering' })).toBeVisible();
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();

  await expect(h.app.getByRole('heading', { name: 'Ansluten till Fortnox' })).toBeVisible();

  // The request Fortnox saw is exactly what the UI showed, with a fresh state and offline access.
  const authorize = h.simulator.log.find((event) => event.type === 'authorize-request');
  if (authorize?.type !== 'authorize-request') throw new Error('no authorize request recorded');
  expect(authorize.params.scope).toBe(scopeString);
  expect(authorize.url).toContain(`scope=${scopeString.split(' ').join('%20')}`);
  expect(authorize.url).not.toMatch(/scope=[^&]*\+/);
  expect(authorize.params).toMatchObject({
    client_id: E2E_CLIENT_ID,
    response_type: 'code',
    redirect_uri: h.simulator.appCallbackUrl,
    access_type: 'offline',
    account_type: 'service',
  });
  expect(authorize.params.state).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // Main exchanged the code (once); the redirect host never saw it; the sign-in session is gone.
  const issued = h.simulator.issuedCodes();
  expect(issued).toHaveLength(1);
  expect(issued[0]?.used).toBe(true);
  const companies = h.services.connections.list();
  expect(companies.map((company) => [company.tenantId, company.accountType])).toEqual([['1001', 'service']]);
  expect(h.simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
  expect(signIn.cancelled.some((url) => url.startsWith(h.simulator.appCallbackUrl))).toBe(true);
  await expect.poll(() => signIn.disposed).toBe(true);

  // Nothing secret crossed IPC or reached a log line.
  const secrets = secretsInPlay(h);
  expect(secrets.length).toBeGreaterThanOrEqual(3);
  for (const secret of secrets) {
    for (const line of [...h.ipcTraffic, ...h.logLines]) expect(line).not.toContain(secret);
  }
});

test('declining on the consent page is shown as "you declined" and the selection is kept', async ({ browser }) => {
  const h = await start(browser);
  await openConnectView(h);
  await h.app.getByRole('checkbox', { name: / customer$/ }).check();
  const before = await h.app.getByTestId('scope-string').textContent();
  const signIn = await connect(h);
  await logIn(signIn.page, 'bo');
  await signIn.page.getByRole('button', { name: 'Neka' }).click();
  await expect(alert(h)).toContainText('Du avböjde anslutningen i Fortnox');
  expect(h.services.connections.list()).toHaveLength(0);
  await expect(h.app.getByTestId('scope-string')).toHaveText(before ?? '');
  await expect(h.app.getByRole('button', { name: 'Försök igen' })).toBeVisible();
});

test('closing the sign-in window ends the flow with its own message', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  await signIn.page.close();
  await expect(alert(h)).toContainText('Inloggningsfönstret stängdes');
  expect(h.connector.flow.pendingStates()).toBe(0);
});

test('a tampered state is refused: the code is discarded and the user is told', async ({ browser }) => {
  const h = await start(browser);
  h.simulator.controls.tamperNextState = true;
  const signIn = await connect(h);
  await logIn(signIn.page, 'bo');
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(alert(h)).toContainText('Svaret hör inte till den här inloggningen');
  expect(h.simulator.issuedCodes().map((code) => code.used)).toEqual([false]);
  expect(h.services.connections.list()).toHaveLength(0);
  expect(h.simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
});

test('a sign-in that is not finished within 10 minutes times out', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  h.advanceTime(10 * 60 * 1000 - 1);
  await expect(h.app.getByRole('heading', { name: 'Logga in i Fortnox i fönstret som öppnades' })).toBeVisible();
  h.advanceTime(1);
  await expect(alert(h)).toContainText('Inloggningen blev inte klar inom 10 minuter');
  await expect.poll(() => signIn.disposed).toBe(true);
});

test('a second Connect focuses the open sign-in window instead of opening another', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  await h.app.getByRole('button', { name: 'Visa inloggningsfönstret' }).click();
  await expect.poll(() => signIn.focusCount).toBe(1);
  expect(h.signIns).toHaveLength(1);
});

test('starting over replaces the open sign-in with a new one', async ({ browser }) => {
  const h = await start(browser);
  const first = await connect(h);
  await h.app.getByRole('button', { name: 'Börja om' }).click();
  const second = await h.signInWindow(1);
  await expect.poll(() => first.disposed).toBe(true);
  await second.page.waitForLoadState('domcontentloaded');
  await logIn(second.page, 'bo');
  await second.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(h.app.getByRole('heading', { name: 'Ansluten till Fortnox' })).toBeVisible();
  expect(h.services.connections.list()).toHaveLength(1);
});

test('cancelling from the app closes the sign-in window', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  await h.app.getByRole('button', { name: 'Avbryt' }).click();
  await expect(alert(h)).toContainText('Inloggningen avbröts');
  await expect.poll(() => signIn.disposed).toBe(true);
});

test('a scope the integration has not enabled fails before login with a readable message', async ({ browser }) => {
  const h = await start(browser, { clientId: NARROW_CLIENT_ID });
  await openConnectView(h);
  await h.app.getByRole('checkbox', { name: / salary$/ }).check();
  await connect(h);
  await expect(alert(h)).toContainText('En behörighet är inte aktiverad för integrationen');
  expect(h.simulator.log.some((event) => event.type === 'login')).toBe(false);
});

test('a locked Fortnox account (callback with neither code nor error) gets its own message', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  await logIn(signIn.page, 'lars');
  await expect(alert(h)).toContainText('Fortnox-kontot verkar vara låst');
});

test('each sign-in gets a fresh session, so the next company can use another login', async ({ browser }) => {
  const h = await start(browser);
  const first = await connect(h);
  await logIn(first.page, 'bo');
  await first.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(h.app.getByRole('heading', { name: 'Ansluten till Fortnox' })).toBeVisible();
  const second = await connect(h, 1);
  await expect(second.page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  expect(h.simulator.log.filter((event) => event.type === 'session-resumed')).toHaveLength(0);
});

test('invalid configuration is explained and opens no window', async ({ browser }) => {
  const h = await start(browser, { config: { redirectUri: 'http://connect.example.se/callback' } });
  await openConnectView(h);
  await expect(h.app.getByTestId('config-problems')).toBeVisible();
  await expect(h.app.getByRole('button', { name: 'Anslut till Fortnox' })).toBeDisabled();
  const refused = await h.connector.router.invoke(
    'connect:start',
    { webContentsId: 1, frameUrl: h.app.url(), isMainFrame: true },
    { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false },
  );
  expect(refused).toEqual({ result: 'refused', error: 'config_invalid' });
  expect(h.signIns).toHaveLength(0);
});

test('the UI follows an English operating system at first start and shows the simulator badge', async ({ browser }) => {
  const h = await start(browser, { systemLanguages: ['en-GB', 'sv-SE'] });
  await expect(h.app.getByRole('heading', { name: 'Connected companies' })).toBeVisible();
  await openConnectView(h);
  await expect(h.app.getByRole('button', { name: 'Connect to Fortnox' })).toBeVisible();
  await expect(h.app.locator('html')).toHaveAttribute('lang', 'en');
  await expect(h.app.getByTestId('simulator-badge')).toContainText('Simulator');
});

test('IPC from any page other than the app window is refused and logged without its content', async ({ browser }) => {
  const h = await start(browser);
  const intruder = await h.appContext.newPage();
  await intruder.goto('about:blank');
  const marker = 'intruder-marker-7f3a';
  const outcome = await intruder.evaluate(async (m) => {
    const invoke = (globalThis as unknown as { __connectorInvoke(c: string, p: unknown): Promise<unknown> })
      .__connectorInvoke;
    try {
      await invoke('connect:start', { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false, note: m });
      return 'accepted';
    } catch (error) {
      return String(error);
    }
  }, marker);
  expect(outcome).toContain('IPC request refused');
  expect(h.signIns).toHaveLength(0);
  expect(h.logLines.some((line) => line.includes('untrusted sender'))).toBe(true);
  expect(h.logLines.join('\n')).not.toContain(marker);
});

test('the picker works from the keyboard alone', async ({ browser }) => {
  const h = await start(browser);
  await openConnectView(h);
  const filter = h.app.getByLabel('Filtrera behörigheter');
  await filter.focus();
  await h.app.keyboard.type('lön');
  const salary = h.app.getByRole('checkbox', { name: / salary$/ });
  await salary.focus();
  await h.app.keyboard.press('Space');
  await expect(salary).toBeChecked();
  await expect(h.app.getByTestId('scope-string')).toHaveText('companyinformation salary');
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).focus();
  await h.app.keyboard.press('Enter');
  await h.signInWindow(0);
});

test('an error answer without state is refused as not belonging to this sign-in', async ({ browser }) => {
  const h = await start(browser);
  h.simulator.controls.dropStateOnError = true;
  const signIn = await connect(h);
  await logIn(signIn.page, 'bo');
  await signIn.page.getByRole('button', { name: 'Neka' }).click();
  await expect(alert(h)).toContainText('Svaret hör inte till den här inloggningen');
  await expect(alert(h)).not.toContainText('Du avböjde');
  const redirect = h.simulator.log.find((event) => event.type === 'redirect' && event.reason === 'error');
  expect(redirect?.type === 'redirect' && new URL(redirect.location).searchParams.has('state')).toBe(false);
});

test('the status panel shows the sign-in window’s host, without a padlock for http, and follows its navigations', async ({ browser }) => {
  const h = await start(browser, { configFor: (simulator) => ({ signInOrigins: [simulator.origin, foreignOrigin(simulator.origin)] }) });
  const signIn = await connect(h);
  const panel = h.app.getByTestId('flow-sign-in-location');
  const host = h.app.getByTestId('flow-sign-in-host');
  await expect(host).toHaveText(new URL(h.simulator.origin).host);
  await expect(panel).toContainText('okrypterad anslutning, http');
  await expect(panel.getByRole('img', { name: 'säker anslutning (https)' })).toHaveCount(0);

  await logIn(signIn.page, 'anna');
  await expect(signIn.page.getByRole('radio', { name: /Bokföringsbyrån Norr AB/ })).toBeVisible();
  await expect(host).toHaveText(new URL(h.simulator.origin).host);

  const elsewhere = foreignOrigin(h.simulator.origin);
  await signIn.page.goto(`${elsewhere}${FRAME_TARGET_PATH}?frame=top`);
  h.advanceTime(LOCATION_THROTTLE_MS);
  await expect(host).toHaveText(new URL(elsewhere).host);
  await expect(h.app.getByRole('heading', { name: 'Logga in i Fortnox i fönstret som öppnades' })).toBeVisible();
});

test('subframes cannot reach a foreign origin or the redirect URI: each is cancelled and the sign-in goes on', async ({ browser }) => {
  const h = await start(browser);
  const signIn = await connect(h);
  const frames = scriptedFrames(h.simulator.origin);
  await signIn.page.goto(`${h.simulator.origin}${FRAMES_PAGE_PATH}`);

  await expect.poll(() => h.simulator.log.filter((event) => event.type === 'frame-target').map((event) => event.url)).toEqual([
    `${h.simulator.origin}${FRAME_TARGET_PATH}?frame=same-origin`,
  ]);
  await expect.poll(() => signIn.cancelled.includes(frames.foreign)).toBe(true);
  await expect.poll(() => signIn.cancelled.includes(frames.redirect)).toBe(true);
  await expect.poll(() => signIn.cancelled.some((url) => url.includes('/APP-CALLBACK/'))).toBe(true);
  // Nothing reached the redirect host, and no frame's answer was taken for Fortnox's.
  expect(h.simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
  expect(h.connector.flow.currentStatus().phase).toBe('signing-in');
  expect(h.connector.flow.pendingStates()).toBe(1);
  await expect(h.app.getByRole('heading', { name: 'Logga in i Fortnox i fönstret som öppnades' })).toBeVisible();
  expect(h.logLines.some((line) => line.includes('sign-in window request cancelled') && line.includes('redirect-uri'))).toBe(true);
});

test('a configured frame origin may be framed, while the redirect URI in a frame stays cancelled', async ({ browser }) => {
  const h = await start(browser, { configFor: (simulator) => ({ signInFrameOrigins: [foreignOrigin(simulator.origin)] }) });
  const signIn = await connect(h);
  const frames = scriptedFrames(h.simulator.origin);
  await signIn.page.goto(`${h.simulator.origin}${FRAMES_PAGE_PATH}`);
  await expect
    .poll(() => h.simulator.log.filter((event) => event.type === 'frame-target').map((event) => new URL(event.url).search).sort())
    .toEqual(['?frame=foreign', '?frame=same-origin']);
  await expect.poll(() => signIn.cancelled.includes(frames.redirect)).toBe(true);
  expect(signIn.cancelled).not.toContain(frames.foreign);
  expect(h.simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
  expect(h.connector.flow.currentStatus().phase).toBe('signing-in');
});

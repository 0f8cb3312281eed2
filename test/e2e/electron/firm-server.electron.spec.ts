import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { followInBrowser } from '../../support/desktop-identity-provider';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { companyRow, disconnectCompany, expectNoSecretInFolder, expectSignedIn, startProviderSignIn, useFirmServer } from '../firm-steps';
import { ACCOUNTANT_DOMAIN, startRealFirmServer, type RealFirmServer } from '../real-firm-server';
import { findElectronBinary, planElectronSuite } from './electron-binary';

/*
 * Firm mode in the built app against the real firm server (issue 10 item 8, fourth bullet), the
 * flow of test/e2e/browser/firm-server.spec.ts through a real Electron binary: two app instances
 * (two data folders) with no Fortnox client, sign-in at oidc-provider through the system browser
 * (shell.openExternal, replaced in main by a recorder; the "browser" follows the provider's
 * redirects to the app's loopback listener), a connect whose code goes to the server, the other
 * instance's list live, no secret in either data folder (Electron's real safeStorage), and a
 * disconnect that revokes at the simulator.
 */

const plan = planElectronSuite(findElectronBinary(), process.env);

// Reported as skipped, never as passed, where no Electron binary exists (as on the CI machines
// here); a failure where REQUIRE_ELECTRON=1 says the suite must run (GitHub's runners).
if ('fail' in plan) throw new Error(plan.fail);
test.skip('skip' in plan, 'skip' in plan ? plan.skip : '');

const ROOT = path.resolve(__dirname, '../../..');
const ACCOUNTANT = { accountId: 'anna', email: `anna@${ACCOUNTANT_DOMAIN}`, name: 'Anna Andersson' };

interface Instance {
  app: ElectronApplication;
  window: Page;
  userData: string;
  /** Quits the app once (later calls wait for the same). */
  quit(): Promise<void>;
}

let simulator: FortnoxSimulator | undefined;
let firm: RealFirmServer | undefined;
const instances: Instance[] = [];

test.afterEach(async () => {
  for (const instance of instances.splice(0)) {
    await instance.quit();
    await rm(instance.userData, { recursive: true, force: true });
  }
  await firm?.close();
  await simulator?.close();
  firm = undefined;
  simulator = undefined;
});

/** The built app with its own data folder and no Fortnox client in its environment; the system browser replaced by a recorder. */
async function launch(executablePath: string): Promise<Instance> {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'connector-electron-firm-'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('FORTNOX_')) env[name] = value;
  const app = await electron.launch({
    executablePath,
    args: [path.join(ROOT, 'out/main/index.cjs')],
    cwd: ROOT,
    env: { ...env, FORTNOX_CONNECTOR_USER_DATA: userData },
  });
  let quitting: Promise<void> | undefined;
  const instance: Instance = { app, window: await app.firstWindow(), userData, quit: () => (quitting ??= app.close()) };
  instances.push(instance);
  // What main hands the operating system's browser is recorded instead (main looks shell.openExternal up at each call).
  await app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as { __systemBrowser: string[] }).__systemBrowser = opened;
    shell.openExternal = (url: string) => {
      opened.push(url);
      return Promise.resolve();
    };
  });
  return instance;
}

/** The URLs main handed the system browser so far. */
function systemBrowser(instance: Instance): Promise<string[]> {
  return instance.app.evaluate(() => [...(globalThis as unknown as { __systemBrowser: string[] }).__systemBrowser]);
}

/** Firm mode on, sign-in at the provider through the (recorded) system browser; returns the provider's code the loopback got. */
async function signIn(instance: Instance, serverUrl: string): Promise<string> {
  await useFirmServer(instance.window, serverUrl);
  await startProviderSignIn(instance.window);
  await expect.poll(async () => (await systemBrowser(instance)).length).toBe(1);
  const [authorizeUrl = ''] = await systemBrowser(instance);
  const landed = await followInBrowser(authorizeUrl);
  expect(landed.status).toBe(200);
  const callback = new URL(landed.url);
  expect(callback.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(callback.pathname).toBe('/callback');
  await expectSignedIn(instance.window, ACCOUNTANT, 'Redovisningskonsult');
  return callback.searchParams.get('code') ?? '';
}

test('firm mode in the built app: OIDC sign-in, connect through the server, live lists in two instances, no secret on disk, disconnect revokes', async () => {
  const executablePath = 'run' in plan ? plan.run : '';
  const sim = await startFortnoxSimulator(e2eScript());
  simulator = sim;
  const real = await startRealFirmServer(sim);
  firm = real;
  real.idp.nextSignIn = ACCOUNTANT;

  const a = await launch(executablePath);
  const b = await launch(executablePath);
  const idpCodes = [await signIn(a, real.server.url), await signIn(b, real.server.url)];
  const users = await real.server.database.query<{ email: string; role: string }>('SELECT email, role FROM users');
  expect(users.rows).toEqual([{ email: ACCOUNTANT.email, role: 'accountant' }]);
  for (const instance of [a, b]) await instance.window.getByTestId('nav-companies').click();

  // Instance A connects Bergs Bygg AB in its sign-in window; the code goes to the server.
  await a.window.getByTestId('nav-connect').click();
  const opened = a.app.waitForEvent('window');
  await a.window.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  const signInWindow = await opened;
  await signInWindow.getByLabel('Användarnamn').fill('bo');
  await signInWindow.getByLabel('Lösenord').fill('demo');
  await signInWindow.getByRole('button', { name: 'Logga in' }).click();
  await signInWindow.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(a.window.getByTestId('flow-company')).toContainText('Bergs Bygg AB');

  // Instance B's open list shows it live; the server holds it; Fortnox saw one exchange, with the server's secret.
  await expect(companyRow(b.window, '2001')).toContainText('Bergs Bygg AB');
  const stored = await real.server.database.query<{ tenant_id: string; connected_by: string }>('SELECT tenant_id, connected_by FROM companies');
  expect(stored.rows).toEqual([{ tenant_id: '2001', connected_by: ACCOUNTANT.email }]);
  expect(sim.tokenRequests()).toEqual([expect.objectContaining({ grantType: 'authorization_code', clientId: E2E_CLIENT_ID, basicAuthValid: true, tenantId: 2001 })]);

  // Every file of both data folders (Chromium's own included): no token, code, secret or session.
  const grant = sim.grants().find((candidate) => candidate.tenantId === 2001);
  const secrets = [...sim.issuedSecrets(), real.clientSecret, ...idpCodes].filter((value) => value.length >= 8);
  expect(secrets).toContain(grant?.refreshToken);
  for (const instance of [a, b]) await expectNoSecretInFolder(instance.userData, secrets);

  // Instance B disconnects: the server revokes that company's refresh token; A's list drops it live.
  await disconnectCompany(b.window, '2001');
  expect(sim.revocations()).toEqual([expect.objectContaining({ clientId: E2E_CLIENT_ID, basicAuthValid: true, token: grant?.refreshToken, revoked: true, tenantId: 2001 })]);
  await a.window.getByTestId('nav-companies').click();
  await expect(companyRow(a.window, '2001')).toHaveCount(0);
  await expect(companyRow(b.window, '2001')).toHaveCount(0);

  // Once both have quit (everything flushed), every file again.
  for (const instance of [a, b]) await instance.quit();
  for (const instance of [a, b]) await expectNoSecretInFolder(instance.userData, secrets);
});

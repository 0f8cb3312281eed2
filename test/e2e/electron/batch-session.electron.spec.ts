import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { e2eScript } from '../e2e-script';
import { findElectronBinary, planElectronSuite } from './electron-binary';
import { launchAgainstSimulator } from './launch-against-simulator';

const plan = planElectronSuite(findElectronBinary(), process.env);

// Reported as skipped, never as passed, where no Electron binary exists (as on the CI machines
// here); a failure where REQUIRE_ELECTRON=1 says the suite must run (GitHub's runners).
if ('fail' in plan) throw new Error(plan.fail);
test.skip('skip' in plan, 'skip' in plan ? plan.skip : '');

let simulator: FortnoxSimulator;
let electronApp: ElectronApplication;
let appWindow: Page;
let userData: string;

test.beforeEach(async () => {
  simulator = await startFortnoxSimulator(e2eScript());
  userData = await mkdtemp(path.join(os.tmpdir(), 'connector-electron-e2e-'));
  electronApp = await launchAgainstSimulator('run' in plan ? plan.run : '', simulator, userData);
  appWindow = await electronApp.firstWindow();
});

test.afterEach(async () => {
  await electronApp.close();
  await simulator.close();
  await rm(userData, { recursive: true, force: true });
});

/** Picks a company in the sign-in window and approves. */
async function pickAndApprove(signIn: Page, company: RegExp): Promise<void> {
  await signIn.getByRole('radio', { name: company }).check();
  await signIn.getByRole('button', { name: 'Fortsätt' }).click();
  await signIn.getByRole('button', { name: 'Godkänn & aktivera' }).click();
}

/** The session of the one sign-in window open now: in memory or not, the default one or not, remembered as `key`. */
function signInSession(app: ElectronApplication, key: string) {
  return app.evaluate(({ BrowserWindow, session }, name) => {
    const open = BrowserWindow.getAllWindows().filter((win) => !win.webContents.getURL().startsWith('app://'));
    const ses = open[0]?.webContents.session;
    const store = globalThis as unknown as Record<string, Electron.Session | undefined>;
    store[name] = ses;
    return { windows: open.length, inMemory: ses?.storagePath === null, isDefault: ses === session.defaultSession, sameAsFirst: ses === store.first };
  }, key);
}

test("a batch's sign-in windows share one in-memory partition: one login, emptied when the batch ends", async () => {
  await appWindow.getByTestId('nav-batch').click();
  await appWindow.getByLabel('Organisationsnummer, ett per rad').fill('556677-8899\n559012-3456');
  const first = electronApp.waitForEvent('window');
  await appWindow.getByRole('button', { name: 'Anslut företagen' }).click();
  const signIn = await first;
  expect(await signInSession(electronApp, 'first')).toEqual({ windows: 1, inMemory: true, isDefault: false, sameAsFirst: true });
  await signIn.getByLabel('Användarnamn').fill('anna');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  const second = electronApp.waitForEvent('window');
  await pickAndApprove(signIn, /Bokföringsbyrån Norr/);
  const next = await second;
  // The same partition, still logged in: the company chooser, not the login page.
  await expect(next.getByRole('heading', { name: 'Välj företag' })).toBeVisible();
  expect(await signInSession(electronApp, 'second')).toEqual({ windows: 1, inMemory: true, isDefault: false, sameAsFirst: true });
  await pickAndApprove(next, /Café Söder/);
  await expect(appWindow.getByTestId('batch-summary')).toContainText('2 anslutna');
  expect(simulator.successfulLogins()).toBe(1);
  // Released when the batch ended: the partition's login cookie is gone.
  await expect
    .poll(() =>
      electronApp.evaluate(async () => {
        const ses = (globalThis as unknown as Record<string, Electron.Session | undefined>).first;
        return ses ? (await ses.cookies.get({})).length : -1;
      }),
    )
    .toBe(0);
});

test('a single Connect still gets a fresh partition of its own, apart from any batch', async () => {
  const nav = appWindow.getByTestId('nav-connect');
  await nav.click();
  const opened = electronApp.waitForEvent('window');
  await appWindow.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  await opened;
  expect(await signInSession(electronApp, 'first')).toMatchObject({ windows: 1, inMemory: true, isDefault: false });
});

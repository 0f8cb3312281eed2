import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { FRAMES_PAGE_PATH, FRAME_TARGET_PATH, scriptedFrames } from '../../../simulator/scripted-frames';
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

async function openSignIn(): Promise<Page> {
  const nav = appWindow.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
  const next = electronApp.waitForEvent('window');
  await appWindow.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  return next;
}

test('the app window is sandboxed, isolated and served from app://', async () => {
  const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows()[0];
    return { url: win?.webContents.getURL() ?? '' };
  });
  expect(prefs.url).toBe('app://renderer/index.html');
  expect(await appWindow.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await appWindow.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});

test('an accountant signs in, picks a company, approves, and sees the outcome', async () => {
  const signIn = await openSignIn();
  await signIn.getByLabel('Användarnamn').fill('anna');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  await signIn.getByRole('radio', { name: /Bokföringsbyrån Norr/ }).check();
  await signIn.getByRole('button', { name: 'Fortsätt' }).click();
  await signIn.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(appWindow.getByRole('heading', { name: 'Ansluten till Fortnox' })).toBeVisible();
  await expect(appWindow.getByTestId('flow-company')).toContainText('Bokföringsbyrån Norr AB, org.nr 556677-8899');
  expect(simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
  await appWindow.getByTestId('nav-companies').click();
  await expect(appWindow.locator('[data-testid="company-row"][data-tenant-id="1001"]')).toContainText('556677-8899');
  // Through Electron's real safeStorage: secrets.json holds ciphertext only.
  const { readFile } = await import('node:fs/promises');
  const stored = await readFile(path.join(userData, 'secrets.json'), 'utf8').catch(() => '');
  for (const secret of simulator.issuedSecrets().filter((value) => value.length >= 8)) expect(stored).not.toContain(secret);
});

test('the sign-in window is sandboxed, isolated, has no preload and gets a fresh in-memory session', async () => {
  const signIn = await openSignIn();
  expect(await signIn.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  const facts = await electronApp.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => ({
      parent: win.getParentWindow() !== null,
      persistent: win.webContents.session.isPersistent(),
      preloads: win.webContents.session.getPreloadScripts().length,
    })),
  );
  const child = facts.find((fact) => fact.parent);
  expect(child).toEqual({ parent: true, persistent: false, preloads: 0 });
});

test('disconnecting revokes at Fortnox and removes the company', async () => {
  const signIn = await openSignIn();
  await signIn.getByLabel('Användarnamn').fill('bo');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  await signIn.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(appWindow.getByTestId('flow-company')).toContainText('Bergs Bygg AB, org.nr 556123-4567');
  await appWindow.getByTestId('nav-companies').click();
  const row = appWindow.locator('[data-testid="company-row"][data-tenant-id="2001"]');
  // Every action is in the detail pane a click on the row opens.
  await row.click();
  await appWindow.locator('[data-testid="company-detail"][data-tenant-id="2001"]').getByRole('button', { name: 'Koppla från' }).click();
  await appWindow.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(appWindow.getByTestId('company-row')).toHaveCount(0);
  expect(simulator.revocations()).toHaveLength(1);
});

test('declining in Fortnox is shown as "you declined"', async () => {
  const signIn = await openSignIn();
  await signIn.getByLabel('Användarnamn').fill('bo');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  await signIn.getByRole('button', { name: 'Neka' }).click();
  await expect(appWindow.getByRole('alert')).toContainText('Du avböjde anslutningen i Fortnox');
});

test('closing the sign-in window ends the flow', async () => {
  const signIn = await openSignIn();
  await signIn.close();
  await expect(appWindow.getByRole('alert')).toContainText('Inloggningsfönstret stängdes');
});

test('a tampered state is refused and the code discarded', async () => {
  simulator.controls.tamperNextState = true;
  const signIn = await openSignIn();
  await signIn.getByLabel('Användarnamn').fill('bo');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  await signIn.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(appWindow.getByRole('alert')).toContainText('Svaret hör inte till den här inloggningen');
});

/** The sign-in window's title, as the operating system shows it. */
function signInTitle(): Promise<string> {
  return electronApp.evaluate(
    ({ BrowserWindow }) => BrowserWindow.getAllWindows().find((win) => win.getParentWindow() !== null)?.getTitle() ?? '',
  );
}

test('the sign-in window’s title and the status panel show its host, and the page cannot change the title', async () => {
  const signIn = await openSignIn();
  await signIn.waitForLoadState('domcontentloaded');
  const host = new URL(simulator.origin).host;
  await expect(appWindow.getByTestId('flow-sign-in-host')).toHaveText(host);
  // Plain http on loopback: the host, and no padlock.
  await expect.poll(signInTitle).toBe(`${host} — Fortnox`);
  await signIn.evaluate(() => {
    (globalThis as unknown as { document: { title: string } }).document.title = '🔒 apps.fortnox.se — Fortnox';
  });
  await signIn.getByLabel('Användarnamn').fill('anna');
  await signIn.getByLabel('Lösenord').fill('demo');
  await signIn.getByRole('button', { name: 'Logga in' }).click();
  await expect(signIn.getByRole('radio', { name: /Bokföringsbyrån Norr/ })).toBeVisible();
  await expect.poll(signInTitle).toBe(`${host} — Fortnox`);
  await expect(appWindow.getByTestId('flow-sign-in-host')).toHaveText(host);
});

test('subframes of the sign-in window cannot load a foreign origin or the redirect URI', async () => {
  const signIn = await openSignIn();
  await signIn.waitForLoadState('domcontentloaded');
  const frames = scriptedFrames(simulator.origin);
  await signIn.goto(`${simulator.origin}${FRAMES_PAGE_PATH}`);
  await expect
    .poll(() => simulator.log.filter((event) => event.type === 'frame-target').map((event) => event.url))
    .toEqual([`${simulator.origin}${FRAME_TARGET_PATH}?frame=same-origin`]);
  expect(frames.foreign).toContain('localhost');
  expect(simulator.log.filter((event) => event.type === 'app-callback')).toHaveLength(0);
  await expect(appWindow.getByRole('heading', { name: 'Logga in i Fortnox i fönstret som öppnades' })).toBeVisible();
});

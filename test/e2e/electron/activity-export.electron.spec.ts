import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication } from '@playwright/test';
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
let electronApp: ElectronApplication | undefined;
let userData: string;

test.beforeEach(async () => {
  simulator = await startFortnoxSimulator(e2eScript());
  userData = await mkdtemp(path.join(os.tmpdir(), 'connector-electron-activity-'));
});

test.afterEach(async () => {
  await electronApp?.close();
  electronApp = undefined;
  await simulator.close();
  await rm(userData, { recursive: true, force: true });
});

test("the Activity view's Export CSV asks Electron's save dialog where to save and writes the file there", async () => {
  electronApp = await launchAgainstSimulator('run' in plan ? plan.run : '', simulator, userData);
  const target = path.join(userData, 'chosen-by-user.csv');
  // The native dialog cannot be clicked by a test: answer it as a user who chose `target` would,
  // and keep what the app asked it.
  await electronApp.evaluate(({ dialog }, filePath) => {
    const asked: unknown[] = [];
    (globalThis as { __savePrompts?: unknown[] }).__savePrompts = asked;
    dialog.showSaveDialog = ((...args: unknown[]) => {
      asked.push(args[args.length - 1]);
      return Promise.resolve({ canceled: false, filePath });
    }) as typeof dialog.showSaveDialog;
  }, target);
  const appWindow = await electronApp.firstWindow();
  await appWindow.getByTestId('nav-activity').click();
  await appWindow.getByRole('button', { name: 'Exportera CSV' }).click();

  await expect(appWindow.getByTestId('activity-export-status')).toHaveText('0 rader sparades.');
  expect((await readFile(target, 'utf8')).startsWith('\uFEFFtime;database_number;company;key_name')).toBe(true);
  const prompts = await electronApp.evaluate(() => (globalThis as { __savePrompts?: { defaultPath?: string; filters?: unknown }[] }).__savePrompts ?? []);
  expect(prompts).toHaveLength(1);
  expect(path.basename(prompts[0]?.defaultPath ?? '')).toMatch(/^fortnox-connector-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(prompts[0]?.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
});

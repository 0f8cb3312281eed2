import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication } from '@playwright/test';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { e2eScript } from '../e2e-script';
import { findElectronBinary, planElectronSuite } from './electron-binary';
import { launchAgainstSimulator } from './launch-against-simulator';
import { freePort } from '../../support/free-port';

const plan = planElectronSuite(findElectronBinary(), process.env);

// Reported as skipped, never as passed, where no Electron binary exists (as on the CI machines
// here); a failure where REQUIRE_ELECTRON=1 says the suite must run (GitHub's runners).
if ('fail' in plan) throw new Error(plan.fail);
test.skip('skip' in plan, 'skip' in plan ? plan.skip : '');

let simulator: FortnoxSimulator;
let electronApp: ElectronApplication | undefined;
let userData: string;


async function health(port: number): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/v1/health`)).status;
  } catch {
    return 'refused';
  }
}

test.beforeEach(async () => {
  simulator = await startFortnoxSimulator(e2eScript());
  userData = await mkdtemp(path.join(os.tmpdir(), 'connector-electron-local-api-'));
});

test.afterEach(async () => {
  await electronApp?.close();
  electronApp = undefined;
  await simulator.close();
  await rm(userData, { recursive: true, force: true });
});

test('the app started by Electron answers /v1/health on the port from Settings, and quitting closes it', async () => {
  const port = await freePort();
  await writeFile(path.join(userData, 'settings.json'), JSON.stringify({ localApi: { enabled: true, port } }));
  electronApp = await launchAgainstSimulator('run' in plan ? plan.run : '', simulator, userData);
  const appWindow = await electronApp.firstWindow();
  await appWindow.getByTestId('nav-settings').click();
  await expect(appWindow.getByTestId('local-api-status-text')).toHaveText(`Körs på http://127.0.0.1:${port}`);
  const answer = await fetch(`http://127.0.0.1:${port}/v1/health`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ status: 'up' });

  await electronApp.close();
  electronApp = undefined;
  expect(await health(port)).toBe('refused');
});

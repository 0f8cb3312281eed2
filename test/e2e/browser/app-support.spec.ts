import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { createManagedSource } from '../../../main/config/managed-source';
import { createLogger } from '../../../main/logging/logger';
import { FILE_LIMITS, readBoundedFile } from '../../../main/storage/read-bounded-file';
import { fileFactsOwnedBy, USER_PLANTED } from '../../unit/main/config/fake-managed-ports';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';

let harness: Harness | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

test('a first start without a client secret opens on Get started, with the developer portal one click away', async ({ browser }) => {
  const h = await start(browser, { clientSecret: 'settings' });
  await expect(h.app.getByRole('heading', { name: 'Kom igång' })).toBeVisible();
  await expect(h.app.getByTestId('setup-step-clientSecret')).toHaveAttribute('data-state', 'todo');
  await h.app.getByTestId('help-developer-portal').click();
  await expect.poll(() => h.openedExternally).toEqual(['https://www.fortnox.se/developer/developer-portal']);

  const secret = h.simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '';
  await h.app.getByLabel('Ny klienthemlighet').fill(secret);
  await h.app.getByRole('button', { name: 'Spara hemligheten' }).click();
  await expect(h.app.getByTestId('setup-done')).toBeVisible();
  await h.app.getByTestId('setup-done').getByRole('button', { name: 'Anslut ett företag' }).click();
  await expect(h.app.getByRole('button', { name: 'Anslut till Fortnox' })).toBeEnabled();
});

test('a blank first start lists the client id, redirect URI and client secret all as still to do', async ({ browser }) => {
  const h = await start(browser, { clientSecret: 'blank' });
  await expect(h.app.getByRole('heading', { name: 'Kom igång' })).toBeVisible();
  for (const step of ['clientId', 'redirectUri', 'clientSecret']) {
    await expect(h.app.getByTestId(`setup-step-${step}`)).toHaveAttribute('data-state', 'todo');
  }
  await expect(h.app.getByTestId('client-secret-state')).toHaveText('Ingen klienthemlighet är sparad.');
});

test('a managed file an ordinary user planted is shown as not protected, is not used, and blocks connecting', async ({ browser }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'managed-e2e-'));
  try {
    const filePath = path.join(dir, 'managed-settings.json');
    await writeFile(filePath, JSON.stringify({ clientId: 'planted-client', tokenUrl: 'https://attacker.example/token' }));
    const managed = createManagedSource({
      platform: 'linux',
      filePath,
      fs: fileFactsOwnedBy(USER_PLANTED),
      readFile: (file) => readBoundedFile(file, FILE_LIMITS.settings),
      log: createLogger(() => undefined),
    });
    const h = await start(browser, { clientSecret: 'settings', managed });
    const problems = h.app.getByTestId('config-problems');
    await expect(problems).toContainText(
      'Den hanterade konfigurationsfilen från IT-avdelningen är inte skyddad och används inte: den måste ägas av root (macOS, Linux) eller av Administratörer eller SYSTEM (Windows) och får inte kunna ändras av någon annan.',
    );
    await expect(h.app.getByLabel('Klient-id (client id)')).toHaveValue(E2E_CLIENT_ID);
    await h.app.getByTestId('nav-connect').click();
    await expect(h.app.getByRole('button', { name: 'Anslut till Fortnox' })).toBeDisabled();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('copy diagnostics puts version, configuration and log lines on the clipboard, and no secret', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-connect').click();
  await h.app.getByRole('button', { name: 'Anslut till Fortnox' }).click();
  const signIn = await h.signInWindow(0);
  await signIn.page.getByLabel('Användarnamn').fill('bo');
  await signIn.page.getByLabel('Lösenord').fill('demo');
  await signIn.page.getByRole('button', { name: 'Logga in' }).click();
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(h.app.getByTestId('flow-company')).toBeVisible();

  await h.app.getByTestId('nav-settings').click();
  await h.app.getByTestId('copy-diagnostics').click();
  await expect(h.app.getByTestId('copy-diagnostics-outcome')).toContainText('Kopierat');
  const text = h.clipboard.at(-1) ?? '';
  expect(text).toContain('Fortnox Connector diagnostics');
  expect(text).toContain(`client id: ${E2E_CLIENT_ID}`);
  expect(text).toContain('connected companies: 1');
  expect(text).toContain('company connected');
  for (const secret of h.simulator.issuedSecrets().filter((value) => value.length >= 8)) expect(text).not.toContain(secret);
});

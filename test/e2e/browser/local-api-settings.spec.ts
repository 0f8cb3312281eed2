import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { createManagedSource } from '../../../main/config/managed-source';
import { createLogger } from '../../../main/logging/logger';
import { FILE_LIMITS, readBoundedFile } from '../../../main/storage/read-bounded-file';
import { fileFactsOwnedBy, ROOT_OWNED } from '../../unit/main/config/fake-managed-ports';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';

let harness: Harness | undefined;
const cleanups: (() => Promise<void>)[] = [];

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** The status of a GET of /v1/health, or 'refused' when nothing listens on the port. */
async function health(port: number): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/v1/health`)).status;
  } catch {
    return 'refused';
  }
}

/** Another program holding a port on 127.0.0.1 (a plain Node server). */
async function occupyPort(): Promise<number> {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

test('the local API answers /v1/health once the app has started, and Settings says where it runs', async ({ browser }) => {
  const h = await start(browser);
  const port = h.localApiPort();
  expect(port).not.toBeNull();
  const answer = await fetch(`http://127.0.0.1:${port}/v1/health`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ status: 'up' });

  await h.app.getByTestId('nav-settings').click();
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(`Körs på http://127.0.0.1:${port}`);
});

test('turning the local API off in Settings closes its port at once, and turning it on opens it again', async ({ browser }) => {
  const h = await start(browser);
  const port = h.localApiPort() ?? 0;
  expect(await health(port)).toBe(200);

  await h.app.getByTestId('nav-settings').click();
  const enabled = h.app.getByLabel('Lokalt API påslaget');
  await expect(enabled).toBeChecked();
  // Keyboard only: focus the checkbox, toggle it with Space, save with Enter on the button.
  await enabled.focus();
  await h.app.keyboard.press('Space');
  await expect(enabled).not.toBeChecked();
  await h.app.getByRole('button', { name: 'Spara det lokala API:ets inställningar' }).focus();
  await h.app.keyboard.press('Enter');

  await expect(h.app.getByTestId('local-api-status-text')).toHaveText('Avstängt. Program på datorn kan inte nå Fortnox genom appen.');
  await expect(h.app.getByTestId('local-api-outcome')).toContainText('Sparat');
  expect(await health(port)).toBe('refused');
  expect(h.localApiPort()).toBeNull();

  await enabled.check();
  await h.app.getByRole('button', { name: 'Spara det lokala API:ets inställningar' }).click();
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(/^Körs på http:\/\/127\.0\.0\.1:\d+$/);
  expect(await health(h.localApiPort() ?? 0)).toBe(200);
});

test('a port another program holds is shown as taken, with what to do, in Swedish and English; another port then works', async ({ browser }) => {
  const h = await start(browser);
  const taken = await occupyPort();
  await h.app.getByTestId('nav-settings').click();
  await h.app.getByLabel('Port', { exact: true }).fill(String(taken));
  await h.app.getByRole('button', { name: 'Spara det lokala API:ets inställningar' }).click();

  const status = h.app.getByTestId('local-api-section').getByTestId('local-api-status');
  await expect(status).toHaveAttribute('data-state', 'port_in_use');
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(
    `Port ${taken} används redan av ett annat program, så det lokala API:et kunde inte starta. Verktyg som är inställda på den här porten kan skicka sina nycklar till det programmet.`,
  );
  await expect(h.app.getByTestId('local-api-status-help')).toContainText('Välj en annan port här och spara, och ange sedan den nya adressen i dina verktyg.');
  await expect(h.app.getByRole('button', { name: 'Försök igen' })).toBeVisible();

  await h.app.getByLabel(/Språk/).selectOption('en');
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(
    `Port ${taken} is already used by another program, so the local API could not start. Tools set up for this port may be sending their keys to that program.`,
  );
  await expect(h.app.getByTestId('local-api-status-help')).toContainText('Choose another port here and save, then give your tools the new address.');

  // A bad port is refused with a specific message, before anything is sent.
  await h.app.getByLabel('Port', { exact: true }).fill('80');
  await h.app.getByRole('button', { name: 'Save local API settings' }).click();
  await expect(h.app.getByTestId('local-api-port-error')).toHaveText(
    '“80” is not a port that can be used. Type a whole number from 1024 to 65535, or leave the field empty for the default port 41817.',
  );
  await expect(h.app.getByLabel('Port', { exact: true })).toBeFocused();

  // Back to a free port (the harness's default, a free one): it runs again.
  await h.app.getByLabel('Port', { exact: true }).fill('');
  await h.app.getByRole('button', { name: 'Save local API settings' }).click();
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(/^Running on http:\/\/127\.0\.0\.1:\d+$/);
  expect(await health(h.localApiPort() ?? 0)).toBe(200);
});

test('a managed configuration that turns the local API off shows it locked, and the API does not listen', async ({ browser }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'managed-local-api-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const filePath = path.join(dir, 'managed-settings.json');
  await writeFile(filePath, JSON.stringify({ localApi: { enabled: false, port: 41999 } }));
  const managed = createManagedSource({
    platform: 'linux',
    filePath,
    fs: fileFactsOwnedBy(ROOT_OWNED),
    readFile: (file, check) => readBoundedFile(file, FILE_LIMITS.settings, check),
    log: createLogger(() => undefined),
  });
  const h = await start(browser, { clientSecret: 'settings', managed });
  expect(h.localApiPort()).toBeNull();
  expect(h.services.localApi.status()).toEqual({ state: 'off', by: 'managed' });
  expect(await health(41999)).toBe('refused');

  await h.app.getByTestId('nav-settings').click();
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText('Avstängt av din IT-avdelning.');
  await expect(h.app.getByLabel('Lokalt API påslaget')).toBeDisabled();
  await expect(h.app.getByLabel('Lokalt API påslaget')).not.toBeChecked();
  await expect(h.app.getByTestId('local-api-enabled-locked')).toHaveText('Låst av IT-avdelningens hanterade konfiguration och kan inte ändras här.');
  await expect(h.app.getByLabel('Port', { exact: true })).toHaveValue('41999');
  await expect(h.app.getByLabel('Port', { exact: true })).toHaveAttribute('readonly', '');
  // Both fields locked: there is nothing to save.
  await expect(h.app.getByRole('button', { name: 'Spara det lokala API:ets inställningar' })).toHaveCount(0);
});

test('no key or token passes over IPC for the local API', async ({ browser }) => {
  const h = await start(browser);
  const { key } = await h.services.toolKeys.create({ name: 'Excel', companies: 'all', right: 'token', lifetimeDays: 30 });
  await h.app.getByTestId('nav-settings').click();
  await expect(h.app.getByTestId('local-api-status-text')).toHaveText(/^Körs på/);
  const localApiTraffic = h.ipcTraffic.filter((line) => line.includes('local-api'));
  expect(localApiTraffic.length).toBeGreaterThan(0);
  for (const line of h.ipcTraffic) expect(line).not.toContain(key);
  for (const line of h.logLines) expect(line).not.toContain(key);
});

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany, curl } from './ui-steps';

/*
 * Issue 8, item 9: no token, key or secret in any log line, audit line, IPC message or plain file
 * of a full run. One run does everything an accountant and a tool do: two companies connected in
 * the real renderer against the Fortnox simulator, a refresh, a tool key created in the Tools
 * view, Settings saved, the local API used by `curl` (companies, access tokens, a proxied GET and POST, a bad key,
 * a refresh through the API), the key revoked, a company disconnected and the activity (audit log)
 * viewed and exported. Then every log line, every IPC message, every file in the data folder (the
 * audit log's too) and the exported CSV are searched for every secret the run saw.
 */

// Invoicing: companyinformation, customer, invoice and more, so the tool can also write.
const INVOICING = { preset: 'Fakturering' };

let harness: Harness | undefined;

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(browser: Browser): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  return harness;
}


function row(h: Harness, tenantId: string) {
  return h.app.locator(`[data-testid="company-row"][data-tenant-id="${tenantId}"]`);
}

/** Opens the company's detail pane (a click on its row) and returns it: every action is there. */
async function details(h: Harness, tenantId: string) {
  await row(h, tenantId).click();
  const pane = h.app.locator(`[data-testid="company-detail"][data-tenant-id="${tenantId}"]`);
  await expect(pane).toBeVisible();
  return pane;
}



/** Every file under `dir` with its path relative to it and its text. */
async function filesUnder(dir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ name: path.relative(dir, file).split(path.sep).join('/'), text: await readFile(file, 'utf8') })));
}

test('a full run leaves no token, code, state, client secret, tool key or secret query value in any log line, audit line, IPC message, export or file of the data folder', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;

  // Two companies connected through the UI.
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/, INVOICING);
  await connectCompany(h, 'bo', undefined, INVOICING);
  await expect.poll(() => h.services.connections.list().length).toBe(2);

  // An hour later: testing a company refreshes its expired access token.
  h.advanceTime(61 * 60 * 1000);
  await page.getByTestId('nav-companies').click();
  await (await details(h, '1001')).getByRole('button', { name: 'Testa anslutning' }).click();
  await expect(h.app.locator('[data-testid="company-detail"][data-tenant-id="1001"]').getByTestId('company-test-result')).toContainText('Anslutningen fungerar');

  // A key with the token right, created in the Tools view; read from the shown-once panel only.
  await page.getByTestId('nav-tools').click();
  await page.getByLabel('Namn', { exact: true }).fill('Revisionsskript');
  await page.getByLabel('Alla anslutna företag').check();
  await page.getByRole('radio', { name: 'Hämta åtkomsttoken' }).check();
  await page.getByRole('radio', { name: 'Tills vidare (går inte ut)' }).check();
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();
  const key = await page.getByTestId('tool-key-value').inputValue();
  expect(key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
  await page.getByTestId('tool-created').getByRole('button', { name: 'Klar, jag har sparat nyckeln' }).click();

  // Settings saved (the local API turned off and on again), so settings.json is written too.
  await page.getByTestId('nav-settings').click();
  const enabled = page.getByLabel('Lokalt API påslaget');
  const saveLocalApi = page.getByRole('button', { name: 'Spara det lokala API:ets inställningar' });
  await enabled.uncheck();
  await saveLocalApi.click();
  await expect(page.getByTestId('local-api-status-text')).toHaveText('Avstängt. Program på datorn kan inte nå Fortnox genom appen.');
  await enabled.check();
  await saveLocalApi.click();
  await expect(page.getByTestId('local-api-status-text')).toHaveText(/^Körs på http:\/\/127\.0\.0\.1:\d+$/);

  // The local API, used by curl with the key.
  const port = h.localApiPort();
  if (port === null) throw new Error('the local API is not running');
  const base = `http://127.0.0.1:${port}`;
  const auth = ['-H', `Authorization: Bearer ${key}`];
  const companies = await curl([...auth, `${base}/v1/companies`]);
  expect([companies.status, JSON.parse(companies.body).companies.length]).toEqual([200, 2]);
  const token = await curl([...auth, '-X', 'POST', `${base}/v1/companies/1001/access-token`]);
  expect(token.status).toBe(200);
  const handed = (JSON.parse(token.body) as { accessToken: string }).accessToken;
  // A query value a tool sends may hold a secret: it must reach no audit line either.
  const queryValue = 'hemligt-fragevarde-0123456789';
  const information = await curl([...auth, `${base}/v1/companies/2001/fortnox/3/companyinformation?access_token=${queryValue}`]);
  expect([information.status, JSON.parse(information.body).CompanyInformation.CompanyName]).toEqual([200, 'Bergs Bygg AB']);
  const created = await curl([...auth, '-X', 'POST', '-H', 'Content-Type: application/json', '--data', '{"Customer":{"Name":"Ny Kund AB"}}', `${base}/v1/companies/2001/fortnox/3/customers`]);
  expect(created.status).toBe(201);
  const wrongKey = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
  const refused = await curl(['-H', `Authorization: Bearer ${wrongKey}`, `${base}/v1/companies`]);
  expect(refused.status).toBe(401);
  // Another hour: the access-token request refreshes through the app's one owner of the tokens.
  h.advanceTime(61 * 60 * 1000);
  const refreshedToken = await curl([...auth, '-X', 'POST', `${base}/v1/companies/2001/access-token`]);
  expect(refreshedToken.status).toBe(200);
  // Three refreshes: 1001 by its test, 2001 by the tool's first proxied call (its token had expired
  // by then) and by this access-token request.
  const refreshes = h.simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
  expect(refreshes.map((request) => request.tenantId)).toEqual([1001, 2001, 2001]);

  // The key revoked in the Tools view: refused at once.
  await page.getByTestId('nav-tools').click();
  await page.getByTestId('tool-key-row').getByRole('button', { name: 'Återkalla Revisionsskript' }).click();
  await page.getByTestId('revoke-dialog').getByRole('button', { name: 'Återkalla nyckeln' }).click();
  await expect(page.getByTestId('tool-revoke-outcome')).toBeVisible();
  expect((await curl([...auth, `${base}/v1/companies`])).status).toBe(401);

  // A company disconnected: Fortnox is told, the local data goes.
  await page.getByTestId('nav-companies').click();
  await (await details(h, '2001')).getByRole('button', { name: 'Koppla från' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(page.getByTestId('disconnect-result')).toHaveAttribute('data-outcome', 'disconnected');
  await h.services.toolKeys.idle();

  // The audit log: both tokens handed out, both proxied calls and both 401s (the company list
  // is not audited), on disk, shown in the Activity view and exported as CSV.
  await expect.poll(async () => (await h.services.audit.query({}, 100)).entries.length).toBe(6);
  await h.services.audit.idle();
  await page.getByTestId('nav-activity').click();
  await expect(page.getByTestId('activity-row')).toHaveCount(6);
  await page.getByRole('button', { name: 'Exportera CSV' }).click();
  await expect(page.getByTestId('activity-export-status')).toHaveText('6 rader sparades.');

  // Every secret the run saw: what the simulator issued and received (codes, access and refresh
  // tokens, client secrets and their Basic credentials), each sign-in's state, and the tool key.
  const issued = h.simulator.issuedSecrets().filter((value) => value.length >= 8);
  const states = h.signIns.map((signIn) => new URL(signIn.request.url).searchParams.get('state') ?? '');
  expect(issued).toContain(handed);
  expect(h.simulator.issuedCodes()).toHaveLength(2);
  expect(states.every((state) => state.length >= 16)).toBe(true);
  const secrets = [...issued, ...states, queryValue];

  // Everything the run wrote: log lines, IPC messages (both ways), every file in the data folder
  // (companies.json, settings.json, tool-keys.json, alerts.json, the audit log when there is one,
  // and the encrypted secrets.json, whose ciphertexts must not hold a token in the clear either).
  const files = await filesUnder(h.dataDir);
  const fileNames = files.map((file) => file.name);
  for (const expected of ['companies.json', 'settings.json', 'tool-keys.json', 'secrets.json']) expect(fileNames).toContain(expected);
  const auditLines = files.filter((file) => file.name.startsWith('audit/')).flatMap((file) => file.text.split('\n').filter((line) => line !== ''));
  expect(auditLines).toHaveLength(6);
  const textOf = (name: string) => files.find((file) => file.name === name)?.text ?? '';
  expect(textOf('companies.json')).toContain('Bokföringsbyrån Norr AB');
  expect(textOf('tool-keys.json')).toContain('Revisionsskript');
  expect(textOf('settings.json')).toContain('localApi');
  const everything = [
    ...h.logLines.map((line) => ({ where: 'log line', text: line })),
    ...h.ipcTraffic.map((message) => ({ where: 'IPC message', text: message })),
    ...files.map((file) => ({ where: `file ${file.name}`, text: file.text })),
    ...h.savedFiles.map((file) => ({ where: `exported ${file.name}`, text: file.text })),
  ];
  expect(h.logLines.length).toBeGreaterThan(10);
  expect(h.ipcTraffic.length).toBeGreaterThan(40);

  const leaks = secrets.flatMap((secret) => everything.filter((item) => item.text.includes(secret)).map((item) => `${item.where}: …${secret.slice(-6)}`));
  expect(leaks, 'a secret of the run reached a log line, audit line, IPC message, export or file').toEqual([]);

  // The tool key travels exactly once: in the answer that carries it to the shown-once panel.
  const withKey = everything.filter((item) => item.text.includes(key));
  expect(withKey.map((item) => item.where)).toEqual(['IPC message']);
  expect(JSON.parse(withKey[0]?.text ?? '{}')).toMatchObject({ direction: 'reply', channel: 'tools:create-key' });
  test.info().annotations.push({ type: 'searched', description: `${h.logLines.length} log lines, ${h.ipcTraffic.length} IPC messages, files: ${fileNames.join(', ')}` });
});

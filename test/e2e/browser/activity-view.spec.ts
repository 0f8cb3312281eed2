import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany } from './ui-steps';

let harness: Harness | undefined;

async function start(browser: Browser): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});



/** A call to the harness's local API, as a tool on this computer makes it. */
async function callApi(h: Harness, apiPath: string, key: string, method = 'GET'): Promise<{ status: number; text: string }> {
  const port = h.localApiPort();
  if (port === null) throw new Error('the local API is not running');
  const response = await fetch(`http://127.0.0.1:${port}${apiPath}`, { method, headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, text: await response.text() };
}

/** Every line of the audit log's day files, raw, after the buffered entries were written. */
async function auditText(h: Harness): Promise<string> {
  await h.services.audit.idle();
  const dir = path.join(h.dataDir, 'audit');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.jsonl'));
  return (await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8')))).join('');
}

function rows(h: Harness) {
  return h.app.getByTestId('activity-row');
}

test('the Activity view shows what tools did, per company and per key, and exports it as CSV without a key or token in it', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await connectCompany(h, 'bo');

  // Before any tool has called: the empty state.
  await h.app.getByTestId('nav-activity').click();
  await expect(h.app.getByTestId('activity-empty')).toContainText('Ingen aktivitet ännu');

  const powerBi = (await h.services.toolKeys.create({ name: 'Power BI', companies: 'all', right: 'token', lifetimeDays: null })).key;
  const excel = (await h.services.toolKeys.create({ name: 'Excel', companies: ['1001'], right: 'read', lifetimeDays: 90 })).key;

  const handed = await callApi(h, '/v1/companies/1001/access-token', powerBi, 'POST');
  expect(handed.status).toBe(200);
  const accessToken = (JSON.parse(handed.text) as { accessToken: string }).accessToken;
  expect((await callApi(h, '/v1/companies/2001/access-token', powerBi, 'POST')).status).toBe(200);
  expect((await callApi(h, '/v1/companies/1001/fortnox/3/companyinformation?access_token=hemligt-varde', excel)).status).toBe(200);
  expect((await callApi(h, '/v1/companies/2001/fortnox/3/companyinformation', excel)).status).toBe(403);
  expect((await callApi(h, '/v1/companies', `${excel.slice(0, -4)}AAAA`)).status).toBe(401);
  // The server records a call when its answer has ended on its side, a moment after the tool has read it.
  await expect.poll(async () => (await h.services.audit.query({}, 100)).entries.length).toBe(5);

  await h.app.getByRole('button', { name: 'Uppdatera' }).click();
  await expect(rows(h)).toHaveCount(5);
  await expect(rows(h).first()).toContainText('401 · ogiltig nyckel');
  await expect(rows(h).first()).toContainText('Okänd nyckel');
  await expect(rows(h).nth(1)).toContainText('403 · företaget ingår inte i nyckeln');
  await expect(rows(h).nth(2)).toContainText('GET /3/companyinformation');
  await expect(rows(h).nth(2)).toContainText('Bokföringsbyrån Norr AB');
  await expect(rows(h).nth(4)).toContainText('POST Åtkomsttoken');

  // One company: that company's own activity.
  await h.app.getByLabel('Företag', { exact: true }).selectOption({ label: 'Bokföringsbyrån Norr AB' });
  await expect(rows(h)).toHaveCount(2);
  for (const row of await rows(h).all()) await expect(row).toHaveAttribute('data-tenant-id', '1001');

  // One key (all companies): that key's own activity, the refusal included.
  await h.app.getByLabel('Företag', { exact: true }).selectOption({ label: 'Alla företag' });
  await h.app.getByLabel('Nyckel', { exact: true }).selectOption({ label: 'Excel' });
  await expect(rows(h)).toHaveCount(2);
  await expect(rows(h).first()).toContainText('403');
  await expect(rows(h).first()).toContainText('Bergs Bygg AB');

  // Export what the filter shows, by keyboard.
  await h.app.getByRole('button', { name: 'Exportera CSV' }).focus();
  await h.app.keyboard.press('Enter');
  await expect(h.app.getByTestId('activity-export-status')).toHaveText('2 rader sparades.');
  const saved = h.savedFiles[0];
  expect(saved?.name).toMatch(/^fortnox-connector-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  // Swedish: semicolons, as Swedish Excel splits a double-clicked file on them; the refusal's code beside its status.
  const lines = (saved?.text ?? '').split('\r\n');
  expect(lines[0]).toBe('\uFEFFtime;database_number;company;key_name;key_id;kind;method;path;status;error_code;duration_ms;bytes_in;bytes_out;complete;count');
  expect(lines.slice(1, -1).map((line) => line.split(';').slice(1, 10).join(';'))).toEqual([
    expect.stringMatching(/^2001;Bergs Bygg AB;Excel;key_[0-9a-f]{16};proxy;GET;\/3\/companyinformation;403;company_not_allowed$/),
    expect.stringMatching(/^1001;Bokföringsbyrån Norr AB;Excel;key_[0-9a-f]{16};proxy;GET;\/3\/companyinformation;200;$/),
  ]);

  // Once disconnected, a company's activity can still be filtered, by the name the log recorded.
  await h.services.connections.disconnect('2001');
  await h.app.getByLabel('Nyckel', { exact: true }).selectOption({ label: 'Alla nycklar' });
  await h.app.getByRole('button', { name: 'Uppdatera' }).click();
  await h.app.getByLabel('Företag', { exact: true }).selectOption({ label: 'Bergs Bygg AB (databasnummer 2001, frånkopplat)' });
  await expect(rows(h)).toHaveCount(2);
  for (const row of await rows(h).all()) await expect(row).toContainText('Bergs Bygg AB (databasnummer 2001, frånkopplat)');

  // Every buffered entry reached the files: one line per call, none lost.
  const stored = await auditText(h);
  expect(stored.split('\n').filter((line) => line !== '')).toHaveLength(5);

  // Neither the audit files, the export nor any IPC message holds a key, a token or a query value.
  const everything = [stored, saved?.text ?? '', h.ipcTraffic.join('\n')].join('\n');
  for (const secret of [powerBi, excel, accessToken, 'hemligt-varde', 'access_token=']) expect(everything).not.toContain(secret);
});

test('the Activity view speaks English, is reached by keyboard, and says when nothing matches the filter', async ({ browser }) => {
  const h = await start(browser);
  await h.app.locator('#language-select').selectOption('en');
  await h.app.getByTestId('nav-activity').focus();
  await h.app.keyboard.press('Enter');
  await expect(h.app.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();
  await expect(h.app.getByTestId('activity-empty')).toContainText('No activity yet');

  await h.app.getByLabel('Period', { exact: true }).selectOption({ label: 'Last 24 hours' });
  await expect(h.app.getByTestId('activity-empty')).toHaveText('No activity matches the filter.');
  await h.app.getByRole('button', { name: 'Export CSV' }).click();
  await expect(h.app.getByTestId('activity-export-status')).toHaveText('0 rows saved.');
  // English: commas between cells.
  expect(h.savedFiles[0]?.text).toBe('\uFEFFtime,database_number,company,key_name,key_id,kind,method,path,status,error_code,duration_ms,bytes_in,bytes_out,complete,count\r\n');
});

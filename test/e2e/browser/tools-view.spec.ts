import { execFile } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';
import { connectCompany, curl } from './ui-steps';

/*
 * The Tools view (issue 8, item 2) end to end: a key is created in the real renderer, read from
 * the shown-once panel, and used by the `curl` binary against the local API the app started,
 * in front of the real connections and the Fortnox simulator; then revoked in the UI.
 */

let harness: Harness | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});


/** Connects Bokföringsbyrån Norr AB (1001) and Bergs Bygg AB (2001). */
async function connectTwo(h: Harness, connectButton: string): Promise<void> {
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/, { connectButton });
  await connectCompany(h, 'bo', undefined, { connectButton });
  await expect.poll(() => h.services.connections.list().length).toBe(2);
}



/** Runs a line as a terminal would (`sh -c`): its standard output. */
function shell(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', line], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)));
  });
}

/** The local API's base URL, once the app has started it. */
function apiBase(h: Harness): string {
  const port = h.localApiPort();
  if (port === null) throw new Error('the local API is not running');
  return `http://127.0.0.1:${port}`;
}

/** Presses Tab until the element with `id` has the focus (keyboard only; fails after 40 presses). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    const focused = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');
    if (focused === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

test('a read-only key for one chosen company works with curl only for that company and only for reads, and stops at once when revoked', async ({ browser }) => {
  const h = await start(browser);
  await connectTwo(h, 'Anslut till Fortnox');
  const page = h.app;

  await page.getByTestId('nav-tools').click();
  await expect(page.getByRole('heading', { name: 'Verktyg', level: 2 })).toBeVisible();
  // Where tools reach the app, at the top.
  await expect(page.getByTestId('local-api-status-text')).toHaveText(`Körs på ${apiBase(h)}`);
  await page.getByLabel('Namn', { exact: true }).fill('Excel-rapport');
  await page.getByLabel('Valda företag').check();
  // Found by organisation number without the dash.
  await page.getByLabel('Sök bland företagen').fill('5566778899');
  await expect(page.getByTestId('tool-company-list').getByRole('checkbox')).toHaveCount(1);
  await page.getByRole('checkbox', { name: /Bokföringsbyrån Norr AB/ }).check();
  await expect(page.getByTestId('tool-chosen-count')).toHaveText('1 av 2 företag valda');
  await page.getByRole('radio', { name: 'Bara läsa' }).check();
  await page.getByRole('radio', { name: '30 dagar' }).check();
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();

  // The shown-once panel: the key, the warning and the examples.
  const panel = page.getByTestId('tool-created');
  await expect(panel.getByRole('heading', { name: 'Nyckeln ”Excel-rapport” är skapad. Kopiera den nu.' })).toBeFocused();
  await expect(page.getByTestId('tool-created-warning')).toContainText('visas bara den här gången');
  const key = await page.getByTestId('tool-key-value').inputValue();
  expect(key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
  await panel.getByRole('button', { name: 'Kopiera nyckeln' }).click();
  await expect(page.getByTestId('tool-copy-outcome-key')).toHaveText('Kopierad.');
  expect(h.clipboard.at(-1)).toBe(key);

  const base = apiBase(h);
  const auth = ['-H', `Authorization: Bearer ${key}`];

  // The curl example as the panel shows it, run in a shell: only the chosen company is listed.
  const curlExample = (await page.getByTestId('tool-example-curl').locator('pre').innerText()).split('\n');
  expect(curlExample[0]).toBe(`curl -H "Authorization: Bearer ${key}" ${base}/v1/companies`);
  const listed = JSON.parse(await shell(curlExample[0] ?? '')) as { companies: { databaseNumber: string; name: string }[] };
  expect(listed.companies.map((company) => [company.databaseNumber, company.name])).toEqual([['1001', 'Bokföringsbyrån Norr AB']]);
  const information = JSON.parse(await shell(curlExample[1] ?? '')) as { CompanyInformation: { CompanyName: string } };
  expect(information.CompanyInformation.CompanyName).toBe('Bokföringsbyrån Norr AB');
  await panel.getByRole('button', { name: 'Kopiera exemplet för Python' }).click();
  await expect(page.getByTestId('tool-copy-outcome-python')).toHaveText('Kopierad.');
  expect(h.clipboard.at(-1)).toContain(`KEY = "${key}"`);

  // A write through the proxy, a raw access token and another company are all refused (403).
  const post = await curl([...auth, '-X', 'POST', '-H', 'Content-Type: application/json', '--data', '{"Customer":{"Name":"Ny AB"}}', `${base}/v1/companies/1001/fortnox/3/customers`]);
  expect([post.status, JSON.parse(post.body).error.code]).toEqual([403, 'right_not_granted']);
  const token = await curl([...auth, '-X', 'POST', `${base}/v1/companies/1001/access-token`]);
  expect([token.status, JSON.parse(token.body).error.code]).toEqual([403, 'right_not_granted']);
  const other = await curl([...auth, `${base}/v1/companies/2001/fortnox/3/companyinformation`]);
  expect([other.status, JSON.parse(other.body).error.code]).toEqual([403, 'company_not_allowed']);
  expect(h.simulator.apiRequests().filter((request) => request.method !== 'GET')).toEqual([]);

  // Done: the key leaves the page.
  await panel.getByRole('button', { name: 'Klar, jag har sparat nyckeln' }).click();
  await expect(page.getByTestId('tool-created')).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  const row = page.getByTestId('tool-key-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('rowheader')).toHaveText('Excel-rapport');
  await expect(row).toContainText('Bokföringsbyrån Norr AB');
  await expect(row).toContainText('Bara läsa');
  await expect(row).not.toContainText('Aldrig');

  // Revoke, after confirming: the same curl now gets 401.
  await row.getByRole('button', { name: 'Återkalla Excel-rapport' }).click();
  await page.getByTestId('revoke-dialog').getByRole('button', { name: 'Återkalla nyckeln' }).click();
  await expect(page.getByTestId('tool-revoke-outcome')).toHaveText('Nyckeln ”Excel-rapport” är återkallad och fungerar inte längre.');
  await expect(row).toHaveAttribute('data-state', 'revoked');
  await expect(row.getByTestId('tool-key-revoked')).toContainText('Återkallad');
  const after = await curl([...auth, `${base}/v1/companies`]);
  expect([after.status, JSON.parse(after.body).error.code]).toEqual([401, 'unauthorized']);

  // The key is in no log line; over IPC it travels only in the create answer and the copy requests.
  expect(h.logLines.length).toBeGreaterThan(5);
  expect(h.logLines.filter((line) => line.includes(key))).toEqual([]);
  const carrying = h.ipcTraffic.filter((line) => line.includes(key)).map((line) => JSON.parse(line) as { direction: string; channel: string });
  expect(carrying.map((message) => `${message.direction} ${message.channel}`)).toEqual([
    'reply tools:create-key',
    'to-main tools:copy',
    'to-main tools:copy',
  ]);
});

test('a key can be created with the keyboard alone, in English, and a mistake keeps what was typed', async ({ browser }) => {
  const h = await start(browser, { systemLanguages: ['en-GB', 'sv-SE'] });
  await connectTwo(h, 'Connect to Fortnox');
  const page = h.app;

  await page.getByTestId('nav-tools').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Tools', level: 2 })).toBeVisible();

  // Submitting empty: both problems are named, and the focus goes to the name.
  await tabTo(page, 'tool-create-submit-button');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tool-key-name-error')).toHaveText('Give the key a name, so that you recognise it in the list.');
  await expect(page.getByTestId('tool-companies-error')).toHaveText('Choose at least one company, or choose All connected companies.');
  await expect(page.locator('#tool-key-name')).toBeFocused();

  await page.keyboard.type('Power BI monthly');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tool-key-name-error')).toHaveCount(0);
  await expect(page.getByTestId('tool-companies-error')).toBeVisible();
  await expect(page.locator('#tool-key-name')).toHaveValue('Power BI monthly');

  // The checklist: search, Arrow Down into the list, Space ticks.
  await tabTo(page, 'tool-company-filter');
  await page.keyboard.type('bergs');
  await expect(page.getByTestId('tool-company-list').getByRole('checkbox')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('checkbox', { name: /Bergs Bygg AB/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('tool-chosen-count')).toHaveText('1 of 2 companies chosen');
  await expect(page.getByTestId('tool-companies-error')).toHaveCount(0);

  // One Tab leaves the list for the rights; the arrows pick "Read and write", then 1 year.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Read only' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Read and write' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: '90 days' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '1 year (365 days)' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Create key' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'The key "Power BI monthly" is created. Copy it now.' })).toBeFocused();
  const key = await page.getByTestId('tool-key-value').inputValue();
  const [record] = h.services.toolKeys.list();
  expect(record).toMatchObject({ name: 'Power BI monthly', companies: ['2001'], right: 'read-write', lastUsedAt: null });
  expect((record?.expiresAt ?? 0) - (record?.createdAt ?? 0)).toBe(365 * 24 * 60 * 60 * 1000);
  const listed = await curl(['-H', `Authorization: Bearer ${key}`, `${apiBase(h)}/v1/companies`]);
  expect(JSON.parse(listed.body).companies.map((company: { databaseNumber: string }) => company.databaseNumber)).toEqual(['2001']);

  // Done with the keyboard: the focus lands on the key list.
  await tabTo(page, 'tool-created-done-button');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keys', level: 3 })).toBeFocused();
  await expect(page.getByTestId('tool-key-row')).toContainText('Read and write');
  expect(h.logLines.filter((line) => line.includes(key))).toEqual([]);
});

test('the token right shows its warning, and leaving the view forgets a key that was shown', async ({ browser }) => {
  const h = await start(browser);
  await connectCompany(h, 'bo');
  const page = h.app;
  await page.getByTestId('nav-tools').click();

  await page.getByLabel('Namn', { exact: true }).fill('AI-assistent');
  await page.getByLabel('Alla anslutna företag').check();
  await expect(page.getByTestId('tool-token-warning')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Hämta åtkomsttoken' }).check();
  await expect(page.getByTestId('tool-token-warning')).toContainText('litar fullt ut på');
  await page.getByRole('radio', { name: 'Tills vidare (går inte ut)' }).check();
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();
  const key = await page.getByTestId('tool-key-value').inputValue();

  // The token right gets an access token.
  const token = await curl(['-H', `Authorization: Bearer ${key}`, '-X', 'POST', `${apiBase(h)}/v1/companies/2001/access-token`]);
  expect(token.status).toBe(200);

  await page.getByTestId('nav-companies').click();
  await page.getByTestId('nav-tools').click();
  await expect(page.getByTestId('tool-created')).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  const row = page.getByTestId('tool-key-row');
  await expect(row).toContainText('Alla anslutna företag');
  await expect(row).toContainText('Går inte ut');
  await expect(row).toContainText('Hämta åtkomsttoken');
});

test('with the local API turned off, the Tools view says so and the examples name the port chosen in Settings', async ({ browser }) => {
  const h = await start(browser);
  expect(await h.services.settings.saveLocalApi({ enabled: false, port: 41950 })).toMatchObject({ ok: true });
  await h.services.localApi.apply();
  const page = h.app;
  await page.getByTestId('nav-tools').click();

  await expect(page.getByTestId('local-api-status-text')).toHaveText('Avstängt. Program på datorn kan inte nå Fortnox genom appen.');
  await page.getByLabel('Namn', { exact: true }).fill('Skript');
  await page.getByLabel('Alla anslutna företag').check();
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();
  const key = await page.getByTestId('tool-key-value').inputValue();

  // No company is connected yet: the examples only list the companies, on the chosen port.
  await expect(page.getByTestId('tool-example-curl').locator('pre')).toHaveText(`curl -H "Authorization: Bearer ${key}" http://127.0.0.1:41950/v1/companies`);
  await page.getByTestId('tool-example-power-query').getByRole('button').click();
  await expect(page.getByTestId('tool-copy-outcome-power-query')).toHaveText('Kopierad.');
  expect(h.clipboard.at(-1)).toContain('Web.Contents("http://127.0.0.1:41950", [RelativePath = "v1/companies"');
});

/** An instant as the key list's <time> elements carry it. */
const iso = (at: number) => new Date(at).toISOString();

/** A date and time as the Swedish list writes it (renderer/src/common/relative-time.ts; the page runs on this machine's time zone). */
const swedishDate = (at: number) => new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short' }).format(at);

test('the Created, Last used and Expires cells show the key\'s dates, and Last used follows a tool\'s call without leaving the view', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.getByTestId('nav-tools').click();
  await page.getByLabel('Namn', { exact: true }).fill('Rapport');
  await page.getByLabel('Alla anslutna företag').check();
  await page.getByRole('radio', { name: '30 dagar' }).check();
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();
  const key = await page.getByTestId('tool-key-value').inputValue();

  // High contrast: the examples, the key and the local API's status line keep a visible border.
  await page.emulateMedia({ forcedColors: 'active' });
  for (const framed of [page.getByTestId('tool-example-curl').locator('pre'), page.getByTestId('tool-key-value'), page.getByTestId('local-api-status').getByRole('status').first()]) {
    await expect(framed).toHaveCSS('border-top-style', 'solid');
    await expect(framed).toHaveCSS('border-top-width', '1px');
  }
  await page.emulateMedia({ forcedColors: 'none' });
  await expect(page.getByTestId('tool-example-curl').locator('pre')).toHaveCSS('background-color', 'rgb(31, 38, 51)');

  await page.getByRole('button', { name: 'Klar, jag har sparat nyckeln' }).click();
  const [record] = h.services.toolKeys.list();
  if (!record) throw new Error('no key stored');
  const row = page.getByTestId('tool-key-row');
  await expect(row.getByTestId('tool-key-created')).toHaveAttribute('datetime', iso(record.createdAt));
  await expect(row.getByTestId('tool-key-created')).toHaveText(swedishDate(record.createdAt));
  await expect(row.getByTestId('tool-key-expires-time')).toHaveAttribute('datetime', iso(record.createdAt + 30 * 24 * 60 * 60 * 1000));
  await expect(row.getByTestId('tool-key-expires-time')).toHaveText(swedishDate(record.createdAt + 30 * 24 * 60 * 60 * 1000));
  await expect(row.getByTestId('tool-key-last-used')).toHaveText('Aldrig');

  // A tool uses the key while the view stays open; the window regains the focus and the row follows.
  const listed = await curl(['-H', `Authorization: Bearer ${key}`, `${apiBase(h)}/v1/companies`]);
  expect(listed.status).toBe(200);
  const used = h.services.toolKeys.list()[0]?.lastUsedAt;
  if (used === null || used === undefined) throw new Error('the use was not recorded');
  await expect(row.getByTestId('tool-key-last-used')).toHaveText('Aldrig');
  await page.evaluate(() => (globalThis as unknown as { dispatchEvent(event: Event): boolean }).dispatchEvent(new Event('focus')));
  await expect(row.getByTestId('tool-key-last-used-time')).toHaveAttribute('datetime', iso(used));
  await expect(row.getByTestId('tool-key-last-used-time')).toHaveText('nyss');
  await expect(row.getByTestId('tool-key-last-used')).toHaveAttribute('title', swedishDate(used));
  await expect(page.getByRole('heading', { name: 'Verktyg', level: 2 })).toBeVisible();
});

test('hundreds of keys are listed a page at a time, and a revoked key is removed for good after confirming, with the keyboard', async ({ browser }) => {
  const h = await start(browser);
  const keys = h.services.toolKeys;
  for (let index = 0; index < 240; index += 1) await keys.create({ name: `Skript ${index}`, companies: 'all', right: 'read', lifetimeDays: 90 });
  const old = await keys.create({ name: 'Gammal export', companies: 'all', right: 'read', lifetimeDays: 30 });
  await keys.revoke(old.record.id);
  const page = h.app;
  await page.getByTestId('nav-tools').click();

  // 241 keys: 50 rows a page, the revoked one last.
  await expect(page.getByTestId('tool-key-row')).toHaveCount(50);
  await expect(page.getByTestId('tool-key-page')).toHaveText('Sida 1 av 5');
  await page.getByRole('button', { name: 'Nästa sida' }).focus();
  for (let presses = 0; presses < 4; presses += 1) await page.keyboard.press('Enter');
  await expect(page.getByTestId('tool-key-page')).toHaveText('Sida 5 av 5');
  await expect(page.getByRole('button', { name: 'Nästa sida' })).toBeFocused();
  await expect(page.getByTestId('tool-key-row')).toHaveCount(41);
  const row = page.locator(`[data-testid="tool-key-row"][data-key-id="${old.record.id}"]`);
  await expect(row).toHaveAttribute('data-state', 'revoked');
  // Working keys offer Revoke only; the revoked one offers Remove.
  await expect(page.getByTestId('tool-key-remove')).toHaveCount(1);

  await row.getByRole('button', { name: 'Ta bort Gammal export' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('remove-dialog');
  await expect(dialog.getByRole('heading', { name: 'Ta bort nyckeln ”Gammal export” ur listan?' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Avbryt' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Ta bort nyckeln' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('tool-revoke-outcome')).toHaveText('Nyckeln ”Gammal export” är borttagen ur listan.');
  await expect(page.getByRole('heading', { name: 'Nycklar', level: 3 })).toBeFocused();
  await expect(row).toHaveCount(0);
  expect(keys.list().map((record) => record.id)).not.toContain(old.record.id);
  await expect(page.getByTestId('tool-key-row')).toHaveCount(40);

  // The search narrows the list to one page.
  await page.getByLabel('Sök nycklar').fill('Skript 239');
  await expect(page.getByTestId('tool-key-row')).toHaveCount(1);
  await expect(page.getByTestId('tool-key-pager')).toHaveCount(0);
});

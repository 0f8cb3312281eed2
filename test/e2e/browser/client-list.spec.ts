import type { Browser, FileChooser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { FIT_SIZES, tableFitProblems } from './table-fit';
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

function row(h: Harness, orgNumber: string) {
  return h.app.locator(`[data-testid="client-row"][data-org-number="${orgNumber}"]`);
}

const PASTED = [
  'Organisationsnummer;Namn',
  '556677-8899;Bokföringsbyrån Norr AB',
  '556677-8898;Felskrivet AB',
  '5561234567;"=HYPERLINK(""http://evil.example"",""klicka"")"',
  '5598765435;"Zeta, Konsult AB"',
  '',
].join('\n');

test('a pasted client list shows its bad line, a connected company turns its client connected, and the CSV export is formula-escaped', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-clients').click();
  await expect(h.app.getByTestId('clients-empty')).toContainText('Inga klienter ännu');

  await h.app.getByTestId('client-import-text').fill(PASTED);
  await h.app.getByTestId('client-import-button').click();
  await expect(h.app.getByTestId('client-import-result')).toHaveText('3 klienter lades till.');
  await expect(h.app.getByTestId('client-import-problems')).toContainText('1 rad kunde inte läsas:');
  await expect(h.app.getByTestId('client-import-problems').locator('li[data-line="3"]')).toHaveText(
    'Rad 3: 556677-8898 – kontrollsiffran stämmer inte; en siffra är fel eller två har bytt plats.',
  );
  // The box keeps the text so the bad line can be corrected.
  await expect(h.app.getByTestId('client-import-text')).toHaveValue(PASTED);
  await expect(h.app.getByTestId('client-summary')).toContainText('0 av 3 anslutna');
  await expect(row(h, '556677-8899').getByTestId('client-state')).toHaveText('Inte ansluten');
  // The formula-looking name is shown as the plain text it is.
  await expect(row(h, '556123-4567')).toContainText('=HYPERLINK("http://evil.example","klicka")');

  // Connect one company through the ordinary Connect view: its client becomes connected.
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await h.app.getByTestId('nav-clients').click();
  await expect(row(h, '556677-8899').getByTestId('client-state')).toHaveText('Ansluten');
  await expect(h.app.getByTestId('client-summary')).toContainText('1 av 3 anslutna');

  // A batch skipping a client (its port into the list) shows at once, pushed from main.
  await h.services.clients.markSkipped('559876-5435');
  await expect(row(h, '559876-5435').getByTestId('client-state')).toHaveText('Hoppades över');
  await expect(h.app.getByTestId('client-count-skipped')).toHaveText('Hoppades över (1)');

  await h.app.getByTestId('client-export').click();
  await expect(h.app.getByTestId('client-notice')).toHaveText('3 rader sparades.');
  expect(h.savedFiles).toHaveLength(1);
  expect(h.savedFiles[0]?.name).toMatch(/^fortnox-connector-clients-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(Buffer.from(h.savedFiles[0]?.text ?? '', 'utf8')).toEqual(
    Buffer.from(
      '\uFEFForganisation_number;name;state;database_number\r\n' +
        `556123-4567;"'=HYPERLINK(""http://evil.example"",""klicka"")";not_connected;\r\n` +
        '559876-5435;"Zeta, Konsult AB";skipped;\r\n' +
        '556677-8899;Bokföringsbyrån Norr AB;connected;1001\r\n',
      'utf8',
    ),
  );

  // The filter: one state, then a search by part of the number.
  await h.app.getByTestId('client-state-filter').selectOption('connected');
  await expect(h.app.getByTestId('client-row')).toHaveCount(1);
  await h.app.getByTestId('client-state-filter').selectOption('all');
  await h.app.getByTestId('client-search').fill('98765');
  await expect(h.app.getByTestId('client-row')).toHaveCount(1);
  await expect(h.app.getByTestId('client-count')).toHaveText('Visar 1 av 3 klienter');
});

/** The `index`th of a thousand valid organisation numbers (55xxxxxxx and a Luhn check digit), as 55xxxx-xxxx. */
function orgNumber(index: number): string {
  const nine = `55${String(index).padStart(7, '0')}`;
  const sum = [...nine].reduce((total, digit, position) => {
    const doubled = Number(digit) * (position % 2 === 0 ? 2 : 1);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  const ten = `${nine}${(10 - (sum % 10)) % 10}`;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

test('every column header and each visible row\'s Remove button fit in the client table at 900×640 and 1440×900, in Swedish and English, with 1,000 long-named clients', async ({ browser }) => {
  test.setTimeout(90_000);
  const h = await start(browser);
  const lines = Array.from({ length: 1000 }, (_, index) => `${orgNumber(index)};Fjällbacka Fisk Förvaltning och Fastighetsservice i Norra Bohuslän ${index} AB`);
  const imported = await h.services.clients.importText(lines.join('\n'));
  expect(imported).toMatchObject({ ok: true, added: 1000, problems: [] });
  await h.services.clients.markSkipped(orgNumber(0));
  await h.app.getByTestId('nav-clients').click();
  const table = h.app.getByTestId('client-table');
  await expect(h.app.getByTestId('client-row').first()).toBeVisible();
  for (const language of ['sv', 'en'] as const) {
    await h.app.locator('#language-select').selectOption(language);
    for (const size of FIT_SIZES) {
      await h.app.setViewportSize(size);
      await table.scrollIntoViewIfNeeded();
      await expect.poll(() => tableFitProblems(table, '.client-scroller'), { message: `${language}, ${size.width}×${size.height}` }).toEqual([]);
    }
  }
});

test('the Clients view works from the keyboard: import with Ctrl+Enter, search, remove; a chosen Windows-1252 CSV file is read', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  await page.getByTestId('nav-clients').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Klienter', level: 2 })).toBeVisible();
  // From the menu, Tab leads past the rest of the menu (the shell decides how far) to the import box.
  const box = page.getByTestId('client-import-text');
  const focusedTestId = () =>
    page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'));
  for (let presses = 0; presses < 12 && (await focusedTestId()) !== 'client-import-text'; presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(box).toBeFocused();
  await page.keyboard.type('5566778899;Ett AB\n5561234567;Två AB');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('client-import-result')).toHaveText('2 klienter lades till.');
  await expect(page.getByTestId('client-import-text')).toHaveValue('');
  // The list (and with it the search box, shown once there are clients) follows in main's push of
  // the changed list, a moment after the import's own answer: Tab past the form only once it is there.
  await expect(page.getByTestId('client-row')).toHaveCount(2);

  await page.keyboard.press('Tab');
  await expect(page.getByTestId('client-import-button')).toBeFocused();
  // The file chooser is one tab stop, its button (the hidden file input is none).
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('client-import-file-button')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('client-search')).toBeFocused();
  await page.keyboard.type('Två');
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('client-state-filter')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('client-export')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ta bort Två AB ur klientlistan' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('client-notice')).toHaveText('Två AB togs bort ur klientlistan.');
  await page.getByTestId('client-search').fill('');
  await expect(page.getByTestId('client-row')).toHaveCount(1);

  // Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252: "Café Söder" must survive.
  const latin = Buffer.concat([Buffer.from('Orgnr;Namn\r\n5598765435;Caf'), Buffer.from([0xe9]), Buffer.from(' S'), Buffer.from([0xf6]), Buffer.from('der AB\r\n')]);
  await page.getByTestId('client-import-file').setInputFiles({ name: 'klienter.csv', mimeType: 'text/csv', buffer: latin });
  await expect(page.getByTestId('client-import-result')).toHaveText('1 klient lades till.');
  await expect(row(h, '559876-5435')).toContainText('Café Söder AB');
});

test('"Anslut de som saknas" starts a batch for the clients not connected, and a client connected in it turns connected', async ({ browser }) => {
  const h = await start(browser);
  await h.app.getByTestId('nav-clients').click();
  await h.app.getByTestId('client-import-text').fill('556677-8899;Bokföringsbyrån Norr AB\n556123-4567;Bergs Bygg AB');
  await h.app.getByTestId('client-import-button').click();
  await expect(h.app.getByTestId('client-import-result')).toHaveText('2 klienter lades till.');

  await h.app.getByTestId('client-connect-missing').click();
  // The batch view takes over, with the current client, skip and stop.
  await expect(h.app.getByTestId('batch-view')).toBeVisible();
  expect(h.connector.batch.status().entries.map((entry) => entry.orgNumber)).toEqual(['556677-8899', '556123-4567']);
  const signIn = await h.signInWindow(0);
  await signIn.page.waitForLoadState('domcontentloaded');
  await signIn.page.getByLabel('Användarnamn').fill('anna');
  await signIn.page.getByLabel('Lösenord').fill('demo');
  await signIn.page.getByRole('button', { name: 'Logga in' }).click();
  await signIn.page.getByRole('radio', { name: /Bokföringsbyrån Norr AB/ }).check();
  await signIn.page.getByRole('button', { name: 'Fortsätt' }).click();
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();

  await h.app.getByTestId('nav-clients').click();
  await expect(row(h, '556677-8899').getByTestId('client-state')).toHaveText('Ansluten');
  await expect(h.app.getByTestId('client-summary')).toContainText('1 av 2 anslutna');
  // The batch moves on to the next client; skipping it there marks it on the list.
  await h.signInWindow(1);
  await h.connector.batch.skip();
  await expect(row(h, '556123-4567').getByTestId('client-state')).toHaveText('Hoppades över');
  await expect(h.app.getByTestId('client-connect-missing')).toHaveCount(0);
});

test('the file choosers speak the UI language, in Swedish and English: a button that opens the file dialog from the keyboard, then the chosen file’s name', async ({ browser }) => {
  const h = await start(browser);
  const page = h.app;
  // Listening from the start: Playwright turns on its interception of file dialogs with the first
  // listener, and a dialog opened at the same moment can be missed.
  const dialogs: FileChooser[] = [];
  page.on('filechooser', (dialog) => dialogs.push(dialog));
  const language = page.getByLabel(/Språk|Language/);
  const choosers = [
    { view: 'clients', id: 'client-import-file' },
    { view: 'batch', id: 'batch-file' },
  ];
  for (const { sv, text } of [
    { sv: true, text: { choose: 'Välj fil…', none: 'Ingen fil vald' } },
    { sv: false, text: { choose: 'Choose file…', none: 'No file chosen' } },
  ]) {
    await language.selectOption(sv ? 'sv' : 'en');
    for (const { view, id } of choosers) {
      await page.getByTestId(`nav-${view}`).click();
      const button = page.getByTestId(`${id}-button`);
      await expect(button).toHaveRole('button');
      await expect(button).toHaveAccessibleName(text.choose);
      await expect(button).toHaveAccessibleDescription(text.none);
      await expect(page.getByTestId(`${id}-name`)).toHaveText(text.none);
      // Chromium's own file input, whose words ("Choose File") follow the browser's language, is
      // neither seen (one pixel, clipped away) nor a tab stop.
      await expect(page.getByTestId(id)).toHaveAttribute('tabindex', '-1');
      const box = await page.getByTestId(id).boundingBox();
      expect(box?.width).toBeLessThanOrEqual(1);
      expect(box?.height).toBeLessThanOrEqual(1);

      // Enter on the button opens the system's file dialog; the chosen file's name then shows and describes the button.
      await button.focus();
      const opened = dialogs.length;
      await page.keyboard.press('Enter');
      await expect.poll(() => dialogs.length).toBe(opened + 1);
      await dialogs[opened]?.setFiles({ name: `${view}-${sv ? 'sv' : 'en'}.csv`, mimeType: 'text/csv', buffer: Buffer.from('556677-8899;Norr AB\n') });
      await expect(page.getByTestId(`${id}-name`)).toHaveText(`${view}-${sv ? 'sv' : 'en'}.csv`);
      await expect(button).toHaveAccessibleDescription(`${view}-${sv ? 'sv' : 'en'}.csv`);
    }
  }
  // What the files did: the batch's list holds the number, the client list has the client.
  await expect(page.getByTestId('batch-list')).toHaveValue('556677-8899;Norr AB\n');
  await page.getByTestId('nav-clients').click();
  await expect(row(h, '556677-8899')).toContainText('Norr AB');
});

import type { Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { expectNoViolationsInEveryMode, useLanguage, type Language } from './axe-check';
import { CLIENTS, firmScript, logInAsFirm, OUTSIDER } from './batch-firm';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import type { OpenedSignIn } from './playwright-sign-in-window';
import { connectCompany } from './ui-steps';

/*
 * Issue 9, item 8, for the states accessibility.spec.ts cannot reach by opening a view: the batch
 * view while a batch runs (its progress, the "not on the list — keep it?" question, the failure
 * with Retry, and the summary after it) and the Clients view with a client in every state. Each
 * state is checked in place in Swedish and English, light, dark and forced colours, with the same
 * axe rules (WCAG 2.0–2.2 A/AA and best practices); a failure lists every violation of every state.
 */

let harness: Harness | undefined;

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const LANGUAGES: readonly Language[] = ['sv', 'en'];

/** Runs the axe checks in both languages, the page left in Swedish (the texts the steps look for). */
async function expectNoViolationsInBothLanguages(page: Page, what: string): Promise<void> {
  for (const language of LANGUAGES) {
    await useLanguage(page, language);
    await expectNoViolationsInEveryMode(page, `${what} (${language})`);
  }
  await useLanguage(page, 'sv');
}

/** In Fortnox's window (the batch's login already done): pick the company and approve. */
async function pickAndApprove(window: OpenedSignIn, company: string): Promise<void> {
  await window.page.waitForLoadState('domcontentloaded');
  await window.page.getByRole('radio', { name: new RegExp(company) }).check();
  await window.page.getByRole('button', { name: 'Fortsätt' }).click();
  await window.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
}

test('a running batch — its progress, the question about a company not on the list, a failure with Retry, the summary — has no axe violations in sv and en, light, dark and forced colours', async ({ browser }) => {
  // Four states, six axe runs each, on a machine shared with other runs.
  test.setTimeout(360_000);
  harness = await startHarness(browser, { script: firmScript(), clientId: E2E_CLIENT_ID });
  const h = harness;
  const page = h.app;
  const [alfa, beta, gamma] = CLIENTS;
  await page.getByTestId('nav-batch').click();
  await page.getByLabel('Organisationsnummer, ett per rad').fill([alfa, beta, gamma].map((client) => `${client.organizationNumber};${client.name}`).join('\n'));
  await page.getByRole('button', { name: 'Anslut företagen' }).click();

  // Progress: one connected, the next company's window open, a waiting one with its Skip.
  const first = await h.signInWindow(0);
  await logInAsFirm(first);
  await pickAndApprove(first, alfa.name);
  await expect(page.getByTestId('batch-progress')).toHaveText('1 av 3 anslutna');
  const second = await h.signInWindow(1);
  await expect(page.getByTestId('batch-current')).toHaveText(`Välj ${beta.name} (${beta.organizationNumber}) i Fortnox`);
  await expect(page.getByTestId('batch-entry-0')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('batch-entry-2')).toHaveAttribute('data-state', 'waiting');
  await expectNoViolationsInBothLanguages(page, 'the batch in progress');

  // The question: Fortnox returned the outsider instead of Beta.
  await pickAndApprove(second, OUTSIDER.name);
  const question = page.getByTestId('batch-question');
  await expect(question).toContainText(`Fortnox returnerade ${OUTSIDER.name} (${OUTSIDER.organizationNumber}), som inte finns i listan.`);
  await expectNoViolationsInBothLanguages(page, 'the batch asking about a company not on the list');
  await question.getByRole('button', { name: 'Behåll' }).click();
  await expect(page.getByTestId('batch-entry-3')).toContainText('Inte i listan, behållen');

  // The failure: the token endpoint answers with an outage page; the batch waits with Retry.
  h.simulator.injectFault({ route: 'token', kind: 'html500' });
  await pickAndApprove(await h.signInWindow(2), beta.name);
  const failed = page.getByTestId('batch-failed');
  await expect(failed).toContainText(`${beta.name} (${beta.organizationNumber}) anslöts inte`);
  await expect(failed.getByRole('button', { name: 'Försök igen' })).toBeVisible();
  await expectNoViolationsInBothLanguages(page, 'the batch paused on a failure');

  // Skip the failed one, then stop: the summary with every kind of entry in the list.
  await failed.getByRole('button', { name: 'Hoppa över' }).click();
  await h.signInWindow(3);
  await expect(page.getByTestId('batch-current')).toHaveText(`Välj ${gamma.name} (${gamma.organizationNumber}) i Fortnox`);
  await page.getByRole('button', { name: 'Stoppa' }).click();
  await expect(page.getByTestId('batch-summary')).toContainText('Stoppad');
  await expectNoViolationsInBothLanguages(page, 'the stopped batch and its list');
});

test('the Clients view with a client in every state — not connected, connected, needs reconnect, skipped, and one without a name — and a line it could not read has no axe violations in sv and en, light, dark and forced colours', async ({ browser }) => {
  test.setTimeout(240_000);
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  const h = harness;
  const page = h.app;
  await connectCompany(h, 'anna', /Bokföringsbyrån Norr AB/);
  await connectCompany(h, 'bo');
  // Bergs Bygg AB's integration was removed in Fortnox: an hour later its refresh is refused.
  h.simulator.revokeConsent(2001);
  h.advanceTime(61 * 60 * 1000);
  await h.services.connections.test('2001');
  expect(h.services.connections.company('2001')?.status).toBe('needs_reconnect');

  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-import-text').fill(['556677-8899;Bokföringsbyrån Norr AB', '556123-4567;Bergs Bygg AB', '556610-0011;Alfa Redovisning AB', '5598765435;Zeta Konsult AB', '5560000001', '559012-3456;Felskrivet AB'].join('\n'));
  await page.getByTestId('client-import-button').click();
  await expect(page.getByTestId('client-import-result')).toHaveText('5 klienter lades till.');
  // The bad line stays listed while the views are checked.
  await expect(page.getByTestId('client-import-problems').locator('li[data-line="6"]')).toBeVisible();
  await h.services.clients.markSkipped('556610-0011');

  const state = (orgNumber: string) => page.locator(`[data-testid="client-row"][data-org-number="${orgNumber}"]`);
  await expect(state('556677-8899')).toHaveAttribute('data-state', 'connected');
  await expect(state('556123-4567')).toHaveAttribute('data-state', 'needs_reconnect');
  await expect(state('556610-0011')).toHaveAttribute('data-state', 'skipped');
  await expect(state('559876-5435')).toHaveAttribute('data-state', 'not_connected');
  await expect(state('556000-0001')).toHaveAttribute('data-state', 'not_connected');
  await expect(page.getByTestId('client-summary')).toContainText('1 av 5 anslutna');
  await expectNoViolationsInBothLanguages(page, 'the Clients view with every state and an import problem');

  // The same with a state filter on and a notice showing (after removing one).
  await page.getByTestId('client-state-filter').selectOption('needs_reconnect');
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Ta bort Bergs Bygg AB ur klientlistan' }).click();
  await expect(page.getByTestId('client-notice')).toHaveText('Bergs Bygg AB togs bort ur klientlistan.');
  await expectNoViolationsInBothLanguages(page, 'the Clients view filtered to nothing, with a notice');
});

import { rm } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { expectNoViolationsInEveryMode, useLanguage, type Language } from './axe-check';
import { startHarness, type Harness } from './connector-harness';
import { expect, test } from './fixtures';
import { seedCompanies } from './seed-companies';

/*
 * Issue 9, item 8, for what only opens on a click and so is in no view's axe run
 * (accessibility.spec.ts): the deletevoucher confirmation, the scope-profile save form (with its
 * "name taken" problem) and delete confirmation, and an open "⋯" row menu in the company table.
 * Each is opened afresh in Swedish and in English (a modal dialog makes the language switch behind
 * it inert) and checked in light, dark and forced colours with the same axe rules
 * (axe-check.ts: WCAG 2.0–2.2 A/AA and best practices).
 */

let harness: Harness | undefined;
const seededDirs: string[] = [];

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of seededDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const LANGUAGES: readonly Language[] = ['sv', 'en'];

/** The texts the steps look for, as renderer/src/i18n/messages.ts has them (the node project cannot import the renderer's). */
const TEXTS = {
  sv: {
    deleteVoucher: { title: 'Låta integrationen radera verifikationer?', cancel: 'Avbryt' },
    saveAs: 'Spara som profil …',
    nameLabel: 'Profilens namn',
    saveNew: 'Spara profilen',
    takenName: 'Lön',
    nameTaken: 'Det finns redan en profil med det namnet. Välj ett annat.',
    saved: (name: string) => `Profilen ”${name}” sparades.`,
    remove: 'Ta bort profilen',
    removeDialog: { title: (name: string) => `Ta bort profilen ”${name}”?`, confirm: 'Ta bort profilen' },
    removed: (name: string) => `Profilen ”${name}” togs bort.`,
    disconnect: 'Koppla från',
  },
  en: {
    deleteVoucher: { title: 'Let the integration delete vouchers?', cancel: 'Cancel' },
    saveAs: 'Save as profile …',
    nameLabel: 'Profile name',
    saveNew: 'Save profile',
    takenName: 'Payroll',
    nameTaken: 'A profile with that name already exists. Choose another.',
    saved: (name: string) => `Profile “${name}” saved.`,
    remove: 'Delete profile',
    removeDialog: { title: (name: string) => `Delete profile “${name}”?`, confirm: 'Delete profile' },
    removed: (name: string) => `Profile “${name}” deleted.`,
    disconnect: 'Disconnect',
  },
} as const;

const checkbox = (page: Page, wireName: string) => page.getByRole('checkbox', { name: new RegExp(` ${wireName}$`) });

async function openConnectView(page: Page): Promise<void> {
  const nav = page.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
}

test('the deletevoucher confirmation and the scope-profile save form and delete confirmation have no axe violations in sv and en, light, dark and forced colours', async ({ browser }) => {
  // Three states, six axe runs each, on a machine shared with other runs.
  test.setTimeout(300_000);
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID });
  const page = harness.app;
  await openConnectView(page);

  for (const language of LANGUAGES) {
    const texts = TEXTS[language];
    await useLanguage(page, language);

    // deletevoucher asks first, in a modal dialog.
    await checkbox(page, 'deletevoucher').click();
    const deleteVoucher = page.getByTestId('deletevoucher-dialog');
    await expect(deleteVoucher).toContainText(texts.deleteVoucher.title);
    await expect(deleteVoucher.getByRole('button', { name: texts.deleteVoucher.cancel })).toBeFocused();
    await expectNoViolationsInEveryMode(page, `the deletevoucher confirmation (${language})`);
    await deleteVoucher.getByRole('button', { name: texts.deleteVoucher.cancel }).click();
    await expect(deleteVoucher).toBeHidden();
    await expect(checkbox(page, 'deletevoucher')).not.toBeChecked();

    // Save as a profile: the name form, with the problem a taken name gives (aria-invalid, alert).
    await checkbox(page, 'customer').check();
    await page.getByRole('button', { name: texts.saveAs }).click();
    const name = page.getByLabel(texts.nameLabel);
    await expect(name).toBeFocused();
    await name.fill(texts.takenName);
    await page.getByRole('button', { name: texts.saveNew, exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(texts.nameTaken);
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolationsInEveryMode(page, `the scope-profile save form with a taken name (${language})`);
    await name.fill(`Kunder ${language}`);
    await page.getByRole('button', { name: texts.saveNew, exact: true }).click();
    await expect(page.getByTestId('profile-notice')).toHaveText(texts.saved(`Kunder ${language}`));

    // Delete the profile just saved: a modal confirmation naming it.
    await page.getByRole('button', { name: texts.remove }).click();
    const deleteProfile = page.getByTestId('profile-delete-dialog');
    await expect(deleteProfile).toContainText(texts.removeDialog.title(`Kunder ${language}`));
    await expectNoViolationsInEveryMode(page, `the scope-profile delete confirmation (${language})`);
    await deleteProfile.getByRole('button', { name: texts.removeDialog.confirm }).click();
    await expect(page.getByTestId('profile-notice')).toHaveText(texts.removed(`Kunder ${language}`));
    await checkbox(page, 'customer').uncheck();
  }
});

test('an open "⋯" row menu in the company table has no axe violations in sv and en, light, dark and forced colours', async ({ browser }) => {
  test.setTimeout(180_000);
  const dataDir = await seedCompanies(5, Date.now());
  seededDirs.push(dataDir);
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, dataDir });
  const page = harness.app;
  await page.setViewportSize({ width: 1440, height: 900 });
  const first = page.getByTestId('company-table').getByRole('row').filter({ has: page.getByRole('gridcell') }).first();

  for (const language of LANGUAGES) {
    await useLanguage(page, language);
    const more = first.getByTestId('company-more');
    await more.click();
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await expect(menu.getByRole('menuitem').last()).toHaveText(TEXTS[language].disconnect);
    await expectNoViolationsInEveryMode(page, `an open row menu (${language})`);
    await expect(menu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
  }
});

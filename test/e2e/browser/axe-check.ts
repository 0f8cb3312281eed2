import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The rule sets every view is held to: WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;

/** How the page is shown: the OS light or dark scheme, or Windows high contrast (forced colours). */
export type ColourMode = 'light' | 'dark' | 'forced';

/** Every colour mode, in the order the checks run them. */
export const COLOUR_MODES: readonly ColourMode[] = ['light', 'dark', 'forced'];

/**
 * Switches the page's colour mode in place through Chromium's media emulation. Reduced motion too,
 * so no colour transition is caught half-way when axe measures contrast.
 */
export async function setColourMode(page: Page, mode: ColourMode): Promise<void> {
  await page.emulateMedia({
    colorScheme: mode === 'dark' ? 'dark' : 'light',
    forcedColors: mode === 'forced' ? 'active' : 'none',
    reducedMotion: 'reduce',
  });
}

/** Runs axe with AXE_TAGS over the whole page; one line per failing node: rule id, target and summary. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags([...AXE_TAGS]).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'no impact'}) at ${JSON.stringify(node.target)}: ${violation.help}` +
        (node.failureSummary ? `\n    ${node.failureSummary.replace(/\n/g, '\n    ')}` : ''),
    ),
  );
}

/** The UI languages every view is checked in. */
export type Language = 'sv' | 'en';

/** Chooses the UI language with the header's switch (in place: the same page, the same state). */
export async function useLanguage(page: Page, language: Language): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) !== language) {
    await page.getByLabel(/Språk|Language/).selectOption(language);
  }
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/**
 * Runs axe in every colour mode and expects no violation (a soft assertion, so one test can report
 * every view and mode it checks); the failure names each violation with its mode. Leaves the page
 * in the light mode.
 */
export async function expectNoViolationsInEveryMode(page: Page, what: string): Promise<void> {
  const found: string[] = [];
  for (const mode of COLOUR_MODES) {
    await setColourMode(page, mode);
    for (const line of await axeViolations(page)) found.push(`[${mode}] ${line}`);
  }
  await setColourMode(page, 'light');
  expect.soft(found, `axe violations in ${what}:\n${found.join('\n')}`).toEqual([]);
}

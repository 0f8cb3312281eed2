/**
 * The languages the app speaks, Swedish first (the default). Shared so that main's texts (OS
 * notifications, tray, badge descriptions) follow the same language as the window.
 */
export const LANGUAGES = ['sv', 'en'] as const;

/** One UI language. */
export type Language = (typeof LANGUAGES)[number];

/** True when `value` is a language the UI speaks. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language that the operating system's preference list points to: the first entry whose
 * primary subtag is `sv` or `en` decides ("de-DE, en-US, sv-SE" gives English); otherwise Swedish.
 */
export function languageFromSystem(systemLanguages: readonly string[]): Language {
  for (const tag of systemLanguages) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'sv') return 'sv';
    if (primary === 'en') return 'en';
  }
  return 'sv';
}

/** The languages the UI speaks. Swedish first: it is the default. */
export const LANGUAGES = ['sv', 'en'] as const;

/** One UI language. */
export type Language = (typeof LANGUAGES)[number];

/** The localStorage key under which the user's own choice is kept. */
export const LANGUAGE_STORAGE_KEY = 'fortnox-connector.language';

/** The part of `Storage` this module uses, so tests can pass a plain object. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

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

/** The language the user chose earlier, or null when there is none (or storage is unavailable). */
export function readStoredLanguage(store: KeyValueStore | undefined): Language | null {
  try {
    const value = store?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage can throw (disabled, opaque origin); then the system language decides.
    return null;
  }
}

/** Remembers the user's choice; a storage failure only means the choice is not remembered. */
export function storeLanguage(store: KeyValueStore | undefined, language: Language): void {
  try {
    store?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not fatal: the UI still switches, it just will not remember after a restart.
  }
}

/**
 * The language to show: the user's stored choice wins; then the operating system's languages
 * from main (`getAppInfo().systemLanguages`); until those arrive, the browser's own list.
 */
export function chooseLanguage(input: {
  stored: Language | null;
  systemLanguages: readonly string[] | undefined;
  browserLanguages: readonly string[];
}): Language {
  if (input.stored) return input.stored;
  return languageFromSystem(input.systemLanguages ?? input.browserLanguages);
}

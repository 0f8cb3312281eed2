import { isLanguage, languageFromSystem, type Language } from '../../../shared/ui-language';

// One definition for the window and main's texts (notifications, tray): shared/ui-language.ts.
export { isLanguage, LANGUAGES, languageFromSystem, type Language } from '../../../shared/ui-language';

/** The localStorage key under which the user's own choice is kept. */
export const LANGUAGE_STORAGE_KEY = 'fortnox-connector.language';

/** The part of `Storage` this module uses, so tests can pass a plain object. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
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

import { useCallback, useEffect, useState } from 'react';
import {
  chooseLanguage,
  readStoredLanguage,
  storeLanguage,
  type KeyValueStore,
  type Language,
} from './language';
import { MESSAGES } from './messages';

/** localStorage, or undefined where reading the property itself throws. */
function browserStore(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The UI language and a function to change it. The user's stored choice wins, else the operating
 * system's languages from main. Keeps `<html lang>` and the window title in step.
 */
export function useLanguage(systemLanguages: readonly string[] | undefined): [Language, (language: Language) => void] {
  const [stored, setStored] = useState<Language | null>(() => readStoredLanguage(browserStore()));
  const language = chooseLanguage({ stored, systemLanguages, browserLanguages: navigator.languages });

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = MESSAGES[language].documentTitle;
  }, [language]);

  const choose = useCallback((next: Language) => {
    storeLanguage(browserStore(), next);
    setStored(next);
  }, []);
  return [language, choose];
}

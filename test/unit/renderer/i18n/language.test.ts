import { describe, expect, it } from 'vitest';
import {
  chooseLanguage,
  LANGUAGE_STORAGE_KEY,
  languageFromSystem,
  readStoredLanguage,
  storeLanguage,
  type KeyValueStore,
} from '../../../../renderer/src/i18n/language';

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

const throwingStore: KeyValueStore = {
  getItem: () => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('denied');
  },
};

describe('language from the operating system', () => {
  it('uses the first entry that is Swedish or English', () => {
    expect(languageFromSystem(['sv-SE', 'en-US'])).toBe('sv');
    expect(languageFromSystem(['en-GB', 'sv-SE'])).toBe('en');
    expect(languageFromSystem(['de-DE', 'en-US', 'sv'])).toBe('en');
    expect(languageFromSystem(['fi-FI', 'SV_fi'])).toBe('sv');
  });

  it('falls back to Swedish when neither is listed', () => {
    expect(languageFromSystem([])).toBe('sv');
    expect(languageFromSystem(['de-DE', 'fr'])).toBe('sv');
  });

  it('does not take a language that merely starts with the same letters', () => {
    expect(languageFromSystem(['svx', 'en'])).toBe('en');
  });
});

describe('choosing the UI language', () => {
  it('lets the stored choice win over the system languages', () => {
    expect(chooseLanguage({ stored: 'en', systemLanguages: ['sv-SE'], browserLanguages: [] })).toBe('en');
  });

  it('follows the system languages at first start', () => {
    expect(chooseLanguage({ stored: null, systemLanguages: ['en-US'], browserLanguages: ['sv'] })).toBe('en');
  });

  it('uses the browser list until main has sent the system languages', () => {
    expect(chooseLanguage({ stored: null, systemLanguages: undefined, browserLanguages: ['en-US'] })).toBe('en');
  });
});

describe('remembering the choice', () => {
  it('stores and reads back the chosen language', () => {
    const store = memoryStore();
    storeLanguage(store, 'en');
    expect(store.data[LANGUAGE_STORAGE_KEY]).toBe('en');
    expect(readStoredLanguage(store)).toBe('en');
  });

  it('ignores a stored value that is not a language', () => {
    expect(readStoredLanguage(memoryStore({ [LANGUAGE_STORAGE_KEY]: 'de' }))).toBeNull();
  });

  it('survives storage that throws or is missing', () => {
    expect(readStoredLanguage(throwingStore)).toBeNull();
    expect(() => storeLanguage(throwingStore, 'sv')).not.toThrow();
    expect(readStoredLanguage(undefined)).toBeNull();
  });
});

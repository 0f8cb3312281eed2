import { scopeInfo } from '../../../shared/scope-catalogue';
import { isScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';

/** Labels looked up once per scope and language: every visible row asks for them on each change. */
const labels = new Map<string, string>();

/**
 * A scope as the accountant reads it: the catalogue's name in the UI language ("Fakturor",
 * "Invoices"); a scope the catalogue does not know keeps its wire name, so nothing is hidden.
 */
export function scopeLabel(name: string, language: Language): string {
  const key = `${language}:${name}`;
  let label = labels.get(key);
  if (label === undefined) {
    label = isScopeName(name) ? scopeInfo(name).label[language] : name;
    labels.set(key, label);
  }
  return label;
}

/** Scopes as one line of names in the UI language, in the order given. */
export function scopeLabels(names: readonly string[], language: Language): string {
  return names.map((name) => scopeLabel(name, language)).join(', ');
}

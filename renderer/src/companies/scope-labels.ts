import { scopeInfo } from '../../../shared/scope-catalogue';
import { isScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';

/**
 * A scope as the accountant reads it: the catalogue's name in the UI language ("Fakturor",
 * "Invoices"); a scope the catalogue does not know keeps its wire name, so nothing is hidden.
 */
export function scopeLabel(name: string, language: Language): string {
  return isScopeName(name) ? scopeInfo(name).label[language] : name;
}

/** Scopes as one line of names in the UI language, in the order given. */
export function scopeLabels(names: readonly string[], language: Language): string {
  return names.map((name) => scopeLabel(name, language)).join(', ');
}

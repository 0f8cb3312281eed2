import {
  SCOPE_CATALOGUE,
  SCOPE_GROUPS,
  type ScopeGroup,
  type ScopeInfo,
} from '../../../shared/scope-catalogue';
import { isScopeName, type ScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';
import { SCOPE_SYNONYMS } from './scope-synonyms';

/** One group as the picker shows it: the group and those of its scopes that match the filter. */
export interface VisibleGroup {
  group: ScopeGroup;
  scopes: ScopeInfo[];
}

/** The picker's contents for a filter text. */
export interface FilterResult {
  groups: VisibleGroup[];
  /** How many scopes match in total. */
  matchCount: number;
  /** True when the filter text is empty after trimming (everything is shown). */
  unfiltered: boolean;
}

/** The filter text split into lower-case words; every word must match somewhere. */
function queryWords(query: string): string[] {
  return query.toLocaleLowerCase('sv').split(/\s+/).filter((word) => word.length > 0);
}

/**
 * Inflection endings, longest first, so "fakturorna", "fakturor" and "faktura" all come down to
 * "faktur", "kunder" to "kund" and "invoices" to "invoic". Hand-written: a stemming library would
 * have to bundle two languages into the renderer for a list of 28 scopes.
 */
const ENDINGS = ['orna', 'arna', 'erna', 'ing', 'or', 'ar', 'er', 'en', 'et', 'an', 'na', 'es', 'ed', 'a', 'e', 's'];

/** The word and its stems without an inflection ending, each at least three letters long. */
export function wordStems(word: string): string[] {
  const stems = [word];
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) stems.push(word.slice(0, -ending.length));
  }
  return stems;
}

/** True when a filter word is, or inflects, one of a synonym group's terms (see scope-synonyms.ts). */
function matchesTerm(word: string, stems: readonly string[], term: string): boolean {
  if (term.length <= 3) return stems.includes(term);
  return word.startsWith(term) || (word.length >= 3 && term.startsWith(word));
}

/**
 * The scopes a filter word names through the synonym list, in either language. A wire name
 * matches only a term equal to it ("supplierinvoice" is not also "supplier").
 */
export function synonymScopes(word: string): Set<ScopeName> {
  const normalized = word.toLocaleLowerCase('sv');
  const stems = wordStems(normalized);
  const wireName = isScopeName(normalized);
  const found = new Set<ScopeName>();
  for (const synonym of SCOPE_SYNONYMS) {
    const named = synonym.terms.some((term) => (wireName ? stems.includes(term) : matchesTerm(normalized, stems, term)));
    if (named) for (const scope of synonym.scopes) found.add(scope);
  }
  return found;
}

/**
 * True when every word of `query` matches the scope: its stem occurs in the scope's label or
 * description (current language) or wire name, or a synonym in either language names the scope.
 */
export function scopeMatches(scope: ScopeInfo, query: string, language: Language): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const haystack = [scope.label[language], scope.description[language], scope.name]
    .join('\n')
    .toLocaleLowerCase('sv');
  return words.every((word) => wordStems(word).some((stem) => haystack.includes(stem)) || synonymScopes(word).has(scope.name));
}

/**
 * The groups and scopes to show for a filter text. Labels and descriptions are searched in the
 * current language; the synonyms in both, so "moms" finds VAT in English too. Groups without a
 * match are left out.
 */
export function filterScopes(query: string, language: Language): FilterResult {
  const groups = SCOPE_GROUPS.map((group) => ({
    group,
    scopes: SCOPE_CATALOGUE.filter((scope) => scope.group === group.id && scopeMatches(scope, query, language)),
  })).filter((visible) => visible.scopes.length > 0);
  return {
    groups,
    matchCount: groups.reduce((sum, visible) => sum + visible.scopes.length, 0),
    unfiltered: queryWords(query).length === 0,
  };
}

import {
  SCOPE_CATALOGUE,
  SCOPE_GROUPS,
  type ScopeGroup,
  type ScopeInfo,
} from '../../../shared/scope-catalogue';
import type { Language } from '../i18n/language';

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

/** True when every word of `query` occurs in the scope's label, description or wire name. */
export function scopeMatches(scope: ScopeInfo, query: string, language: Language): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const haystack = [scope.label[language], scope.description[language], scope.name]
    .join('\n')
    .toLocaleLowerCase('sv');
  return words.every((word) => haystack.includes(word));
}

/**
 * The groups and scopes to show for a filter text, in the current language only (a Swedish
 * word does not match while the UI is in English). Groups without a match are left out.
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

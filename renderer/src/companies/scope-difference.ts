import { SCOPE_NAMES } from '../../../shared/scope-names';

/** How the scopes Fortnox granted compare with the ones the app asked for. */
export interface ScopeDifference {
  /** Granted scopes, known ones in catalogue order, then unknown ones alphabetically. */
  granted: string[];
  /** Asked for but not granted: the integration cannot use these. */
  notGranted: string[];
  /** Granted without being asked for (Fortnox may add scopes, or the app does not know them). */
  notRequested: string[];
}

const CATALOGUE_ORDER = new Map<string, number>(SCOPE_NAMES.map((name, index) => [name, index]));

/** Sorts scope names as the scope string does; names this app does not know go last. */
export function orderScopes(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => {
    const left = CATALOGUE_ORDER.get(a) ?? Number.POSITIVE_INFINITY;
    const right = CATALOGUE_ORDER.get(b) ?? Number.POSITIVE_INFINITY;
    if (left !== right) return left - right;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Compares requested and granted scopes (exact, case-sensitive wire names, as Fortnox uses them). */
export function scopeDifference(requested: readonly string[], granted: readonly string[]): ScopeDifference {
  const asked = new Set(requested);
  const got = new Set(granted);
  return {
    granted: orderScopes(got),
    notGranted: orderScopes(requested.filter((name) => !got.has(name))),
    notRequested: orderScopes(granted.filter((name) => !asked.has(name))),
  };
}

/** True when granted and requested scopes are not the same set. */
export function scopesDiffer(difference: ScopeDifference): boolean {
  return difference.notGranted.length > 0 || difference.notRequested.length > 0;
}

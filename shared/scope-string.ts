import { encodeQueryValue } from './query-encoding';
import { SCOPE_NAMES, type ScopeName } from './scope-names';

/**
 * The scopes in one fixed order (the catalogue's), without duplicates, so that the string the UI
 * shows is byte for byte the one main sends.
 */
export function canonicalScopes(scopes: Iterable<ScopeName>): ScopeName[] {
  const chosen = new Set(scopes);
  return SCOPE_NAMES.filter((name) => chosen.has(name));
}

/**
 * The `scope` parameter's value before URL encoding: wire names joined by one space.
 * Fortnox: "space-separated, case-sensitive" (fortnox.md section 1). Encoded, each space is `%20`.
 */
export function scopeParameter(scopes: Iterable<ScopeName>): string {
  return canonicalScopes(scopes).join(' ');
}

/**
 * The `scope` query parameter exactly as the authorize URL carries it (main/connect/authorize-url.ts):
 * `scope=companyinformation%20invoice`. Shown under "Detaljer"; never state, codes or secrets.
 */
export function scopeQueryParameter(scopes: Iterable<ScopeName>): string {
  return `scope=${encodeQueryValue(scopeParameter(scopes))}`;
}

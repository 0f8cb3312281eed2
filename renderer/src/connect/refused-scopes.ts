import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import { isScopeName, type ScopeName } from '../../../shared/scope-names';
import { canonicalScopes } from '../../../shared/scope-string';

/**
 * The requested scopes that an `invalid_scope` failure names. Fortnox's `error_description` is
 * untrusted free text ("Invalid scope: salary" in the simulator; the real wording is unconfirmed,
 * fortnox.md section 2), so it is only searched for wire names that were actually requested:
 * nothing it says can add a scope. Null when the failure is not `invalid_scope`; an empty list
 * when Fortnox did not say which scope it was.
 */
export function refusedScopes(status: FlowStatusMessage, requested: readonly ScopeName[]): ScopeName[] | null {
  if (status.phase !== 'failed' || status.error !== 'invalid_scope') return null;
  const words = `${status.fortnoxError ?? ''} ${status.detail ?? ''}`.split(/[^A-Za-z]+/);
  const named = words.filter((word): word is ScopeName => isScopeName(word) && requested.includes(word));
  return canonicalScopes(named);
}

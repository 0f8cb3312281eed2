import {
  SCOPE_PRESETS,
  scopeInfo,
  scopesInGroup,
  type ScopeGroupId,
  type ScopePresetId,
} from '../../../shared/scope-catalogue';
import { COMPANY_INFORMATION_SCOPE, SCOPE_NAMES, type ScopeName } from '../../../shared/scope-names';
import { canonicalScopes } from '../../../shared/scope-string';

/** What the user has chosen to request: scopes plus the two authorize options. */
export interface Selection {
  /** Always in catalogue order, without duplicates (see canonicalScopes). */
  scopes: readonly ScopeName[];
  /** Sends `access_type=offline`: Fortnox then issues a refresh token. */
  offlineAccess: boolean;
  /** Sends `account_type=service`: a service account instead of the signed-in user. */
  serviceAccount: boolean;
}

export type SelectionAction =
  | { type: 'set-scope'; scope: ScopeName; selected: boolean }
  | { type: 'set-group'; group: ScopeGroupId; selected: boolean }
  | { type: 'apply-preset'; preset: ScopePresetId }
  | { type: 'clear-all' }
  /** The picker's onChange: the whole scope list at once (a profile, or the picker's own edit). */
  | { type: 'set-scopes'; scopes: readonly ScopeName[] }
  | { type: 'set-offline-access'; value: boolean }
  | { type: 'set-service-account'; value: boolean }
  /** Reconnect "with other scopes": start from what a company had, or go back to an earlier selection. */
  | { type: 'replace'; selection: Selection };

/** The start: only companyinformation (the app needs it), offline access on, no service account. */
export const INITIAL_SELECTION: Selection = {
  scopes: [COMPANY_INFORMATION_SCOPE],
  offlineAccess: true,
  serviceAccount: false,
};

/** Applies one user action to the selection; returns the same object when nothing changed. */
export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'set-scope':
      return withScopes(state, action.selected ? [...state.scopes, action.scope] : without(state.scopes, [action.scope]));
    case 'set-group':
      // "Välj alla" adds only what selectAllAdds allows; clearing the group removes every member.
      return withScopes(
        state,
        action.selected ? [...state.scopes, ...selectAllScopes(action.group)] : without(state.scopes, scopesInGroup(action.group)),
      );
    case 'set-scopes':
      return withScopes(state, action.scopes);
    case 'apply-preset': {
      // A preset replaces the scope list (not adds to it), so the result is exactly the preset.
      const preset = SCOPE_PRESETS.find((candidate) => candidate.id === action.preset);
      return preset ? withScopes(state, preset.scopes) : state;
    }
    case 'clear-all':
      return withScopes(state, []);
    case 'set-offline-access':
      return state.offlineAccess === action.value ? state : { ...state, offlineAccess: action.value };
    case 'set-service-account':
      return state.serviceAccount === action.value ? state : { ...state, serviceAccount: action.value };
    case 'replace': {
      const { offlineAccess, serviceAccount } = action.selection;
      const next = withScopes(state, action.selection.scopes);
      if (next.offlineAccess === offlineAccess && next.serviceAccount === serviceAccount) return next;
      return { ...next, offlineAccess, serviceAccount };
    }
  }
}

/** The scope that lets the integration delete vouchers: it is only ever ticked on its own, after a confirmation. */
export const DELETE_VOUCHER_SCOPE: ScopeName = 'deletevoucher';

/**
 * True for a scope that "Välj alla" adds: not `deletevoucher` (deleting vouchers is asked for on its
 * own, with a confirmation) and not the scopes Fortnox's scopes page does not list (only an SDK
 * enum names them, and whether Fortnox accepts them is unconfirmed: fortnox.md section 6).
 */
export function selectAllAdds(name: ScopeName): boolean {
  return name !== DELETE_VOUCHER_SCOPE && scopeInfo(name).onScopesPage;
}

/** The scopes of a group that "Välj alla" adds. */
export function selectAllScopes(group: ScopeGroupId): ScopeName[] {
  return scopesInGroup(group).filter(selectAllAdds);
}

/** The scopes of a group that "Välj alla" leaves out, for the note beside it. */
export function leftOutBySelectAll(group: ScopeGroupId): ScopeName[] {
  return scopesInGroup(group).filter((name) => !selectAllAdds(name));
}

/** How much of a group is selected, for a tri-state group checkbox. */
export type GroupState = 'none' | 'some' | 'all';

/**
 * Whether none, some or all of a group's scopes are selected. "All" means every scope "Välj
 * alla" adds, so the checkbox is ticked right after it was used and a second click clears it.
 */
export function groupState(scopes: readonly ScopeName[], group: ScopeGroupId): GroupState {
  const chosen = scopesInGroup(group).filter((name) => scopes.includes(name)).length;
  if (chosen === 0) return 'none';
  return selectAllScopes(group).every((name) => scopes.includes(name)) ? 'all' : 'some';
}

/** The preset whose scopes are exactly the selection, if any (shown as "pressed"). */
export function matchingPreset(scopes: readonly ScopeName[]): ScopePresetId | null {
  const current = canonicalScopes(scopes).join(' ');
  const preset = SCOPE_PRESETS.find((candidate) => canonicalScopes(candidate.scopes).join(' ') === current);
  return preset ? preset.id : null;
}

/** True when companyinformation is not selected: the app then cannot tell which company connected. */
export function lacksCompanyInformation(scopes: readonly ScopeName[]): boolean {
  return !scopes.includes(COMPANY_INFORMATION_SCOPE);
}

/** The number of scopes that can be chosen, for "3 of 28 selected". */
export const SCOPE_COUNT = SCOPE_NAMES.length;

function without(scopes: readonly ScopeName[], removed: readonly ScopeName[]): ScopeName[] {
  return scopes.filter((name) => !removed.includes(name));
}

function withScopes(state: Selection, scopes: Iterable<ScopeName>): Selection {
  const next = canonicalScopes(scopes);
  const same = next.length === state.scopes.length && next.every((name, index) => name === state.scopes[index]);
  return same ? state : { ...state, scopes: next };
}

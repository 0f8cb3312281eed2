import { SCOPE_PRESETS } from '../../../shared/scope-catalogue';
import type { ScopeName } from '../../../shared/scope-names';
import { MANAGED_PROFILE_ID, presetProfileId } from '../../../shared/scope-profile-ids';
import type { ScopeProfilesView } from '../../../shared/scope-profiles';
import { canonicalScopes } from '../../../shared/scope-string';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

/** A profile as the picker offers it: built in, the accountant's own, or the IT department's. */
export interface PickerProfile {
  id: string;
  name: string;
  scopes: readonly ScopeName[];
  kind: 'preset' | 'own' | 'managed';
}

/** Every profile in the order the picker shows them: the built-in ones, the IT department's, then the own ones. */
export function pickerProfiles(view: ScopeProfilesView | null, language: Language, messages: Messages): PickerProfile[] {
  const presets: PickerProfile[] = SCOPE_PRESETS.map((preset) => ({
    id: presetProfileId(preset.id),
    name: preset.label[language],
    scopes: canonicalScopes(preset.scopes),
    kind: 'preset',
  }));
  if (!view) return presets;
  const managed: PickerProfile[] = view.managed
    ? [{ id: MANAGED_PROFILE_ID, name: view.managed.name ?? messages.scopeProfiles.managedName, scopes: view.managed.scopes, kind: 'managed' }]
    : [];
  const own: PickerProfile[] = view.own.map((profile) => ({ id: profile.id, name: profile.name, scopes: canonicalScopes(profile.scopes), kind: 'own' }));
  return [...presets, ...managed, ...own];
}

/**
 * The profile the scopes are: the one chosen last if it still matches (two profiles may hold the
 * same scopes), else the first that matches exactly, else null ("Egna val").
 */
export function activeProfile(profiles: readonly PickerProfile[], scopes: readonly ScopeName[], chosenId: string | null): PickerProfile | null {
  const wanted = canonicalScopes(scopes).join(' ');
  const same = (profile: PickerProfile) => canonicalScopes(profile.scopes).join(' ') === wanted;
  const chosen = profiles.find((profile) => profile.id === chosenId);
  if (chosen && same(chosen)) return chosen;
  return profiles.find(same) ?? null;
}

/** The managed profile when the IT department locked the scopes to it, else null. */
export function lockedProfile(view: ScopeProfilesView | null): { name: string | null; scopes: readonly ScopeName[] } | null {
  return view?.managed?.locked ? view.managed : null;
}

/**
 * What the Connect view starts with, once the profiles are known: the locked profile; else what
 * was used last (the profile's scopes as they are now, or the scopes themselves); else the default
 * profile (the IT department's, or the one chosen in Settings); else null (keep the app's own start).
 */
export function startingSelection(view: ScopeProfilesView, profiles: readonly PickerProfile[]): { profileId: string | null; scopes: readonly ScopeName[] } | null {
  const byId = (id: string | null) => (id === null ? undefined : profiles.find((profile) => profile.id === id));
  const locked = lockedProfile(view);
  if (locked) return { profileId: MANAGED_PROFILE_ID, scopes: locked.scopes };
  if (view.lastUsed) {
    const profile = byId(view.lastUsed.profileId);
    if (profile) return { profileId: profile.id, scopes: profile.scopes };
    if (view.lastUsed.scopes.length > 0) return { profileId: null, scopes: canonicalScopes(view.lastUsed.scopes) };
  }
  const fallback = byId(view.defaultProfile);
  return fallback ? { profileId: fallback.id, scopes: fallback.scopes } : null;
}

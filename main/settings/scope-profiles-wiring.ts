import type { ScopeName } from '../../shared/scope-names';
import { canonicalScopes } from '../../shared/scope-string';
import { randomToken, type RandomBytes } from '../connect/random-token';
import type { Logger } from '../logging/logger';
import { ScopeProfilesService } from './scope-profiles-service';
import type { SettingsService } from './settings-service';

/** The scope profiles kept in settings.json beside the other preferences, with the managed profile from the settings' managed configuration. */
export function scopeProfilesFor(settings: SettingsService, random: RandomBytes, log: Logger): ScopeProfilesService {
  return new ScopeProfilesService({
    stored: () => settings.preferences().scopeProfiles,
    store: (next) => settings.setPreferences({ scopeProfiles: next }),
    managed: () => settings.managedScopeProfile(),
    // 96 random bits: ids only need to be unique among at most 50 profiles, and never guessable from a name.
    newId: () => randomToken(random, 12),
    log,
  });
}

/**
 * The scopes every sign-in must request while the IT department locks the profile, else null.
 * Main applies them itself, so a lock holds whatever the window asks for.
 */
export function lockedScopes(settings: Pick<SettingsService, 'managedScopeProfile'>): ScopeName[] | null {
  const managed = settings.managedScopeProfile();
  return managed && (managed.lock ?? true) ? canonicalScopes(managed.scopes) : null;
}

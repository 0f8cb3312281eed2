import { SCOPE_PRESETS } from '../../shared/scope-catalogue';
import { canonicalScopes } from '../../shared/scope-string';
import {
  MANAGED_PROFILE_ID,
  MAX_OWN_PROFILES,
  presetProfileId,
  profileNameSchema,
  type ManagedScopeProfile,
  type OwnProfile,
  type ScopeProfileChange,
  type ScopeProfileChangeResult,
  type ScopeProfilesPreference,
  type ScopeProfilesView,
} from '../../shared/scope-profiles';
import type { Logger } from '../logging/logger';

/** Collaborators of the profiles service. */
export interface ScopeProfilesDeps {
  /** The profiles part of settings.json as last read (validated by its zod schema there). */
  stored: () => ScopeProfilesPreference | undefined;
  /**
   * Writes the profiles part of settings.json; false when the file could not be read, so the change
   * holds for this session only; throws when writing failed (nothing changed).
   */
  store: (next: ScopeProfilesPreference) => Promise<boolean>;
  /** The managed configuration's profile (file or Windows policy), if any. */
  managed: () => ManagedScopeProfile | undefined;
  /** A new own profile's random part (base64url, at least 8 characters). */
  newId: () => string;
  log: Logger;
}

/** Built-in profiles' names in both languages, which an own profile may not take. */
const PRESET_NAMES = SCOPE_PRESETS.flatMap((preset) => [preset.label.sv, preset.label.en]);

/**
 * The scope profiles (issue 9 item 4): the accountant's own (create, rename, delete), the one
 * used last (remembered across restarts), a default from Settings, and the managed
 * configuration's profile, which wins: locked, nothing can change the scopes and no other default
 * applies; unlocked, it is the default and Settings cannot choose another.
 */
export class ScopeProfilesService {
  constructor(private readonly deps: ScopeProfilesDeps) {}

  /** What the renderer shows. */
  view(): ScopeProfilesView {
    const stored = this.deps.stored() ?? {};
    const managed = this.deps.managed();
    return {
      own: [...(stored.own ?? [])],
      lastUsed: stored.lastUsed ?? null,
      defaultProfile: managed ? MANAGED_PROFILE_ID : (stored.defaultProfile ?? null),
      managed: managed
        ? { name: managed.name ?? null, scopes: canonicalScopes(managed.scopes), locked: managed.lock ?? true }
        : null,
    };
  }

  /** Applies one change; the answer carries the new view, or why nothing changed. */
  async change(request: ScopeProfileChange): Promise<ScopeProfileChangeResult> {
    const stored = this.deps.stored() ?? {};
    const own = stored.own ?? [];
    const managed = this.deps.managed();
    const locked = managed !== undefined && (managed.lock ?? true);
    switch (request.action) {
      case 'create': {
        if (locked) return { ok: false, problem: 'locked' };
        const name = profileNameSchema.safeParse(request.name);
        if (!name.success) return { ok: false, problem: 'name_invalid' };
        if (this.nameTaken(name.data, own, managed)) return { ok: false, problem: 'name_taken' };
        if (own.length >= MAX_OWN_PROFILES) return { ok: false, problem: 'too_many' };
        const profile: OwnProfile = { id: `own-${this.deps.newId()}`, name: name.data, scopes: canonicalScopes(request.scopes) };
        return this.save({ ...stored, own: [...own, profile] }, 'scope profile created', profile.id);
      }
      case 'rename': {
        const existing = own.find((profile) => profile.id === request.id);
        if (!existing) return { ok: false, problem: 'not_found' };
        const name = profileNameSchema.safeParse(request.name);
        if (!name.success) return { ok: false, problem: 'name_invalid' };
        if (this.nameTaken(name.data, own.filter((profile) => profile.id !== request.id), managed)) return { ok: false, problem: 'name_taken' };
        const renamed = own.map((profile) => (profile.id === request.id ? { ...profile, name: name.data } : profile));
        return this.save({ ...stored, own: renamed }, 'scope profile renamed');
      }
      case 'delete': {
        if (!own.some((profile) => profile.id === request.id)) return { ok: false, problem: 'not_found' };
        const next: ScopeProfilesPreference = { ...stored, own: own.filter((profile) => profile.id !== request.id) };
        // A default or last-used pointing at the deleted profile falls back to its scopes / nothing.
        if (next.defaultProfile === request.id) delete next.defaultProfile;
        if (next.lastUsed?.profileId === request.id) next.lastUsed = { ...next.lastUsed, profileId: null };
        return this.save(next, 'scope profile deleted');
      }
      case 'remember': {
        if (request.profileId !== null && !this.exists(request.profileId, own, managed)) return { ok: false, problem: 'not_found' };
        return this.save({ ...stored, lastUsed: { profileId: request.profileId, scopes: canonicalScopes(request.scopes) } }, null);
      }
      case 'set-default': {
        // The managed profile is the default (or the only choice) whenever there is one.
        if (managed) return { ok: false, problem: 'locked' };
        if (request.profileId !== null && !this.exists(request.profileId, own, managed)) return { ok: false, problem: 'not_found' };
        const next: ScopeProfilesPreference = { ...stored };
        if (request.profileId === null) delete next.defaultProfile;
        else next.defaultProfile = request.profileId;
        return this.save(next, 'default scope profile set');
      }
    }
  }

  private async save(next: ScopeProfilesPreference, logMessage: string | null, id?: string): Promise<ScopeProfileChangeResult> {
    let persisted: boolean;
    try {
      persisted = await this.deps.store(next);
    } catch (error) {
      this.deps.log.warn('scope profiles could not be saved', { error: error instanceof Error ? error.name : typeof error });
      return { ok: false, problem: 'not_saved' };
    }
    // settings.json could not be read: the change holds until the app quits (as other preferences do).
    if (!persisted) this.deps.log.warn('settings.json could not be read; scope profiles are kept for this session only');
    // Counts only: profile names are the user's words and stay out of the log.
    if (logMessage) this.deps.log.info(logMessage, { own: next.own?.length ?? 0 });
    return { ok: true, view: this.view(), ...(id !== undefined ? { id } : {}) };
  }

  /** Names are compared without case, against the built-in and managed profiles' names too. */
  private nameTaken(name: string, own: readonly OwnProfile[], managed: ManagedScopeProfile | undefined): boolean {
    const wanted = name.toLocaleLowerCase('sv');
    const taken = [...PRESET_NAMES, ...own.map((profile) => profile.name), ...(managed?.name ? [managed.name] : [])];
    return taken.some((existing) => existing.toLocaleLowerCase('sv') === wanted);
  }

  private exists(id: string, own: readonly OwnProfile[], managed: ManagedScopeProfile | undefined): boolean {
    if (id === MANAGED_PROFILE_ID) return managed !== undefined;
    if (id.startsWith('preset-')) return SCOPE_PRESETS.some((preset) => presetProfileId(preset.id) === id);
    return own.some((profile) => profile.id === id);
  }
}

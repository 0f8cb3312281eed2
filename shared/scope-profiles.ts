import { z } from 'zod';
import { SCOPE_PRESET_IDS } from './scope-catalogue';
import { SCOPE_NAMES } from './scope-names';
import { isCleanText } from './untrusted-text';
import { MANAGED_PROFILE_ID, MAX_OWN_PROFILES, PROFILE_NAME_MAX, presetProfileId } from './scope-profile-ids';

/**
 * Scope profiles (issue 9 item 4): named scope lists. Three kinds share one id space:
 * `preset-<id>` for the built-in ones (shared/scope-catalogue.ts), `own-<random>` for the
 * accountant's own (settings.json, at most MAX_OWN_PROFILES), and `managed` for the one the IT
 * department's managed configuration sets, as the firm's default or locked for everyone.
 */

export { MANAGED_PROFILE_ID, MAX_OWN_PROFILES, PROFILE_NAME_MAX, presetProfileId } from './scope-profile-ids';

export const ownProfileIdSchema = z.string().regex(/^own-[A-Za-z0-9_-]{8,40}$/);
export const profileIdSchema = z.union([
  z.enum(SCOPE_PRESET_IDS.map(presetProfileId) as [string, ...string[]]),
  ownProfileIdSchema,
  z.literal(MANAGED_PROFILE_ID),
]);

/** A profile's name: one line of printable text, trimmed, 1–60 characters. */
export const profileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(PROFILE_NAME_MAX)
  .refine(isCleanText, 'one line of printable text');

/** A profile's scopes: known wire names, at least one, no repeats. */
export const profileScopesSchema = z
  .array(z.enum(SCOPE_NAMES))
  .min(1)
  .max(SCOPE_NAMES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must be unique');

/** One of the accountant's own profiles. */
export const ownProfileSchema = z.strictObject({ id: ownProfileIdSchema, name: profileNameSchema, scopes: profileScopesSchema });

/** What the last sign-in started with: the profile chosen (if any) and the scopes. */
export const lastUsedSchema = z.strictObject({ profileId: profileIdSchema.nullable(), scopes: z.array(z.enum(SCOPE_NAMES)).max(SCOPE_NAMES.length) });

/** The profiles part of settings.json (`"scopeProfiles": {…}`). */
export const scopeProfilesPreferenceSchema = z.strictObject({
  own: z.array(ownProfileSchema).max(MAX_OWN_PROFILES).optional(),
  lastUsed: lastUsedSchema.optional(),
  /** The profile Connect starts with when nothing was used yet (Settings). */
  defaultProfile: profileIdSchema.optional(),
});

/**
 * The managed configuration's profile (`"scopeProfile": {"name": "…", "scopes": [...], "lock": true}`);
 * `lock` (default true, as the managed file's own `lock`) locks the picker to it, false makes it
 * the firm's default.
 */
export const managedScopeProfileSchema = z.strictObject({
  name: profileNameSchema.optional(),
  scopes: profileScopesSchema,
  lock: z.boolean().optional(),
});

/** What the renderer gets: the own profiles, what was used last, the default and the managed profile. */
export const scopeProfilesViewSchema = z.strictObject({
  own: z.array(ownProfileSchema).max(MAX_OWN_PROFILES),
  lastUsed: lastUsedSchema.nullable(),
  defaultProfile: profileIdSchema.nullable(),
  managed: z
    .strictObject({ name: profileNameSchema.nullable(), scopes: profileScopesSchema, locked: z.boolean() })
    .nullable(),
});

/** A change of the profiles from the picker or Settings. */
export const scopeProfileChangeSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('create'), name: z.string().max(1000), scopes: profileScopesSchema }),
  z.strictObject({ action: z.literal('rename'), id: ownProfileIdSchema, name: z.string().max(1000) }),
  z.strictObject({ action: z.literal('delete'), id: ownProfileIdSchema }),
  z.strictObject({ action: z.literal('remember'), profileId: profileIdSchema.nullable(), scopes: z.array(z.enum(SCOPE_NAMES)).max(SCOPE_NAMES.length) }),
  z.strictObject({ action: z.literal('set-default'), profileId: profileIdSchema.nullable() }),
]);

/** Why a change was refused. */
export const SCOPE_PROFILE_PROBLEMS = ['name_invalid', 'name_taken', 'too_many', 'not_found', 'locked', 'not_saved'] as const;

export const scopeProfileChangeResultSchema = z.discriminatedUnion('ok', [
  /** `id`: the profile a create made. */
  z.strictObject({ ok: z.literal(true), view: scopeProfilesViewSchema, id: ownProfileIdSchema.optional() }),
  z.strictObject({ ok: z.literal(false), problem: z.enum(SCOPE_PROFILE_PROBLEMS) }),
]);

/** One of the accountant's own profiles. */
export type OwnProfile = z.infer<typeof ownProfileSchema>;
/** The profiles part of settings.json. */
export type ScopeProfilesPreference = z.infer<typeof scopeProfilesPreferenceSchema>;
/** The managed configuration's profile. */
export type ManagedScopeProfile = z.infer<typeof managedScopeProfileSchema>;
/** The profiles as the renderer gets them. */
export type ScopeProfilesView = z.infer<typeof scopeProfilesViewSchema>;
/** A change of the profiles. */
export type ScopeProfileChange = z.infer<typeof scopeProfileChangeSchema>;
/** The answer to a change. */
export type ScopeProfileChangeResult = z.infer<typeof scopeProfileChangeResultSchema>;
/** Why a change was refused. */
export type ScopeProfileProblem = (typeof SCOPE_PROFILE_PROBLEMS)[number];

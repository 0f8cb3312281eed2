import type { ScopePresetId } from './scope-catalogue';

/**
 * The scope profiles' ids and limits as plain values (no zod), so the renderer can bundle them;
 * the schemas are in ./scope-profiles.ts.
 */

/** The longest profile name, in UTF-16 units. */
export const PROFILE_NAME_MAX = 60;
/** How many profiles of their own an accountant can keep. */
export const MAX_OWN_PROFILES = 50;
/** The id of the managed configuration's profile. */
export const MANAGED_PROFILE_ID = 'managed';

/** The id of a built-in profile. */
export function presetProfileId(preset: ScopePresetId): string {
  return `preset-${preset}`;
}

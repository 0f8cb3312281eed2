/** The shape batch:start accepts for a scope profile's id (shared/batch-contract.ts). */
const PROFILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The `profileId` field of a batch start for the profile its scopes come from, or nothing when there is none or its id cannot be sent. */
export function profileIdField(profile: { id: string } | null | undefined): { profileId?: string } {
  return profile && PROFILE_ID.test(profile.id) ? { profileId: profile.id } : {};
}

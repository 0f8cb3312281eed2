import { describe, expect, it } from 'vitest';
import { profileIdField } from '../../../../renderer/src/batch/batch-profile-id';

describe('profileIdField', () => {
  it('sends the id of the profile the scopes come from', () => {
    expect(profileIdField({ id: 'preset-bookkeeping' })).toEqual({ profileId: 'preset-bookkeeping' });
  });

  it('sends nothing without a profile, or for an id batch:start would refuse', () => {
    expect(profileIdField(null)).toEqual({});
    expect(profileIdField({ id: 'own:1' })).toEqual({});
    expect(profileIdField({ id: 'x'.repeat(65) })).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import type { ScopeProfilesView } from '../../../../shared/scope-profiles';
import { activeProfile, lockedProfile, pickerProfiles, startingSelection } from '../../../../renderer/src/connect/scope-profiles';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const EMPTY: ScopeProfilesView = { own: [], lastUsed: null, defaultProfile: null, managed: null };
const OWN = { id: 'own-abcdefgh', name: 'Moms', scopes: ['bookkeeping', 'companyinformation'] as const };
const list = (view: ScopeProfilesView | null) => pickerProfiles(view, 'sv', MESSAGES.sv);

describe('the profiles the picker offers', () => {
  it('are the built-in ones, the IT department\'s, then the own ones', () => {
    const view: ScopeProfilesView = { ...EMPTY, own: [{ ...OWN, scopes: [...OWN.scopes] }], managed: { name: null, scopes: ['invoice'], locked: false } };
    expect(list(view).map((profile) => [profile.kind, profile.name])).toEqual([
      ['preset', 'Bokföring'],
      ['preset', 'Fakturering'],
      ['preset', 'Leverantörsfakturor'],
      ['preset', 'Lön'],
      ['preset', 'Bara företagsinformation'],
      ['managed', 'IT-avdelningens profil'],
      ['own', 'Moms'],
    ]);
    expect(list(null)).toHaveLength(5);
  });

  it('show the chosen profile as active while its scopes are selected, else the first that matches, else none', () => {
    const view: ScopeProfilesView = { ...EMPTY, own: [{ id: OWN.id, name: 'Lön igen', scopes: ['salary', 'companyinformation'] }] };
    const profiles = list(view);
    expect(activeProfile(profiles, ['companyinformation', 'salary'], OWN.id)?.name).toBe('Lön igen');
    expect(activeProfile(profiles, ['salary', 'companyinformation'], null)?.id).toBe('preset-payroll');
    expect(activeProfile(profiles, ['salary'], OWN.id)).toBeNull();
  });
});

describe('what the Connect view starts with', () => {
  it('is the locked profile whatever was used last', () => {
    const view: ScopeProfilesView = { ...EMPTY, lastUsed: { profileId: 'preset-payroll', scopes: ['salary'] }, managed: { name: 'Byrån', scopes: ['invoice'], locked: true } };
    expect(startingSelection(view, list(view))).toEqual({ profileId: 'managed', scopes: ['invoice'] });
    expect(lockedProfile(view)).toEqual({ name: 'Byrån', scopes: ['invoice'], locked: true });
  });

  it('is the profile used last, with its scopes as they are now', () => {
    const view: ScopeProfilesView = { ...EMPTY, own: [{ ...OWN, scopes: [...OWN.scopes] }], lastUsed: { profileId: OWN.id, scopes: ['salary'] } };
    expect(startingSelection(view, list(view))).toEqual({ profileId: OWN.id, scopes: ['bookkeeping', 'companyinformation'] });
  });

  it('is the scopes used last when no profile was, or the profile is gone', () => {
    const view: ScopeProfilesView = { ...EMPTY, lastUsed: { profileId: null, scopes: ['salary', 'customer'] } };
    expect(startingSelection(view, list(view))).toEqual({ profileId: null, scopes: ['customer', 'salary'] });
  });

  it('is the default profile when nothing was used yet (Settings\' or the IT department\'s), else nothing', () => {
    const fromSettings: ScopeProfilesView = { ...EMPTY, defaultProfile: 'preset-invoicing' };
    expect(startingSelection(fromSettings, list(fromSettings))?.profileId).toBe('preset-invoicing');
    const managed: ScopeProfilesView = { ...EMPTY, defaultProfile: 'managed', managed: { name: null, scopes: ['invoice'], locked: false } };
    expect(startingSelection(managed, list(managed))).toEqual({ profileId: 'managed', scopes: ['invoice'] });
    expect(startingSelection(EMPTY, list(EMPTY))).toBeNull();
    expect(lockedProfile(managed)).toBeNull();
  });
});

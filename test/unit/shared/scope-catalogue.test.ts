import { describe, expect, it } from 'vitest';
import {
  SCOPE_CATALOGUE,
  SCOPE_GROUP_IDS,
  SCOPE_GROUPS,
  SCOPE_PRESETS,
  scopeInfo,
  scopesInGroup,
} from '../../../shared/scope-catalogue';
import { isScopeName, SCOPE_NAMES, UNLISTED_SCOPES } from '../../../shared/scope-names';

describe('scope catalogue', () => {
  it('lists every scope name once, in the order of SCOPE_NAMES', () => {
    expect(SCOPE_CATALOGUE.map((scope) => scope.name)).toEqual([...SCOPE_NAMES]);
  });

  it('puts every scope in exactly one group, and every group has scopes', () => {
    const grouped = SCOPE_GROUP_IDS.flatMap((group) => scopesInGroup(group));
    expect([...grouped].sort()).toEqual([...SCOPE_NAMES].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const group of SCOPE_GROUP_IDS) expect(scopesInGroup(group).length).toBeGreaterThan(0);
  });

  it('shows each group once, with a Swedish and an English name', () => {
    expect(SCOPE_GROUPS.map((group) => group.id)).toEqual([...SCOPE_GROUP_IDS]);
    for (const group of SCOPE_GROUPS) {
      expect(group.label.sv.trim()).not.toBe('');
      expect(group.label.en.trim()).not.toBe('');
    }
  });

  it('has a non-empty label and description in both languages for every scope', () => {
    for (const scope of SCOPE_CATALOGUE) {
      for (const text of [scope.label.sv, scope.label.en, scope.description.sv, scope.description.en]) {
        expect(text.trim(), scope.name).not.toBe('');
      }
    }
  });

  it('keeps every description to one line', () => {
    for (const scope of SCOPE_CATALOGUE) {
      expect(scope.description.sv).not.toMatch(/\n/);
      expect(scope.description.en).not.toMatch(/\n/);
    }
  });

  it('marks exactly the five scopes that are not on Fortnox’s scopes page', () => {
    const unlisted = SCOPE_CATALOGUE.filter((scope) => !scope.onScopesPage).map((scope) => scope.name);
    expect(unlisted).toEqual([...UNLISTED_SCOPES]);
    expect(unlisted).toHaveLength(5);
  });

  it('returns the same entry from scopeInfo as from the catalogue', () => {
    for (const scope of SCOPE_CATALOGUE) expect(scopeInfo(scope.name)).toEqual(scope);
  });
});

describe('scope presets', () => {
  it('use only known scopes, each once', () => {
    for (const preset of SCOPE_PRESETS) {
      for (const name of preset.scopes) expect(isScopeName(name), `${preset.id}: ${name}`).toBe(true);
      expect(new Set(preset.scopes).size, preset.id).toBe(preset.scopes.length);
    }
  });

  it('all include companyinformation', () => {
    for (const preset of SCOPE_PRESETS) expect(preset.scopes, preset.id).toContain('companyinformation');
  });

  it('have unique ids and labels in both languages', () => {
    expect(new Set(SCOPE_PRESETS.map((preset) => preset.id)).size).toBe(SCOPE_PRESETS.length);
    for (const preset of SCOPE_PRESETS) {
      expect(preset.label.sv.trim()).not.toBe('');
      expect(preset.label.en.trim()).not.toBe('');
    }
  });

  it('give accounts payable both supplier and supplierinvoice, since supplier alone does not reach invoices', () => {
    const payable = SCOPE_PRESETS.find((preset) => preset.id === 'accounts-payable');
    expect(payable?.scopes).toEqual(expect.arrayContaining(['supplier', 'supplierinvoice', 'payment', 'archive', 'connectfile']));
  });
});

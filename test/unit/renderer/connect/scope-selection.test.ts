import { describe, expect, it } from 'vitest';
import { SCOPE_GROUP_IDS, scopesInGroup } from '../../../../shared/scope-catalogue';
import { UNLISTED_SCOPES } from '../../../../shared/scope-names';
import {
  groupState,
  INITIAL_SELECTION,
  lacksCompanyInformation,
  leftOutBySelectAll,
  matchingPreset,
  selectionReducer,
  type Selection,
  type SelectionAction,
} from '../../../../renderer/src/connect/scope-selection';

const run = (...actions: SelectionAction[]): Selection => actions.reduce(selectionReducer, INITIAL_SELECTION);

describe('scope selection', () => {
  it('starts with only companyinformation, offline access on and no service account', () => {
    expect(INITIAL_SELECTION).toEqual({ scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false });
  });

  it('keeps the scopes in catalogue order whatever order they were ticked in', () => {
    const state = run(
      { type: 'set-scope', scope: 'supplier', selected: true },
      { type: 'set-scope', scope: 'archive', selected: true },
    );
    expect(state.scopes).toEqual(['archive', 'companyinformation', 'supplier']);
  });

  it('does not add a scope twice', () => {
    const state = run({ type: 'set-scope', scope: 'companyinformation', selected: true });
    expect(state).toBe(INITIAL_SELECTION);
  });

  it('removes a scope when it is unticked', () => {
    const state = run({ type: 'set-scope', scope: 'companyinformation', selected: false });
    expect(state.scopes).toEqual([]);
    expect(lacksCompanyInformation(state.scopes)).toBe(true);
  });

  it('selects and clears a whole group without touching other groups', () => {
    const all = run({ type: 'set-group', group: 'invoicing', selected: true });
    expect(all.scopes).toEqual(expect.arrayContaining([...scopesInGroup('invoicing'), 'companyinformation']));
    expect(groupState(all.scopes, 'invoicing')).toBe('all');
    const none = selectionReducer(all, { type: 'set-group', group: 'invoicing', selected: false });
    expect(none.scopes).toEqual(['companyinformation']);
    expect(groupState(none.scopes, 'invoicing')).toBe('none');
  });

  it('never adds deletevoucher with "Välj alla", yet shows the group as all selected', () => {
    const all = run({ type: 'set-group', group: 'bookkeeping', selected: true });
    expect(all.scopes).not.toContain('deletevoucher');
    expect(all.scopes).toEqual(['bookkeeping', 'companyinformation', 'costcenter', 'currency']);
    expect(groupState(all.scopes, 'bookkeeping')).toBe('all');
    const none = selectionReducer(all, { type: 'set-group', group: 'bookkeeping', selected: false });
    expect(none.scopes).toEqual(['companyinformation']);
    expect(groupState(none.scopes, 'bookkeeping')).toBe('none');
  });

  it('never adds a scope that Fortnox\'s scopes page does not list with "Välj alla", in any group', () => {
    for (const group of SCOPE_GROUP_IDS) {
      const all = run({ type: 'clear-all' }, { type: 'set-group', group, selected: true });
      for (const name of UNLISTED_SCOPES) expect(all.scopes, group).not.toContain(name);
      expect(all.scopes.length, group).toBeGreaterThan(0);
      expect(leftOutBySelectAll(group).every((name) => UNLISTED_SCOPES.includes(name)), group).toBe(true);
    }
    expect(leftOutBySelectAll('bookkeeping')).toEqual(['assets', 'deletevoucher']);
    expect(leftOutBySelectAll('invoicing')).toEqual([]);
  });

  it('keeps scopes ticked one by one outside "Välj alla", and clearing the group removes them too', () => {
    const state = run(
      { type: 'set-scope', scope: 'deletevoucher', selected: true },
      { type: 'set-scope', scope: 'assets', selected: true },
      { type: 'set-group', group: 'bookkeeping', selected: true },
    );
    expect(state.scopes).toEqual(expect.arrayContaining(['deletevoucher', 'assets', 'bookkeeping']));
    const cleared = selectionReducer(state, { type: 'set-group', group: 'bookkeeping', selected: false });
    expect(cleared.scopes).toEqual(['companyinformation']);
  });

  it('takes a whole scope list from the picker, in catalogue order without duplicates', () => {
    const state = run({ type: 'set-scopes', scopes: ['salary', 'companyinformation', 'salary'] });
    expect(state.scopes).toEqual(['companyinformation', 'salary']);
    expect(selectionReducer(state, { type: 'set-scopes', scopes: ['salary', 'companyinformation'] })).toBe(state);
  });

  it('reports a partly selected group as "some"', () => {
    const state = run({ type: 'set-scope', scope: 'bookkeeping', selected: true });
    expect(groupState(state.scopes, 'bookkeeping')).toBe('some');
    expect(groupState(state.scopes, 'salary')).toBe('none');
  });

  it('replaces the selection with a preset and recognises it afterwards', () => {
    const state = run(
      { type: 'set-scope', scope: 'warehouse', selected: true },
      { type: 'apply-preset', preset: 'payroll' },
    );
    expect(state.scopes).toEqual(['companyinformation', 'salary']);
    expect(matchingPreset(state.scopes)).toBe('payroll');
  });

  it('recognises the default selection as the "company info only" preset', () => {
    expect(matchingPreset(INITIAL_SELECTION.scopes)).toBe('company-info');
    expect(matchingPreset(run({ type: 'set-scope', scope: 'price', selected: true }).scopes)).toBeNull();
  });

  it('keeps the options when a preset is applied', () => {
    const state = run(
      { type: 'set-service-account', value: true },
      { type: 'set-offline-access', value: false },
      { type: 'apply-preset', preset: 'invoicing' },
    );
    expect(state.serviceAccount).toBe(true);
    expect(state.offlineAccess).toBe(false);
  });

  it('clears every scope but keeps the options', () => {
    const state = run({ type: 'apply-preset', preset: 'accounts-payable' }, { type: 'clear-all' });
    expect(state.scopes).toEqual([]);
    expect(state.offlineAccess).toBe(true);
  });

  it('replaces the whole selection for a reconnect, keeping catalogue order', () => {
    const state = run({
      type: 'replace',
      selection: { scopes: ['salary', 'companyinformation'], offlineAccess: false, serviceAccount: true },
    });
    expect(state).toEqual({ scopes: ['companyinformation', 'salary'], offlineAccess: false, serviceAccount: true });
  });

  it('returns the same object when a replacement changes nothing', () => {
    expect(run({ type: 'replace', selection: { ...INITIAL_SELECTION, scopes: [...INITIAL_SELECTION.scopes] } })).toBe(
      INITIAL_SELECTION,
    );
  });
});

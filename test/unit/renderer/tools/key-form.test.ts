import { describe, expect, it } from 'vitest';
import { newToolKeySchema } from '../../../../shared/local-api-keys';
import { checkKeyForm, EMPTY_KEY_FORM, keepConnected, keyRequest, normalizedName, toggleAll, toggleOne, type KeyFormState } from '../../../../renderer/src/tools/key-form';

const FORM: KeyFormState = { ...EMPTY_KEY_FORM, name: 'Excel-rapport', chosen: new Set(['1001']) };

describe('the create-key form', () => {
  it('starts on the least trusted right, 90 days and chosen companies', () => {
    expect(EMPTY_KEY_FORM).toMatchObject({ right: 'read', lifetime: '90', scope: 'chosen', name: '' });
  });

  it('asks for a name, and for a company unless all are chosen', () => {
    expect(checkKeyForm({ ...FORM, name: '  ', chosen: new Set() })).toEqual([
      { field: 'name', problem: 'missing' },
      { field: 'companies', problem: 'none-chosen' },
    ]);
    expect(checkKeyForm({ ...FORM, scope: 'all', chosen: new Set() })).toEqual([]);
  });

  it('says how long a name over 100 characters is, and refuses line breaks and bidirectional overrides', () => {
    expect(checkKeyForm({ ...FORM, name: 'x'.repeat(101) })).toEqual([{ field: 'name', problem: 'too-long', length: 101 }]);
    expect(checkKeyForm({ ...FORM, name: 'x'.repeat(100) })).toEqual([]);
    expect(checkKeyForm({ ...FORM, name: 'Excel\nrapport' })).toEqual([{ field: 'name', problem: 'not-one-line' }]);
    expect(checkKeyForm({ ...FORM, name: 'Excel \u202Etropper' })).toEqual([{ field: 'name', problem: 'not-one-line' }]);
  });

  it('collapses runs of spaces, tabs and no-break spaces, so such a name is accepted', () => {
    expect(normalizedName('  Excel \t\u00a0 rapport ')).toBe('Excel rapport');
    expect(checkKeyForm({ ...FORM, name: 'Excel \u00a0 rapport' })).toEqual([]);
  });

  it('builds a request main accepts, for every choice of companies, right and lifetime', () => {
    for (const scope of ['all', 'chosen'] as const) {
      for (const right of ['read', 'read-write', 'token'] as const) {
        for (const lifetime of ['30', '90', '365', 'none'] as const) {
          const request = keyRequest({ ...FORM, name: ' Excel   rapport ', scope, right, lifetime });
          expect(newToolKeySchema.safeParse(request).success, `${scope} ${right} ${lifetime}`).toBe(true);
          expect(request).toMatchObject({ name: 'Excel rapport', right, lifetimeDays: lifetime === 'none' ? null : Number(lifetime), companies: scope === 'all' ? 'all' : ['1001'] });
        }
      }
    }
  });

  it('chooses and clears companies, all matches at once or one at a time', () => {
    const all = toggleAll(new Set(['1']), ['2', '3'], true);
    expect([...all].sort()).toEqual(['1', '2', '3']);
    expect([...toggleAll(all, ['1', '2'], false)]).toEqual(['3']);
    expect([...toggleOne(new Set(['1']), '2')].sort()).toEqual(['1', '2']);
    expect([...toggleOne(new Set(['1']), '1')]).toEqual([]);
  });

  it('drops a chosen company that was disconnected, and keeps the same set when none was', () => {
    const chosen = new Set(['1', '2']);
    expect(keepConnected(chosen, new Set(['1', '2', '3']))).toBe(chosen);
    expect([...keepConnected(chosen, new Set(['2']))]).toEqual(['2']);
  });
});

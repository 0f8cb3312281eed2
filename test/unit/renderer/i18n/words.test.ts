import { describe, expect, it } from 'vitest';
import { SCOPE_CATALOGUE, SCOPE_GROUPS, SCOPE_PRESETS } from '../../../../shared/scope-catalogue';
import { formatRelative } from '../../../../renderer/src/common/relative-time';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

/** Sample arguments for message functions: enough to render every branch that takes strings, numbers or null. */
const SAMPLE_ARGUMENTS: unknown[][] = [[], ['X'], ['X', 'Y'], ['X', 'Y', 'Z'], [1], [2, 3], [null, null, '1001'], [null, '1001'], ['X', null, '1001']];

/** Every text a messages object can show: its strings and what its functions return for sample arguments. */
function allTexts(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'function') {
    for (const args of SAMPLE_ARGUMENTS) {
      try {
        allTexts((value as (...parameters: unknown[]) => unknown)(...args), into);
      } catch {
        // A function that needs another kind of argument; its other samples still count.
      }
    }
  } else if (Array.isArray(value)) for (const item of value) allTexts(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) allTexts(item, into);
  return into;
}

/** Words the Swedish UI no longer uses (issue 9, item 6), with what replaced them. */
const RETIRED_SWEDISH = [/tenant[- ]id/i, /scope-strängen/i, /\bförval\b/i, /\bförvalen\b/i];
const RETIRED_ENGLISH = [/tenant id/i, /scope string/i, /\bpresets?\b/i, /\bsalary\b/i, /with other scopes/i];

describe('the words the UI uses', () => {
  const swedish = [...allTexts(MESSAGES.sv), ...allTexts(SCOPE_GROUPS.map((group) => group.label.sv)), ...SCOPE_CATALOGUE.map((scope) => scope.label.sv)];
  const english = [...allTexts(MESSAGES.en), ...SCOPE_GROUPS.map((group) => group.label.en), ...SCOPE_CATALOGUE.map((scope) => scope.label.en), ...SCOPE_PRESETS.map((preset) => preset.label.en)];

  it('collect enough texts for the checks below to mean something', () => {
    expect(swedish.length).toBeGreaterThan(500);
    expect(english.length).toBeGreaterThan(500);
  });

  it('no Swedish text says "Tenant-id", "scope-strängen" or "Förval"', () => {
    for (const pattern of RETIRED_SWEDISH) expect(swedish.filter((text) => pattern.test(text)), String(pattern)).toEqual([]);
  });

  it('no English text says "tenant id", "scope string", "preset", "Salary" or "with other scopes"', () => {
    for (const pattern of RETIRED_ENGLISH) expect(english.filter((text) => pattern.test(text)), String(pattern)).toEqual([]);
  });

  it('call the database number "Databasnummer" / "Database number"', () => {
    expect(MESSAGES.sv.companies.tenantId).toBe('Databasnummer');
    expect(MESSAGES.en.companies.tenantId).toBe('Database number');
  });

  it('say "Snabbval" and "Change scopes…", matching in both languages', () => {
    expect(MESSAGES.sv.picker.presetsHeading).toBe('Snabbval');
    expect(MESSAGES.sv.companies.actions.reconnectOtherScopes).toBe('Ändra behörigheter…');
    expect(MESSAGES.en.companies.actions.reconnectOtherScopes).toBe('Change scopes…');
  });

  it('call payroll "Payroll" in English wherever Swedish says "Lön"', () => {
    const salaryGroup = SCOPE_GROUPS.find((group) => group.id === 'salary');
    const salaryScope = SCOPE_CATALOGUE.find((scope) => scope.name === 'salary');
    const payrollPreset = SCOPE_PRESETS.find((preset) => preset.id === 'payroll');
    for (const label of [salaryGroup?.label, salaryScope?.label, payrollPreset?.label]) expect(label).toEqual({ sv: 'Lön', en: 'Payroll' });
  });

  it('give every profile the same name in English as in Swedish where Swedish names the thing itself', () => {
    expect(SCOPE_PRESETS.map((preset) => preset.label.en)).toEqual(['Bookkeeping', 'Invoicing', 'Supplier invoices', 'Payroll', 'Company information only']);
    expect(MESSAGES.en.companies.statuses.needs_reconnect).toBe('Needs reconnecting');
  });

  it('lead the locked-account message with "Fortnox-kontot verkar vara låst"', () => {
    expect(MESSAGES.sv.flow.errors.no_code.title).toBe('Fortnox-kontot verkar vara låst');
    expect(MESSAGES.en.flow.errors.no_code.title).toBe('The Fortnox account seems to be locked');
  });

  it('say "nyss", not "nu", for something that just happened', () => {
    const now = Date.UTC(2026, 11, 2, 9, 0);
    expect(formatRelative(now - 5_000, now, 'sv')).toBe('nyss');
    expect(formatRelative(now - 5_000, now, 'en')).toBe('just now');
  });
});

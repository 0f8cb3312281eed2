import { describe, expect, it } from 'vitest';
import { CHECKLIST_SHOWN_MAX, companyChoices } from '../../../../renderer/src/tools/company-choices';
import { company } from '../companies/company-fixtures';

/** A firm's 1,500 companies: "Bolag 1 AB" … with organisation numbers 556000-0001 …. */
const MANY = Array.from({ length: 1_500 }, (_, index) =>
  company({ tenantId: String(index + 1), companyName: `Bolag ${index + 1} AB`, organizationNumber: `556000-${String(index + 1).padStart(4, '0')}` }),
);

describe('the company checklist of the create-key form', () => {
  it('renders at most 200 of 1,500 companies, while "choose all matches" still sees every match', () => {
    const { matches, shown } = companyChoices(MANY, '');

    expect(matches).toHaveLength(1_500);
    expect(shown).toHaveLength(CHECKLIST_SHOWN_MAX);
    expect(shown[0]?.tenantId).toBe('1');
  });

  it('finds a company by name, by organisation number with or without the dash, and by tenant id', () => {
    expect(companyChoices(MANY, 'bolag 1234').shown.map((each) => each.tenantId)).toEqual(['1234']);
    expect(companyChoices(MANY, '556000-1234').shown.map((each) => each.tenantId)).toEqual(['1234']);
    expect(companyChoices(MANY, '5560001234').shown.map((each) => each.tenantId)).toEqual(['1234']);
    expect(companyChoices(MANY, '1499').shown.map((each) => each.tenantId)).toEqual(['1499']);
  });

  it('narrows the matches as more is typed, keeping the order given', () => {
    const counts = ['bolag 1', 'bolag 14', 'bolag 149'].map((query) => companyChoices(MANY, query).matches.length);
    const matches = companyChoices(MANY, 'bolag 149').matches.map((each) => Number(each.tenantId));

    expect(counts[0]).toBeGreaterThan(counts[1] ?? 0);
    expect(counts[1]).toBeGreaterThan(counts[2] ?? 0);
    expect(matches).toContain(149);
    expect(matches).toEqual([...matches].sort((a, b) => a - b));
  });
});

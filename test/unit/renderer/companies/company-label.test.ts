import { describe, expect, it } from 'vitest';
import { asHeading, companyLabel } from '../../../../renderer/src/companies/company-label';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

describe('companyLabel', () => {
  it('shows Fortnox’s name, trimmed', () => {
    expect(companyLabel({ companyName: '  Norr AB ', tenantId: '12' }, MESSAGES.sv)).toBe('Norr AB');
  });

  it('names a company without a name by its database number, in one wording per language', () => {
    expect(companyLabel({ companyName: null, tenantId: '12' }, MESSAGES.sv)).toBe('företaget med databasnummer 12');
    expect(companyLabel({ companyName: null, tenantId: '12' }, MESSAGES.en)).toBe('the company with database number 12');
    expect(asHeading(companyLabel({ companyName: null, tenantId: '12' }, MESSAGES.sv))).toBe('Företaget med databasnummer 12');
  });

  it('uses the placeholder when neither a name nor a tenant id is known', () => {
    expect(companyLabel({ companyName: null, tenantId: null }, MESSAGES.sv)).toBe('Namn saknas');
  });

  it('never shows a bidirectional override or control character, even if one reached the renderer', () => {
    expect(companyLabel({ companyName: 'Norr\u202e BA\u2066\u0085 AB', tenantId: '12' }, MESSAGES.sv)).toBe('Norr BA AB');
    expect(companyLabel({ companyName: '\u202e\u200f', tenantId: '12' }, MESSAGES.sv)).toBe('företaget med databasnummer 12');
  });
});

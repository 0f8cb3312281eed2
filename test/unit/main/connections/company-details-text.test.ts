import { describe, expect, it } from 'vitest';
import { companyDetailsText, type DetailsFields } from '../../../../main/connections/company-details-text';

const RECORD: DetailsFields = {
  tenantId: '1001',
  companyName: 'Bokföringsbyrån Norr AB',
  organizationNumber: '556677-8899',
  accountType: 'user',
  grantedScopes: ['companyinformation', 'invoice'],
  connectedAt: Date.UTC(2026, 11, 2, 8, 31),
  lastRefreshedAt: null,
};

describe('the details "Kopiera uppgifter" copies', () => {
  it('are written in Swedish with Swedish local dates and scope names, one line per fact', () => {
    expect(companyDetailsText(RECORD, 'sv', 'Europe/Stockholm')).toBe(
      [
        'Företag: Bokföringsbyrån Norr AB',
        'Organisationsnummer: 556677-8899',
        'Databasnummer: 1001',
        'Konto: Användare',
        'Behörigheter: Företagsinformation (companyinformation), Kundfakturor (invoice)',
        'Ansluten: 2 december 2026 kl. 09:31',
        'Senast förnyad: inte förnyad ännu',
      ].join('\n'),
    );
  });

  it('are written in English when the window speaks English, with no Swedish label left', () => {
    const text = companyDetailsText({ ...RECORD, accountType: 'service', lastRefreshedAt: Date.UTC(2026, 11, 3, 13, 5) }, 'en', 'Europe/Stockholm');
    expect(text).toBe(
      [
        'Company: Bokföringsbyrån Norr AB',
        'Organisation number: 556677-8899',
        'Database number: 1001',
        'Account: Service account',
        'Scopes: Company information (companyinformation), Customer invoices (invoice)',
        'Connected: 2 December 2026 at 09:31',
        'Last refreshed: 3 December 2026 at 14:05',
      ].join('\n'),
    );
    expect(text).not.toMatch(/Företag|Behörigheter|Tenant/);
  });

  it('never use ISO timestamps or the word tenant, and say when a value is missing', () => {
    const text = companyDetailsText({ ...RECORD, companyName: null, organizationNumber: null, grantedScopes: [] }, 'sv', 'UTC');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|tenant/i);
    expect(text).toContain('Företag: saknas');
    expect(text).toContain('Behörigheter: inga');
  });

  it('clean control and bidirectional characters out of Fortnox\'s company name', () => {
    expect(companyDetailsText({ ...RECORD, companyName: 'Evil\u202e AB\nX' }, 'en', 'UTC')).not.toMatch(/[\u202e\n]X/);
  });
});

import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES, type ScopeName } from '../../../../shared/scope-names';
import { filterScopes, synonymScopes, wordStems } from '../../../../renderer/src/connect/scope-filter';

const names = (query: string, language: 'sv' | 'en') =>
  filterScopes(query, language).groups.flatMap((group) => group.scopes.map((scope) => scope.name));

describe('scope filter', () => {
  it('shows every scope in every group when the filter is empty or blank', () => {
    for (const query of ['', '   ']) {
      const result = filterScopes(query, 'sv');
      expect(result.unfiltered).toBe(true);
      expect(result.matchCount).toBe(SCOPE_NAMES.length);
      expect(result.groups).toHaveLength(8);
    }
  });

  it('matches the wire name in either language', () => {
    expect(names('supplierinvoice', 'sv')).toEqual(['supplierinvoice']);
    expect(names('COMPANYLOGO', 'en')).toEqual(['companylogo']);
  });

  it('matches labels and descriptions in the current language, and synonyms in both', () => {
    expect(names('lön', 'sv')).toContain('salary');
    expect(names('payroll', 'en')).toContain('salary');
    expect(names('lön', 'en')).toEqual(['salary']);
    expect(names('payroll', 'sv')).toEqual(['salary']);
  });

  it('needs every word of the filter to match', () => {
    expect(names('leverantörsfakturor periodiseringar', 'sv')).toEqual(['supplierinvoice']);
  });

  it('leaves out groups without a match and reports no match', () => {
    const result = filterScopes('zzz-nothing', 'en');
    expect(result.groups).toEqual([]);
    expect(result.matchCount).toBe(0);
    expect(result.unfiltered).toBe(false);
  });

  it('counts the matches across groups', () => {
    const result = filterScopes('invoice', 'en');
    expect(result.matchCount).toBe(names('invoice', 'en').length);
    expect(result.groups.length).toBeGreaterThan(1);
  });
});

describe('the filter finds what an accountant types (issue 9 "Why")', () => {
  const EXPECTED: Record<string, ScopeName[]> = {
    faktura: ['invoice', 'supplierinvoice'],
    moms: ['bookkeeping'],
    bank: ['payment'],
    huvudbok: ['bookkeeping'],
    attest: ['supplierinvoice'],
    vat: ['bookkeeping'],
    ledger: ['bookkeeping'],
  };
  for (const [word, scopes] of Object.entries(EXPECTED)) {
    for (const language of ['sv', 'en'] as const) {
      it(`"${word}" finds ${scopes.join(' and ')} in ${language === 'sv' ? 'Swedish' : 'English'}`, () => {
        const found = names(word, language);
        expect(found.length).toBeGreaterThan(0);
        expect(found).toEqual(expect.arrayContaining(scopes));
      });
    }
  }

  it('the placeholder\'s own example finds something', () => {
    expect(names('faktura', 'sv')).toContain('invoice');
    expect(names('invoice', 'en')).toContain('invoice');
  });
});

describe('stems and synonyms', () => {
  it('finds the same scopes for a word\'s inflections', () => {
    const faktura = names('faktura', 'sv');
    for (const form of ['fakturor', 'fakturorna', 'fakturan', 'Fakturor']) expect(names(form, 'sv'), form).toEqual(faktura);
    expect(names('invoices', 'en')).toEqual(names('invoice', 'en'));
    expect(names('kunder', 'sv')).toContain('customer');
    expect(names('huvudboken', 'sv')).toEqual(names('huvudbok', 'sv'));
    expect(names('attestera', 'sv')).toContain('supplierinvoice');
    expect(names('löner', 'sv')).toContain('salary');
  });

  it('strip only endings that leave three letters or more', () => {
    expect(wordStems('fakturor')).toContain('faktur');
    expect(wordStems('kunder')).toContain('kund');
    expect(wordStems('ores')).not.toContain('or');
  });

  it('pairs each Swedish word with its English one', () => {
    const pairs: [string, string][] = [
      ['faktura', 'invoice'],
      ['moms', 'vat'],
      ['huvudbok', 'ledger'],
      ['lön', 'payroll'],
      ['kund', 'customer'],
      ['leverantör', 'supplier'],
      ['artikel', 'article'],
      ['lager', 'warehouse'],
      ['verifikation', 'voucher'],
      ['kvitto', 'receipt'],
      ['offert', 'quote'],
      ['valuta', 'currency'],
    ];
    for (const [swedish, english] of pairs) {
      expect(synonymScopes(swedish).size, swedish).toBeGreaterThan(0);
      expect([...synonymScopes(swedish)].sort(), `${swedish} / ${english}`).toEqual([...synonymScopes(english)].sort());
    }
  });

  it('finds a synonym while it is being typed, from three letters', () => {
    expect(names('huvu', 'sv')).toContain('bookkeeping');
    expect(names('ledg', 'en')).toContain('bookkeeping');
  });

  it('does not read a short term into a longer word ("payroll" is not "pay")', () => {
    expect(synonymScopes('payroll').has('payment')).toBe(false);
    expect(synonymScopes('pay').has('payment')).toBe(true);
    expect(synonymScopes('vatten').has('bookkeeping')).toBe(false);
  });

  it('finds the synonyms in the filter of either language, with every word still needed', () => {
    expect(names('moms leverantör', 'en')).toEqual(['supplierinvoice']);
    expect(names('vat customer', 'sv')).toEqual(['invoice']);
  });
});

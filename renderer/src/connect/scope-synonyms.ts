import type { ScopeName } from '../../../shared/scope-names';

/**
 * Words an accountant types for a scope that its own texts do not contain, in Swedish and English
 * both (whatever the UI's language): "moms" and "vat", "huvudbok" and "ledger", "attest", "bank".
 * Each term is a stem: a filter word that starts with it matches ("fakturor", "invoices"), and so
 * does a word of three letters or more that it starts with (typing "huvu"). A term of three letters
 * or fewer ("vat", "pay", "tid") matches only itself with an ending ("tiden"), never a longer word
 * ("payroll" is not "pay"). Terms are single words: the filter splits what is typed at spaces.
 *
 * Where a word spans modules, it names every scope where that work happens in Fortnox: VAT lives
 * in the accounts and on both kinds of invoices; bank details in the company settings, bank
 * payments under payments and bank accounts in the bookkeeping.
 */
export const SCOPE_SYNONYMS: readonly { terms: readonly string[]; scopes: readonly ScopeName[] }[] = [
  { terms: ['faktur', 'invoic', 'bill'], scopes: ['invoice', 'supplierinvoice', 'noxfinansinvoice'] },
  { terms: ['moms', 'vat', 'mervärdesskatt', 'skatt', 'tax'], scopes: ['bookkeeping', 'invoice', 'supplierinvoice'] },
  { terms: ['bank', 'bankgiro', 'plusgiro', 'iban', 'bic'], scopes: ['payment', 'settings', 'bookkeeping'] },
  { terms: ['huvudbok', 'ledger', 'bokför', 'bookkeep', 'accounting', 'verifikat', 'voucher', 'kontoplan', 'konto', 'account', 'räkenskapsår', 'sie', 'balans', 'balance', 'resultat'], scopes: ['bookkeeping'] },
  { terms: ['attest', 'approv', 'godkänn'], scopes: ['supplierinvoice'] },
  { terms: ['lön', 'payroll', 'salar', 'wage', 'anställ', 'employ', 'personal', 'staff', 'frånvaro', 'absence', 'utlägg', 'expense'], scopes: ['salary'] },
  { terms: ['kund', 'customer', 'client', 'klient', 'kundreskontra', 'receivable'], scopes: ['customer', 'invoice', 'payment'] },
  { terms: ['leverantör', 'supplier', 'vendor', 'leverantörsreskontra', 'payable'], scopes: ['supplier', 'supplierinvoice', 'payment'] },
  { terms: ['reskontra'], scopes: ['invoice', 'supplierinvoice', 'payment'] },
  { terms: ['artik', 'article', 'produkt', 'product', 'vara', 'varor', 'item'], scopes: ['article', 'price', 'warehouse'] },
  { terms: ['lager', 'warehouse', 'stock', 'inventory'], scopes: ['warehouse', 'warehousecustomdocument', 'article'] },
  { terms: ['inventarie', 'anläggning', 'asset', 'avskrivning', 'depreciat'], scopes: ['assets'] },
  { terms: ['kvitto', 'receipt', 'skanna', 'scan'], scopes: ['inbox', 'archive'] },
  { terms: ['fil', 'file', 'dokument', 'document', 'bilag', 'attach', 'underlag'], scopes: ['archive', 'connectfile', 'inbox'] },
  { terms: ['betal', 'payment', 'pay', 'inbetal', 'utbetal'], scopes: ['payment'] },
  { terms: ['offert', 'quot', 'offer'], scopes: ['offer'] },
  { terms: ['order', 'beställ'], scopes: ['order'] },
  { terms: ['avtal', 'contract', 'abonnemang', 'subscription', 'rot', 'rut'], scopes: ['invoice'] },
  { terms: ['projekt', 'project'], scopes: ['project'] },
  { terms: ['tid', 'time', 'timm', 'hour'], scopes: ['timereporting'] },
  { terms: ['valuta', 'currency', 'currenc', 'växelkurs', 'exchange'], scopes: ['currency'] },
  { terms: ['kostnadsställ', 'cost', 'resultatenhet'], scopes: ['costcenter'] },
  { terms: ['pris', 'price'], scopes: ['price'] },
  { terms: ['utskrift', 'print', 'mall', 'template', 'blankett'], scopes: ['print'] },
  { terms: ['logo'], scopes: ['companylogo'] },
  { terms: ['företag', 'company', 'organisationsnummer', 'orgnr', 'org.nr', 'databasnummer'], scopes: ['companyinformation', 'settings'] },
  { terms: ['factoring', 'nox', 'finans'], scopes: ['noxfinansinvoice'] },
  { terms: ['användar', 'user', 'profil', 'profile'], scopes: ['profile'] },
  { terms: ['inställning', 'setting'], scopes: ['settings'] },
  { terms: ['radera', 'delete', 'remove'], scopes: ['deletevoucher'] },
];

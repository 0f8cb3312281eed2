import { COMPANY_NAME_MAX, ORGANIZATION_NUMBER_MAX } from '../../shared/company-record';
import { scopeInfo } from '../../shared/scope-catalogue';
import { isScopeName } from '../../shared/scope-names';
import type { Language } from '../../shared/ui-language';
import { cleanText } from '../../shared/untrusted-text';
import type { CompanyRecord } from './company-records';

/** The record fields "Kopiera uppgifter" puts on the clipboard (never a token). */
export type DetailsFields = Pick<
  CompanyRecord,
  'tenantId' | 'companyName' | 'organizationNumber' | 'accountType' | 'grantedScopes' | 'connectedAt' | 'lastRefreshedAt'
>;

/** Dates as the window writes them: Swedish as in Sweden, English in day-month order. */
const DATE_LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const TEXTS = {
  sv: {
    company: 'Företag',
    organizationNumber: 'Organisationsnummer',
    databaseNumber: 'Databasnummer',
    account: 'Konto',
    accountTypes: { user: 'Användare', service: 'Servicekonto' },
    scopes: 'Behörigheter',
    noScopes: 'inga',
    connected: 'Ansluten',
    refreshed: 'Senast förnyad',
    notRefreshed: 'inte förnyad ännu',
    missing: 'saknas',
  },
  en: {
    company: 'Company',
    organizationNumber: 'Organisation number',
    databaseNumber: 'Database number',
    account: 'Account',
    accountTypes: { user: 'User', service: 'Service account' },
    scopes: 'Scopes',
    noScopes: 'none',
    connected: 'Connected',
    refreshed: 'Last refreshed',
    notRefreshed: 'not refreshed yet',
    missing: 'missing',
  },
} as const;

/**
 * A company's details as plain text for the clipboard, fit to paste into an email: in the window's
 * language, one "Label: value" line each, scopes by name with the wire name in parentheses, and
 * dates in the computer's own time zone ("2 december 2026 09:31"). `timeZone` is for tests.
 */
export function companyDetailsText(record: DetailsFields, language: Language, timeZone?: string): string {
  const texts = TEXTS[language];
  const date = new Intl.DateTimeFormat(DATE_LOCALES[language], {
    dateStyle: 'long',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
  // Cleaned again here: the clipboard text must never carry control or bidirectional characters.
  const name = cleanText(record.companyName, COMPANY_NAME_MAX) ?? texts.missing;
  const organizationNumber = cleanText(record.organizationNumber, ORGANIZATION_NUMBER_MAX) ?? texts.missing;
  const scopes = record.grantedScopes.map((scope) => (isScopeName(scope) ? `${scopeInfo(scope).label[language]} (${scope})` : scope));
  return [
    `${texts.company}: ${name}`,
    `${texts.organizationNumber}: ${organizationNumber}`,
    `${texts.databaseNumber}: ${record.tenantId}`,
    `${texts.account}: ${texts.accountTypes[record.accountType]}`,
    `${texts.scopes}: ${scopes.length > 0 ? scopes.join(', ') : texts.noScopes}`,
    `${texts.connected}: ${date.format(record.connectedAt)}`,
    `${texts.refreshed}: ${record.lastRefreshedAt === null ? texts.notRefreshed : date.format(record.lastRefreshedAt)}`,
  ].join('\n');
}

import { COMPANY_NAME_MAX } from '../../../shared/text-limits';
import { cleanText } from '../../../shared/untrusted-text';
import type { Messages } from '../i18n/messages';

/** What a company is named by: Fortnox's name when there is one, else its tenant id. */
export interface NamedCompany {
  companyName: string | null;
  tenantId: string | null;
}

/**
 * The one way the UI names a company: Fortnox's name, cleaned once more with the shared sanitiser
 * (main already did, so no path can show a bidirectional override); without a name, "the company
 * with tenant id N"; with neither, the "name missing" placeholder.
 */
export function companyLabel(company: NamedCompany, messages: Messages): string {
  const name = cleanText(company.companyName, COMPANY_NAME_MAX);
  if (name !== undefined) return name;
  return company.tenantId !== null ? messages.companies.companyWithTenant(company.tenantId) : messages.companies.unnamed;
}

/** A label as the start of a line or heading: its first letter upper-case ("Företaget med …"). */
export function asHeading(label: string): string {
  return label.charAt(0).toLocaleUpperCase() + label.slice(1);
}

import type { CompanySummary } from '../../../shared/ipc-contract';
import { filterCompanies } from '../companies/company-filter';

/** At most this many matches are rendered; typing more narrows them (a firm may have thousands). */
export const CHECKLIST_SHOWN_MAX = 200;

/** The companies a search finds (every match, for "choose all matches") and the ones rendered. */
export interface CompanyChoices {
  matches: readonly CompanySummary[];
  shown: readonly CompanySummary[];
}

/**
 * The checklist's rows for a search: name, organisation number (with or without the dash) or
 * tenant id, as the company list searches; in the order given; at most `CHECKLIST_SHOWN_MAX` shown.
 */
export function companyChoices(sorted: readonly CompanySummary[], query: string): CompanyChoices {
  const matches = filterCompanies(sorted, { query, status: 'all' });
  return { matches, shown: matches.length > CHECKLIST_SHOWN_MAX ? matches.slice(0, CHECKLIST_SHOWN_MAX) : matches };
}

import { renewBy } from '../../../shared/renew-by';
import type { CompanySummary } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

/** Dates as the rest of the app writes them: Swedish as in Sweden, English in day-month order. */
const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

/** Formatters are costly to build; a list renders dozens of dates per change, so each is built once. */
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, month: 'long' | 'short'): Intl.DateTimeFormat {
  const key = `${language}-${month}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month, year: 'numeric' });
    formats.set(key, format);
  }
  return format;
}

/** What a row shows about renewing its refresh token. */
export interface RenewByText {
  text: string;
  /** Within 7 days of the deadline (or past it): highlighted, with an explanation as tooltip. */
  soon: boolean;
  title: string;
}

/**
 * "Förnya senast 9 december 2026" for a company with a refresh token deadline; "not needed" for a
 * service account kept alive by client credentials; null when there is nothing to renew
 * (access-only, or it already needs a new sign-in, which its status says).
 */
export function renewByText(company: CompanySummary, now: number, language: Language, messages: Messages): RenewByText | null {
  const texts = messages.companies;
  const renew = renewBy(company, now);
  if (renew.kind === 'none') return null;
  if (renew.kind === 'kept-alive') return { text: texts.renewNotNeeded, soon: false, title: texts.renewNotNeeded };
  const date = dateFormat(language, 'long').format(renew.at);
  const text = texts.renewBy(date);
  return { text, soon: renew.soon, title: renew.soon ? `${text}. ${texts.renewSoon}` : text };
}

/**
 * The table's renew-by cell: a short date ("9 dec. 2026"), "behövs inte" for a service account
 * kept alive by its own sign-in, or a dash when there is nothing to renew; the full sentence is
 * its tooltip and, for screen readers, part of its text.
 */
export function renewByCell(company: CompanySummary, now: number, language: Language, messages: Messages): RenewByText {
  const kept = cells.get(company);
  if (kept && kept.now === now && kept.language === language && kept.messages === messages) return kept.cell;
  const cell = renewByCellText(company, now, language, messages);
  cells.set(company, { now, language, messages, cell });
  return cell;
}

/**
 * The last cell worked out per company object, with what it was worked out for. A filter keystroke
 * shows rows for companies shown a moment ago, and formatting two dates per row was most of a
 * row's own render time. Company objects are replaced, never changed, when main reports a change,
 * so an entry cannot go stale; the WeakMap lets old ones go.
 */
const cells = new WeakMap<CompanySummary, { now: number; language: Language; messages: Messages; cell: RenewByText }>();

function renewByCellText(company: CompanySummary, now: number, language: Language, messages: Messages): RenewByText {
  const texts = messages.companyTable;
  const full = renewByText(company, now, language, messages);
  if (full === null) return { text: texts.renewNone, soon: false, title: '' };
  const renew = renewBy(company, now);
  if (renew.kind !== 'date') return { text: texts.renewNotNeeded, soon: false, title: full.title };
  const date = dateFormat(language, 'short').format(renew.at);
  return { text: date, soon: full.soon, title: full.title };
}

import { COMPANY_NAME_MAX } from '../../shared/text-limits';
import type { Language } from '../../shared/ui-language';
import { cleanText } from '../../shared/untrusted-text';
import type { AttentionCompany } from './attention-summary';

/** What a text names a company by. */
type Named = Pick<AttentionCompany, 'tenantId' | 'companyName'>;

/** The app's name as the OS shows it beside notifications and in the tray. */
export const APP_DISPLAY_NAME = 'Fortnox Connector';

/** Dates as the window writes them: Swedish as in Sweden, English in day-month order. */
const DATE_LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

/** A day as "9 december 2026" / "9 December 2026", in the user's time zone. */
export function formatDay(at: number, language: Language): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/**
 * A company's name for an OS text: Fortnox's name cleaned again (no control or bidirectional
 * characters can reach the notification centre), else "the company with database number N".
 */
export function alertCompanyName(company: Named, language: Language): string {
  const name = cleanText(company.companyName, COMPANY_NAME_MAX);
  if (name !== undefined) return name;
  return language === 'sv' ? `Företaget med databasnummer ${company.tenantId}` : `The company with database number ${company.tenantId}`;
}

/** "Acme AB, Beta AB och 2 till" / "Acme AB, Beta AB and 2 more": at most two names. */
function someNames(companies: readonly Named[], language: Language): string {
  const shown = companies.slice(0, 2).map((company) => alertCompanyName(company, language));
  const rest = companies.length - shown.length;
  const and = language === 'sv' ? 'och' : 'and';
  if (rest > 0) return `${shown.join(', ')} ${and} ${rest} ${language === 'sv' ? 'till' : 'more'}`;
  return shown.length === 2 ? `${shown[0]} ${and} ${shown[1]}` : (shown[0] ?? '');
}

/** The title and body of one OS notification. */
export interface AlertText {
  title: string;
  body: string;
}

/**
 * The text as the OS notification gets it. On Linux, Electron hands the body to libnotify, and
 * notification servers that support body markup (Desktop Notifications spec, "body-markup")
 * read `<b>`, `<a href>`, `<img>` in it: a company name from Fortnox must not add markup, so `&`,
 * `<` and `>` are escaped there. The title (the spec's "summary") is plain text, so it is left as
 * it is (escaped, "Smith & Co AB" would show as "Smith &amp; Co AB"). Elsewhere nothing changes.
 */
export function notificationText(text: AlertText, platform: NodeJS.Platform): AlertText {
  if (platform !== 'linux') return text;
  return { title: text.title, body: escapeMarkup(text.body) };
}

/** `&`, `<`, `>` as entities (`&` first, so the others are not escaped twice). */
function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** "3 företag behöver anslutas igen" / "3 companies need reconnecting"; one company by name. */
export function reconnectText(companies: readonly Named[], language: Language): AlertText {
  const [only] = companies;
  if (companies.length === 1 && only) {
    const name = alertCompanyName(only, language);
    return language === 'sv'
      ? { title: `${name} behöver anslutas igen`, body: 'Anslutningen till Fortnox har upphört. Klicka för att ansluta igen.' }
      : { title: `${name} needs reconnecting`, body: 'The connection to Fortnox has ended. Click to reconnect.' };
  }
  const names = someNames(companies, language);
  return language === 'sv'
    ? { title: `${companies.length} företag behöver anslutas igen`, body: `${names}. Klicka för att visa dem.` }
    : { title: `${companies.length} companies need reconnecting`, body: `${names}. Click to show them.` };
}

/** The 7-day warning: the refresh token expires soon unless the app can refresh it in time. */
export function expiringText(companies: readonly (Named & { expiresAt: number })[], language: Language): AlertText {
  const [first] = companies;
  const keepRunning =
    language === 'sv'
      ? 'Låt Fortnox Connector vara igång med internetanslutning så förnyas den, annars behöver den anslutas igen.'
      : 'Keep Fortnox Connector running and online so it is renewed, or it will need reconnecting.';
  if (companies.length === 1 && first) {
    const name = alertCompanyName(first, language);
    const day = formatDay(first.expiresAt, language);
    return language === 'sv'
      ? { title: `Anslutningen till ${name} går ut ${day}`, body: keepRunning }
      : { title: `The connection to ${name} expires on ${day}`, body: keepRunning };
  }
  const day = first ? formatDay(first.expiresAt, language) : '';
  return language === 'sv'
    ? {
        title: `${companies.length} företags anslutningar går ut inom 7 dagar`,
        body: `Den första går ut ${day}. Låt Fortnox Connector vara igång med internetanslutning så förnyas de, annars behöver de anslutas igen.`,
      }
    : {
        title: `${companies.length} companies' connections expire within 7 days`,
        body: `The first expires on ${day}. Keep Fortnox Connector running and online so they are renewed, or they will need reconnecting.`,
      };
}

/** Both kinds at once (at start, say): one notification instead of two. */
export function combinedText(reconnect: number, expiring: number, language: Language): AlertText {
  const total = reconnect + expiring;
  return language === 'sv'
    ? {
        title: `${total} företag behöver åtgärdas`,
        body: `${reconnect} behöver anslutas igen och ${expiring} går ut inom 7 dagar. Klicka för att visa dem.`,
      }
    : {
        title: `${total} companies need attention`,
        body: `${reconnect} need reconnecting and ${expiring} expire within 7 days. Click to show them.`,
      };
}

/** The tray icon's tooltip: the app's name, and how many companies need attention when any do. */
export function trayTooltip(count: number, language: Language): string {
  if (count <= 0) return APP_DISPLAY_NAME;
  if (language === 'sv') return `${APP_DISPLAY_NAME}: ${count} företag behöver åtgärdas`;
  return `${APP_DISPLAY_NAME}: ${count} ${count === 1 ? 'company needs' : 'companies need'} attention`;
}

/** The macOS dock badge: the count, "99+" above 99, empty (no badge) at zero. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** The description Windows reads out for the taskbar overlay icon (accessibility). */
export function overlayDescription(count: number, language: Language): string {
  if (language === 'sv') return count === 1 ? '1 företag behöver åtgärdas' : `${count} företag behöver åtgärdas`;
  return count === 1 ? '1 company needs attention' : `${count} companies need attention`;
}

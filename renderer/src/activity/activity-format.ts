import type { AuditEntry } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { ActivityMessages } from '../i18n/messages';

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };
const timeFormats = new Map<Language, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function timeFormat(language: Language): Intl.DateTimeFormat {
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    timeFormats.set(language, format);
  }
  return format;
}

function decimal(language: Language): Intl.NumberFormat {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 });
    numberFormats.set(language, format);
  }
  return format;
}

/** An entry's time in the user's time zone, to the second. */
export function activityTime(at: number, language: Language): string {
  return timeFormat(language).format(new Date(at));
}

/** A byte count the way people read it: `512 B`, `12.3 kB`, `4.5 MB` (powers of 1,000). */
export function activityBytes(bytes: number, language: Language): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${decimal(language).format(bytes / 1000)} kB`;
  if (bytes < 1_000_000_000) return `${decimal(language).format(bytes / 1_000_000)} MB`;
  return `${decimal(language).format(bytes / 1_000_000_000)} GB`;
}

/** A duration: milliseconds below ten seconds, seconds above. */
export function activityDuration(ms: number, language: Language): string {
  return ms < 10_000 ? `${ms} ms` : `${decimal(language).format(ms / 1000)} s`;
}

/** What was asked: `Access token`, or the method and path (`GET /3/invoices`). */
export function activityRequest(entry: AuditEntry, texts: ActivityMessages): string {
  if (entry.kind === 'token') return `${entry.method} ${texts.kinds.token}`;
  return entry.path === null ? `${entry.method} ${texts.kinds[entry.kind]}` : `${entry.method} ${entry.path}`;
}

/** The status as shown: the number, the local API's reason when it refused (`403 · invalid key`), and whether the answer was cut off. */
export function activityStatus(entry: AuditEntry, texts: ActivityMessages): string {
  const reason = entry.errorCode === undefined ? '' : ` · ${texts.errorCodes[entry.errorCode]}`;
  const counted = entry.count === undefined || entry.count === 1 ? '' : ` (${texts.refusalCount(entry.count)})`;
  return entry.complete ? `${entry.status}${reason}${counted}` : `${entry.status}${reason}${counted} (${texts.cutOff})`;
}

import type { Language } from '../i18n/language';
import { MESSAGES } from '../i18n/messages';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Largest unit first; a unit is used once the distance reaches its threshold. */
const UNITS: readonly { unit: Intl.RelativeTimeFormatUnit; ms: number; from: number }[] = [
  { unit: 'year', ms: 365 * DAY, from: 365 * DAY },
  { unit: 'month', ms: 30 * DAY, from: 30 * DAY },
  { unit: 'week', ms: 7 * DAY, from: 14 * DAY },
  { unit: 'day', ms: DAY, from: DAY },
  { unit: 'hour', ms: HOUR, from: HOUR },
  { unit: 'minute', ms: MINUTE, from: MINUTE },
];

/** Locales for dates: Swedish as written in Sweden; English with day-month order (as in Sweden). */
const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
const absoluteFormats = new Map<Language, Intl.DateTimeFormat>();

function relativeFormat(language: Language): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  return format;
}

/**
 * `then` relative to `now` in words: "för 3 timmar sedan", "3 hours ago", "i går", "nyss".
 * Less than a minute either way is "nyss" / "just now" (clocks differ a little between main and
 * the page); Intl's own "nu" / "now" reads as the present moment, not as something just done.
 */
export function formatRelative(then: number, now: number, language: Language): string {
  const distance = then - now;
  const size = Math.abs(distance);
  const format = relativeFormat(language);
  if (size < MINUTE) return MESSAGES[language].justNow;
  const chosen = UNITS.find((candidate) => size >= candidate.from) ?? UNITS[UNITS.length - 1];
  if (!chosen) return MESSAGES[language].justNow;
  const count = Math.floor(size / chosen.ms);
  return format.format(distance < 0 ? -count : count, chosen.unit);
}

/** The exact date and time, for a tooltip and for screen readers: "29 nov. 2026 19:31". */
export function formatAbsolute(at: number, language: Language): string {
  let format = absoluteFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short' });
    absoluteFormats.set(language, format);
  }
  return format.format(at);
}

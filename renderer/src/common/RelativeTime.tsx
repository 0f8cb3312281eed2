import { formatAbsolute, formatRelative } from './relative-time';
import type { Language } from '../i18n/language';

interface RelativeTimeProps {
  at: number;
  now: number;
  language: Language;
}

/**
 * "för 3 timmar sedan", with the exact time as a tooltip and, for screen readers (which do not
 * read tooltips reliably), as visually hidden text.
 */
export function RelativeTime({ at, now, language }: RelativeTimeProps) {
  const absolute = formatAbsolute(at, language);
  return (
    <time dateTime={new Date(at).toISOString()} title={absolute}>
      {formatRelative(at, now, language)}
      <span className="visually-hidden"> ({absolute})</span>
    </time>
  );
}

import type { KnownSecrets } from './known-secrets';

/** Plain, non-secret values that may accompany a log line. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The app's logger. Call sites pass ids and counts, never tokens, codes, states or secrets. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One formatted log record. */
export interface LogRecord {
  level: 'info' | 'warn' | 'error';
  time: string;
  message: string;
  fields: LogFields;
}

/** Field names whose values are never written, whatever a call site passes. */
const SECRET_FIELD = /token|secret|password|authorization|cookie|verifier|^authcode$|^state$/i;

/** A field named `code` holds an OAuth authorization code unless its value is shaped like one of these. */
const CODE_FIELD = /^code$/i;

/**
 * Whether a `code` field's value is an error or status code, not an OAuth code: a number (an HTTP
 * status or Fortnox's numeric error code), an HTTP status as text, or an upper-case identifier such
 * as Node's `ENOENT` or `ERR_HTTP2_STREAM_ERROR`. OAuth codes are opaque mixed-case strings; one that
 * happens to be upper-case only is still masked by the known-secrets scrub, which sees every code.
 */
function isReadableCode(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && (/^[A-Z][A-Z0-9_]{1,40}$/.test(value) || /^[1-5]\d\d$/.test(value));
}

/**
 * Whether a field's value is never written: its name says it holds a secret (SECRET_FIELD), or it
 * is a `code` whose value is not a readable status or error code. The firm server's logger applies
 * the same rule at every depth of a log line.
 */
export function isSecretField(key: string, value: unknown): boolean {
  return SECRET_FIELD.test(key) || (CODE_FIELD.test(key) && !isReadableCode(value) && value !== undefined && value !== null);
}

/**
 * Masks anything in free text that looks like a credential: `code=`, `state=`, `token=`-style
 * query parameters, `Bearer`/`Basic` headers and JWTs. A safety net behind the rule that call
 * sites never pass secrets; it is tested with the values the simulator issues.
 */
export function redact(text: string): string {
  return text
    .replace(/([?&#]|\b)(code|state|access_token|refresh_token|client_secret|token|id_token|code_verifier)=([^&\s#"']+)/gi, '$1$2=[redacted]')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]');
}

/** Applies field-name and free-text redaction to one record's fields. */
export function redactFields(fields: LogFields, scrub: (text: string) => string = (text) => text): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = isSecretField(key, value) ? '[redacted]' : typeof value === 'string' ? redact(scrub(value)) : value;
  }
  return out;
}

/** A logger that redacts and hands each record to `sink` (console in the app, an array in tests). */
export function createLogger(
  sink: (record: LogRecord) => void,
  now: () => Date = () => new Date(),
  secrets?: KnownSecrets,
): Logger {
  const scrub = (text: string) => (secrets ? secrets.scrub(text) : text);
  const write = (level: LogRecord['level'], message: string, fields: LogFields = {}) =>
    sink({ level, time: now().toISOString(), message: redact(scrub(message)), fields: redactFields(fields, scrub) });
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** Formats a record as one line of text. */
export function formatLogRecord(record: LogRecord): string {
  const fields = Object.entries(record.fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  return `${record.time} ${record.level.toUpperCase()} ${record.message}${fields ? ` ${fields}` : ''}`;
}

import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { KnownSecrets } from '../../main/logging/known-secrets';
import { isSecretField } from '../../main/logging/logger';
import { redactText } from './safe-error';
import type { LogLevel } from '../config';

/**
 * The firm server's logger: pino (Fastify's own), one JSON object per line, under the desktop app's
 * redaction rules (main/logging/logger.ts) so the two cannot drift apart:
 * 1. pino's `redact` paths mask the usual places of credentials (headers, token fields) cheaply;
 * 2. a `streamWrite` hook sees every finished line, whatever wrote it (Fastify's request and error
 *    logs, child-logger bindings, serialised errors, interpolated messages), and passes every string
 *    through the app's `redact()` (and the known secrets, if given) and masks every field whose name
 *    says secret (`isSecretField`) at any depth.
 */

const CENSOR = '[redacted]';

/**
 * Where credentials sit in what the server logs. A leading `*.` matches one level only (pino 10,
 * firm-server.md section 3); the hook covers every depth, these are the fast first line.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["proxy-authorization"]',
  '*.headers["x-api-key"]',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.code',
  '*.code_verifier',
  '*.password',
];

/**
 * pino's censor: always masked, except a `code` that is a readable status or error code (an HTTP
 * status, Node's `ECONNREFUSED`), which the app keeps for diagnosis (logger.ts `isSecretField`).
 */
function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  return /^code$/i.test(key) && !isSecretField(key, value) ? value : CENSOR;
}

/** Any value that is not a readable code: asks whether a key could hold a secret, whatever its value. */
const UNKNOWN_VALUE = Symbol('unknown value');

/** Masks secret-named fields and passes every string through `clean`, at every depth. */
function cleanValue(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, clean));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[clean(key)] = isSecretField(key, inner) ? CENSOR : cleanValue(inner, clean);
    return out;
  }
  return value;
}

/** Every key of a JSON text without escapes (each `"…":`; with no `\` a value cannot contain a quote). */
const JSON_KEY = /"([^"]*)":/g;

/**
 * The `streamWrite` hook: the line as pino made it, with secrets masked; always valid JSON. A line
 * with no backslash (so each string appears in it as it is), on which `redact` changes nothing and
 * whose keys name no secret, is passed on as it is: most lines, without parsing them. Any other
 * line is parsed, cleaned field by field and serialised again.
 */
export function redactLogLine(line: string, secrets?: KnownSecrets): string {
  const clean = (text: string) => redactText(text, secrets);
  if (!line.includes('\\') && clean(line) === line) {
    let suspicious = false;
    for (const match of line.matchAll(JSON_KEY)) {
      if (isSecretField(match[1]!, UNKNOWN_VALUE)) {
        suspicious = true;
        break;
      }
    }
    if (!suspicious) return line;
  }
  const end = line.endsWith('\n') ? '\n' : '';
  try {
    return `${JSON.stringify(cleanValue(JSON.parse(line), clean))}${end}`;
  } catch {
    // pino writes JSON; should a line ever not be, it is kept as one masked string.
    return `${JSON.stringify({ level: 50, msg: 'A log line was not JSON; its masked text follows.', text: clean(line) })}${end}`;
  }
}

/** What the server's logger needs to know. */
export interface ServerLoggerSettings {
  level: LogLevel;
  /** Secret values the server holds (tokens, the client secret), masked wherever they appear. */
  secrets?: KnownSecrets;
}

/**
 * The pino options for Fastify's `logger` option (and for `createServerLogger`): JSON lines with
 * ISO times, the redact paths, and the hook that applies the app's rules to every line.
 */
export function serverLoggerOptions(settings: ServerLoggerSettings): LoggerOptions {
  return {
    level: settings.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor },
    hooks: { streamWrite: (line) => redactLogLine(line, settings.secrets) },
  };
}

/** A logger with the server's options, for what runs outside Fastify (start-up, background refresh). */
export function createServerLogger(settings: ServerLoggerSettings, destination?: DestinationStream): Logger {
  return destination ? pino(serverLoggerOptions(settings), destination) : pino(serverLoggerOptions(settings));
}

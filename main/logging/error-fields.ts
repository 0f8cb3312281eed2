import type { LogFields } from './logger';

/**
 * Log fields describing a thrown value: its name, message and the top of its stack, each bounded.
 * They still pass the logger's redaction and known-secrets scrub, so a message that quotes a URL
 * with a code or a token is masked like any other line.
 */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    const frames = (error.stack ?? '')
      .split('\n')
      .slice(1, 6)
      .map((line) => line.trim())
      .join(' | ');
    return { error: error.name.slice(0, 80), detail: error.message.slice(0, 300), stack: frames.slice(0, 600) };
  }
  return { error: typeof error, detail: String(error).slice(0, 300) };
}

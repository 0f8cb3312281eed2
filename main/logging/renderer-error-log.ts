import { cleanText } from '../../shared/untrusted-text';
import { RENDERER_ERROR_MESSAGE_MAX, RENDERER_ERROR_NAME_MAX, RENDERER_ERROR_STACK_MAX } from '../../shared/text-limits';
import type { RendererErrorReport } from '../../shared/ipc-contract';
import type { Logger } from './logger';

/** How many renderer errors are logged per window of time; the rest are counted, not written. */
export interface RendererErrorLimits {
  /** Reports logged in one window. */
  perWindow: number;
  /** The window's length in milliseconds. */
  windowMs: number;
}

const DEFAULT_LIMITS: RendererErrorLimits = { perWindow: 5, windowMs: 60_000 };

/**
 * Writes the renderer's crash reports (error boundary) into the redacting logger, so "Copy
 * diagnostics" carries them. Rate-limited per fixed window: a component that throws on every
 * render cannot flood the log; what is dropped is counted in one line when the next window opens.
 * Hand-written: a counter and a timestamp, smaller than any rate-limit library's setup.
 */
export function createRendererErrorLog(log: Logger, now: () => number, limits: RendererErrorLimits = DEFAULT_LIMITS) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let dropped = 0;
  return (report: RendererErrorReport): { logged: boolean } => {
    const time = now();
    if (time - windowStart >= limits.windowMs || time < windowStart) {
      if (dropped > 0) log.warn('renderer errors not logged (rate limit)', { dropped });
      windowStart = time;
      logged = 0;
      dropped = 0;
    }
    if (logged >= limits.perWindow) {
      dropped += 1;
      return { logged: false };
    }
    logged += 1;
    log.error('renderer error', {
      name: cleanText(report.name, RENDERER_ERROR_NAME_MAX) ?? 'Error',
      message: cleanText(report.message, RENDERER_ERROR_MESSAGE_MAX) ?? '',
      componentStack: cleanText(report.componentStack, RENDERER_ERROR_STACK_MAX) ?? '',
    });
    return { logged: true };
  };
}

import { errorFields } from '../logging/error-fields';
import type { Logger } from '../logging/logger';

/** Anything with Node's `on(event, listener)`: `process`, Electron's `app`, or a test's EventEmitter. */
export interface EventSource {
  // Node's own listener type: each listener below names the arguments its event carries.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * Sends uncaught exceptions and unhandled rejections to the redacting log. With a listener
 * installed, Electron no longer shows its own "A JavaScript error occurred" dialog (which could
 * show a message quoting a URL with a code or token) and the app keeps running, as Electron's
 * default does; a failing start or quit is handled by the startup and quit sequences.
 */
export function captureProcessErrors(processEvents: EventSource, log: Logger): void {
  processEvents.on('uncaughtException', (error: unknown) => log.error('uncaught exception in main', errorFields(error)));
  processEvents.on('unhandledRejection', (reason: unknown) => log.error('unhandled rejection in main', errorFields(reason)));
}

/** The parts of Electron's RenderProcessGoneDetails and child-process-gone details that are logged. */
interface GoneDetails {
  reason?: string;
  exitCode?: number;
  type?: string;
  serviceName?: string;
  name?: string;
}

/** Collaborators of the crash capture: how to name a webContents, and what to do for the app window. */
export interface CrashCaptureDeps {
  log: Logger;
  /**
   * A fixed label for a webContents ('app window', 'sign-in window', 'other'): never its URL, which
   * may carry a `state` or a `code`.
   */
  describe: (contents: unknown) => string;
  /** Called when the app window's renderer is gone (not a clean exit), to reload it. */
  onAppWindowGone: () => void;
}

/**
 * Logs Electron's `render-process-gone` (any webContents: the app window, the sign-in window, any
 * other) and `child-process-gone` (GPU, utility, …) with their reason and exit code only.
 */
export function captureProcessCrashes(appEvents: EventSource, deps: CrashCaptureDeps): void {
  appEvents.on('render-process-gone', (_event: unknown, contents: unknown, details: GoneDetails) => {
    const kind = deps.describe(contents);
    deps.log.error('a renderer process is gone', { window: kind, reason: details.reason, exitCode: details.exitCode });
    if (kind === 'app window' && details.reason !== 'clean-exit') deps.onAppWindowGone();
  });
  appEvents.on('child-process-gone', (_event: unknown, details: GoneDetails) => {
    deps.log.error('a child process is gone', {
      type: details.type,
      service: details.serviceName ?? details.name,
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });
}

/**
 * Allows at most `max` app-window reloads per `windowMs`, so a renderer that crashes on load is
 * not reloaded in a tight loop (it is left as it is, and the log says why).
 */
export function createReloadBudget(max: number, windowMs: number, now: () => number): () => boolean {
  const recent: number[] = [];
  return () => {
    const cutoff = now() - windowMs;
    while (recent.length > 0 && (recent[0] ?? 0) <= cutoff) recent.shift();
    if (recent.length >= max) return false;
    recent.push(now());
    return true;
  };
}

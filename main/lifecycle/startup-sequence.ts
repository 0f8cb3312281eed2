import { errorFields } from '../logging/error-fields';
import type { Logger } from '../logging/logger';
import { EXIT_CODES } from './exit-codes';
import {
  findForbiddenEnvironment,
  findForbiddenSwitches,
  switchRefusalMessage,
  type ForbiddenSwitch,
} from './forbidden-switches';

/** Everything the start of the main process touches, passed in so the order is tested under Node. */
export interface StartupDeps {
  /** `app.isPackaged`: only a packaged build refuses forbidden switches. */
  packaged: boolean;
  /** Development only: check the switches as a packaged build would (for the Electron e2e test). */
  enforceSwitchCheck: boolean;
  platform: NodeJS.Platform;
  argv: readonly string[];
  /** Electron's `app.commandLine.hasSwitch`. */
  hasSwitch: (name: string) => boolean;
  /** `process.env`, for the environment variables refused like switches. */
  env: Readonly<Record<string, string | undefined>>;
  /** `dialog.showErrorBox` (usable before `ready`; on Linux before `ready` it writes to stderr). */
  showError: (title: string, body: string) => void;
  /** `app.exit`. */
  exit: (code: number) => void;
  log: Logger;
  /** Routes uncaught exceptions and unhandled rejections to the log. */
  captureErrors: () => void;
  /** `crashReporter.start({ uploadToServer: false })`: must run before `ready`. */
  startCrashReporter: () => void;
  /** Work that must precede the crash reporter and the lock (the development data folder). */
  beforeLock: () => void;
  requestSingleInstanceLock: () => boolean;
  /** `app.quit`, for a second instance. */
  quit: () => void;
  /** Everything after the lock: waits for `ready`, builds the services, opens the window. */
  main: () => Promise<void>;
}

/** How a start went. */
export type StartupOutcome = { kind: 'refused'; switches: ForbiddenSwitch[] } | { kind: 'second-instance' } | { kind: 'started' };

/**
 * Starts the main process in a fixed order: forbidden switches first (a packaged build shows a
 * dialog in Swedish and English, logs, and exits with `EXIT_CODES.forbiddenSwitch` before touching
 * anything else), then the pre-lock work, error capture, the crash reporter and the
 * single-instance lock, then `main`. A failure of `main` is logged, shown and ends the process with
 * `EXIT_CODES.startupFailed`, so no windowless process is left holding the lock.
 */
export function startApp(deps: StartupDeps): StartupOutcome {
  if (deps.packaged || deps.enforceSwitchCheck) {
    const switches = [...findForbiddenSwitches(deps.argv, deps.hasSwitch, deps.platform), ...findForbiddenEnvironment(deps.env)];
    if (switches.length > 0) {
      deps.log.error('refused to start: forbidden command-line switches', {
        switches: switches.map((entry) => `${entry.name} (${entry.reason})`).join(', '),
      });
      const message = switchRefusalMessage(switches);
      try {
        deps.showError(message.title, message.body);
      } catch (error) {
        deps.log.warn('the refusal dialog could not be shown', errorFields(error));
      }
      deps.exit(EXIT_CODES.forbiddenSwitch);
      return { kind: 'refused', switches };
    }
  }
  // The development data folder first: crash dumps and logs live under it.
  deps.beforeLock();
  deps.captureErrors();
  try {
    deps.startCrashReporter();
  } catch (error) {
    deps.log.warn('the crash reporter did not start', errorFields(error));
  }
  if (!deps.requestSingleInstanceLock()) {
    // A second launch: the first instance focuses its window (see 'second-instance'); this one leaves.
    deps.quit();
    return { kind: 'second-instance' };
  }
  void Promise.resolve()
    .then(deps.main)
    .catch((error: unknown) => failStartup(error, deps));
  return { kind: 'started' };
}

/** The message shown when the app could not start: Swedish first, then English. */
export const STARTUP_FAILED_MESSAGE = {
  title: 'Fortnox Connector kunde inte starta / could not start',
  body: [
    'Ett oväntat fel hindrade Fortnox Connector från att starta. Försök igen; om felet kvarstår, skicka loggfilen (main.log) till supporten.',
    '',
    'An unexpected error kept Fortnox Connector from starting. Try again; if it happens again, send the log file (main.log) to support.',
  ].join('\n'),
};

function failStartup(error: unknown, deps: StartupDeps): void {
  try {
    deps.log.error('the app could not start', errorFields(error));
    deps.showError(STARTUP_FAILED_MESSAGE.title, STARTUP_FAILED_MESSAGE.body);
  } catch {
    // Nothing more to report with; exit regardless.
  } finally {
    deps.exit(EXIT_CODES.startupFailed);
  }
}

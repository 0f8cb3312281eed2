import type { Timers } from '../connect/connect-flow';
import { errorFields } from '../logging/error-fields';
import type { Logger } from '../logging/logger';
import { EXIT_CODES } from './exit-codes';
import { settleWithin } from './settle-within';

/** One thing to do before the app exits, with the longest it may take. */
export interface QuitStep {
  name: string;
  run: () => unknown;
  /** Defaults to the sequence's `stepTimeoutMs`. */
  timeoutMs?: number;
}

/** Collaborators of the quit sequence. */
export interface QuitDeps {
  timers: Timers;
  log: Logger;
  /** The longest any step may take unless it says otherwise (a few seconds). */
  stepTimeoutMs: number;
}

/**
 * Runs the quit steps in order, each bounded by its time-out; a step that throws, rejects or
 * overruns is logged and the next one runs anyway. Resolves to the exit code (never rejects).
 */
export async function runQuitSequence(steps: readonly QuitStep[], deps: QuitDeps): Promise<number> {
  let code: number = EXIT_CODES.ok;
  for (const step of steps) {
    const timeoutMs = step.timeoutMs ?? deps.stepTimeoutMs;
    const outcome = await settleWithin(Promise.resolve().then(step.run), timeoutMs, deps.timers);
    if (outcome.status === 'rejected') {
      code = EXIT_CODES.quitFailed;
      deps.log.error('a quit step failed', { step: step.name, ...errorFields(outcome.error) });
    } else if (outcome.status === 'timed-out') {
      deps.log.warn('a quit step took too long and was left behind', { step: step.name, timeoutMs });
    }
  }
  return code;
}

/** What the before-quit handler drives: Electron's `app.quit` and `app.exit`. */
export interface QuitControls {
  quit(): void;
  exit(code: number): void;
}

/**
 * Builds the `before-quit` listener: the first quit is held back (`preventDefault`) while the steps
 * run, then the app quits for real (or exits with a non-zero code when a step failed); a quit that
 * arrives meanwhile, or the final one, passes through. `steps` is read when quitting starts.
 */
export function createQuitHandler(
  steps: () => readonly QuitStep[],
  deps: QuitDeps & QuitControls,
): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'stopping' | 'done' = 'running';
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void Promise.resolve()
      .then(() => runQuitSequence(steps(), deps))
      .catch((error: unknown) => {
        deps.log.error('the quit sequence failed', errorFields(error));
        return EXIT_CODES.quitFailed;
      })
      .then((code) => {
        state = 'done';
        try {
          if (code === EXIT_CODES.ok) deps.quit();
          else deps.exit(code);
        } catch (error) {
          deps.log.error('quitting failed', errorFields(error));
          deps.exit(EXIT_CODES.quitFailed);
        }
      });
  };
}

import type { Timers } from '../connect/connect-flow';

/** How a bounded wait ended. */
export type BoundedOutcome<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; error: unknown }
  | { status: 'timed-out' };

/**
 * Waits for `promise` at most `ms` (on the injected timers), never rejecting: the quit path uses it
 * so that no refresh sleeping in a 60-second backoff, or a hung call, can keep a windowless app
 * (holding the single-instance lock) alive. The timer is cleared as soon as the promise settles.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<BoundedOutcome<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: BoundedOutcome<T>) => {
      if (done) return;
      done = true;
      timers.clear(handle);
      resolve(outcome);
    };
    const handle = timers.set(() => finish({ status: 'timed-out' }), ms);
    promise.then(
      (value) => finish({ status: 'fulfilled', value }),
      (error: unknown) => finish({ status: 'rejected', error }),
    );
  });
}

import type { UpdaterPort } from '../../../../main/updates/update-service';

type UpdaterEvent = 'checking-for-update' | 'update-not-available' | 'error' | 'update-available' | 'update-downloaded';

/**
 * An EventEmitter-like stand-in for electron-updater's `autoUpdater`: the test emits its events
 * and decides how each `checkForUpdates` call ends.
 */
export class FakeUpdater implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  /** Every check, in order; each can be settled by the test. */
  readonly checks: Array<{ promise: Promise<unknown>; resolve: () => void; reject: (error: Error) => void }> = [];
  /** What the next checks do: stay pending (default), resolve or reject at once. */
  nextCheck: 'pending' | 'resolve' | 'reject' = 'pending';
  private readonly listeners = new Map<UpdaterEvent, Array<(info: { version: string }) => void>>();

  checkForUpdates(): Promise<unknown> {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = () => res(undefined);
      reject = rej;
    });
    this.checks.push({ promise, resolve, reject });
    if (this.nextCheck === 'resolve') resolve();
    if (this.nextCheck === 'reject') reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    return promise;
  }

  on(event: 'checking-for-update' | 'update-not-available' | 'error', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: UpdaterEvent, listener: (info: { version: string }) => void): unknown {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Emits an event to every listener, as electron-updater would. */
  emit(event: UpdaterEvent, info: { version: string } = { version: '' }): void {
    for (const listener of this.listeners.get(event) ?? []) listener(info);
  }

  /** How many listeners are registered for `event`. */
  listenerCount(event: UpdaterEvent): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Waits until every check so far has settled and its outcome has been handled by its caller. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.checks.map((check) => check.promise));
  }
}

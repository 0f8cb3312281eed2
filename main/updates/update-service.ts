import type { UpdateStatus } from '../../shared/ipc-contract';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';

/** The part of electron-updater's `autoUpdater` the app uses. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  on(event: 'checking-for-update' | 'update-not-available' | 'error', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

/** When to look for updates. */
export interface UpdateSchedule {
  /** Shortly after start, so start-up is not slowed. */
  firstCheckMs: number;
  /** Then once a day. */
  intervalMs: number;
}

/** One minute after start, then every 24 hours. */
export const DEFAULT_UPDATE_SCHEDULE: UpdateSchedule = { firstCheckMs: 60_000, intervalMs: 24 * 60 * 60 * 1000 };

/**
 * Checks for updates on a schedule and reports progress. Updates download in the background and
 * install when the user quits (the renderer tells them so). Without an updater (development, or a
 * build without a publish target) the service reports `disabled` and never checks.
 */
export class UpdateService {
  private state: UpdateStatus;
  private timer: unknown;

  constructor(
    private readonly deps: {
      updater: UpdaterPort | undefined;
      timers: Timers;
      now: () => number;
      log: Logger;
      publish: (status: UpdateStatus) => void;
      schedule?: UpdateSchedule;
    },
  ) {
    this.state = { state: deps.updater ? 'idle' : 'disabled', version: null, checkedAt: null };
    const updater = deps.updater;
    if (!updater) return;
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => this.set({ state: 'checking' }));
    updater.on('update-not-available', () => this.set({ state: 'idle', checkedAt: this.deps.now() }));
    updater.on('update-available', (info) => this.set({ state: 'available', version: info.version.slice(0, 40) }));
    updater.on('update-downloaded', (info) => this.set({ state: 'downloaded', version: info.version.slice(0, 40) }));
    updater.on('error', () => this.set({ state: 'error', checkedAt: this.deps.now() }));
  }

  /** The current status. */
  status(): UpdateStatus {
    return this.state;
  }

  /** Starts the schedule (no-op when disabled). */
  start(): void {
    if (!this.deps.updater || this.timer !== undefined) return;
    const schedule = this.deps.schedule ?? DEFAULT_UPDATE_SCHEDULE;
    const run = (delay: number) => {
      this.timer = this.deps.timers.set(() => {
        void this.check();
        run(schedule.intervalMs);
      }, delay);
    };
    run(schedule.firstCheckMs);
  }

  /** Stops the schedule. */
  stop(): void {
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    // A downloaded update waits for the quit; checking again would only download it twice.
    if (!this.deps.updater || this.state.state === 'downloaded') return;
    try {
      await this.deps.updater.checkForUpdates();
    } catch {
      this.deps.log.warn('update check failed');
      this.set({ state: 'error', checkedAt: this.deps.now() });
    }
  }

  private set(change: Partial<UpdateStatus>): void {
    this.state = { ...this.state, ...change };
    this.deps.publish(this.state);
  }
}

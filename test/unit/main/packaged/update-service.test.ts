import { describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_SCHEDULE, UpdateService } from '../../../../main/updates/update-service';
import { updateStatusSchema, type UpdateStatus } from '../../../../shared/ipc-contract';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { FakeUpdater } from './fake-updater';

const SCHEDULE = { firstCheckMs: 60_000, intervalMs: 3_600_000 };

/** An update service on a manual clock; `withoutUpdater` builds it as in development (no updater). */
function setup(options: { withoutUpdater?: boolean; schedule?: typeof SCHEDULE | null } = {}) {
  const clock = new FakeClock();
  const fake = new FakeUpdater();
  const published: UpdateStatus[] = [];
  const { log, text } = recordingLogger();
  const service = new UpdateService({
    updater: options.withoutUpdater ? undefined : fake,
    timers: clock.timers,
    now: clock.now,
    log,
    publish: (status) => published.push(status),
    ...(options.schedule === null ? {} : { schedule: options.schedule ?? SCHEDULE }),
  });
  return { clock, updater: fake, published, service, logText: text };
}

describe('update service without an updater', () => {
  it('reports disabled and schedules nothing when started', () => {
    const { clock, service, published } = setup({ withoutUpdater: true });
    expect(service.status()).toEqual({ state: 'disabled', version: null, checkedAt: null });
    expect(updateStatusSchema.safeParse(service.status()).success).toBe(true);
    service.start();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(SCHEDULE.firstCheckMs + SCHEDULE.intervalMs * 3);
    expect(service.status().state).toBe('disabled');
    expect(published).toEqual([]);
  });

  it('can be stopped without having started', () => {
    const { service, clock } = setup({ withoutUpdater: true });
    expect(() => service.stop()).not.toThrow();
    expect(clock.cleared).toEqual([]);
  });
});

describe('update service with an updater', () => {
  it('downloads in the background and installs on quit', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('starts idle, never having checked', () => {
    const { service } = setup();
    expect(service.status()).toEqual({ state: 'idle', version: null, checkedAt: null });
  });

  it('does not check before start() is called', () => {
    const { clock, updater } = setup();
    clock.advance(SCHEDULE.firstCheckMs * 10);
    expect(updater.checks).toHaveLength(0);
  });

  it('checks first after firstCheckMs, not before', () => {
    const { clock, updater, service } = setup();
    service.start();
    clock.advance(SCHEDULE.firstCheckMs - 1);
    expect(updater.checks).toHaveLength(0);
    clock.advance(1);
    expect(updater.checks).toHaveLength(1);
  });

  it('then checks once every intervalMs', () => {
    const { clock, updater, service } = setup();
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    clock.advance(SCHEDULE.intervalMs - 1);
    expect(updater.checks).toHaveLength(1);
    clock.advance(1);
    expect(updater.checks).toHaveLength(2);
    clock.advance(SCHEDULE.intervalMs * 3);
    expect(updater.checks).toHaveLength(5);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('uses one minute, then once a day, when no schedule is given', () => {
    const { clock, updater, service } = setup({ schedule: null });
    expect(DEFAULT_UPDATE_SCHEDULE).toEqual({ firstCheckMs: 60_000, intervalMs: 86_400_000 });
    service.start();
    clock.advance(59_999);
    expect(updater.checks).toHaveLength(0);
    clock.advance(1);
    expect(updater.checks).toHaveLength(1);
    clock.advance(86_400_000);
    expect(updater.checks).toHaveLength(2);
  });

  it('maps the updater events to states: checking, available, downloaded', () => {
    const { updater, service, published } = setup();
    updater.emit('checking-for-update');
    expect(service.status()).toEqual({ state: 'checking', version: null, checkedAt: null });
    updater.emit('update-available', { version: '1.5.0' });
    expect(service.status()).toEqual({ state: 'available', version: '1.5.0', checkedAt: null });
    updater.emit('update-downloaded', { version: '1.5.0' });
    expect(service.status()).toEqual({ state: 'downloaded', version: '1.5.0', checkedAt: null });
    expect(published.map((status) => status.state)).toEqual(['checking', 'available', 'downloaded']);
  });

  it('maps update-not-available to idle with the time of the check', () => {
    const { clock, updater, service } = setup();
    clock.advance(5_000);
    updater.emit('checking-for-update');
    updater.emit('update-not-available');
    expect(service.status()).toEqual({ state: 'idle', version: null, checkedAt: clock.now() });
  });

  it('maps an error event to error with the time it happened', () => {
    const { clock, updater, service } = setup();
    clock.advance(7_000);
    updater.emit('error');
    expect(service.status()).toEqual({ state: 'error', version: null, checkedAt: clock.now() });
  });

  it('reports error when checkForUpdates rejects, and logs only that the check failed', async () => {
    const { clock, updater, service, published, logText } = setup();
    updater.nextCheck = 'reject';
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    await updater.settled();
    expect(service.status()).toEqual({ state: 'error', version: null, checkedAt: clock.now() });
    expect(published.at(-1)?.state).toBe('error');
    expect(logText()).toContain('update check failed');
    expect(logText()).not.toContain('ERR_INTERNET_DISCONNECTED');
  });

  it('keeps checking on schedule after a failed check', async () => {
    const { clock, updater, service } = setup();
    updater.nextCheck = 'reject';
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    await updater.settled();
    updater.nextCheck = 'resolve';
    clock.advance(SCHEDULE.intervalMs);
    expect(updater.checks).toHaveLength(2);
    updater.emit('update-not-available');
    expect(service.status().state).toBe('idle');
  });

  it('does not publish a state of its own when a check resolves', async () => {
    const { clock, updater, service, published } = setup();
    updater.nextCheck = 'resolve';
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    await updater.settled();
    expect(published).toEqual([]);
  });

  it('checks no more once an update is downloaded, which waits for the quit', () => {
    const { clock, updater, service } = setup();
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    expect(updater.checks).toHaveLength(1);
    updater.emit('update-downloaded', { version: '2.0.0' });
    clock.advance(SCHEDULE.intervalMs * 5);
    expect(updater.checks).toHaveLength(1);
    expect(service.status()).toMatchObject({ state: 'downloaded', version: '2.0.0' });
  });

  it('stop() ends the schedule', () => {
    const { clock, updater, service } = setup();
    service.start();
    clock.advance(SCHEDULE.firstCheckMs);
    service.stop();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(SCHEDULE.intervalMs * 5);
    expect(updater.checks).toHaveLength(1);
  });

  it('stop() before the first check means no check at all', () => {
    const { clock, updater, service } = setup();
    service.start();
    service.stop();
    clock.advance(SCHEDULE.firstCheckMs + SCHEDULE.intervalMs);
    expect(updater.checks).toHaveLength(0);
  });

  it('publishes only statuses that match the IPC contract, cutting a long version to 40 characters', async () => {
    const { clock, updater, service, published } = setup();
    updater.nextCheck = 'reject';
    service.start();
    updater.emit('checking-for-update');
    updater.emit('update-not-available');
    updater.emit('update-available', { version: `1.0.0-${'beta.'.repeat(20)}` });
    updater.emit('error');
    clock.advance(SCHEDULE.firstCheckMs);
    await updater.settled();
    updater.emit('update-downloaded', { version: '9'.repeat(100) });
    expect(published.length).toBeGreaterThanOrEqual(6);
    for (const status of [...published, service.status()]) {
      const parsed = updateStatusSchema.safeParse(status);
      expect(parsed.success, JSON.stringify(status)).toBe(true);
    }
    expect(service.status().version).toBe('9'.repeat(40));
  });
});

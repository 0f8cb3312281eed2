import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { alertStateFile } from '../../../../main/background/alert-state-file';
import { AlertsService, START_GRACE_MS, type AlertPresenter } from '../../../../main/background/alerts-service';
import type { PlannedNotification } from '../../../../main/background/notification-policy';
import type { CompanySummary } from '../../../../shared/ipc-contract';
import type { Language } from '../../../../shared/ui-language';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { useTempDirs } from '../storage/temp-dir';
import { DAY, summary } from './company-summaries';

const tempDir = useTempDirs();
const runs: AlertsService[] = [];
// Registered after the temporary folders, so it runs before they go (hooks run as a stack).
afterEach(async () => {
  await Promise.all(runs.splice(0).map((alerts) => alerts.settle()));
});

class RecordingPresenter implements AlertPresenter {
  readonly shown: { notification: PlannedNotification; click: () => void }[] = [];
  readonly counts: { count: number; language: Language }[] = [];
  notify(notification: PlannedNotification, onClick: () => void): void {
    this.shown.push({ notification, click: onClick });
  }
  showCount(count: number, language: Language): void {
    this.counts.push({ count, language });
  }
  titles(): string[] {
    return this.shown.map((entry) => entry.notification.text.title);
  }
}

/** One run of the app: the service over a data folder, a clock and a list of companies. */
async function run(dir: string, clock: FakeClock, companies: () => CompanySummary[], systemLanguages = ['sv-SE']) {
  const presenter = new RecordingPresenter();
  const opened: string[][] = [];
  const { log } = recordingLogger();
  const alerts = new AlertsService({
    companies,
    now: clock.now,
    timers: clock.timers,
    log,
    store: alertStateFile({ filePath: path.join(dir, 'alerts.json'), now: () => new Date(clock.now()), log }),
    presenter,
    openCompanies: (tenantIds) => opened.push(tenantIds),
    systemLanguages: () => systemLanguages,
  });
  await alerts.start();
  runs.push(alerts);
  return { alerts, presenter, opened };
}

describe('alerts while the app runs', () => {
  it('shows one grouped notification at start and opens the list filtered to those companies on click', async () => {
    const clock = new FakeClock();
    const now = clock.now();
    const companies = ['1', '2', '3'].map((id) => summary(id, { status: 'needs_reconnect', refreshTokenExpiresAt: now - DAY }));
    const { presenter, opened } = await run(await tempDir(), clock, () => companies);
    expect(presenter.titles()).toEqual(['3 företag behöver anslutas igen']);
    expect(presenter.counts.at(-1)).toEqual({ count: 3, language: 'sv' });
    presenter.shown[0]?.click();
    expect(opened).toEqual([['1', '2', '3']]);
  });

  it('does not repeat the notification after a restart, but shows it again when the company failed anew', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    let companies = [summary('1', { status: 'needs_reconnect', refreshTokenExpiresAt: clock.now() + 40 * DAY })];
    const first = await run(dir, clock, () => companies);
    await first.alerts.settle();
    first.alerts.stop();
    expect(first.presenter.shown).toHaveLength(1);

    const second = await run(dir, clock, () => companies);
    expect(second.presenter.shown).toHaveLength(0);
    expect(second.presenter.counts.at(-1)?.count).toBe(1);

    // Reconnected (new deadline), then failed again.
    companies = [summary('1', { refreshTokenExpiresAt: clock.now() + 45 * DAY })];
    second.alerts.companiesChanged();
    clock.advance(1_000);
    expect(second.presenter.counts.at(-1)?.count).toBe(0);
    companies = [summary('1', { status: 'needs_reconnect', refreshTokenExpiresAt: clock.now() + 45 * DAY })];
    second.alerts.companiesChanged();
    clock.advance(1_000);
    expect(second.presenter.titles()).toEqual(['Bolag 1 AB behöver anslutas igen']);
  });

  it('warns 7 days before a refresh token expires, once the start grace has let the background refresh try', async () => {
    const clock = new FakeClock();
    const deadline = clock.now() + 7 * DAY + 60 * 60 * 1000;
    const companies = [summary('1', { refreshTokenExpiresAt: deadline })];
    const { presenter } = await run(await tempDir(), clock, () => companies, ['en-GB']);
    expect(presenter.shown).toHaveLength(0);
    clock.advance(60 * 60 * 1000 - 1);
    expect(presenter.shown).toHaveLength(0);
    clock.advance(1);
    expect(presenter.titles()).toEqual([expect.stringMatching(/^The connection to Bolag 1 AB expires on /) as string]);
    clock.advance(3 * DAY);
    expect(presenter.shown).toHaveLength(1);
  });

  it('does not warn at start about a token the background refresh renews within the grace', async () => {
    const clock = new FakeClock();
    let companies = [summary('1', { refreshTokenExpiresAt: clock.now() + 2 * DAY })];
    const { alerts, presenter } = await run(await tempDir(), clock, () => companies);
    expect(presenter.counts.at(-1)?.count).toBe(1);
    clock.advance(5_000);
    companies = [summary('1', { refreshTokenExpiresAt: clock.now() + 45 * DAY })];
    alerts.companiesChanged();
    clock.advance(START_GRACE_MS);
    expect(presenter.shown).toHaveLength(0);
    expect(presenter.counts.at(-1)?.count).toBe(0);
  });

  it('warns after the start grace when the refresh could not renew the token', async () => {
    const clock = new FakeClock();
    const companies = [summary('1', { status: 'error', statusIssue: 'network', refreshTokenExpiresAt: clock.now() + 2 * DAY })];
    const { presenter } = await run(await tempDir(), clock, () => companies);
    clock.advance(START_GRACE_MS - 1);
    expect(presenter.shown).toHaveLength(0);
    clock.advance(1);
    expect(presenter.shown.map((entry) => entry.notification.kind)).toEqual(['expiring']);
  });

  it('looks once at a burst of changes', async () => {
    const clock = new FakeClock();
    let companies: CompanySummary[] = [];
    const { alerts, presenter } = await run(await tempDir(), clock, () => companies);
    const before = presenter.counts.length;
    companies = [summary('1', { status: 'needs_reconnect' })];
    for (let i = 0; i < 50; i += 1) alerts.companiesChanged();
    clock.advance(1_000);
    expect(presenter.counts.length - before).toBe(1);
    expect(presenter.shown).toHaveLength(1);
    await alerts.settle();
  });

  it('follows the window language and remembers it for the next start', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const companies = [summary('1', { status: 'needs_reconnect' })];
    const first = await run(dir, clock, () => companies, ['sv-SE']);
    first.alerts.setLanguage('en');
    expect(first.presenter.counts.at(-1)).toEqual({ count: 1, language: 'en' });
    await first.alerts.settle();
    first.alerts.stop();
    const stored = JSON.parse(await readFile(path.join(dir, 'alerts.json'), 'utf8')) as { language: string; notified: string[] };
    expect(stored.language).toBe('en');
    expect(stored.notified).toHaveLength(1);
    const second = await run(dir, clock, () => [summary('2', { status: 'needs_reconnect' })], ['sv-SE']);
    expect(second.presenter.titles()).toEqual(['Bolag 2 AB needs reconnecting']);
  });

  it('starts afresh from an unreadable state file instead of failing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'alerts.json'), '{ not json');
    const clock = new FakeClock();
    const { presenter } = await run(dir, clock, () => [summary('1', { status: 'needs_reconnect' })]);
    expect(presenter.shown).toHaveLength(1);
  });

  it('stops every timer on stop', async () => {
    const clock = new FakeClock();
    const { alerts } = await run(await tempDir(), clock, () => [summary('1', {}, 30)]);
    alerts.companiesChanged();
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    alerts.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});

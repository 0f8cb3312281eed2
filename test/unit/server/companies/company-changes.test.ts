import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceTokenChanges, companyChangeFeed, DEFAULT_COALESCE_MS } from '../../../../server/companies/company-changes';
import type { Database } from '../../../../server/db/database';
import { firmCompanySummaries } from '../../../../server/companies/firm-companies';
import { FakeClock } from '../../main/fake-timers';
import { recordingLogger } from '../../main/recording-logger';
import { openMigratedPglite } from '../auth/migrated-databases';

const ticks = async (count = 20) => {
  for (let at = 0; at < count; at += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('the company change feed: coalesced announcements (successful refreshes)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigratedPglite();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  function feed() {
    const clock = new FakeClock();
    const changes = companyChangeFeed(db, { log: recordingLogger().log, timers: clock.timers });
    let told = 0;
    changes.subscribe(() => (told += 1));
    return { clock, changes, told: () => told };
  }

  it('announces the first at once, then at most one per window for however many came in it, the last never dropped', async () => {
    const { clock, changes, told } = feed();
    const version = () => firmCompanySummaries(db).version();
    const before = await version();
    changes.announceSoon();
    await ticks();
    expect(told()).toBe(1);
    expect(await version()).toBeGreaterThan(before);
    for (let at = 0; at < 50; at += 1) changes.announceSoon();
    clock.advance(DEFAULT_COALESCE_MS - 1);
    await ticks();
    expect(told()).toBe(1);
    const held = await version();
    clock.advance(1);
    await ticks();
    expect(told()).toBe(2);
    expect(await version()).toBeGreaterThan(held);
    // Nothing more came: the next window passes quietly, and the one after starts at once again.
    clock.advance(DEFAULT_COALESCE_MS);
    await ticks();
    expect(told()).toBe(2);
    changes.announceSoon();
    await ticks();
    expect(told()).toBe(3);
    await changes.close();
  });

  it('still announces one held at close, and no timer is left behind', async () => {
    const { clock, changes, told } = feed();
    changes.announceSoon();
    changes.announceSoon();
    await ticks();
    expect(told()).toBe(1);
    const before = await firmCompanySummaries(db).version();
    await changes.close();
    // The subscribers are gone at close; the held change still took a version (and a NOTIFY on PostgreSQL).
    expect(await firmCompanySummaries(db).version()).toBeGreaterThan(before);
    clock.advance(DEFAULT_COALESCE_MS * 2);
    await ticks();
    expect(await firmCompanySummaries(db).version()).toBe(before + 1);
  });

  it('a minute of refreshes from thousands of companies is one announcement by default; a failed refresh in that minute still goes at once', async () => {
    expect(DEFAULT_COALESCE_MS).toBe(60_000);
    const { clock, changes, told } = feed();
    const metrics = announceTokenChanges({}, changes);
    metrics.refreshed?.('background', 10);
    await ticks();
    expect(told()).toBe(1);
    // 500 more refreshes spread over the window: none is announced before it ends.
    for (let at = 0; at < 500; at += 1) {
      metrics.refreshed?.(at % 2 === 0 ? 'background' : 'request', 10);
      clock.advance(100);
    }
    await ticks();
    expect(told()).toBe(1);
    // A failure is a status the desktops must see now.
    metrics.refreshFailed?.('background', 'server_error');
    await ticks();
    expect(told()).toBe(2);
    clock.advance(DEFAULT_COALESCE_MS - 500 * 100);
    await ticks();
    expect(told()).toBe(3);
    await changes.close();
  });

  it('takes its window from the server\'s configuration (REFRESH_ANNOUNCE_SECONDS)', async () => {
    const clock = new FakeClock();
    const changes = companyChangeFeed(db, { log: recordingLogger().log, timers: clock.timers, coalesceMs: 5_000 });
    let told = 0;
    changes.subscribe(() => (told += 1));
    changes.announceSoon();
    changes.announceSoon();
    await ticks();
    expect(told).toBe(1);
    clock.advance(5_000);
    await ticks();
    expect(told).toBe(2);
    await changes.close();
  });

  it('announces a successful refresh through the window, and failures at once (the token service hooks)', async () => {
    const { clock, changes, told } = feed();
    const seen: string[] = [];
    const metrics = announceTokenChanges({ refreshed: (source) => seen.push(`refreshed:${source}`), refreshFailed: (source, issue) => seen.push(`failed:${source}:${issue}`) }, changes);
    metrics.refreshed?.('background', 10);
    metrics.refreshed?.('request', 10);
    await ticks();
    expect(told()).toBe(1);
    metrics.refreshFailed?.('request', 'server_error');
    await ticks();
    expect(told()).toBe(2);
    clock.advance(DEFAULT_COALESCE_MS);
    await ticks();
    expect(told()).toBe(3);
    expect(seen).toEqual(['refreshed:background', 'refreshed:request', 'failed:request:server_error']);
    await changes.close();
  });
});

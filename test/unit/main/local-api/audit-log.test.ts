import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { auditLine } from '../../../../main/local-api/audit-line';
import { AuditLog, type AuditLogDeps } from '../../../../main/local-api/audit-log';
import { auditEntryOf, type AuditContext, type AuditEnd } from '../../../../main/local-api/audit-recording';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { listDir, useTempDirs } from '../storage/temp-dir';
import { tokenContext } from './audit-fixtures';

const DAY = 24 * 60 * 60 * 1000;
/** 2026-03-10 12:00 UTC. */
const NOON = Date.UTC(2026, 2, 10, 12, 0, 0);

function entry(at: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at,
    kind: 'proxy',
    keyId: 'key_00000000000000aa',
    keyName: 'Power BI',
    tenantId: '101',
    method: 'GET',
    path: '/3/invoices',
    status: 200,
    durationMs: 12,
    bytesIn: 0,
    bytesOut: 2048,
    complete: true,
    ...overrides,
  };
}

describe('audit log store', () => {
  const tempDir = useTempDirs();

  async function open(overrides: Partial<AuditLogDeps> = {}, clock = new FakeClock(NOON)) {
    const dir = overrides.dir ?? path.join(await tempDir(), 'audit');
    const logger = recordingLogger();
    const log = new AuditLog({ dir, now: clock.now, timers: clock.timers, log: logger.log, ...overrides });
    await log.start();
    return { log, dir, clock, logger };
  }

  it('appends entries to the day file (UTC) and reads them back newest first', async () => {
    const { log, dir } = await open();
    log.record(entry(NOON, { path: '/3/customers' }));
    log.record(entry(NOON + 1000, { path: '/3/invoices' }));
    log.record(entry(NOON + DAY, { path: '/3/archive/f00d' }));

    const page = await log.query({}, 10);

    expect(await listDir(dir)).toEqual(['audit-2026-03-10.jsonl', 'audit-2026-03-11.jsonl']);
    expect(page.entries.map((each) => each.path)).toEqual(['/3/archive/f00d', '/3/invoices', '/3/customers']);
    expect(page).toMatchObject({ nextCursor: null, damaged: 0 });
    const text = await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(JSON.parse(text.split('\n')[0] ?? '')).toEqual(entry(NOON, { path: '/3/customers' }));
  });

  it('reads lines written before error codes and company names were recorded, and stores entries with them', async () => {
    const { log, dir } = await open();
    const older = entry(NOON, { status: 403 });
    await appendFile(path.join(dir, 'audit-2026-03-10.jsonl'), `${JSON.stringify(older)}\n`);
    log.record(entry(NOON + 1, { status: 429, errorCode: 'rate_limited', companyName: 'Café Söder AB' }));

    const page = await log.query({}, 10);

    expect(page.damaged).toBe(0);
    expect(page.entries).toEqual([entry(NOON + 1, { status: 429, errorCode: 'rate_limited', companyName: 'Café Söder AB' }), older]);
  });

  it('refuses an error code the local API does not have, and a company name that is not one line of text', async () => {
    const { log } = await open();
    log.record(entry(NOON, { errorCode: 'token=abc' as never }));
    log.record(entry(NOON, { companyName: 'Café\nSöder' }));

    expect((await log.query({}, 10)).entries).toEqual([]);
    expect(log.stats().dropped).toBe(2);
  });

  it('lists the companies it has entries for, disconnected ones too, with the latest name recorded, and forgets them with their files', async () => {
    const { log, clock } = await open();
    log.record(entry(NOON - 100 * DAY, { tenantId: '909', companyName: 'Utgånget AB' }));
    log.record(entry(NOON, { tenantId: '303', companyName: 'Gamla Namnet AB' }));
    log.record(entry(NOON + 1, { tenantId: '303', companyName: 'Nya Namnet AB' }));
    log.record(entry(NOON + 2, { tenantId: '101' }));
    log.record(entry(NOON + DAY, { tenantId: null, keyId: null }));

    expect(await log.companies()).toEqual([
      { tenantId: '101', name: null },
      { tenantId: '303', name: 'Nya Namnet AB' },
      { tenantId: '909', name: 'Utgånget AB' },
    ]);
    log.record(entry(NOON + DAY + 1, { tenantId: '101', companyName: 'Café Söder AB' }));
    clock.advance(DAY);
    await log.prune();
    expect(await log.companies()).toEqual([
      { tenantId: '101', name: 'Café Söder AB' },
      { tenantId: '303', name: 'Nya Namnet AB' },
    ]);
  });

  it('does not write while a request records, but gathers entries and appends them once after the flush delay', async () => {
    const { log, dir, clock } = await open({ flushDelayMs: 500 });
    log.record(entry(NOON));
    log.record(entry(NOON + 1));

    expect(await listDir(dir)).toEqual([]);
    clock.advance(500);
    await log.idle();

    expect(log.stats()).toEqual({ written: 2, dropped: 0 });
    expect((await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('writes an entry as it was when recorded, even when the object is changed before the write', async () => {
    const { log } = await open();
    const recorded = entry(NOON);
    log.record(recorded);
    log.record(recorded);

    recorded.status = 500;
    recorded.path = '/3/invoices?access_token=abc';

    expect((await log.query({}, 10)).entries).toEqual([entry(NOON), entry(NOON)]);
  });

  it('writes a full batch at once, without waiting for the flush delay, and the entries after it with the delay', async () => {
    const { log, dir, clock } = await open({ flushDelayMs: 500, flushLines: 3 });
    const lines = async () => (await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    log.record(entry(NOON));
    log.record(entry(NOON + 1));
    clock.advance(0);
    await log.written();
    expect(await lines()).toBe(0);

    log.record(entry(NOON + 2));
    clock.advance(0);
    await log.written();
    expect(await lines()).toBe(3);

    log.record(entry(NOON + 3));
    clock.advance(499);
    await log.written();
    expect(await lines()).toBe(3);
    clock.advance(1);
    await log.written();
    expect(await lines()).toBe(4);
  });

  it('writes what is queued on close, and drops what comes after', async () => {
    const { log, dir } = await open();
    log.record(entry(NOON));

    await log.close();
    log.record(entry(NOON + 1));

    expect(log.stats()).toEqual({ written: 1, dropped: 1 });
    expect((await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('refuses an entry its schema does not accept (a query string in the path, an unknown field)', async () => {
    const { log, logger } = await open();
    log.record(entry(NOON, { path: '/3/invoices?access_token=abc' }));
    log.record({ ...entry(NOON), token: 'abc' } as AuditEntry);

    expect((await log.query({}, 10)).entries).toEqual([]);
    expect(log.stats().dropped).toBe(2);
    expect(logger.text()).not.toContain('abc');
  });

  it('skips damaged lines (not JSON, not an entry, too long, cut off) and counts them', async () => {
    const { log, dir } = await open();
    const good = JSON.stringify(entry(NOON));
    const file = path.join(dir, 'audit-2026-03-10.jsonl');
    await writeFile(
      file,
      [
        good,
        '{not json',
        JSON.stringify({ ...entry(NOON + 1), status: 'ok' }),
        JSON.stringify(entry(NOON + 2, { keyName: 'x'.repeat(90), path: `/3/${'a'.repeat(500)}` })).padEnd(5000, ' '),
        good,
        '{"at":1', // a line cut by a crash
      ].join('\n'),
    );

    const page = await log.query({}, 10);

    expect(page.entries).toHaveLength(2);
    expect(page.damaged).toBe(4);
  });

  it('starts a next part when a day file reaches its size cap, and drops entries once the day has no part left', async () => {
    const line = Buffer.byteLength(`${JSON.stringify(entry(NOON))}\n`);
    const { log, dir, logger } = await open({ maxFileBytes: line * 2, partsPerDay: 2 });
    for (let index = 0; index < 5; index += 1) log.record(entry(NOON + index));
    await log.idle();

    expect(await listDir(dir)).toEqual(['audit-2026-03-10.1.jsonl', 'audit-2026-03-10.jsonl']);
    for (const name of await listDir(dir)) expect((await stat(path.join(dir, name))).size).toBeLessThanOrEqual(line * 2);
    expect(log.stats()).toEqual({ written: 4, dropped: 1 });
    expect((await log.query({}, 10)).entries.map((each) => each.at)).toEqual([NOON + 3, NOON + 2, NOON + 1, NOON]);
    expect(logger.text()).toContain('audit day is full');
  });

  it('goes on in the part a previous run filled last, and does not grow a file past the cap after a restart', async () => {
    const line = Buffer.byteLength(`${JSON.stringify(entry(NOON))}\n`);
    const first = await open({ maxFileBytes: line * 2, partsPerDay: 3 });
    for (let index = 0; index < 3; index += 1) first.log.record(entry(NOON + index));
    await first.log.close();

    const second = await open({ dir: first.dir, maxFileBytes: line * 2, partsPerDay: 3 });
    second.log.record(entry(NOON + 3));
    second.log.record(entry(NOON + 4));
    await second.log.idle();

    expect(await listDir(first.dir)).toEqual(['audit-2026-03-10.1.jsonl', 'audit-2026-03-10.2.jsonl', 'audit-2026-03-10.jsonl']);
    expect((await second.log.query({}, 10)).entries.map((each) => each.at)).toEqual([NOON + 4, NOON + 3, NOON + 2, NOON + 1, NOON]);
  });

  it('deletes day files older than 90 days at start and again each day, and leaves other files alone', async () => {
    const dir = path.join(await tempDir(), 'audit');
    const clock = new FakeClock(NOON);
    const seed = await open({ dir }, clock);
    // Day files from 92, 91, 90 and 89 days ago, and today.
    for (const daysAgo of [92, 91, 90, 89, 0]) seed.log.record(entry(NOON - daysAgo * DAY));
    await seed.log.close();
    await writeFile(path.join(dir, 'notes.txt'), 'keep me');

    const { log } = await open({ dir }, clock);
    expect(await listDir(dir)).toEqual(['audit-2025-12-10.jsonl', 'audit-2025-12-11.jsonl', 'audit-2026-03-10.jsonl', 'notes.txt']);

    // A day later, the file from (now) 91 days ago goes too.
    clock.advance(DAY);
    await log.idle();
    expect(await listDir(dir)).toEqual(['audit-2025-12-11.jsonl', 'audit-2026-03-10.jsonl', 'notes.txt']);
    await log.close();
  });

  it('keeps a day file until its whole day is past the retention', async () => {
    const dir = path.join(await tempDir(), 'audit');
    const clock = new FakeClock(Date.UTC(2026, 2, 10, 0, 0, 0));
    const seed = await open({ dir }, clock);
    seed.log.record(entry(Date.UTC(2025, 11, 9, 23, 0, 0))); // the day ends exactly 90 days before now
    seed.log.record(entry(Date.UTC(2025, 11, 10, 0, 0, 0)));
    await seed.log.close();

    await open({ dir }, clock);

    expect(await listDir(dir)).toEqual(['audit-2025-12-10.jsonl']);
  });

  it('pages newest first with a cursor that stays valid while new entries are appended', async () => {
    const { log } = await open();
    for (let index = 6; index >= 0; index -= 1) log.record(entry(NOON - index * DAY * 0.4, { status: 200 + index }));

    const first = await log.query({}, 3);
    log.record(entry(NOON + 1000, { status: 299 }));
    const second = await log.query({}, 3, first.nextCursor ?? undefined);
    const third = await log.query({}, 3, second.nextCursor ?? undefined);

    expect(first.entries.map((each) => each.status)).toEqual([200, 201, 202]);
    expect(second.entries.map((each) => each.status)).toEqual([203, 204, 205]);
    expect(third.entries.map((each) => each.status)).toEqual([206]);
    expect(third.nextCursor).toBeNull();
    expect((await log.query({}, 1)).entries[0]?.status).toBe(299);
  });

  it('filters by company, by key and by time range', async () => {
    const { log } = await open();
    log.record(entry(NOON - 2 * DAY, { tenantId: '101', keyId: 'key_00000000000000aa' }));
    log.record(entry(NOON - DAY, { tenantId: '202', keyId: 'key_00000000000000aa' }));
    log.record(entry(NOON, { tenantId: '101', keyId: 'key_00000000000000bb', keyName: 'Excel' }));
    log.record(entry(NOON + 1, { tenantId: null, keyId: null, keyName: null, status: 401 }));

    const ats = async (filter: Parameters<AuditLog['query']>[0]) => (await log.query(filter, 10)).entries.map((each) => each.at);

    expect(await ats({ tenantId: '101' })).toEqual([NOON, NOON - 2 * DAY]);
    expect(await ats({ keyId: 'key_00000000000000aa' })).toEqual([NOON - DAY, NOON - 2 * DAY]);
    expect(await ats({ tenantId: '101', keyId: 'key_00000000000000bb' })).toEqual([NOON]);
    expect(await ats({ from: NOON - DAY - 1, to: NOON })).toEqual([NOON, NOON - DAY]);
  });

  // A volume test, not a timing one: 120,000 lines written and scanned take several seconds on a busy 2-core machine.
  it('answers the newest page of a 120,000-entry log, and stops a sparse scan at its budget with a cursor', { timeout: 60_000 }, async () => {
    const { log, dir } = await open({ scanBudget: 50_000, maxFileBytes: 64 * 1024 * 1024 });
    const lines: string[] = [];
    for (let index = 0; index < 120_000; index += 1) {
      lines.push(JSON.stringify(entry(NOON - 120_000 + index, { tenantId: index === 0 ? '999' : '101' })));
    }
    await appendFile(path.join(dir, 'audit-2026-03-10.jsonl'), `${lines.join('\n')}\n`);

    const newest = await log.query({ tenantId: '101' }, 100);
    expect(newest.entries).toHaveLength(100);
    expect(newest.entries[0]?.at).toBe(NOON - 1);

    let page = await log.query({ tenantId: '999' }, 100);
    let pages = 1;
    while (page.entries.length === 0 && page.nextCursor !== null) {
      page = await log.query({ tenantId: '999' }, 100, page.nextCursor);
      pages += 1;
    }
    expect(page.entries.map((each) => each.at)).toEqual([NOON - 120_000]);
    expect(pages).toBe(3);
  });

  it('drops entries beyond the pending bound instead of holding them without limit', async () => {
    const { log } = await open({ pendingMax: 3 });
    for (let index = 0; index < 5; index += 1) log.record(entry(NOON + index));
    await log.idle();

    expect(log.stats()).toEqual({ written: 3, dropped: 2 });
  });

  it('counts lines being written against the pending bound: with writes blocked the excess is dropped, essential entries keep their quarter, and entries are accepted again once the write is done', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { log, logger } = await open({
      pendingMax: 8,
      append: async (file, data, options) => {
        await gate;
        await appendFile(file, data, options);
      },
    });
    const forbidden = (at: number) => entry(at, { kind: 'other', status: 403 });
    for (let index = 0; index < 6; index += 1) log.record(entry(NOON + index));
    // The six are handed to a write that does not finish: the queue is empty, but they still count.
    const draining = log.idle();
    log.record(forbidden(NOON + 6));
    for (let index = 7; index < 10; index += 1) log.record(entry(NOON + index));

    expect(log.stats()).toEqual({ written: 0, dropped: 2 });
    const warnings = () => logger.records.filter((record) => record.message === 'audit entries dropped: writes are not keeping up');
    expect(warnings()).toHaveLength(1);

    release();
    await draining;
    log.record(forbidden(NOON + 10));
    await log.idle();

    expect(log.stats()).toEqual({ written: 9, dropped: 2 });
    expect(warnings()).toHaveLength(1);
  });

  it('counts refusals without a key per minute and status: one line each with its count, written when the minute is over', async () => {
    const { log, dir, clock } = await open({ flushDelayMs: 500 });
    const badKey = (at: number) => entry(at, { kind: 'other', keyId: null, keyName: null, tenantId: null, path: '/v1/companies', status: 401, bytesOut: 0 });
    const origin = (at: number) => entry(at, { kind: 'token', keyId: null, keyName: null, tenantId: '101', path: '/v1/companies/101/access-token', status: 403, method: 'POST' });
    for (let index = 0; index < 5000; index += 1) log.record(badKey(NOON + index));
    log.record(origin(NOON + 10));
    log.record(origin(NOON + 20));
    log.record(entry(NOON + 30));

    clock.advance(500);
    await log.idle();
    // idle writes the counts so far; the real-time path waits for the minute's end instead.
    const written = (await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    expect(written).toHaveLength(3);
    expect(written.find((each) => each.status === 401)).toMatchObject({ kind: 'other', keyId: null, count: 5000, at: NOON + 4999, path: '/v1/companies' });
    expect(written.find((each) => each.status === 403)).toMatchObject({ kind: 'token', count: 2, tenantId: null, at: NOON + 20 });
    expect(written.find((each) => each.status === 200)).toEqual(entry(NOON + 30));
  });

  it('writes a minute\'s count of refusals after that minute ends, without idle, and a new line for the next minute', async () => {
    const start = NOON + 1000;
    const clock = new FakeClock(start);
    const { log, dir } = await open({ flushDelayMs: 500 }, clock);
    const refusal = (at: number) => entry(at, { kind: 'other', keyId: null, keyName: null, tenantId: null, path: null, status: 401 });
    log.record(refusal(clock.now()));
    clock.advance(500);
    log.record(refusal(clock.now()));
    clock.advance(30_000);
    await Promise.resolve();
    expect(await listDir(dir)).toEqual([]);

    clock.advance(60_000 - 31_500);
    log.record(refusal(clock.now()));
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    await log.close();

    const lines = (await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    expect(lines.map((each) => each.count)).toEqual([2, 1]);
  });

  it('never drops a token or proxy entry because of refusals: counted per minute, kept out of the day\'s last part and the last quarter of the queue', async () => {
    const line = Buffer.byteLength(`${JSON.stringify(entry(NOON))}\n`);
    const { log } = await open({ maxFileBytes: line * 3, partsPerDay: 2, pendingMax: 4 });
    // Refusals that carry a key (a key used outside its rights) are still written one by one, so they show the reserve.
    const forbidden = (at: number) => entry(at, { kind: 'other', status: 403 });
    for (let index = 0; index < 3; index += 1) log.record(forbidden(NOON + index));
    log.record(forbidden(NOON + 3));
    // The queue's last quarter is kept: the 4th refusal was dropped, an essential entry is not.
    log.record(entry(NOON + 4));
    for (let minute = 0; minute < 100; minute += 1) log.record(entry(NOON + 5 + minute * 60_000, { kind: 'token', keyId: null, keyName: null, status: 401, path: '/v1/companies/101/access-token' }));
    await log.idle();
    // The first part is full of refusals and the 100 minutes' counts find no room; the last part takes essential entries.
    for (let index = 0; index < 2; index += 1) log.record(entry(NOON + 10_000_000 + index));
    await log.idle();

    const page = await log.query({}, 500);
    expect(page.entries.filter((each) => each.status === 200).map((each) => each.at)).toEqual([NOON + 10_000_001, NOON + 10_000_000, NOON + 4]);
    expect(page.entries.filter((each) => each.status === 403)).toHaveLength(3);
    expect(page.entries.filter((each) => each.status === 401)).toHaveLength(0);
    expect(page.dropped).toBe(101);
    expect(log.stats()).toEqual({ written: 6, dropped: 101 });
  });

  it('logs a failed write once, without the entry, and keeps answering', async () => {
    const parent = await tempDir();
    await writeFile(path.join(parent, 'blocked'), 'a file where the folder should be');
    const { log, logger } = await open({ dir: path.join(parent, 'blocked', 'audit') });
    log.record(entry(NOON));
    log.record(entry(NOON + 1));
    await log.idle();
    log.record(entry(NOON + 2));
    await log.idle();

    expect(log.stats()).toEqual({ written: 0, dropped: 3 });
    expect(logger.text().split('audit entries could not be written')).toHaveLength(2);
    expect(logger.text()).not.toContain('Power BI');
    expect(await log.query({}, 10)).toEqual({ entries: [], nextCursor: null, damaged: 0, dropped: 3 });
  });
});

describe('audit log queue: lines kept as bytes off the heap until written', () => {
  const tempDir = useTempDirs();

  /** A log whose queue Buffers are recorded as they are allocated, and whose appends are recorded (a copy of each) before they are written. */
  async function open(overrides: Partial<AuditLogDeps> = {}, clock = new FakeClock(NOON)) {
    const dir = path.join(await tempDir(), 'audit');
    const logger = recordingLogger();
    const allocated: Buffer[] = [];
    const appends: { file: string; data: Buffer; text: string }[] = [];
    const log = new AuditLog({
      dir,
      now: clock.now,
      timers: clock.timers,
      log: logger.log,
      allocate: (bytes) => {
        const buffer = Buffer.alloc(bytes);
        allocated.push(buffer);
        return buffer;
      },
      append: async (file, data, options) => {
        appends.push({ file: path.basename(file), data, text: data.toString('utf8') });
        await appendFile(file, data, options);
      },
      ...overrides,
    });
    await log.start();
    return { log, dir, clock, logger, allocated, appends };
  }

  const names = { keyName: 'Rapport 📊 åäö', companyName: 'Åkeri Ärlig & Öst 🚚 AB' };

  const context = (overrides: Partial<AuditContext> = {}): AuditContext => tokenContext({ ...names, ...overrides });
  const ended = (at: number): AuditEnd => ({ at, status: 200, complete: true, bytesIn: 0 });
  const lineOf = auditLine;

  it('writes lines with names outside ASCII (å, ä, ö, emoji) intact, their sizes counted in bytes against the file cap', async () => {
    // Every line the same size: the same names, `at` and durations of as many digits.
    const shaped = (at: number) => auditEntryOf(context({ startedAt: at - 5 }), ended(at)) as AuditEntry;
    const bytes = Buffer.byteLength(lineOf(shaped(NOON + 10)));
    const characters = lineOf(shaped(NOON + 10)).length;
    // A cap that holds four lines counted in characters, but only three in bytes.
    const cap = characters * 4;
    expect(cap).toBeGreaterThanOrEqual(bytes * 3);
    expect(cap).toBeLessThan(bytes * 4);
    const { log, dir } = await open({ maxFileBytes: cap, partsPerDay: 3 });
    // Built from their shape (recordEnded) and the usual way (record), alike.
    for (let at = NOON + 10; at < NOON + 13; at += 1) log.recordEnded(context({ startedAt: at - 5 }), ended(at));
    for (let at = NOON + 13; at < NOON + 15; at += 1) log.record(shaped(at));
    await log.idle();

    expect(await listDir(dir)).toEqual(['audit-2026-03-10.1.jsonl', 'audit-2026-03-10.jsonl']);
    const first = await readFile(path.join(dir, 'audit-2026-03-10.jsonl'));
    const second = await readFile(path.join(dir, 'audit-2026-03-10.1.jsonl'));
    // Counted in characters, a fourth line would have fit in the first part.
    expect(first.length).toBe(bytes * 3);
    expect(first.toString('utf8')).toBe([10, 11, 12].map((offset) => lineOf(shaped(NOON + offset))).join(''));
    expect(second.toString('utf8')).toBe([13, 14].map((offset) => lineOf(shaped(NOON + offset))).join(''));
    expect(log.stats()).toEqual({ written: 5, dropped: 0 });
    expect((await log.query({}, 10)).entries.map((each) => [each.keyName, each.companyName])).toEqual(Array.from({ length: 5 }, () => [names.keyName, names.companyName]));
  });

  it('splits one batch spanning two UTC days and a part change into the right files, one append each, with the lines\' exact bytes in order', async () => {
    const lastSecond = Date.UTC(2026, 2, 10, 23, 59, 59);
    const nextDay = Date.UTC(2026, 2, 11, 0, 0, 0);
    const at = (instant: number) => auditEntryOf(context({ startedAt: instant - 12 }), ended(instant)) as AuditEntry;
    const bytes = Buffer.byteLength(lineOf(at(lastSecond)));
    const { log, dir, appends } = await open({ maxFileBytes: bytes * 3, partsPerDay: 3 });
    // One batch, the days interleaved as requests ending around midnight are.
    const order = [lastSecond, nextDay, lastSecond + 1, nextDay + 1, lastSecond + 2, lastSecond + 3];
    for (const instant of order) log.record(at(instant));
    await log.idle();

    const expected = {
      'audit-2026-03-10.jsonl': [lastSecond, lastSecond + 1, lastSecond + 2],
      'audit-2026-03-11.jsonl': [nextDay, nextDay + 1],
      'audit-2026-03-10.1.jsonl': [lastSecond + 3],
    };
    expect(appends.map((each) => each.file).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, instants] of Object.entries(expected)) {
      const text = instants.map((instant) => lineOf(at(instant))).join('');
      expect(appends.find((each) => each.file === name)?.text).toBe(text);
      const stored = await readFile(path.join(dir, name));
      expect(stored.equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
    expect(log.stats()).toEqual({ written: 6, dropped: 0 });
  });

  it('appends a batch whose lines all go to one file as a view of the queue\'s buffer, not a copy', async () => {
    const { log, allocated, appends } = await open();
    for (let index = 0; index < 10; index += 1) log.recordEnded(context(), ended(NOON + index));
    await log.idle();

    expect(allocated).toHaveLength(1);
    expect(appends).toHaveLength(1);
    const data = appends[0]?.data;
    expect(data?.buffer).toBe(allocated[0]?.buffer);
    expect(data?.byteOffset).toBe(allocated[0]?.byteOffset);
    expect(data?.toString('utf8').split('\n').filter(Boolean)).toHaveLength(10);
  });

  it('grows the queue past its first buffer for a large batch and writes every line of it', async () => {
    const { log, dir, allocated } = await open({ flushLines: 10_000 });
    const count = 2_000;
    for (let index = 0; index < count; index += 1) log.recordEnded(context(), ended(NOON + index));
    await log.idle();

    const text = await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(count);
    expect(lines.map((line) => (JSON.parse(line) as AuditEntry).at)).toEqual(Array.from({ length: count }, (_unused, index) => NOON + index));
    expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
    // The first buffer, then each grown one twice as big.
    expect(allocated.length).toBeGreaterThan(1);
    expect(allocated.map((buffer) => buffer.length)).toEqual(allocated.map((_buffer, index) => 64 * 1024 * 2 ** index));
  });

  it('reuses its buffers under a steady load: a hundred batches, each written while the next one fills, allocate two buffers in all', async () => {
    const { log, dir, clock, allocated } = await open({ flushDelayMs: 500 });
    let previous = Promise.resolve();
    for (let round = 0; round < 100; round += 1) {
      for (let index = 0; index < 50; index += 1) log.recordEnded(context(), ended(NOON + round * 500 + index));
      // The flush timer hands this batch to the write chain; the write before it settles meanwhile.
      clock.advance(500);
      await previous;
      previous = log.written();
    }
    await log.idle();

    expect(log.stats()).toEqual({ written: 5_000, dropped: 0 });
    expect((await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(5_000);
    expect(allocated.length).toBeLessThanOrEqual(2);
  });

  it('still drops and counts lines past the pending bound while a batch is being written, then takes lines again in the reused buffers', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { log, dir, logger, allocated } = await open({
      pendingMax: 8,
      append: async (file, data, options) => {
        await gate;
        await appendFile(file, data, options);
      },
    });
    for (let index = 0; index < 6; index += 1) log.recordEnded(context(), ended(NOON + index));
    const draining = log.idle();
    for (let index = 6; index < 10; index += 1) log.recordEnded(context(), ended(NOON + index));

    expect(log.stats()).toEqual({ written: 0, dropped: 2 });
    expect(logger.records.filter((record) => record.message === 'audit entries dropped: writes are not keeping up')).toHaveLength(1);
    release();
    await draining;
    for (let round = 0; round < 10; round += 1) {
      for (let index = 0; index < 5; index += 1) log.recordEnded(context(), ended(NOON + 100 + round * 5 + index));
      await log.idle();
    }

    expect(log.stats()).toEqual({ written: 58, dropped: 2 });
    const ats = (await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as AuditEntry).at);
    expect(ats).toEqual([...[0, 1, 2, 3, 4, 5, 6, 7].map((offset) => NOON + offset), ...Array.from({ length: 50 }, (_unused, index) => NOON + 100 + index)]);
    // The blocked batch's and the one filled meanwhile: both reused afterwards.
    expect(allocated).toHaveLength(2);
  });

  it('drops and counts a line that would take the batch past its byte bound, and takes lines again in the next batch', async () => {
    const bytes = Buffer.byteLength(lineOf(auditEntryOf(context(), ended(NOON)) as AuditEntry));
    const { log, logger } = await open({ queueMaxBytes: bytes * 2 + bytes / 2 });
    for (let index = 0; index < 3; index += 1) log.recordEnded(context(), ended(NOON + index));
    await log.idle();

    expect(log.stats()).toEqual({ written: 2, dropped: 1 });
    expect(logger.records.filter((record) => record.message === 'audit entries dropped: writes are not keeping up')).toHaveLength(1);
    log.recordEnded(context(), ended(NOON + 3));

    expect((await log.query({}, 10)).entries.map((each) => each.at)).toEqual([NOON + 3, NOON + 1, NOON]);
  });

  it('counts a failed write\'s lines as dropped, warns once, and reuses its buffer for the next batch', async () => {
    let fail = true;
    const { log, dir, logger, allocated } = await open({
      append: async (file, data, options) => {
        if (fail) throw Object.assign(new Error('disk gone'), { code: 'EIO' });
        await appendFile(file, data, options);
      },
    });
    for (let index = 0; index < 3; index += 1) log.recordEnded(context(), ended(NOON + index));
    await log.idle();

    expect(log.stats()).toEqual({ written: 0, dropped: 3 });
    expect(logger.records.filter((record) => record.message === 'audit entries could not be written')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ code: 'EIO' }) }),
    ]);
    fail = false;
    log.recordEnded(context(), ended(NOON + 10));
    log.recordEnded(context(), ended(NOON + 11));
    await log.idle();

    expect(log.stats()).toEqual({ written: 2, dropped: 3 });
    const ats = (await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as AuditEntry).at);
    expect(ats).toEqual([NOON + 10, NOON + 11]);
    expect(allocated).toHaveLength(1);
  });

  it('goes on after a fault outside the appends: the batch is counted as dropped, later batches are written, idle and query still settle', async () => {
    const { log, dir, logger } = await open();
    // The first choice of a file throws (a fault no input is known to cause: hardening).
    const chooser = log as unknown as { fileFor: (...args: unknown[]) => Promise<string | undefined> };
    const fileFor = chooser.fileFor.bind(log);
    let faults = 1;
    chooser.fileFor = (...args) => {
      if (faults-- > 0) throw new Error('unexpected');
      return fileFor(...args);
    };
    for (let index = 0; index < 3; index += 1) log.recordEnded(context(), ended(NOON + index));
    await log.idle();
    expect(log.stats()).toEqual({ written: 0, dropped: 3 });

    log.recordEnded(context(), ended(NOON + 10));
    await log.idle();

    expect(log.stats()).toEqual({ written: 1, dropped: 3 });
    expect((await readFile(path.join(dir, 'audit-2026-03-10.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    expect((await log.query({}, 10)).entries).toHaveLength(1);
    expect(logger.records.filter((record) => record.message === 'audit entries could not be written')).toHaveLength(1);
  });
});

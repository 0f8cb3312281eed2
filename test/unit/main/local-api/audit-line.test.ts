import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditEntryCheck } from '../../../../main/local-api/audit-entry-check';
import { AuditLines, MAX_AUDIT_LINE_SHAPES, pendingLine } from '../../../../main/local-api/audit-line';
import { AuditLog } from '../../../../main/local-api/audit-log';
import { listAuditFiles, parseAuditLine } from '../../../../main/local-api/audit-reader';
import { auditEntryOf, type AuditContext, type AuditEnd } from '../../../../main/local-api/audit-recording';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { useTempDirs } from '../storage/temp-dir';
import { AUDIT_NOON, tokenContext } from './audit-fixtures';

const NOON = AUDIT_NOON;
const context = tokenContext;

const ended = (overrides: Partial<AuditEnd> = {}): AuditEnd => ({ at: NOON + 3, status: 200, complete: true, bytesIn: 0, ...overrides });

/** The line the audit log writes for the entry the usual way: the entry checked by the schema, then serialised. */
function usualLine(check: AuditEntryCheck, of: AuditContext, end: AuditEnd) {
  const entry = auditEntryOf(of, end);
  const checked = entry && check.check(entry);
  return checked && pendingLine(checked, true);
}

/** Contexts and ends of every shape the local API gives, and text a JSON writer must escape. */
const cases: [string, AuditContext, AuditEnd][] = [
  ['a token handed out', context(), ended()],
  ['the same, later and bigger', context({ startedAt: NOON + 10_000, bytesOut: 9_999_999 }), ended({ at: NOON + 10_250, bytesIn: 2 })],
  ['the same, cut off', context(), ended({ complete: false })],
  ['a proxied call', context({ kind: 'proxy', method: 'GET', path: '/3/invoices' }), ended({ status: 502 })],
  ['a refusal with an error code', context({ kind: 'proxy', method: 'DELETE', path: '/3/invoices/1', errorCode: 'rate_limited' }), ended({ status: 429 })],
  ['no company name', context({ companyName: null }), ended()],
  ['a company name never looked up', (({ companyName: _never, ...rest }) => rest)(context()), ended()],
  ['no key name', context({ keyName: null }), ended()],
  ['no path', context({ kind: 'proxy', path: null }), ended()],
  ['a name with quotes, backslashes and emoji', context({ keyName: 'Rapport "Q1" \\ 📊', companyName: 'Åkeri & Söner "AB" \\ 🚚' }), ended()],
  ['a company name to be cleaned', context({ companyName: '  Bröd\tAB\u202e  ' }), ended()],
  ['a status Node could not send', context(), ended({ status: 1000 })],
  ['a duration to round', context({ startedAt: NOON + 0.4 }), ended({ at: NOON + 3 })],
  ['an end before the start', context({ startedAt: NOON + 50 }), ended()],
];

describe('audit lines built from their shape', () => {
  it.each(cases)('writes %s byte for byte as the entry serialised the usual way', (_name, of, end) => {
    const lines = new AuditLines((entry) => new AuditEntryCheck().check(entry));
    const check = new AuditEntryCheck();

    // The first line of a shape, then one from the remembered shape.
    const first = lines.lineOf(of, end, true);
    const again = lines.lineOf(of, end, true);
    const usual = usualLine(check, of, end);

    expect(usual).toBeDefined();
    expect(first).toEqual(usual);
    expect(again).toEqual(usual);
    expect(lines.size).toBe(1);
    expect(parseAuditLine(again?.line.trimEnd() ?? '')).toEqual(auditEntryOf(of, end));
  });

  it('gives every line of a mix of shapes exactly as the usual way would, in any order', () => {
    const lines = new AuditLines((entry) => new AuditEntryCheck().check(entry));
    const check = new AuditEntryCheck();
    const built: unknown[] = [];
    const usual: unknown[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (const [, of, end] of cases) {
        const later = { ...end, at: end.at + round * 1000, complete: round % 2 === 0 };
        built.push(lines.lineOf(of, later, true));
        usual.push(usualLine(check, of, later));
      }
    }
    expect(built).toEqual(usual);
  });

  it("never gives one key's line another key's name, and a renamed key or company gives lines with the new name", () => {
    const lines = new AuditLines((entry) => new AuditEntryCheck().check(entry));
    const a = context({ keyId: 'key_00000000000000aa', keyName: 'Power BI' });
    const b = context({ keyId: 'key_00000000000000bb', keyName: 'Excel' });
    const sameNameOtherKey = context({ keyId: 'key_00000000000000cc', keyName: 'Power BI' });
    const entryOf = (of: AuditContext) => parseAuditLine(lines.lineOf(of, ended(), true)?.line.trimEnd() ?? '');

    const seen = [a, b, a, sameNameOtherKey, b, a].map((of) => entryOf(of)).map((entry) => [entry?.keyId, entry?.keyName]);
    const renamedKey = entryOf({ ...a, keyName: 'Power BI (ekonomi)' });
    const renamedCompany = entryOf({ ...a, companyName: 'Café Söder Holding AB' });
    const afterRename = entryOf(a);

    expect(seen).toEqual([
      ['key_00000000000000aa', 'Power BI'],
      ['key_00000000000000bb', 'Excel'],
      ['key_00000000000000aa', 'Power BI'],
      ['key_00000000000000cc', 'Power BI'],
      ['key_00000000000000bb', 'Excel'],
      ['key_00000000000000aa', 'Power BI'],
    ]);
    expect(renamedKey).toMatchObject({ keyId: 'key_00000000000000aa', keyName: 'Power BI (ekonomi)', companyName: 'Café Söder AB' });
    expect(renamedCompany).toMatchObject({ keyName: 'Power BI', companyName: 'Café Söder Holding AB' });
    expect(afterRename).toMatchObject({ keyName: 'Power BI', companyName: 'Café Söder AB' });
  });

  it('keeps at most MAX_AUDIT_LINE_SHAPES shapes, and still writes every line right past it', () => {
    const lines = new AuditLines((entry) => new AuditEntryCheck().check(entry));
    const check = new AuditEntryCheck();
    let largest = 0;
    const wrong: number[] = [];
    for (let at = 0; at < MAX_AUDIT_LINE_SHAPES * 2 + 5; at += 1) {
      const of = context({ tenantId: String(100 + at), path: `/v1/companies/${100 + at}/access-token`, companyName: `Bolag ${at} AB` });
      if (lines.lineOf(of, ended(), true)?.line !== usualLine(check, of, ended())?.line) wrong.push(at);
      largest = Math.max(largest, lines.size);
    }

    expect(wrong).toEqual([]);
    expect(largest).toBe(MAX_AUDIT_LINE_SHAPES);
    expect(lines.size).toBeLessThanOrEqual(MAX_AUDIT_LINE_SHAPES);
  });

  it('gives no line for an entry the schema refuses, text or numbers, and remembers no shape of refused text', () => {
    const lines = new AuditLines((entry) => new AuditEntryCheck().check(entry));
    expect(lines.lineOf(context(), ended(), true)).toBeDefined();

    const refused = [
      lines.lineOf(context({ keyName: 'två\nrader' }), ended(), true),
      lines.lineOf(context({ keyName: 'två\nrader' }), ended(), true),
      lines.lineOf(context({ path: '/v1/companies/101/access-token?token=abc' }), ended(), true),
      lines.lineOf(context({ method: 'post' }), ended(), true),
      // The remembered shape, with numbers out of the schema's bounds.
      lines.lineOf(context(), ended({ at: -1 }), true),
      lines.lineOf(context(), ended({ bytesIn: 1.5 }), true),
      lines.lineOf(context({ bytesOut: Number.NaN }), ended(), true),
      lines.lineOf(context({ bytesOut: 1024 ** 4 + 1 }), ended(), true),
      lines.lineOf(context({ startedAt: NOON - 2 * 24 * 60 * 60 * 1000 }), ended(), true)?.line.includes('"durationMs":86400000'),
    ];

    expect(refused).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, true]);
    expect(lines.size).toBe(1);
  });
});

describe('AuditLog.recordEnded', () => {
  const tempDir = useTempDirs();

  async function open(clock: FakeClock) {
    const dir = path.join(await tempDir(), 'audit');
    const log = new AuditLog({ dir, now: clock.now, timers: clock.timers, log: recordingLogger().log });
    await log.start();
    return { log, dir };
  }
  /** Every stored line, raw, once the queue is written. */
  const stored = async ({ log, dir }: { log: AuditLog; dir: string }) => {
    await log.idle();
    const texts = await Promise.all((await listAuditFiles(dir)).map((file) => readFile(path.join(dir, file.name), 'utf8')));
    return texts.join('');
  };

  it('writes the same files as record of the same entries, refusals without a key counted per minute as before', async () => {
    const clock = new FakeClock(NOON);
    const shaped = await open(clock);
    const usual = await open(clock);
    const requests: [AuditContext, AuditEnd][] = [
      ...cases.map(([, of, end]): [AuditContext, AuditEnd] => [of, end]),
      [context({ keyId: null, keyName: null, kind: 'other', errorCode: 'unauthorized' }), ended({ status: 401 })],
      [context({ keyId: null, keyName: null, kind: 'other', errorCode: 'unauthorized' }), ended({ status: 401, at: NOON + 9 })],
      // Not recorded: an answered request that is neither a token nor a proxied call.
      [context({ kind: 'other', path: '/v1/companies' }), ended({ status: 200 })],
      [context({ keyName: 'två\nrader' }), ended()],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [of, end] of requests) {
        shaped.log.recordEnded(of, { ...end, at: end.at + round });
        const entry = auditEntryOf(of, { ...end, at: end.at + round });
        if (entry) usual.log.record(entry);
      }
    }

    const [a, b] = [await stored(shaped), await stored(usual)];
    expect(a).toBe(b);
    // Every case of each round, and one line counting the six refusals without a key of that minute.
    expect(a.split('\n').filter(Boolean)).toHaveLength(3 * cases.length + 1);
    expect(a).toContain('"count":6');
    expect(shaped.log.stats()).toEqual(usual.log.stats());
    // The entry with a two-line key name, once a round.
    expect(shaped.log.stats().dropped).toBe(3);
  });

  it('drops the entries past the queue bound and counts them, as record does', async () => {
    const clock = new FakeClock(NOON);
    const writes: (() => void)[] = [];
    const log = new AuditLog({
      dir: path.join(await tempDir(), 'audit'),
      now: clock.now,
      timers: clock.timers,
      log: recordingLogger().log,
      pendingMax: 4,
      append: () => new Promise<void>((resolve) => writes.push(resolve)),
    });
    await log.start();

    for (let at = 0; at < 6; at += 1) log.recordEnded(context(), ended({ at: NOON + at }));

    expect(log.stats()).toEqual({ written: 0, dropped: 2 });
  });
});

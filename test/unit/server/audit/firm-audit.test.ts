import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { firmAuditPageSchema } from '../../../../shared/firm-api';
import { CSV_BATCH_SIZE, FIRM_AUDIT_CSV_COLUMNS, FirmAudit } from '../../../../server/audit/firm-audit';
import type { Database } from '../../../../server/db/database';
import { openMigratedPglite, openMigratedPostgres } from '../auth/migrated-databases';

const DAY = 24 * 60 * 60_000;
const START = Date.UTC(2026, 2, 1, 12, 0, 0);

const DATABASES = [
  ['PGlite', openMigratedPglite],
  ['PostgreSQL', () => openMigratedPostgres('audit')],
] as const;

describe.each(DATABASES)('on %s', (_kind, open) => {
  let db: Database;
  let clock: number;
  let audit: FirmAudit;

  beforeAll(async () => {
    db = await open();
    audit = new FirmAudit({ db, now: () => clock });
  }, 60_000);
  beforeEach(async () => {
    clock = START;
    await db.query('TRUNCATE audit RESTART IDENTITY');
  });
  afterAll(async () => {
    await db.close();
  });

  async function collect(chunks: AsyncIterable<string>): Promise<string> {
    let text = '';
    for await (const chunk of chunks) text += chunk;
    return text;
  }

  /** `count` rows for tenant 5 (even) and 7 (odd), one second apart, by SQL. */
  async function insertMany(count: number, at = new Date(START)): Promise<void> {
    await db.query(
      `INSERT INTO audit (at, action, actor_kind, actor, tenant_id, method, path, status)
       SELECT $1::timestamptz + n * interval '1 second', 'proxy', 'key', 'Bokslutsverktyget',
              CASE WHEN n % 2 = 0 THEN '5' ELSE '7' END, 'GET', '/3/invoices/' || n, 200
       FROM generate_series(1, $2::int) AS n`,
      [at, count],
    );
  }

  describe('the firm audit', () => {
    it('records an event and shows it as the shared schema describes it', async () => {
      await audit.record({ action: 'proxy', actor: { kind: 'key', name: 'Bokslut' }, tenantId: '0012345', companyName: 'Byrå AB', method: 'get', path: '/3/invoices?filter=unpaid', status: 200 });
      const page = await audit.page();
      expect(firmAuditPageSchema.parse(page)).toEqual({
        entries: [{ id: 1, at: START, action: 'proxy', actorKind: 'key', actor: 'Bokslut', tenantId: '12345', companyName: 'Byrå AB', method: 'GET', path: '/3/invoices', status: 200 }],
        next: null,
      });
    });

    it('never stores a session secret, key, pairing code or JWT, even when a call site passes one by mistake', async () => {
      const secrets = [`fxs_${'k'.repeat(43)}`, `fxc_${'Z'.repeat(36)}`, 'ABCD-EFGH-JKLM', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'];
      for (const secret of secrets) {
        await audit.record({ action: 'refused', actor: { kind: 'user', name: `anna ${secret}` }, method: 'POST', path: `/v1/sessions/${secret}?code=${secret}`, status: 401 });
      }
      const stored = JSON.stringify((await db.query('SELECT * FROM audit')).rows);
      for (const secret of secrets) expect(stored).not.toContain(secret);
      const page = await audit.page();
      expect(page.entries.every((entry) => entry.path === '/v1/sessions/[redacted]' && entry.actor === 'anna [redacted]')).toBe(true);
    });

    it('keeps paths to printable ASCII without a query, cut at 512 characters', async () => {
      await audit.record({ action: 'proxy', actor: null, path: '/3/customers/Åsa Öberg#frag', status: 200 });
      await audit.record({ action: 'proxy', actor: null, path: `/3/${'a'.repeat(1000)}`, status: 200 });
      await audit.record({ action: 'proxy', actor: null, path: 'not-a-path', status: 200 });
      const [notPath, long, unicode] = (await audit.page()).entries;
      expect(unicode?.path).toBe('/3/customers/%C3%85sa%20%C3%96berg');
      expect(long?.path).toHaveLength(512);
      expect(long?.path?.endsWith('…')).toBe(true);
      expect(notPath?.path).toBeNull();
    });

    it('stores hostile text as text: SQL metacharacters, NUL bytes and control characters', async () => {
      await audit.record({ action: 'sign_in', actor: { kind: 'user', name: "x'); DROP TABLE audit; --\u0000\u202e\n" }, companyName: "Robert'); DELETE FROM audit;--", tenantId: "1' OR '1'='1", method: "GET'", status: 99 });
      const [entry] = (await audit.page()).entries;
      expect(entry).toMatchObject({ actor: "x'); DROP TABLE audit; --", companyName: "Robert'); DELETE FROM audit;--", tenantId: null, method: null, status: null });
      await audit.record({ action: 'refused', actor: { kind: 'user', name: '\u0000\n' } });
      expect((await audit.page()).entries[0]).toMatchObject({ actorKind: null, actor: null });
    });

    it('refuses an action the contract does not list', async () => {
      await expect(audit.record({ action: 'drop' as never, actor: null })).rejects.toThrow(/Unknown audit action/);
    });

    it('pages newest first with a before cursor until the end', async () => {
      await insertMany(250);
      const first = await audit.page({ limit: 100 });
      expect(first.entries.map((entry) => entry.id).slice(0, 2)).toEqual([250, 249]);
      expect(first.next).toBe(151);
      const second = await audit.page({ limit: 100, before: first.next! });
      expect(second.entries[0]?.id).toBe(150);
      const third = await audit.page({ limit: 100, before: second.next! });
      expect(third.entries).toHaveLength(50);
      expect(third.next).toBeNull();
    });

    it('filters by company, in canonical form, and finds nothing for an id no company can have', async () => {
      await insertMany(10);
      const page = await audit.page({ tenantId: '007' });
      expect(page.entries.map((entry) => entry.tenantId)).toEqual(Array(5).fill('7'));
      expect(await audit.page({ tenantId: '0' })).toEqual({ entries: [], next: null });
    });

    it('exports every row as CSV with the same columns, newest first, across batches', async () => {
      await insertMany(CSV_BATCH_SIZE + 5);
      const text = await collect(audit.csv());
      const parsed = Papa.parse<string[]>(text.trimEnd(), { delimiter: ',', newline: '\r\n' });
      expect(parsed.data[0]).toEqual([...FIRM_AUDIT_CSV_COLUMNS]);
      expect(parsed.data).toHaveLength(CSV_BATCH_SIZE + 6);
      expect(parsed.data[1]).toEqual([String(CSV_BATCH_SIZE + 5), new Date(START + (CSV_BATCH_SIZE + 5) * 1000).toISOString(), 'proxy', 'key', 'Bokslutsverktyget', '7', '', 'GET', `/3/invoices/${CSV_BATCH_SIZE + 5}`, '200']);
      expect(parsed.data[parsed.data.length - 1]?.[0]).toBe('1');
      const onlyFive = await collect(audit.csv({ tenantId: '5' }, ';'));
      expect(onlyFive.split('\r\n').filter(Boolean)).toHaveLength(1 + Math.floor((CSV_BATCH_SIZE + 5) / 2));
      expect(onlyFive.startsWith('id;at;action;')).toBe(true);
    });

    it('defuses cells a spreadsheet would run as formulas', async () => {
      await audit.record({ action: 'connect', actor: { kind: 'user', name: '=HYPERLINK("http://x")' }, tenantId: '5', companyName: '+SUM(A1)', status: 200 });
      const text = await collect(audit.csv());
      const [, row] = Papa.parse<string[]>(text.trimEnd(), { delimiter: ',', newline: '\r\n' }).data;
      expect(row?.[4]).toBe('\'=HYPERLINK("http://x")');
      expect(row?.[6]).toBe("'+SUM(A1)");
    });

    it('deletes rows older than 90 days and keeps the rest', async () => {
      await insertMany(5_010, new Date(START - 100 * DAY));
      await insertMany(3, new Date(START - 89 * DAY));
      clock = START;
      expect(await audit.deleteExpired()).toBe(5_010);
      expect((await db.query('SELECT count(*)::int AS n FROM audit')).rows[0]).toEqual({ n: 3 });
    });
  });
});

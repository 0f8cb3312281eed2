import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { AuditEntry, AuditFilter } from '../../../../shared/audit-entry';
import { exportAuditCsv } from '../../../../main/local-api/audit-export';
import { AuditLog } from '../../../../main/local-api/audit-log';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { recordingSaveFile } from '../storage/recording-save-file';
import { useTempDirs } from '../storage/temp-dir';

const NOON = Date.UTC(2026, 2, 10, 12, 0, 0);

function entries(count: number): AuditEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    at: NOON - count + index,
    kind: 'proxy' as const,
    keyId: 'key_00000000000000aa',
    keyName: 'Power BI',
    tenantId: index % 2 === 0 ? '101' : '202',
    method: 'GET',
    path: '/3/invoices',
    status: 200,
    durationMs: 1,
    bytesIn: 0,
    bytesOut: 10,
    complete: true,
  }));
}

describe('audit CSV export', () => {
  const tempDir = useTempDirs();

  /** A real audit log holding `all`, whose queries are counted. */
  async function auditWith(all: AuditEntry[]) {
    const clock = new FakeClock(NOON);
    const log = new AuditLog({ dir: path.join(await tempDir(), 'audit'), now: clock.now, timers: clock.timers, log: recordingLogger().log });
    await log.start();
    for (const each of all) log.record(each);
    const queried: AuditFilter[] = [];
    return {
      queried,
      query: (filter: AuditFilter, limit: number, cursor?: string) => {
        queried.push(filter);
        return log.query(filter, limit, cursor);
      },
    };
  }

  it('exports every matching entry across pages, newest first, through the save-file port', async () => {
    const audit = await auditWith(entries(1_201));
    const save = recordingSaveFile();

    const result = await exportAuditCsv({ audit, save, companyName: () => 'Café Söder AB', now: () => NOON, language: 'en' }, { tenantId: '101' });

    expect(result).toEqual({ saved: true, rows: 601, truncated: false });
    const file = save.files[0];
    expect(file?.name).toBe('fortnox-connector-activity-101-2026-03-10.csv');
    const lines = (file?.text ?? '').split('\r\n');
    expect(lines[0]).toBe('\uFEFFtime,database_number,company,key_name,key_id,kind,method,path,status,error_code,duration_ms,bytes_in,bytes_out,complete,count');
    expect(lines).toHaveLength(1 + 601 + 1);
    expect(lines[1]?.startsWith(new Date(NOON - 1).toISOString())).toBe(true);
    expect(audit.queried.length).toBeGreaterThan(1);
    expect(audit.queried.every((filter) => filter.tenantId === '101')).toBe(true);
  });

  it('separates cells with semicolons when the app speaks Swedish (Swedish Excel splits a double-clicked file on them), keeping the BOM, quoting and escaping', async () => {
    const audit = await auditWith([{ ...entries(1)[0]!, keyName: '=SUMMA(A1;A2)', status: 403, errorCode: 'company_not_allowed' }]);
    const save = recordingSaveFile();

    await exportAuditCsv({ audit, save, companyName: () => 'Bygg; Måleri, AB', now: () => NOON, language: 'sv' }, {});

    expect((save.files[0]?.text ?? '').split('\r\n')).toEqual([
      '\uFEFFtime;database_number;company;key_name;key_id;kind;method;path;status;error_code;duration_ms;bytes_in;bytes_out;complete;count',
      `${new Date(NOON - 1).toISOString()};101;"Bygg; Måleri, AB";"'=SUMMA(A1;A2)";key_00000000000000aa;proxy;GET;/3/invoices;403;company_not_allowed;1;0;10;yes;1`,
      '',
    ]);
  });

  it('separates cells with commas when the app speaks English', async () => {
    const audit = await auditWith(entries(1));
    const save = recordingSaveFile();

    await exportAuditCsv({ audit, save, companyName: () => 'Bygg; Måleri, AB', now: () => NOON, language: 'en' }, {});

    expect((save.files[0]?.text ?? '').split('\r\n')).toEqual([
      '\uFEFFtime,database_number,company,key_name,key_id,kind,method,path,status,error_code,duration_ms,bytes_in,bytes_out,complete,count',
      `${new Date(NOON - 1).toISOString()},101,"Bygg; Måleri, AB",Power BI,key_00000000000000aa,proxy,GET,/3/invoices,200,,1,0,10,yes,1`,
      '',
    ]);
  });

  it('cuts an export at its row limit and says so', async () => {
    const audit = await auditWith(entries(30));
    const save = recordingSaveFile();

    const result = await exportAuditCsv({ audit, save, companyName: () => null, now: () => NOON, language: 'en', maxRows: 25 }, {});

    expect(result).toEqual({ saved: true, rows: 25, truncated: true });
    expect(save.files[0]?.text.split('\r\n')).toHaveLength(1 + 25 + 1);
  });

  it('writes nothing and reads no page when the user cancels the dialog', async () => {
    let queries = 0;
    const audit = {
      query: () => {
        queries += 1;
        return Promise.resolve({ entries: [], nextCursor: null, damaged: 0 });
      },
    };
    const save = recordingSaveFile({ cancel: true });

    expect(await exportAuditCsv({ audit, save, companyName: () => null, now: () => NOON, language: 'sv' }, {})).toEqual({ saved: false, rows: 0, truncated: false });
    expect(queries).toBe(0);
  });
});

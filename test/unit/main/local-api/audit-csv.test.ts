import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { auditCsv, csvField, csvSeparatorFor, defuseCsvCell } from '../../../../main/local-api/audit-csv';

const entry: AuditEntry = {
  at: Date.UTC(2026, 2, 10, 12, 0, 0),
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
};

describe('audit CSV', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('escapes a cell starting with %j with a leading apostrophe', (prefix) => {
    expect(defuseCsvCell(`${prefix}HYPERLINK("https://evil.example")`)).toBe(`'${prefix}HYPERLINK("https://evil.example")`);
  });

  it('leaves cells that start otherwise as they are', () => {
    for (const safe of ['Power BI', '/3/invoices', '101', "'quoted", ' =not first', 'a=b']) expect(defuseCsvCell(safe)).toBe(safe);
  });

  it("uses a semicolon for Swedish (Excel's list separator there) and a comma for English", () => {
    expect(csvSeparatorFor('sv')).toBe(';');
    expect(csvSeparatorFor('en')).toBe(',');
  });

  it('quotes a field holding a semicolon, so a Swedish file keeps its columns', () => {
    expect(csvField('Bygg; Måleri AB')).toBe('"Bygg; Måleri AB"');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvField('Bygg, Måleri & Co')).toBe('"Bygg, Måleri & Co"');
    expect(csvField('Säg "hej"')).toBe('"Säg ""hej"""');
    expect(csvField('två\nrader')).toBe('"två\nrader"');
    expect(csvField('=1+1,2')).toBe(`"'=1+1,2"`);
    expect(csvField('\r=cmd')).toBe(`"'\r=cmd"`);
  });

  it('writes a header and one CRLF-terminated row per entry, with the company name looked up and dangerous names defused', () => {
    const text = auditCsv(
      [entry, { ...entry, keyName: '=cmd|"/c calc"!A1', tenantId: null, keyId: null, status: 401, errorCode: 'unauthorized', complete: false }],
      (tenantId) => (tenantId === '101' ? '@Café, Söder AB' : undefined),
    );

    expect(text.split('\r\n')).toEqual([
      'time,database_number,company,key_name,key_id,kind,method,path,status,error_code,duration_ms,bytes_in,bytes_out,complete,count',
      `2026-03-10T12:00:00.000Z,101,"'@Café, Söder AB",Power BI,key_00000000000000aa,proxy,GET,/3/invoices,200,,12,0,2048,yes,1`,
      `2026-03-10T12:00:00.000Z,,,"'=cmd|""/c calc""!A1",,proxy,GET,/3/invoices,401,unauthorized,12,0,2048,no,1`,
      '',
    ]);
  });

  it('names a company no longer connected by the name its entry recorded, and puts the error code beside the status', () => {
    const text = auditCsv([{ ...entry, tenantId: '303', companyName: 'Gamla Bolaget AB', status: 429, errorCode: 'rate_limited' }], () => undefined, ';');

    expect(text.split('\r\n')[1]).toBe('2026-03-10T12:00:00.000Z;303;Gamla Bolaget AB;Power BI;key_00000000000000aa;proxy;GET;/3/invoices;429;rate_limited;12;0;2048;yes;1');
  });

  it("gives a minute's counted refusals their count, so the export adds up to the requests refused", () => {
    const counted = { ...entry, keyId: null, keyName: null, tenantId: null, status: 401, errorCode: 'unauthorized' as const, count: 250 };

    expect(auditCsv([counted], () => undefined).split('\r\n')[1]).toBe('2026-03-10T12:00:00.000Z,,,,,proxy,GET,/3/invoices,401,unauthorized,12,0,2048,yes,250');
  });
});

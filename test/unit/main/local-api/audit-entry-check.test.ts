import { describe, expect, it } from 'vitest';
import { AuditEntryCheck, MAX_REMEMBERED_AUDIT_SHAPES } from '../../../../main/local-api/audit-entry-check';
import { auditEntrySchema, type AuditEntry } from '../../../../shared/audit-entry';

const NOON = Date.UTC(2026, 2, 10, 12);

const valid: AuditEntry = {
  at: NOON,
  kind: 'token',
  keyId: 'key_0123456789abcdef',
  keyName: 'Power BI',
  tenantId: '101',
  companyName: 'Café Söder AB',
  method: 'POST',
  path: '/v1/companies/101/access-token',
  status: 200,
  durationMs: 3,
  bytesIn: 0,
  bytesOut: 619,
  complete: true,
};

/** Entries that differ from `valid` in one way each: numbers out of range or not whole, wrong types, extra or missing fields, unclean text. */
const variations: [string, unknown][] = [
  ['valid', valid],
  ['a later time and other sizes', { ...valid, at: NOON + 5, durationMs: 40, bytesOut: 12 }],
  ['a negative time', { ...valid, at: -1 }],
  ['a fractional duration', { ...valid, durationMs: 1.5 }],
  ['a status below 100', { ...valid, status: 99 }],
  ['a status above 599', { ...valid, status: 600 }],
  ['NaN bytes', { ...valid, bytesIn: Number.NaN }],
  ['infinite bytes', { ...valid, bytesOut: Number.POSITIVE_INFINITY }],
  ['bytes past the cap', { ...valid, bytesOut: 1024 ** 4 + 1 }],
  ['a status as text', { ...valid, status: '200' }],
  ['complete as text', { ...valid, complete: 'true' }],
  ['no complete', (({ complete: _complete, ...rest }) => rest)(valid)],
  ['no time', (({ at: _at, ...rest }) => rest)(valid)],
  ['no method', (({ method: _method, ...rest }) => rest)(valid)],
  ['an undeclared field', { ...valid, token: 'abc' }],
  ['an undeclared number', { ...valid, secret: 5 }],
  ['a query in the path', { ...valid, path: '/3/invoices?access_token=abc' }],
  ['a company name over two lines', { ...valid, companyName: 'Café\nSöder' }],
  ['an unknown error code', { ...valid, errorCode: 'token=abc' }],
  ['a known error code', { ...valid, status: 403, errorCode: 'company_not_allowed' }],
  ['a count', { ...valid, count: 3 }],
  ['a count of zero', { ...valid, count: 0 }],
  ['the company name left undefined', { ...valid, companyName: undefined }],
  ['a lower-case method', { ...valid, method: 'post' }],
  ['no key', { ...valid, keyId: null, keyName: null }],
  ['an array', [valid]],
  ['null', null],
];

describe('AuditEntryCheck', () => {
  it('accepts exactly what the schema accepts, on its first sight of an entry, after it has accepted the same text fields, and right after a valid entry', () => {
    const check = new AuditEntryCheck();
    for (const [, entry] of variations) check.check(entry);

    for (const [name, entry] of variations) {
      const schema = auditEntrySchema.safeParse(entry);
      const fresh = new AuditEntryCheck().check(entry);
      const warmed = check.check(entry);
      check.check(valid);
      const rightAfterValid = check.check(entry);
      expect([name, fresh !== undefined, warmed !== undefined, rightAfterValid !== undefined]).toEqual([name, schema.success, schema.success, schema.success]);
      if (schema.success) expect(warmed).toEqual(schema.data);
    }
  });

  it('still refuses out-of-range numbers, wrong types and undeclared fields with text fields it has accepted before', () => {
    const check = new AuditEntryCheck();
    expect(check.check(valid)).toEqual(valid);

    expect(check.check({ ...valid, status: 600 })).toBeUndefined();
    expect(check.check({ ...valid, durationMs: -1 })).toBeUndefined();
    expect(check.check({ ...valid, complete: 1 })).toBeUndefined();
    expect(check.check({ ...valid, extra: 'x' })).toBeUndefined();
    expect(check.check({ ...valid, at: NOON + 1 })).toEqual({ ...valid, at: NOON + 1 });
  });

  it(`remembers at most ${MAX_REMEMBERED_AUDIT_SHAPES} sets of text fields, and checks the forgotten ones with the schema again`, () => {
    const check = new AuditEntryCheck();
    for (let i = 0; i <= MAX_REMEMBERED_AUDIT_SHAPES; i += 1) expect(check.check({ ...valid, tenantId: String(1000 + i) })).toBeDefined();

    expect(check.check({ ...valid, tenantId: '1000', durationMs: -1 })).toBeUndefined();
    expect(check.check({ ...valid, tenantId: '1000' })).toBeDefined();
  });
});

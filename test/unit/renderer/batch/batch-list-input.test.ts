import { describe, expect, it } from 'vitest';
import { fileFits, readBatchList } from '../../../../renderer/src/batch/batch-list-input';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../../shared/client-import-limits';
import { batchStartSchema } from '../../../../shared/batch-contract';

describe('the batch list input', () => {
  it('turns a pasted list into canonical entries the batch contract accepts, with per-line problems', () => {
    const list = readBatchList('5566100011;Alfa Redovisning AB\n556610-0029\n556610-0028;Fel siffra AB');
    expect(list.kind).toBe('read');
    if (list.kind !== 'read') return;
    expect(list.entries).toEqual([{ orgNumber: '556610-0011', name: 'Alfa Redovisning AB' }, { orgNumber: '556610-0029' }]);
    expect(list.result.problems).toMatchObject([{ line: 3, reason: 'bad_check_digit' }]);
    expect(batchStartSchema.safeParse({ entries: list.entries, scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false }).success).toBe(true);
  });

  it('reads blank text as no list (connect whatever is picked in Fortnox)', () => {
    expect(readBatchList('  \n ')).toEqual({ kind: 'empty' });
  });

  it('refuses a file larger than an import may be before reading it', () => {
    expect(fileFits(CLIENT_IMPORT_MAX_BYTES)).toBe(true);
    expect(fileFits(CLIENT_IMPORT_MAX_BYTES + 1)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { fileFits, readBatchList } from '../../../../renderer/src/batch/batch-list-input';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../../shared/client-import-limits';
import { BATCH_ENTRIES_MAX, batchStartSchema } from '../../../../shared/batch-contract';
import { hasValidCheckDigit } from '../../../../shared/org-number';
import { BATCH_MESSAGES } from '../../../../renderer/src/i18n/batch-messages';

/** `count` pasted lines, each a different valid organisation number. */
function validLines(count: number): string {
  return Array.from({ length: count }, (_, index) => {
    const nine = `556${String(index).padStart(6, '0')}`;
    const check = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((digit) => hasValidCheckDigit(`${nine}${digit}`));
    return `${nine}${check}`;
  }).join('\n');
}

describe('the batch list input', () => {
  it('turns a pasted list into canonical entries the batch contract accepts, with per-line problems', () => {
    const list = readBatchList('5566100011;Alfa Redovisning AB\n556610-0029\n556610-0028;Fel siffra AB');
    expect(list.kind).toBe('read');
    if (list.kind !== 'read') return;
    expect(list.entries).toEqual([{ orgNumber: '556610-0011', name: 'Alfa Redovisning AB' }, { orgNumber: '556610-0029' }]);
    expect(list.result.problems).toMatchObject([{ line: 3, reason: 'bad_check_digit' }]);
    expect(batchStartSchema.safeParse({ entries: list.entries, scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false }).success).toBe(true);
  });

  it('takes a list of as many companies as one batch takes, and says a longer one is too many (with the count) before starting', () => {
    const atLimit = readBatchList(validLines(BATCH_ENTRIES_MAX));
    expect(atLimit.kind).toBe('read');
    if (atLimit.kind === 'read') expect(batchStartSchema.safeParse({ entries: atLimit.entries, scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false }).success).toBe(true);

    expect(readBatchList(validLines(BATCH_ENTRIES_MAX + 1))).toEqual({ kind: 'too-many', count: BATCH_ENTRIES_MAX + 1, max: BATCH_ENTRIES_MAX });
  });

  it('tells in Swedish and English how many companies the list has, the most one batch takes, and to split the list', () => {
    expect(BATCH_MESSAGES.sv.tooMany(1234, 1000)).toBe(
      'Listan har 1\u00a0234 företag, men en omgång tar högst 1\u00a0000 företag. Dela upp listan: anslut de första 1\u00a0000 nu och resten i nästa omgång.',
    );
    expect(BATCH_MESSAGES.en.tooMany(1234, 1000)).toBe(
      'The list has 1,234 companies, but a batch takes at most 1,000 companies. Split the list: connect the first 1,000 now and the rest in the next batch.',
    );
  });

  it('reads blank text as no list (connect whatever is picked in Fortnox)', () => {
    expect(readBatchList('  \n ')).toEqual({ kind: 'empty' });
  });

  it('refuses a file larger than an import may be before reading it', () => {
    expect(fileFits(CLIENT_IMPORT_MAX_BYTES)).toBe(true);
    expect(fileFits(CLIENT_IMPORT_MAX_BYTES + 1)).toBe(false);
  });
});

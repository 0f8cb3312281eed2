import { describe, expect, it } from 'vitest';
import { ORG_NUMBER_ERRORS } from '../../../../shared/org-number';
import type { ClientImportFailure, ClientLineReason } from '../../../../shared/client-import';
import { LANGUAGES } from '../../../../renderer/src/i18n/language';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const REASONS: Exclude<ClientLineReason, 'duplicate'>[] = [...ORG_NUMBER_ERRORS, 'unclosed_quote'];
const FAILURES: ClientImportFailure[] = ['empty', 'too_large', 'too_many_rows'];

describe('client import messages', () => {
  it('explain every reason a line is refused, and every reason a list is refused, in Swedish and English', () => {
    for (const language of LANGUAGES) {
      const texts = MESSAGES[language].clients.import;
      for (const reason of REASONS) expect(texts.reasons[reason].trim(), `${language} ${reason}`).not.toBe('');
      for (const failure of FAILURES) expect(texts.failures[failure].trim(), `${language} ${failure}`).not.toBe('');
      expect(new Set(REASONS.map((reason) => texts.reasons[reason])).size).toBe(REASONS.length);
    }
  });

  it('name the line, the number as written and the reason of a problem', () => {
    const problem = { line: 4, reason: 'bad_check_digit', value: '556677-8898' } as const;
    expect(MESSAGES.sv.clients.import.problem(problem)).toBe(
      'Rad 4: 556677-8898 – kontrollsiffran stämmer inte; en siffra är fel eller två har bytt plats.',
    );
    expect(MESSAGES.en.clients.import.problem(problem)).toBe(
      'Line 4: 556677-8898 – the check digit does not match; a digit is wrong or two have swapped places.',
    );
  });

  it('name the first line of a repeated number, and leave out an empty number', () => {
    expect(MESSAGES.sv.clients.import.problem({ line: 9, reason: 'duplicate', value: '5566778899', firstLine: 2 })).toBe(
      'Rad 9: 5566778899 – finns redan på rad 2.',
    );
    expect(MESSAGES.en.clients.import.problem({ line: 1200, reason: 'empty', value: '' })).toBe('Line 1,200: the organisation number is missing.');
  });

  it('give the row limit in the too-many-rows message', () => {
    expect(MESSAGES.sv.clients.import.failures.too_many_rows).toContain('5\u00a0000');
    expect(MESSAGES.en.clients.import.failures.too_many_rows).toContain('5,000');
  });
});

import { describe, expect, it } from 'vitest';
import { copyDiagnosticsText } from '../../../../renderer/src/common/use-copy-diagnostics';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

describe('copyDiagnosticsText', () => {
  it('uses one set of texts, in Settings and in the error view alike', () => {
    expect(copyDiagnosticsText('copied', MESSAGES.sv)).toEqual({ text: 'Kopierat', className: 'tone-ok' });
    expect(copyDiagnosticsText('copy-failed', MESSAGES.en).text).toBe('The diagnostics could not be copied. Try again.');
  });

  it('says the app did not respond when the call to main failed, not that copying failed', () => {
    expect(copyDiagnosticsText('no-response', MESSAGES.sv)).toEqual({ text: 'Appen svarade inte. Försök igen.', className: 'tone-problem' });
  });
});

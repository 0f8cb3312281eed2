import { describe, expect, it } from 'vitest';
import { FIRM_API_ERROR_CODES, type FirmApiErrorCode } from '../../../../shared/firm-api';
import { FIRM_CODE_DESK_PROBLEMS, FIRM_CODE_ISSUES, FIRM_CODE_SIGN_IN_PROBLEMS } from '../../../../shared/firm-problems';
import { FIRM_DESK_MESSAGES } from '../../../../renderer/src/i18n/firm-desk-messages';
import { FIRM_MESSAGES } from '../../../../renderer/src/i18n/firm-messages';
import { LANGUAGES } from '../../../../renderer/src/i18n/language';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

/*
 * Issue 10 item 5: every error code the firm server can answer (shared/firm-api.ts) reaches the
 * desktop with a text of its own in Swedish and English, wherever it arrives: the company list's
 * actions, the Tools and Activity views, and signing in. A refusal by the firm server is never
 * explained with a Fortnox text. (main/firm maps with the same tables: firm-problems.test.ts.)
 */

/** Codes by which the firm server reports Fortnox (these keep Fortnox's own texts). */
const ABOUT_FORTNOX: readonly FirmApiErrorCode[] = ['company_needs_reconnect', 'fortnox_unavailable', 'rate_limited', 'response_too_large', 'code_rejected'];
const FIRM_SERVER = { sv: /byråns server/i, en: /firm's server/i };

describe('the firm server’s error codes in the desktop’s texts', () => {
  it.each(FIRM_API_ERROR_CODES.map((code) => [code]))('%s has a text in sv and en in the company list, the Tools and Activity views and sign-in', (code) => {
    for (const language of LANGUAGES) {
      const issueText = MESSAGES[language].issues[FIRM_CODE_ISSUES[code]];
      const deskText = FIRM_DESK_MESSAGES[language].problems[FIRM_CODE_DESK_PROBLEMS[code]];
      const signInText = FIRM_MESSAGES[language].problems[FIRM_CODE_SIGN_IN_PROBLEMS[code]];
      for (const text of [issueText, deskText, signInText]) expect(typeof text === 'string' && text.length > 20, `${code} in ${language}`).toBe(true);
      // The firm server's own refusals name it: never Fortnox's texts.
      if (!ABOUT_FORTNOX.includes(code)) expect(issueText).toMatch(FIRM_SERVER[language]);
      expect(issueText).not.toBe(MESSAGES[language].issues.oauth_error);
      expect(issueText).not.toBe(MESSAGES[language].issues.unauthorized);
    }
  });

  it('explains server_key_missing as given, and key_scope_required as neither it nor a generic server error', () => {
    expect(MESSAGES.sv.issues[FIRM_CODE_ISSUES.server_key_missing]).toBe('Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.');
    expect(MESSAGES.en.issues[FIRM_CODE_ISSUES.server_key_missing]).toBe("Your firm's server cannot read its keys right now. Contact IT.");
    expect(FIRM_DESK_MESSAGES.sv.problems[FIRM_CODE_DESK_PROBLEMS.server_key_missing]).toBe('Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.');
    expect(FIRM_DESK_MESSAGES.en.problems[FIRM_CODE_DESK_PROBLEMS.server_key_missing]).toBe("Your firm's server cannot read its keys right now. Contact IT.");
    expect(FIRM_MESSAGES.sv.problems[FIRM_CODE_SIGN_IN_PROBLEMS.server_key_missing]).toBe('Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.');
    expect(FIRM_MESSAGES.en.problems[FIRM_CODE_SIGN_IN_PROBLEMS.server_key_missing]).toBe("Your firm's server cannot read its keys right now. Contact IT.");
    for (const language of LANGUAGES) {
      const scope = MESSAGES[language].issues[FIRM_CODE_ISSUES.key_scope_required];
      expect(scope).not.toBe(MESSAGES[language].issues.firm_server_error);
      expect(scope).not.toBe(MESSAGES[language].issues[FIRM_CODE_ISSUES.server_key_missing]);
      expect(FIRM_DESK_MESSAGES[language].problems[FIRM_CODE_DESK_PROBLEMS.key_scope_required]).not.toBe(FIRM_DESK_MESSAGES[language].problems.server_error);
    }
  });
});

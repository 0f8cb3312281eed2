import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskProblemOf } from '../../../../main/firm/firm-desk-handlers';
import { FirmConnections, issueOf } from '../../../../main/firm/firm-connections';
import { FirmApiError, FirmServerClient } from '../../../../main/firm/firm-server-client';
import { FIRM_CODE_SIGN_IN_PROBLEMS } from '../../../../main/firm/firm-problems';
import { FIRM_API_ERROR_CODES, type FirmApiErrorCode } from '../../../../shared/firm-api';
import { FIRM_DESK_MESSAGES } from '../../../../renderer/src/i18n/firm-desk-messages';
import { FIRM_MESSAGES } from '../../../../renderer/src/i18n/firm-messages';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/*
 * Issue 10 item 5: every error code the firm server can answer (shared/firm-api.ts) reaches the
 * desktop with a text of its own in Swedish and English, wherever it arrives: the company list's
 * actions, the Tools and Activity views, and signing in. A refusal by the firm server is never
 * explained with a Fortnox text or a generic "something went wrong".
 */

const LANGUAGES = ['sv', 'en'] as const;
/** Codes by which the firm server reports Fortnox (these keep Fortnox's own texts). */
const ABOUT_FORTNOX: readonly FirmApiErrorCode[] = ['company_needs_reconnect', 'fortnox_unavailable', 'rate_limited', 'response_too_large', 'code_rejected'];
const FIRM_SERVER = { sv: /byråns server/i, en: /firm's server/i };

const refusal = (code: FirmApiErrorCode, status = 400) => new FirmApiError(status, code, null);

describe('the firm server’s error codes on the desktop', () => {
  it.each(FIRM_API_ERROR_CODES.map((code) => [code]))('%s has a text of its own in sv and en in the company list, the Tools and Activity views and sign-in', (code) => {
    const issue = issueOf(refusal(code));
    const desk = deskProblemOf(refusal(code));
    const signIn = FIRM_CODE_SIGN_IN_PROBLEMS[code];
    for (const language of LANGUAGES) {
      const issueText = MESSAGES[language].issues[issue];
      const deskText = FIRM_DESK_MESSAGES[language].problems[desk];
      const signInText = FIRM_MESSAGES[language].problems[signIn];
      for (const text of [issueText, deskText, signInText]) expect(typeof text === 'string' && text.length > 20, `${code} in ${language}`).toBe(true);
      // The firm server's own refusals name it; they are never Fortnox's texts.
      if (!ABOUT_FORTNOX.includes(code)) expect(issueText).toMatch(FIRM_SERVER[language]);
      expect(issueText).not.toBe(MESSAGES[language].issues.oauth_error);
      expect(issueText).not.toBe(MESSAGES[language].issues.unauthorized);
    }
  });

  it('explains server_key_missing and key_scope_required specifically everywhere, not as a generic server error', () => {
    const keyMissing = refusal('server_key_missing', 503);
    expect(MESSAGES.sv.issues[issueOf(keyMissing)]).toBe('Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.');
    expect(MESSAGES.en.issues[issueOf(keyMissing)]).toBe("Your firm's server cannot read its keys right now. Contact IT.");
    expect(FIRM_DESK_MESSAGES.sv.problems[deskProblemOf(keyMissing)]).toBe('Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.');
    expect(FIRM_MESSAGES.en.problems[FIRM_CODE_SIGN_IN_PROBLEMS.server_key_missing]).toBe("Your firm's server cannot read its keys right now. Contact IT.");
    const scope = refusal('key_scope_required', 403);
    for (const language of LANGUAGES) {
      expect(MESSAGES[language].issues[issueOf(scope)]).not.toBe(MESSAGES[language].issues.firm_server_error);
      expect(FIRM_DESK_MESSAGES[language].problems[deskProblemOf(scope)]).not.toBe(FIRM_DESK_MESSAGES[language].problems.server_error);
      expect(MESSAGES[language].issues[issueOf(scope)]).not.toBe(MESSAGES[language].issues[issueOf(keyMissing)]);
    }
    // The one special case kept: a 409 on the key routes is the server's key limit.
    expect(deskProblemOf(refusal('invalid_request', 409))).toBe('too_many_keys');
  });
});

describe('a replica without its keys, through the firm server client', { timeout: 20_000 }, () => {
  let fake: FakeFirmServer;
  beforeEach(async () => {
    fake = await startFakeFirmServer({
      fortnox: { clientId: 'firm-fortnox-client', authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth', redirectUris: ['http://127.0.0.1:51234/callback'] },
      companies: [firmCompany('1001', 'Bageriet AB')],
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('answers a test and a disconnect with firm_server_key_missing and keeps the company listed', async () => {
    const session = `fxs_${'A'.repeat(43)}`;
    fake.sessions.set(session, { user: firmUser(), expiresAt: Date.now() + 60 * 60 * 1000 });
    const log = recordingLogger().log;
    const client = new FirmServerClient({ baseUrl: fake.url, fetcher: (url, init) => fetch(url, init), session: () => session, onSessionRefused: () => undefined, log });
    const firm = new FirmConnections({ client: () => client, now: new FakeClock().now, log, publish: () => undefined });
    await firm.refresh();
    fake.failNext('POST /v1/firm/companies/1001/test', 503, 'server_key_missing');
    expect(await firm.test('1001')).toMatchObject({ ok: false, issue: 'firm_server_key_missing' });
    fake.failNext('DELETE /v1/firm/companies/1001', 503, 'server_key_missing');
    expect(await firm.disconnect('1001')).toEqual({ removed: false, revoked: false, issue: 'firm_server_key_missing' });
    expect(firm.company('1001')).toBeDefined();
  });
});

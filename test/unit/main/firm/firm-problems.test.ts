import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskProblemOf } from '../../../../main/firm/firm-desk-handlers';
import { FirmConnections, issueOf } from '../../../../main/firm/firm-connections';
import { FirmApiError, FirmServerClient } from '../../../../main/firm/firm-server-client';
import { FIRM_API_ERROR_CODES } from '../../../../shared/firm-api';
import { FIRM_CODE_DESK_PROBLEMS, FIRM_CODE_ISSUES } from '../../../../shared/firm-problems';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/*
 * Issue 10 item 5: main explains each firm server error code with the problem the shared tables
 * give it (whose sv and en texts test/unit/renderer/i18n/firm-error-texts.test.ts checks), and a
 * replica without its keys reaches the company list as exactly that, not a generic server error.
 */

describe('main’s mapping of the firm server’s error codes', () => {
  it('gives every code its own table entry in the company list and the Tools and Activity views', () => {
    for (const code of FIRM_API_ERROR_CODES) {
      expect(issueOf(new FirmApiError(400, code, null)), code).toBe(FIRM_CODE_ISSUES[code]);
      expect(deskProblemOf(new FirmApiError(400, code, null)), code).toBe(FIRM_CODE_DESK_PROBLEMS[code]);
    }
    expect(issueOf(new FirmApiError(503, 'server_key_missing', null))).toBe('firm_server_key_missing');
    expect(deskProblemOf(new FirmApiError(503, 'server_key_missing', null))).toBe('server_key_missing');
    expect(issueOf(new FirmApiError(403, 'key_scope_required', null))).toBe('firm_key_scope_required');
    // The one special case kept: a 409 on the key routes is the server's key limit.
    expect(deskProblemOf(new FirmApiError(409, 'invalid_request', null))).toBe('too_many_keys');
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

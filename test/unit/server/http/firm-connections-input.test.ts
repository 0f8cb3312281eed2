import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { FIRM_TABLES, useMigratedPglite } from '../auth/migrated-databases';
import { FIRM_ROUTE_PATHS } from '../../../../server/http/firm-routes';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { firmScript } from '../tokens/tokens-test-kit';
import { bearer, connectionsApp, forwarded } from './firm-connections-kit';
import { errorCodeOf } from './server-harness';

/** Bad input on every connection route (issue 10 item 8): refused with the contract's codes, never a 500, nothing stored, nothing secret let out. */

const db = useMigratedPglite({ emptyBeforeEach: FIRM_TABLES });

const startSimulator = trackSimulators();
const DAY = 24 * 60 * 60_000;

async function setUp() {
  const simulator = await startSimulator(firmScript([]));
  const built = await connectionsApp({ db, simulator });
  const session = await built.sessionFor('bo@byran.se');
  const answers: LightMyRequestResponse[] = [];
  const call = async (options: InjectOptions) => {
    const answer = await built.app.inject(options);
    answers.push(answer);
    expect(answer.statusCode, `${options.method} ${options.url}: ${answer.body}`).toBeLessThan(500);
    return answer;
  };
  return { ...built, simulator, session, answers, call };
}

/** Every connection route, with a harmless valid body where one is read. */
const ROUTES: Array<{ method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: Record<string, unknown> }> = [
  { method: 'GET', url: '/v1/firm/fortnox' },
  { method: 'GET', url: '/v1/firm/companies' },
  { method: 'GET', url: '/v1/firm/events' },
  { method: 'POST', url: '/v1/authorizations', payload: { code: 'abc', redirectUri: 'http://127.0.0.1:1/cb', requestedScopes: ['invoice'], offlineAccess: true, accountType: 'user' } },
  { method: 'POST', url: '/v1/firm/companies/101/test' },
  { method: 'DELETE', url: '/v1/firm/companies/101' },
];

async function companiesTableIntact(): Promise<void> {
  expect((await db.query(`SELECT to_regclass('public.companies') IS NOT NULL AS present`)).rows).toEqual([{ present: true }]);
}

describe('the connection routes without a valid session', () => {
  it('answer session_required to none, a malformed, an unknown, a key, an expired and a revoked session, and to two Authorization headers', async () => {
    const built = await setUp();
    const key = await built.newKey({ companies: 'all', right: 'token' });
    const revoked = await built.sessionFor('cia@byran.se');
    expect((await built.call({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(revoked) })).statusCode).toBe(204);
    const expired = await built.sessionFor('dan@byran.se');
    const credentials: Array<Record<string, string | string[]>> = [
      {},
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      bearer(`fxs_${'A'.repeat(43)}`),
      bearer(`fxs_${'A'.repeat(42)}'`),
      bearer(key),
      bearer(revoked),
      { authorization: [`Bearer ${built.session}`, `Bearer ${built.session}`] },
    ];
    const refusedAll = async (list: Array<Record<string, string | string[]>>) => {
      for (const headers of list) {
        for (const route of ROUTES) {
          const answer = await built.call({ ...route, headers });
          expect(answer.statusCode, `${route.method} ${route.url}`).toBe(401);
          expect(errorCodeOf(answer.body)).toBe('session_required');
          expect(answer.headers['www-authenticate']).toBe('Bearer');
        }
      }
    };
    await refusedAll(credentials);
    built.clock.advance(15 * DAY);
    await refusedAll([bearer(expired)]);
    expect(built.simulator.tokenRequests()).toEqual([]);
  });
});

describe('POST /v1/authorizations with bad input', () => {
  it('refuses wrong types, missing and unknown fields before Fortnox sees anything', async () => {
    const built = await setUp();
    const good = { code: 'abc', redirectUri: built.simulator.appCallbackUrl, requestedScopes: ['invoice'], offlineAccess: true, accountType: 'user' };
    const bodies: unknown[] = [
      { ...good, code: 123 },
      { ...good, code: '' },
      { ...good, code: 'a b' },
      { ...good, code: 'abc\u0000def' },
      { ...good, code: 'å' },
      { ...good, code: 'x'.repeat(2001) },
      { ...good, code: null },
      { ...good, redirectUri: 'not a url' },
      { ...good, redirectUri: 5 },
      { ...good, redirectUri: `${built.simulator.appCallbackUrl}\u0000` },
      { ...good, requestedScopes: [] },
      { ...good, requestedScopes: ['bogus'] },
      { ...good, requestedScopes: 'invoice' },
      { ...good, requestedScopes: ["invoice'; DROP TABLE companies; --"] },
      { ...good, requestedScopes: Array.from({ length: 200 }, () => 'invoice') },
      { ...good, offlineAccess: 'true' },
      { ...good, accountType: 'admin' },
      { ...good, clientSecret: 'x' },
      { ...good, tenantId: '101' },
      { code: 'abc' },
      [good],
      'abc',
      null,
    ];
    for (const payload of bodies) {
      const answer = await built.call({ method: 'POST', url: '/v1/authorizations', headers: { ...bearer(built.session), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect(answer.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(errorCodeOf(answer.body), JSON.stringify(payload).slice(0, 120)).toBe('invalid_request');
    }
    const notJson = await built.call({ method: 'POST', url: '/v1/authorizations', headers: { ...bearer(built.session), 'content-type': 'application/json' }, payload: '{"code":' });
    expect(errorCodeOf(notJson.body)).toBe('invalid_request');
    const text = await built.call({ method: 'POST', url: '/v1/authorizations', headers: { ...bearer(built.session), 'content-type': 'text/plain' }, payload: JSON.stringify(good) });
    expect(text.statusCode).toBe(415);
    expect(errorCodeOf(text.body)).toBe('unsupported_media_type');
    const large = await built.call({ method: 'POST', url: '/v1/authorizations', headers: bearer(built.session), payload: { ...good, code: 'a'.repeat(17 * 1024) } });
    expect(large.statusCode).toBe(413);
    expect(errorCodeOf(large.body)).toBe('body_too_large');
    expect(built.simulator.tokenRequests()).toEqual([]);
  });

  it('passes SQL metacharacters in the code to Fortnox as a value (refused there), and refuses them in a redirect URI', async () => {
    const built = await setUp();
    const good = { redirectUri: built.simulator.appCallbackUrl, requestedScopes: ['invoice'], offlineAccess: true, accountType: 'user' };
    for (const code of ["x');DROP/**/TABLE/**/companies;--", '";DELETE/**/FROM/**/company_tokens;--', '$1::text', "\\'||pg_sleep(10)||'"]) {
      const answer = await built.call({ method: 'POST', url: '/v1/authorizations', headers: bearer(built.session), payload: { ...good, code } });
      expect(answer.statusCode, code).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('code_rejected');
    }
    const sqlRedirect = await built.call({
      method: 'POST',
      url: '/v1/authorizations',
      headers: bearer(built.session),
      payload: { ...good, code: 'abc', redirectUri: `${built.simulator.appCallbackUrl}?q=';DROP/**/TABLE/**/companies;--` },
    });
    expect(errorCodeOf(sqlRedirect.body)).toBe('redirect_uri_not_allowed');
    await companiesTableIntact();
    expect((await db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
  });
});

describe('the company routes with bad tenant ids and bodies', () => {
  it('refuse every id that is not a database number, answer company_not_found for one not connected, and never reach the database with the rest', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    const ids: Array<[string, string]> = [
      ["101'%3B%20DROP%20TABLE%20companies%3B--", 'invalid_request'],
      ['101%00', 'invalid_request'],
      ['%00', 'invalid_request'],
      ['1%20OR%201%3D1', 'invalid_request'],
      ['-1', 'invalid_request'],
      ['1e3', 'invalid_request'],
      ['1'.repeat(21), 'invalid_request'],
      ['%F0%9F%98%80', 'invalid_request'],
      ['0', 'company_not_found'],
      ['0101', 'company_not_found'],
      ['102', 'company_not_found'],
      ['9'.repeat(20), 'company_not_found'],
    ];
    for (const [id, code] of ids) {
      for (const route of [
        { method: 'POST' as const, url: `/v1/firm/companies/${id}/test` },
        { method: 'DELETE' as const, url: `/v1/firm/companies/${id}` },
      ]) {
        const answer = await built.call({ ...route, headers: bearer(built.session) });
        expect(errorCodeOf(answer.body), `${route.method} ${route.url}`).toBe(code);
      }
    }
    // A path that tries to climb out lands on no route.
    expect((await built.call({ method: 'DELETE', url: '/v1/firm/companies/101/..%2F..%2Fsessions%2Fcurrent', headers: bearer(built.session) })).statusCode).toBe(404);
    await companiesTableIntact();
    expect((await db.query('SELECT tenant_id FROM companies')).rows).toEqual([{ tenant_id: '101' }]);
    expect(built.simulator.revocations()).toEqual([]);
  });

  it('refuse a body on test and disconnect, and an oversized one before reading it', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    for (const route of [
      { method: 'POST' as const, url: '/v1/firm/companies/101/test' },
      { method: 'DELETE' as const, url: '/v1/firm/companies/101' },
    ]) {
      const withBody = await built.call({ ...route, headers: bearer(built.session), payload: { tenantId: '102' } });
      expect(errorCodeOf(withBody.body)).toBe('invalid_request');
      const large = await built.call({ ...route, headers: bearer(built.session), payload: { pad: 'a'.repeat(17 * 1024) } });
      expect(errorCodeOf(large.body)).toBe('body_too_large');
    }
    expect((await db.query('SELECT tenant_id FROM companies')).rows).toEqual([{ tenant_id: '101' }]);
  });
});

describe('a full run of the connection routes', () => {
  it('lets no code, token, session or secret into any answer, log line, reported failure or audit row', async () => {
    const built = await setUp();
    const { call, session } = built;
    const admin = await built.sessionFor('anna@byran.se', 'admin');
    expect((await built.authorize(session)).statusCode).toBe(200);
    expect((await built.authorize(admin)).statusCode).toBe(200);
    await call({ method: 'GET', url: '/v1/firm/fortnox', headers: bearer(session) });
    await call({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) });
    await call({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(session) });
    const tool = forwarded(session, { name: 'Rapportverktyget', companies: 'all', right: 'token' });
    await call({ method: 'POST', url: '/v1/companies/101/access-token', headers: tool });
    await call({ method: 'GET', url: '/v1/companies/101/fortnox/3/invoices', headers: tool });
    await call({ method: 'POST', url: '/v1/authorizations', headers: bearer(session), payload: { code: 'used-or-made-up', redirectUri: built.simulator.appCallbackUrl, requestedScopes: ['invoice'], offlineAccess: true, accountType: 'user' } });
    await call({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(admin) });
    await built.connections.connections.revocationsSettled();
    const secrets = [...built.simulator.issuedSecrets(), session, admin, 'test-secret'];
    expect(secrets.length).toBeGreaterThan(8);
    // The token answer hands its access token to the tool, by design: only that one answer.
    const tokenAnswer = built.answers.find((answer) => answer.raw.req.url === '/v1/companies/101/access-token');
    expect(tokenAnswer).toBeDefined();
    const handed = (JSON.parse(tokenAnswer?.body ?? '{}') as { accessToken?: string }).accessToken;
    const parts = {
      answers: built.answers.filter((answer) => answer !== tokenAnswer).map((answer) => answer.body + JSON.stringify(answer.headers)).join('\n'),
      log: built.logger.text(),
      failures: built.failures.join('\n'),
      audit: JSON.stringify((await db.query('SELECT * FROM audit')).rows),
      companies: JSON.stringify((await db.query('SELECT * FROM companies')).rows),
    };
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(parts)) expect(text.includes(secret), `a secret of ${secret.length} characters in ${where}`).toBe(false);
    }
    expect(handed).toBeTruthy();
  });
});

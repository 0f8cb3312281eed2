import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FIRM_TABLES, useMigratedPglite } from '../auth/migrated-databases';
import { EncryptionKey, KeyRing } from '../../../../server/crypto/sealer';
import { authorizationResponseSchema, firmCompaniesSchema, firmDisconnectResponseSchema, firmFortnoxClientSchema, firmTestResponseSchema } from '../../../../shared/firm-api';
import { toolAuditSettled } from '../../../../server/http/server-state';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { expireAccessToken, firmScript } from '../tokens/tokens-test-kit';
import { uncertainCommitChecks } from './firm-connections-commit';
import { bearer, connectionsApp, forwarded } from './firm-connections-kit';
import type { SessionToolRight } from '../../../../server/auth/session-tool-right';
import { errorCodeOf } from './server-harness';

const db = useMigratedPglite({ emptyBeforeEach: FIRM_TABLES });

const startSimulator = trackSimulators();

async function setUp(sessionToolRight?: SessionToolRight) {
  const simulator = await startSimulator(firmScript([]));
  const built = await connectionsApp({ db, simulator, ...(sessionToolRight !== undefined ? { sessionToolRight } : {}) });
  const session = await built.sessionFor('bo@byran.se');
  return { simulator, ...built, session };
}

async function auditRows() {
  const { rows } = await db.query<{ action: string; actor: string | null; tenant_id: string | null; company_name: string | null; method: string | null; path: string | null; status: number | null }>(
    `SELECT action, actor, tenant_id, company_name, method, path, status FROM audit WHERE action NOT IN ('sign_in', 'pairing_code_created') ORDER BY id`,
  );
  return rows;
}

/** The refresh token stored for the tenant, opened (to compare with what the simulator saw). */
async function storedRefreshToken(built: Awaited<ReturnType<typeof setUp>>, tenantId: string): Promise<string | null> {
  const read = await built.rows.readPair(db, tenantId);
  if (read.kind !== 'found') throw new Error(`no pair for ${tenantId}`);
  return read.pair.refreshToken;
}

describe('GET /v1/firm/fortnox', () => {
  it("tells the desktop the client id, Fortnox's sign-in address and the redirect URIs, never the secret", async () => {
    const { app, session, simulator } = await setUp();
    const answer = await app.inject({ method: 'GET', url: '/v1/firm/fortnox', headers: bearer(session) });
    expect(answer.statusCode).toBe(200);
    expect(firmFortnoxClientSchema.parse(answer.json())).toEqual({ clientId: 'test-client', authorizeUrl: simulator.authorizeUrl, redirectUris: [simulator.appCallbackUrl] });
    expect(answer.body).not.toContain('test-secret');
  });
});

describe('POST /v1/authorizations', () => {
  it('exchanges the code at Fortnox, stores the company and its encrypted pair, lists it and audits the accountant', async () => {
    const built = await setUp();
    const { app, session, simulator } = built;
    const before = firmCompaniesSchema.parse((await app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) })).json());
    expect(before.companies).toEqual([]);

    const answer = await built.authorize(session);
    expect(answer.statusCode, answer.body).toBe(200);
    const { company, reconnected } = authorizationResponseSchema.parse(answer.json());
    expect(reconnected).toBe(false);
    expect(company).toMatchObject({
      tenantId: '101',
      companyName: 'Ettans Bokföring AB',
      organizationNumber: '556101-0101',
      accountType: 'user',
      requestedScopes: ['companyinformation', 'invoice'],
      grantedScopes: ['companyinformation', 'invoice'],
      offlineAccess: true,
      status: 'active',
      statusIssue: null,
      lastRefreshedAt: null,
      lastTest: { ok: true, issue: null, companyName: 'Ettans Bokföring AB' },
    });
    expect(company.refreshTokenExpiresAt).toBe(company.connectedAt + 45 * 24 * 60 * 60_000);

    const listed = firmCompaniesSchema.parse((await app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) })).json());
    expect(listed.companies).toEqual([company]);
    expect(listed.version).toBeGreaterThan(before.version);

    // The pair is at rest encrypted: no column holds a token the simulator issued.
    const stored = JSON.stringify((await db.query('SELECT * FROM company_tokens')).rows);
    for (const secret of simulator.issuedSecrets()) expect(stored).not.toContain(secret);
    expect(await auditRows()).toEqual([
      { action: 'connect', actor: 'bo@byran.se', tenant_id: '101', company_name: 'Ettans Bokföring AB', method: 'POST', path: '/v1/authorizations', status: 200 },
    ]);
  });

  it('connects without offline access as access-only, and its disconnect has nothing to revoke', async () => {
    const built = await setUp();
    const answer = await built.app.inject({
      method: 'POST',
      url: '/v1/authorizations',
      headers: bearer(built.session),
      payload: { code: await built.code('single', { access_type: undefined }), redirectUri: built.simulator.appCallbackUrl, requestedScopes: ['companyinformation'], offlineAccess: false, accountType: 'user' },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const { company } = authorizationResponseSchema.parse(answer.json());
    expect(company).toMatchObject({ status: 'access_only', offlineAccess: false, refreshTokenExpiresAt: null });
    const gone = await built.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(built.session) });
    expect(firmDisconnectResponseSchema.parse(gone.json())).toEqual({ revoked: true });
    expect(built.simulator.revocations()).toEqual([]);
  });

  it('treats the same company again as a reconnect: the new pair replaces the old, whose refresh token is revoked at Fortnox', async () => {
    const built = await setUp();
    const { app, session, simulator } = built;
    expect((await built.authorize(session)).statusCode).toBe(200);
    const first = await storedRefreshToken(built, '101');
    const other = await built.sessionFor('cia@byran.se');
    const again = await built.authorize(other, { requestedScopes: ['companyinformation'] });
    expect(again.statusCode, again.body).toBe(200);
    const { company, reconnected } = authorizationResponseSchema.parse(again.json());
    expect(reconnected).toBe(true);
    expect(company.requestedScopes).toEqual(['companyinformation']);
    await built.connections.connections.revocationsSettled();
    const second = await storedRefreshToken(built, '101');
    expect(second).not.toBe(first);
    expect(simulator.revocations().map(({ token, revoked, tenantId }) => ({ token, revoked, tenantId }))).toEqual([{ token: first, revoked: true, tenantId: 101 }]);
    // One company, with the newer pair working.
    const listed = firmCompaniesSchema.parse((await app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) })).json());
    expect(listed.companies.map((listedCompany) => listedCompany.tenantId)).toEqual(['101']);
    expect((await built.tokens.accessToken('101')).accessToken).toBeTruthy();
    expect((await auditRows()).map((row) => [row.action, row.actor])).toEqual([
      ['connect', 'bo@byran.se'],
      ['reconnect', 'cia@byran.se'],
    ]);
  });

  it('refuses a redirect URI the server does not exchange codes for, before Fortnox sees the code', async () => {
    const built = await setUp();
    const requestsBefore = built.simulator.tokenRequests().length;
    for (const redirectUri of ['https://app.example/callback?source=fortnox', `${built.simulator.appCallbackUrl}/other`, 'http://127.0.0.1:1/app-callback']) {
      const answer = await built.authorize(built.session, { redirectUri });
      expect(answer.statusCode).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('redirect_uri_not_allowed');
    }
    expect(built.simulator.tokenRequests()).toHaveLength(requestsBefore);
    expect((await db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
    expect((await auditRows()).map((row) => [row.action, row.actor, row.status])).toEqual([
      ['refused', 'bo@byran.se', 400],
      ['refused', 'bo@byran.se', 400],
      ['refused', 'bo@byran.se', 400],
    ]);
  });

  it('answers code_rejected for a code Fortnox refuses (made up, or used already) and stores nothing', async () => {
    const built = await setUp();
    const made = await built.authorize(built.session, { code: 'not-a-code-Fortnox-issued' });
    expect(made.statusCode).toBe(400);
    expect(errorCodeOf(made.body)).toBe('code_rejected');
    const code = await built.code();
    const payload = { code, redirectUri: built.simulator.appCallbackUrl, requestedScopes: ['invoice'], offlineAccess: true, accountType: 'user' };
    expect((await built.app.inject({ method: 'POST', url: '/v1/authorizations', headers: bearer(built.session), payload })).statusCode).toBe(200);
    await db.query('TRUNCATE companies CASCADE');
    const reused = await built.app.inject({ method: 'POST', url: '/v1/authorizations', headers: bearer(built.session), payload });
    expect(errorCodeOf(reused.body)).toBe('code_rejected');
    expect((await db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
  });
});

describe('POST /v1/firm/companies/:tenantId/test', () => {
  it("reads company information with the company's token and records the outcome, a failure too", async () => {
    const built = await setUp();
    const { app, session, simulator } = built;
    expect((await built.authorize(session)).statusCode).toBe(200);
    built.clock.advance(60_000);
    const passed = await app.inject({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(session) });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(firmTestResponseSchema.parse(passed.json()).company.lastTest).toEqual({ at: built.clock.now(), ok: true, issue: null, companyName: 'Ettans Bokföring AB' });

    // The customer removed the integration in Fortnox, and the access token has run out.
    simulator.revokeConsent(101);
    await expireAccessToken(db, '101');
    built.clock.advance(60_000);
    const failed = await app.inject({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(session) });
    expect(failed.statusCode).toBe(200);
    const { company } = firmTestResponseSchema.parse(failed.json());
    expect(company.lastTest).toEqual({ at: built.clock.now(), ok: false, issue: 'invalid_grant', companyName: null });
    expect(company.status).toBe('needs_reconnect');
    expect((await auditRows()).map((row) => [row.action, row.tenant_id, row.path])).toEqual([
      ['connect', '101', '/v1/authorizations'],
      ['test', '101', '/v1/firm/companies/101/test'],
      ['test', '101', '/v1/firm/companies/101/test'],
    ]);
  });

  it('answers company_not_found for a company that is not connected', async () => {
    const { app, session } = await setUp();
    const answer = await app.inject({ method: 'POST', url: '/v1/firm/companies/999/test', headers: bearer(session) });
    expect(answer.statusCode).toBe(404);
    expect(errorCodeOf(answer.body)).toBe('company_not_found');
  });
});

describe('DELETE /v1/firm/companies/:tenantId', () => {
  it('revokes the newest refresh token at Fortnox and deletes the company and its pair', async () => {
    const built = await setUp();
    const { app, session, simulator } = built;
    expect((await built.authorize(session)).statusCode).toBe(200);
    // A refresh has rotated the pair: the disconnect must revoke the newest refresh token, not the first.
    await expireAccessToken(db, '101');
    await built.tokens.accessToken('101');
    const newest = await storedRefreshToken(built, '101');
    const gone = await app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(session) });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(firmDisconnectResponseSchema.parse(gone.json())).toEqual({ revoked: true });
    expect(simulator.revocations().map(({ token, revoked }) => ({ token, revoked }))).toEqual([{ token: newest, revoked: true }]);
    expect((await db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM company_tokens')).rowCount).toBe(0);
    const again = await app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(session) });
    expect(again.statusCode).toBe(404);
    expect(errorCodeOf(again.body)).toBe('company_not_found');
    expect((await auditRows()).map((row) => [row.action, row.actor, row.company_name])).toEqual([
      ['connect', 'bo@byran.se', 'Ettans Bokföring AB'],
      ['disconnect', 'bo@byran.se', 'Ettans Bokföring AB'],
    ]);
  });

  it('removes the company even when Fortnox cannot be told, and says so', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    built.simulator.injectFault({ route: 'revoke', kind: 'html500' });
    const gone = await built.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(built.session) });
    expect(firmDisconnectResponseSchema.parse(gone.json())).toEqual({ revoked: false });
    expect((await db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
  });
});

describe('a replica whose encryption key is wrong', () => {
  it('answers 503 server_key_missing to test and disconnect, and leaves the company, its pair and its grant as they were', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    // Another replica over the same database, its key under the same id mistyped.
    const wrong = await connectionsApp({ db, simulator: built.simulator, sealer: new KeyRing(new EncryptionKey('test-key', randomBytes(32))) });
    const session = await wrong.sessionFor('cia@byran.se');
    const tested = await wrong.app.inject({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(session) });
    expect(tested.statusCode).toBe(503);
    expect(errorCodeOf(tested.body)).toBe('server_key_missing');
    const gone = await wrong.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(session) });
    expect(gone.statusCode).toBe(503);
    expect(errorCodeOf(gone.body)).toBe('server_key_missing');
    await wrong.connections.connections.revocationsSettled();
    expect(built.simulator.revocations()).toEqual([]);
    const { rows } = await db.query<{ status: string }>(`SELECT status FROM companies WHERE tenant_id = '101'`);
    expect(rows).toEqual([{ status: 'active' }]);
    // The right key still works.
    await expect(built.tokens.accessToken('101')).resolves.toMatchObject({ accessToken: expect.any(String) });
  });
});

describe('the tool routes under an accountant session', () => {
  it('hand out tokens and proxy calls within the forwarding local key, refuse a bare session, and audit the user with the local key, a key with its name', async () => {
    const built = await setUp();
    const { app, session, simulator } = built;
    expect((await built.authorize(session)).statusCode).toBe(200);
    const tool = forwarded(session, { name: 'Lokala rapporten', companies: 'all', right: 'token' });
    const listed = await app.inject({ method: 'GET', url: '/v1/companies', headers: tool });
    expect((listed.json() as { companies: Array<{ databaseNumber: string }> }).companies.map((company) => company.databaseNumber)).toEqual(['101']);
    const token = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: tool });
    expect(token.statusCode, token.body).toBe(200);
    const proxied = await app.inject({ method: 'GET', url: '/v1/companies/101/fortnox/3/companyinformation?secret-looking=1', headers: tool });
    expect(proxied.statusCode, proxied.body).toBe(200);
    // A session alone is not a key for everything.
    const bare = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: bearer(session) });
    expect(bare.statusCode).toBe(403);
    expect(errorCodeOf(bare.body)).toBe('key_scope_required');
    const key = await built.newKey({ name: 'Bokslutsverktyget', companies: ['101'], right: 'read' });
    expect((await app.inject({ method: 'GET', url: '/v1/companies/101/fortnox/3/invoices', headers: bearer(key) })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: bearer(key) });
    expect(errorCodeOf(refused.body)).toBe('right_not_granted');
    expect((await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: bearer('fxc_notakeynotakeynotakeynotakeynotake') })).statusCode).toBe(401);
    await toolAuditSettled(app);
    const actor = 'bo@byran.se (declared local key: Lokala rapporten)';
    expect((await auditRows()).slice(1)).toEqual([
      { action: 'token', actor, tenant_id: '101', company_name: 'Ettans Bokföring AB', method: 'POST', path: '/v1/companies/101/access-token', status: 200 },
      { action: 'proxy', actor, tenant_id: '101', company_name: 'Ettans Bokföring AB', method: 'GET', path: '/3/companyinformation', status: 200 },
      { action: 'refused', actor: 'bo@byran.se', tenant_id: '101', company_name: null, method: 'POST', path: '/v1/companies/101/access-token', status: 403 },
      { action: 'proxy', actor: 'Bokslutsverktyget', tenant_id: '101', company_name: 'Ettans Bokföring AB', method: 'GET', path: '/3/invoices', status: 200 },
      { action: 'refused', actor: 'Bokslutsverktyget', tenant_id: '101', company_name: null, method: 'POST', path: '/v1/companies/101/access-token', status: 403 },
      { action: 'refused', actor: null, tenant_id: '101', company_name: null, method: 'POST', path: '/v1/companies/101/access-token', status: 401 },
    ]);
    const everything = JSON.stringify((await db.query('SELECT * FROM audit')).rows) + built.logger.text() + built.failures.join('\n');
    for (const secret of [...simulator.issuedSecrets(), session, key]) expect(everything).not.toContain(secret);
  });
});

describe('SESSION_TOOL_RIGHT: the server\'s ceiling for a forwarded session, whatever scope the desktop declares', () => {
  // The widest scope a client can write: the header is not a credential, so only the ceiling bounds it.
  const widest = { name: 'Påstådd nyckel', companies: 'all', right: 'token' } as const;

  /** What a session declaring the widest scope gets under `ceiling`: listing, a raw token, a proxied read, a proxied write. */
  async function outcomes(ceiling: SessionToolRight | undefined) {
    const built = await setUp(ceiling);
    const { app, session } = built;
    expect((await built.authorize(session)).statusCode).toBe(200);
    const headers = forwarded(session, widest);
    const answer = async (method: 'GET' | 'POST', url: string) => {
      const reply = await app.inject({ method, url, headers, ...(method === 'POST' && url.includes('/fortnox/') ? { payload: { Customer: { Name: 'Ny kund' } } } : {}) });
      // The server's own refusal by its code; anything else (Fortnox's answer, passed on) by its status.
      return (reply.statusCode >= 400 ? errorCodeOf(reply.body) : undefined) ?? reply.statusCode;
    };
    const result = {
      list: await answer('GET', '/v1/companies'),
      token: await answer('POST', '/v1/companies/101/access-token'),
      read: await answer('GET', '/v1/companies/101/fortnox/3/companyinformation'),
      write: await answer('POST', '/v1/companies/101/fortnox/3/customers'),
    };
    await toolAuditSettled(app);
    return { result, rows: await auditRows(), built };
  }

  it('token (the default): the declared scope alone limits the session', async () => {
    const { result } = await outcomes(undefined);
    expect(result.list).toBe(200);
    expect(result.token).toBe(200);
    expect(result.read).toBe(200);
    expect(typeof result.write).toBe('number');
    const explicit = await outcomes('token');
    expect(explicit.result).toEqual(result);
  });

  it('read-write: no raw access token, every proxied call', async () => {
    const { result } = await outcomes('read-write');
    expect(result).toMatchObject({ list: 200, token: 'right_not_granted', read: 200 });
    expect(typeof result.write).toBe('number');
  });

  it('read: proxied reads only, a declared token right notwithstanding', async () => {
    const { result, rows } = await outcomes('read');
    expect(result).toEqual({ list: 200, token: 'right_not_granted', read: 200, write: 'right_not_granted' });
    expect(rows.filter((row) => row.action === 'refused').map((row) => [row.method, row.path, row.status])).toEqual([
      ['POST', '/v1/companies/101/access-token', 403],
      ['POST', '/3/customers', 403],
    ]);
    expect(rows.find((row) => row.action === 'proxy')?.actor).toBe('bo@byran.se (declared local key: Påstådd nyckel)');
  });

  it('none: forwarding is off firm-wide, every tool route refuses the session (audited), integration keys still work', async () => {
    const { result, rows, built } = await outcomes('none');
    expect(result).toEqual({ list: 'right_not_granted', token: 'right_not_granted', read: 'right_not_granted', write: 'right_not_granted' });
    // Refused before any key record exists, yet each row names the session's user.
    expect(rows.filter((row) => row.action === 'refused').map((row) => [row.method, row.status, row.actor])).toEqual([
      ['GET', 403, 'bo@byran.se'],
      ['POST', 403, 'bo@byran.se'],
      ['GET', 403, 'bo@byran.se'],
      ['POST', 403, 'bo@byran.se'],
    ]);
    expect(rows.some((row) => row.action === 'token' || row.action === 'proxy')).toBe(false);
    const key = await built.newKey({ name: 'Bokslutsverktyget', companies: ['101'], right: 'token' });
    expect((await built.app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: bearer(key) })).statusCode).toBe(200);
  });
});

describe('connect and disconnect when the connection is lost around COMMIT (PGlite)', () => {
  uncertainCommitChecks(() => db, startSimulator);
});

import { encodeKeyScope, KEY_SCOPE_HEADER } from '../../../../main/local-api/key-scope';
import { describe, expect, it } from 'vitest';
import { useMigratedPglite } from '../auth/migrated-databases';
import { bearer, forwarded, pairedFirmApp } from './firm-connections-kit';
import { createdIntegrationKeySchema, meResponseSchema } from '../../../../shared/firm-api';
import { FIRM_ROUTE_PATHS } from '../../../../server/http/firm-routes';
import { toolAuditSettled } from '../../../../server/http/server-state';
import { errorCodeOf } from './server-harness';

const db = useMigratedPglite({ emptyBeforeEach: 'users, sessions, pairing_codes, audit, integration_keys' });

/** The whole firm server app with the accountant routes and the integration keys over PGlite. */
const firmApp = () => pairedFirmApp(db, { email: 'first@byran.se', role: 'admin', deviceName: 'server room' });

describe('the accountant routes in the firm server app', () => {
  it('take a session, not an integration key, and answer with the app headers', async () => {
    const { app, session } = await firmApp();
    const me = await app.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) });
    expect(me.statusCode).toBe(200);
    expect(meResponseSchema.parse(me.json()).user.email).toBe('first@byran.se');
    expect(me.headers['cache-control']).toContain('no-store');
    expect((await app.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.signIn })).statusCode).toBe(200);
  });

  it('refuse an integration key as a session; the tool routes refuse a bare session, take one with a local key scope (the intersection), and refuse an ended one', async () => {
    const { app, session, newKey } = await firmApp();
    const toolKey = await newKey({ companies: ['101'] });
    const asSession = await app.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(toolKey) });
    expect(errorCodeOf(asSession.body)).toBe('session_required');
    const bare = await app.inject({ method: 'GET', url: '/v1/companies', headers: bearer(session) });
    expect(bare.statusCode).toBe(403);
    expect(errorCodeOf(bare.body)).toBe('key_scope_required');
    const listed = async (headers: Record<string, string | string[]>) => {
      const answer = await app.inject({ method: 'GET', url: '/v1/companies', headers });
      expect(answer.statusCode, answer.body).toBe(200);
      return (answer.json() as { companies: Array<{ databaseNumber: string }> }).companies.map((company) => company.databaseNumber);
    };
    expect(await listed(forwarded(session, { name: 'Allt', companies: 'all', right: 'read' }))).toEqual(['101', '202']);
    expect(await listed(forwarded(session, { name: 'Bara 202', companies: ['202', '999'], right: 'read' }))).toEqual(['202']);
    // The scope narrows the right too: a read-only local key gets no token through the session.
    const readOnly = forwarded(session, { name: 'Läsare', companies: ['101'], right: 'read' });
    expect(errorCodeOf((await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: readOnly })).body)).toBe('right_not_granted');
    const otherCompany = forwarded(session, { name: 'Bara 202', companies: ['202'], right: 'token' });
    expect(errorCodeOf((await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: otherCompany })).body)).toBe('company_not_allowed');
    // A scope that is not one, or two of them, is refused before anything else.
    for (const scope of ['not-base64url!', Buffer.from('{"name":"x","companies":"all","right":"admin"}').toString('base64url'), 'a'.repeat(9000)]) {
      const answer = await app.inject({ method: 'GET', url: '/v1/companies', headers: { ...bearer(session), [KEY_SCOPE_HEADER]: scope } });
      expect(errorCodeOf(answer.body), scope.slice(0, 20)).toBe('invalid_request');
    }
    const twice = await app.inject({ method: 'GET', url: '/v1/companies', headers: { ...bearer(session), [KEY_SCOPE_HEADER]: [encodeKeyScope({ name: 'a', companies: ['101'], right: 'read' }), encodeKeyScope({ name: 'b', companies: 'all', right: 'token' })] } });
    expect(errorCodeOf(twice.body)).toBe('invalid_request');
    expect((await app.inject({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(session) })).statusCode).toBe(204);
    const ended = await app.inject({ method: 'GET', url: '/v1/companies', headers: forwarded(session, { name: 'Allt', companies: 'all', right: 'read' }) });
    expect(ended.statusCode).toBe(401);
    expect(errorCodeOf(ended.body)).toBe('unauthorized');
  });

  it('let an admin create an integration key a tool then uses, and revoke it on every route at once', async () => {
    const { app, session } = await firmApp();
    const created = await app.inject({
      method: 'POST',
      url: FIRM_ROUTE_PATHS.integrationKeys,
      headers: bearer(session),
      payload: { name: 'Bokslut', companies: ['101'], right: 'read', lifetimeDays: 30 },
    });
    expect(created.statusCode, created.body).toBe(200);
    const { key, record } = createdIntegrationKeySchema.parse(created.json());
    const companies = await app.inject({ method: 'GET', url: '/v1/companies', headers: bearer(key) });
    expect(companies.statusCode).toBe(200);
    expect((companies.json() as { companies: Array<{ databaseNumber: string }> }).companies.map((company) => company.databaseNumber)).toEqual(['101']);
    expect((await app.inject({ method: 'DELETE', url: `/v1/admin/integration-keys/${record.id}`, headers: bearer(session) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/companies', headers: bearer(key) })).statusCode).toBe(401);
    await toolAuditSettled(app);
    const { rows } = await db.query<{ action: string; actor: string | null }>('SELECT action, actor FROM audit ORDER BY id');
    expect(rows).toEqual([
      // The first admin's code, made on the command line (pairedFirmApp), then redeemed.
      { action: 'pairing_code_created', actor: 'cli' },
      { action: 'sign_in', actor: 'first@byran.se' },
      { action: 'key_created', actor: 'first@byran.se' },
      { action: 'key_revoked', actor: 'first@byran.se' },
      // The revoked key's call: a refusal, by nobody recognised.
      { action: 'refused', actor: null },
    ]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('refuse web pages on the accountant routes as on every other', async () => {
    const { app, session } = await firmApp();
    for (const url of [FIRM_ROUTE_PATHS.me, FIRM_ROUTE_PATHS.signIn]) {
      const answer = await app.inject({ method: 'GET', url, headers: { ...bearer(session), origin: 'https://evil.example' } });
      expect(errorCodeOf(answer.body)).toBe('browser_request_refused');
    }
    const pairing = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, headers: { 'sec-fetch-site': 'cross-site' }, payload: { code: 'AAAA-BBBB-CCCC', deviceName: 'x' } });
    expect(errorCodeOf(pairing.body)).toBe('browser_request_refused');
  });
});

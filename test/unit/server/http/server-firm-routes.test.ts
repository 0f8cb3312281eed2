import { randomBytes } from 'node:crypto';
import { encodeKeyScope, KEY_SCOPE_HEADER } from '../../../../main/local-api/key-scope';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createdIntegrationKeySchema, meResponseSchema, sessionResponseSchema } from '../../../../shared/firm-api';
import { createFirmAuth } from '../../../../server/auth/firm-auth';
import { issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import type { Database } from '../../../../server/db/database';
import { FIRM_ROUTE_PATHS } from '../../../../server/http/firm-routes';
import { toolAuditSettled } from '../../../../server/http/server-state';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { FakeClock } from '../../main/fake-timers';
import { openMigratedPglite } from '../auth/migrated-databases';
import { buildApp, errorCodeOf } from './server-harness';

let db: Database;
beforeAll(async () => {
  db = await openMigratedPglite();
}, 60_000);
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.query('TRUNCATE users, sessions, pairing_codes, audit, integration_keys CASCADE');
});

const random = (size: number) => randomBytes(size);

/** The whole firm server app with the accountant routes and the integration keys over PGlite. */
async function firmApp() {
  const clock = new FakeClock(Date.now());
  const keys = new IntegrationKeys({ db, random, now: clock.now });
  const auth = createFirmAuth(db, { oidc: null, desktopClient: null }, { now: clock.now, random });
  const built = await buildApp({
    clock,
    keys,
    firm: { sessions: auth.sessions, verifier: auth.verifier, signInOptions: auth.signInOptions, pairingCodes: auth.pairingCodes, keys, audit: auth.audit, throttle: auth.throttle },
  });
  const { code } = await issuePairingCodeFromCli(db, { email: 'first@byran.se', role: 'admin' }, { now: clock.now, random });
  const paired = await built.app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code, deviceName: 'server room' } });
  expect(paired.statusCode, paired.body).toBe(200);
  return { ...built, keys, session: sessionResponseSchema.parse(paired.json()).session };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const forwarded = (session: string, scope: Parameters<typeof encodeKeyScope>[0]) => ({ ...bearer(session), [KEY_SCOPE_HEADER]: encodeKeyScope(scope) });

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

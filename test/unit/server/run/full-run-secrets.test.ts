import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationResponseSchema,
  createdIntegrationKeySchema,
  pairingCodeResponseSchema,
  revokedSessionsResponseSchema,
  sessionResponseSchema,
} from '../../../../shared/firm-api';
import { accessTokenResponseSchema } from '../../../../shared/local-api-schemas';
import { canaryAad, CLIENT_SECRET_AAD, tokenAad } from '../../../../server/crypto/column-aad';
import { encodeKeyScope, KEY_SCOPE_HEADER } from '../../../../main/local-api/key-scope';
import type { Database } from '../../../../server/db/database';
import { loadServerConfig } from '../../../../server/config';
import { startFirmServer, type RunningFirmServer } from '../../../../server/start-server';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { defaultDemoScript, SIMULATOR_ORIGIN_PLACEHOLDER } from '../../../../simulator/simulator-script';
import { startTestIdentityProvider, TEST_API_AUDIENCE, TEST_SIGNING_KID, type TestIdentityProvider } from '../../../support/test-identity-provider';
import { obtainCode } from '../../simulator/token-test-kit';

/*
 * Issue 10 item 8: "No token, key or secret in any log line, audit row or response of a full run."
 * The real server (startFirmServer from its configuration: PGlite, migrations, the key ring from
 * ENCRYPTION_KEY, the Fortnox client from FORTNOX_CLIENT_SECRET sealed into the database, OIDC
 * sign-in at a real test provider, /metrics behind METRICS_TOKEN) against a Fortnox simulator,
 * through a whole run: an admin signs in with the identity provider (an access token with a
 * verified address) and pairs accountants; an accountant connects a company (the code is handed
 * over), an admin makes an integration key, a tool takes access tokens and makes proxied calls with
 * it, and through the accountant's session forwarded with a local key's scope (X-Connector-Key-Scope,
 * as the desktop does in firm mode), the server refreshes (its clock moved past the access token's
 * renewal time, and a token Fortnox rejects with 401), bad keys, sessions (a bare session on a tool
 * route among them), ID tokens and scrape tokens are refused, the key is revoked, the company
 * disconnected, an admin ends an accountant's sessions. Every secret of the run is collected and
 * looked for in every log line, every column of every table (the sealed columns, key canaries
 * included, must be ciphertext that opens under the key), and every answer's status line, headers
 * and body, except where the answer's purpose is to hand that exact value to its owner.
 */

/** A place a secret must not be: what it is called in a failure, its text, and the secrets it may carry by purpose. */
interface Place {
  where: string;
  text: string;
  mayHold?: ReadonlySet<string>;
}

/** A secret found where it must not be. */
interface Leak {
  where: string;
  secret: string;
}

/** Every (place, secret) pair where the secret stands in the place's text and the place may not hold it. */
function findLeaks(places: readonly Place[], secrets: ReadonlyMap<string, string>): Leak[] {
  const leaks: Leak[] = [];
  for (const place of places) {
    for (const [secret, kind] of secrets) {
      if (place.mayHold?.has(secret)) continue;
      if (place.text.includes(secret)) leaks.push({ where: place.where, secret: kind });
    }
  }
  return leaks;
}

/** The columns that hold sealed (AES-256-GCM) values, as `table.column`. */
const SEALED_COLUMNS = new Set(['fortnox_client.secret_ciphertext', 'company_tokens.access_ciphertext', 'company_tokens.refresh_ciphertext', 'key_canaries.ciphertext']);

/** A cell as text a reader of the table would see: bytes as hex, and as UTF-8 and Latin-1 in case they are text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    return [bytes.toString('hex'), bytes.toString('utf8'), bytes.toString('latin1')].join('\n');
  }
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every table of the public schema, every row and column, as places; sealed columns apart, with their bytes. */
async function tablePlaces(db: Database): Promise<{ places: Place[]; sealed: { where: string; row: Record<string, unknown>; column: string; bytes: Buffer }[]; tables: string[] }> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const places: Place[] = [];
  const sealed: { where: string; row: Record<string, unknown>; column: string; bytes: Buffer }[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM "${table}"`);
    rows.forEach((row, index) => {
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}[${index}].${column}`;
        if (SEALED_COLUMNS.has(`${table}.${column}`) && value instanceof Uint8Array) sealed.push({ where, row, column, bytes: Buffer.from(value) });
        else places.push({ where, text: cellText(value) });
      }
    });
    // Each row as PostgreSQL prints it, too (arrays, json and timestamps in their own text form;
    // sealed columns print as hex digits, where no secret of this run can stand by chance).
    const { rows: printed } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t`);
    printed.forEach(({ row }, index) => places.push({ where: `${table}[${index}] as text`, text: row }));
  }
  return { places, sealed, tables: tables.map((entry) => entry.table_name) };
}

/** One answer the clients received, with the secrets its purpose is to hand over. */
interface Answer {
  what: string;
  status: number;
  headers: string;
  body: string;
  mayHold: Set<string>;
}

describe('a full run of the firm server', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'firm-full-run-'));
  let simulator: FortnoxSimulator;
  let idp: TestIdentityProvider;
  let server: RunningFirmServer | undefined;
  /** The server's clock: real time plus what the test moved it on. */
  let offsetMs = 0;
  const logLines: string[] = [];
  const answers: Answer[] = [];
  /** Every secret of the run, by value, with its kind for failure messages (never the value itself). */
  const secrets = new Map<string, string>();
  const clientSecret = `full-run-secret-${randomBytes(24).toString('base64url')}`;
  const keyBytes = randomBytes(32);
  const encryptionKey = `fullrun-1:${keyBytes.toString('base64')}`;

  beforeAll(async () => {
    const script = defaultDemoScript();
    script.clients = [{ clientId: 'full-run-client', clientSecret, redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`], enabledScopes: ['companyinformation', 'invoice'], allowServiceAccount: true }];
    [simulator, idp] = await Promise.all([startFortnoxSimulator(script), startTestIdentityProvider()]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all([simulator?.close(), idp?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  /** A call to the server; the answer is kept, with the secrets it may hand over. */
  async function call(what: string, method: string, route: string, options: { bearer?: string; keyScope?: string; body?: unknown; mayHold?: (text: string) => string[] } = {}) {
    if (!server) throw new Error('not started');
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: {
        ...(options.bearer !== undefined ? { authorization: `Bearer ${options.bearer}` } : {}),
        ...(options.keyScope !== undefined ? { [KEY_SCOPE_HEADER]: options.keyScope } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const body = await response.text();
    const headers = [`${response.status} ${response.statusText}`, ...[...response.headers].map(([name, value]) => `${name}: ${value}`)].join('\n');
    const answer: Answer = { what: `${what} (${method} ${route.replace(/fxc_\w+|fxs_[\w-]+/g, '…')})`, status: response.status, headers, body, mayHold: new Set(options.mayHold?.(body) ?? []) };
    answers.push(answer);
    return answer;
  }

  const secret = (value: string, kind: string) => {
    expect(value.length, kind).toBeGreaterThanOrEqual(12);
    secrets.set(value, kind);
    return value;
  };

  it('leaves no code, token, key, session, pairing code, client secret or encryption key in a log line, a table or an answer', async () => {
    secret(clientSecret, 'the Fortnox client secret');
    secret(encryptionKey, 'the encryption key as configured');
    secret(keyBytes.toString('base64'), 'the encryption key (base64)');
    secret(keyBytes.toString('base64url'), 'the encryption key (base64url)');
    secret(keyBytes.toString('hex'), 'the encryption key (hex)');
    const metricsToken = secret(randomBytes(32).toString('hex'), 'the metrics scrape token');

    const config = loadServerConfig({
      DATA_DIR: path.join(folder, 'data'),
      PORT: '0',
      LOG_LEVEL: 'trace',
      ENCRYPTION_KEY: encryptionKey,
      FORTNOX_CLIENT_ID: 'full-run-client',
      FORTNOX_CLIENT_SECRET: clientSecret,
      FORTNOX_USE_SIMULATOR: '1',
      FORTNOX_AUTH_URL: `${simulator.origin}/oauth-v1/`,
      FORTNOX_API_URL: simulator.apiBaseUrl,
      FORTNOX_REDIRECT_URIS: simulator.appCallbackUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: TEST_API_AUDIENCE,
      OIDC_ADMIN_EMAILS: 'anna@byran.se',
      METRICS_TOKEN: metricsToken,
    });
    server = await startFirmServer({
      config,
      now: () => Date.now() + offsetMs,
      backgroundRefresh: false,
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
    const db = server.database;

    // An admin signs in with the identity provider and pairs an accountant.
    const idpToken = secret(await idp.issueAccessToken({ email: 'anna@byran.se', email_verified: true }), 'an identity provider access token');
    const adminSignIn = await call('admin sign-in', 'POST', '/v1/sessions/oidc', { bearer: idpToken, mayHold: (body) => [sessionResponseSchema.parse(JSON.parse(body)).session] });
    expect(adminSignIn.status, adminSignIn.body).toBe(200);
    const admin = secret(sessionResponseSchema.parse(JSON.parse(adminSignIn.body)).session, 'the admin session');
    const codeAnswer = await call('pairing code', 'POST', '/v1/admin/pairing-codes', {
      bearer: admin,
      body: { email: 'bo@byran.se', name: 'Bo', role: 'accountant' },
      mayHold: (body) => [pairingCodeResponseSchema.parse(JSON.parse(body)).code],
    });
    expect(codeAnswer.status, codeAnswer.body).toBe(200);
    const pairingCode = secret(pairingCodeResponseSchema.parse(JSON.parse(codeAnswer.body)).code, 'a pairing code');
    const paired = await call('pairing sign-in', 'POST', '/v1/sessions/pairing', { body: { code: pairingCode, deviceName: 'Bos laptop' }, mayHold: (body) => [sessionResponseSchema.parse(JSON.parse(body)).session] });
    expect(paired.status, paired.body).toBe(200);
    const accountant = secret(sessionResponseSchema.parse(JSON.parse(paired.body)).session, 'the accountant session');
    expect((await call('pairing code again', 'POST', '/v1/sessions/pairing', { body: { code: pairingCode, deviceName: 'again' } })).status).toBe(401);
    // A second accountant, whose sessions an admin ends at the end of the run.
    const secondCodeAnswer = await call('second pairing code', 'POST', '/v1/admin/pairing-codes', {
      bearer: admin,
      body: { email: 'cia@byran.se', name: 'Cia', role: 'accountant' },
      mayHold: (body) => [pairingCodeResponseSchema.parse(JSON.parse(body)).code],
    });
    expect(secondCodeAnswer.status, secondCodeAnswer.body).toBe(200);
    const secondPairingCode = secret(pairingCodeResponseSchema.parse(JSON.parse(secondCodeAnswer.body)).code, 'a second pairing code');
    const secondPaired = await call('second pairing sign-in', 'POST', '/v1/sessions/pairing', {
      body: { code: secondPairingCode, deviceName: 'Cias laptop' },
      mayHold: (body) => [sessionResponseSchema.parse(JSON.parse(body)).session],
    });
    expect(secondPaired.status, secondPaired.body).toBe(200);
    const { session: secondAccountant, user: secondUser } = sessionResponseSchema.parse(JSON.parse(secondPaired.body));
    secret(secondAccountant, 'the second accountant session');

    // The accountant connects a company: the code goes to the server, which exchanges it.
    const fortnoxCode = await obtainCode(simulator, {
      username: 'bo',
      password: 'demo',
      params: { client_id: 'full-run-client', redirect_uri: simulator.appCallbackUrl, scope: 'companyinformation invoice', access_type: 'offline', state: 'state-1' },
    });
    const connected = await call('connect', 'POST', '/v1/authorizations', {
      bearer: accountant,
      body: { code: fortnoxCode, redirectUri: simulator.appCallbackUrl, requestedScopes: ['companyinformation', 'invoice'], offlineAccess: true, accountType: 'user' },
    });
    expect(connected.status, connected.body).toBe(200);
    const tenantId = authorizationResponseSchema.parse(JSON.parse(connected.body)).company.tenantId;
    expect((await call('companies', 'GET', '/v1/firm/companies', { bearer: accountant })).status).toBe(200);

    // An admin makes an integration key; a tool takes tokens and makes proxied calls with it.
    const created = await call('create key', 'POST', '/v1/admin/integration-keys', {
      bearer: admin,
      body: { name: 'Lönesystemet', companies: 'all', right: 'token', lifetimeDays: 30 },
      mayHold: (body) => [createdIntegrationKeySchema.parse(JSON.parse(body)).key],
    });
    expect(created.status, created.body).toBe(200);
    const { key: toolKey, record } = createdIntegrationKeySchema.parse(JSON.parse(created.body));
    secret(toolKey, 'the integration key');
    expect((await call('key list', 'GET', '/v1/admin/integration-keys', { bearer: admin })).status).toBe(200);
    const handedTokens: string[] = [];
    const tokenFor = async (what: string) => {
      const answer = await call(what, 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: toolKey, mayHold: (body) => [accessTokenResponseSchema.parse(JSON.parse(body)).accessToken] });
      expect(answer.status, answer.body).toBe(200);
      const token = accessTokenResponseSchema.parse(JSON.parse(answer.body)).accessToken;
      handedTokens.push(token);
      return token;
    };
    const first = await tokenFor('access token');
    expect((await call('tool companies', 'GET', '/v1/companies', { bearer: toolKey })).status).toBe(200);
    const proxied = await call('proxied call', 'GET', `/v1/companies/${tenantId}/fortnox/3/companyinformation`, { bearer: toolKey });
    expect(proxied.status, proxied.body).toBe(200);
    expect((await call('proxied list', 'GET', `/v1/companies/${tenantId}/fortnox/3/invoices?limit=5`, { bearer: toolKey })).status).toBe(200);
    // The accountant's session forwarded by the desktop with its local key's scope (not secret: a name, companies, a right).
    const keyScope = encodeKeyScope({ name: 'Bokslutsverktyget', companies: [tenantId], right: 'token' });
    const forwardedToken = await call('access token through a forwarded session', 'POST', `/v1/companies/${tenantId}/access-token`, {
      bearer: accountant,
      keyScope,
      mayHold: (body) => [accessTokenResponseSchema.parse(JSON.parse(body)).accessToken],
    });
    expect(forwardedToken.status, forwardedToken.body).toBe(200);
    handedTokens.push(accessTokenResponseSchema.parse(JSON.parse(forwardedToken.body)).accessToken);
    const forwardedProxy = await call('proxied call through a forwarded session', 'GET', `/v1/companies/${tenantId}/fortnox/3/companyinformation`, { bearer: accountant, keyScope });
    expect(forwardedProxy.status, forwardedProxy.body).toBe(200);

    // The server refreshes: its clock moves past the renewal time, then Fortnox rejects the token in use.
    offsetMs = 56 * 60_000;
    const second = await tokenFor('access token after expiry');
    expect(second).not.toBe(first);
    simulator.rejectAccessTokens(Number(tenantId));
    const retried = await call('proxied call with a rejected token', 'GET', `/v1/companies/${tenantId}/fortnox/3/companyinformation`, { bearer: toolKey });
    expect(retried.status, retried.body).toBe(200);
    expect(simulator.refreshCount(Number(tenantId))).toBe(2);

    // The sealed columns, while the company is connected: ciphertext that opens to the current pair and the secret.
    const midRun = await tablePlaces(db);
    const tokenRow = midRun.sealed.filter((cell) => cell.where.startsWith('company_tokens'));
    expect(tokenRow.map((cell) => cell.column).sort()).toEqual(['access_ciphertext', 'refresh_ciphertext']);
    const canaries = midRun.sealed.filter((cell) => cell.where.startsWith('key_canaries'));
    expect(canaries.map((cell) => cell.row.key_id)).toEqual(['fullrun-1']);
    const currentGrant = simulator.grants().find((grant) => String(grant.tenantId) === tenantId);
    const openedCanaries: string[] = [];
    for (const cell of midRun.sealed) {
      const keyId = String(cell.row.key_id);
      const aad = cell.where.startsWith('fortnox_client')
        ? CLIENT_SECRET_AAD
        : cell.where.startsWith('key_canaries')
          ? canaryAad(keyId)
          : tokenAad(tenantId, cell.column === 'access_ciphertext' ? 'access' : 'refresh');
      const opened = server.keyRing.open(keyId, cell.bytes, aad);
      if (cell.where.startsWith('fortnox_client')) expect(opened).toBe(clientSecret);
      // The canary opens under the key (so it is sealed, not stored as it is); what it holds is checked below like any text.
      else if (cell.where.startsWith('key_canaries')) openedCanaries.push(opened);
      // The access token of the refresh after Fortnox's 401, which the tool never saw.
      else if (cell.column === 'access_ciphertext') expect(simulator.issuedSecrets().includes(opened) && !handedTokens.includes(opened)).toBe(true);
      else expect(opened).toBe(currentGrant?.refreshToken);
    }
    expect(openedCanaries).toHaveLength(1);
    expect(openedCanaries[0]?.length).toBeGreaterThan(0);
    expect(midRun.sealed).toHaveLength(4);

    // Bad keys and bad sessions are refused.
    const wrongKey = `fxc_${'A'.repeat(36)}`;
    for (const [what, bearer] of [
      ['an unknown key', wrongKey],
      ['a key with a letter changed', toolKey.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))],
      ['an unknown session on a tool route', `fxs_${'x'.repeat(43)}`],
    ] as const) {
      expect((await call(what, 'POST', `/v1/companies/${tenantId}/access-token`, { bearer })).status, what).toBe(401);
    }
    expect((await call('an unknown session with a key scope', 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: `fxs_${'z'.repeat(43)}`, keyScope })).status).toBe(401);
    // A real session is no key by itself: without the forwarding local key's scope it is refused, as with a malformed scope.
    const bareSession = await call('a bare session on a tool route', 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: accountant });
    expect(bareSession.status, bareSession.body).toBe(403);
    expect(bareSession.body).toContain('key_scope_required');
    expect((await call('a bare session on a proxied call', 'GET', `/v1/companies/${tenantId}/fortnox/3/companyinformation`, { bearer: accountant })).status).toBe(403);
    expect((await call('a session with a malformed key scope', 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: accountant, keyScope: 'not+base64url' })).status).toBe(400);
    expect((await call('an unknown session', 'GET', '/v1/me', { bearer: `fxs_${'y'.repeat(43)}` })).status).toBe(401);
    expect((await call('a tool key as a session', 'GET', '/v1/me', { bearer: toolKey })).status).toBe(401);
    expect((await call('an accountant on an admin route', 'GET', '/v1/admin/integration-keys', { bearer: accountant })).status).toBe(403);
    const refusedIdpToken = secret(await idp.issueAccessToken({ email: 'eve@elsewhere.se' }), 'a refused identity provider token');
    expect((await call('a sign-in without a role', 'POST', '/v1/sessions/oidc', { bearer: refusedIdpToken })).status).toBe(401);
    // An admin's address the provider does not say is verified gives no role.
    const unverifiedIdpToken = secret(await idp.issueAccessToken({ email: 'anna@byran.se' }), 'an identity provider token without a verified address');
    expect((await call('a sign-in with an unverified address', 'POST', '/v1/sessions/oidc', { bearer: unverifiedIdpToken })).status).toBe(401);
    // An ID token (a nonce, no scope), signed with the provider's own key for this API: not an access token.
    const seconds = Math.floor(Date.now() / 1000);
    const idToken = secret(
      await new SignJWT({ iss: idp.issuer, aud: TEST_API_AUDIENCE, sub: 'anna-subject', iat: seconds, exp: seconds + 600, nonce: 'n-0S6_WzA2Mj', email: 'anna@byran.se', email_verified: true })
        .setProtectedHeader({ alg: 'RS256', kid: TEST_SIGNING_KID, typ: 'JWT' })
        .sign(await importJWK(idp.privateJwk, 'RS256')),
      'an ID token',
    );
    expect((await call('a sign-in with an ID token', 'POST', '/v1/sessions/oidc', { bearer: idToken })).status).toBe(401);

    // The key is revoked, the company disconnected, the accountant signs out; the audit is read and exported.
    expect((await call('revoke key', 'DELETE', `/v1/admin/integration-keys/${record.id}`, { bearer: admin })).status).toBe(204);
    expect((await call('a revoked key', 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: toolKey })).status).toBe(401);
    const disconnected = await call('disconnect', 'DELETE', `/v1/firm/companies/${tenantId}`, { bearer: accountant });
    expect(disconnected.status, disconnected.body).toBe(200);
    expect(simulator.revocations()).toHaveLength(1);
    expect((await call('sign out', 'DELETE', '/v1/sessions/current', { bearer: accountant })).status).toBe(204);
    expect((await call('a signed-out session', 'GET', '/v1/me', { bearer: accountant })).status).toBe(401);
    expect((await call('a signed-out session forwarded with a key scope', 'POST', `/v1/companies/${tenantId}/access-token`, { bearer: accountant, keyScope })).status).toBe(401);
    expect((await call('second accountant', 'GET', '/v1/me', { bearer: secondAccountant })).status).toBe(200);
    const revokedSessions = await call('end the second accountant\'s sessions', 'DELETE', `/v1/admin/users/${secondUser.id}/sessions`, { bearer: admin });
    expect(revokedSessions.status, revokedSessions.body).toBe(200);
    expect(revokedSessionsResponseSchema.parse(JSON.parse(revokedSessions.body)).revoked).toBe(1);
    expect((await call('an ended session', 'GET', '/v1/me', { bearer: secondAccountant })).status).toBe(401);
    const audit = await call('audit', 'GET', '/v1/firm/audit?limit=500', { bearer: admin });
    expect(audit.status).toBe(200);
    const actions = new Set((JSON.parse(audit.body) as { entries: { action: string }[] }).entries.map((entry) => entry.action));
    for (const action of ['sign_in', 'connect', 'key_created', 'token', 'proxy', 'refused', 'key_revoked', 'disconnect', 'sessions_revoked']) expect(actions, action).toContain(action);
    expect((await call('audit csv', 'GET', '/v1/firm/audit.csv?separator=%3B', { bearer: admin })).status).toBe(200);
    expect((await call('metrics without a token', 'GET', '/metrics')).status).toBe(401);
    expect((await call('metrics with a session', 'GET', '/metrics', { bearer: admin })).status).toBe(401);
    expect((await call('metrics with a wrong token', 'GET', '/metrics', { bearer: metricsToken.replace(/.$/, (last) => (last === '0' ? '1' : '0')) })).status).toBe(401);
    const metrics = await call('metrics', 'GET', '/metrics', { bearer: metricsToken });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^# (HELP|TYPE) /m);
    expect((await call('health', 'GET', '/v1/health')).status).toBe(200);

    // Every value the simulator issued or received: codes, access and refresh tokens, the secret and its Basic credentials.
    for (const value of simulator.issuedSecrets()) if (value.length >= 12) secrets.set(value, secrets.get(value) ?? 'a Fortnox code, token or client credential');
    expect(simulator.issuedSecrets()).toContain(fortnoxCode);
    for (const grant of simulator.grants()) expect(secrets.has(grant.refreshToken), 'a refresh token is collected').toBe(true);
    for (const token of handedTokens) expect(secrets.has(token), 'a handed-out access token is collected').toBe(true);

    const endOfRun = await tablePlaces(db);
    expect(endOfRun.tables).toEqual(expect.arrayContaining(['audit', 'companies', 'company_tokens', 'fortnox_client', 'integration_keys', 'key_canaries', 'pairing_codes', 'sessions', 'users']));
    expect(endOfRun.sealed.filter((cell) => cell.where.startsWith('key_canaries'))).toHaveLength(1);
    const sealedAsPlaces = (cells: typeof midRun.sealed): Place[] => cells.map((cell) => ({ where: `${cell.where} (sealed)`, text: [cell.bytes.toString('utf8'), cell.bytes.toString('latin1'), cell.bytes.toString('base64'), cell.bytes.toString('hex')].join('\n') }));
    const places: Place[] = [
      ...logLines.map((line, index) => ({ where: `log line ${index + 1}`, text: line })),
      ...midRun.places,
      ...endOfRun.places,
      ...sealedAsPlaces(midRun.sealed),
      ...sealedAsPlaces(endOfRun.sealed),
      ...openedCanaries.map((text) => ({ where: 'the opened key canary', text })),
      ...answers.map((answer) => ({ where: `answer to ${answer.what}`, text: `${answer.headers}\n\n${answer.body}`, mayHold: answer.mayHold })),
    ];
    expect(logLines.length).toBeGreaterThan(30);
    expect(answers.length).toBeGreaterThan(25);
    expect(secrets.size).toBeGreaterThan(15);
    expect(findLeaks(places, secrets)).toEqual([]);

    // The answers that hand a value over carry that one value and no other secret (checked above), and do carry it.
    for (const answer of answers) for (const value of answer.mayHold) expect(answer.body.includes(value), answer.what).toBe(true);

    // The check can fail: a token planted in a log line, a table and an answer is found in each.
    const refreshToken = currentGrant?.refreshToken ?? '';
    const planted = [{ where: 'a planted log line', text: `{"level":30,"msg":"refreshed","token":"${refreshToken}"}` }];
    await db.query("INSERT INTO audit (at, action, company_name) VALUES (now(), 'test', $1)", [`Bageriet ${toolKey}`]);
    // A sealed column holding a secret as it is (not sealed) is caught too.
    await db.query("INSERT INTO key_canaries (key_id, ciphertext) VALUES ('planted', $1)", [Buffer.from(`v1:${metricsToken}`, 'utf8')]);
    const withPlantedRow = await tablePlaces(db);
    expect(withPlantedRow.sealed.some((cell) => cell.where.startsWith('key_canaries') && cell.row.key_id === 'planted')).toBe(true);
    expect(findLeaks([...places, ...planted, ...withPlantedRow.places, ...sealedAsPlaces(withPlantedRow.sealed), { where: 'a planted answer', text: toolKey, mayHold: new Set([first]) }], secrets)).toEqual(
      expect.arrayContaining([
        { where: 'a planted log line', secret: 'a Fortnox code, token or client credential' },
        { where: expect.stringMatching(/^audit\[\d+\]\.company_name$/), secret: 'the integration key' },
        { where: expect.stringMatching(/^key_canaries\[\d+\]\.ciphertext \(sealed\)$/), secret: 'the metrics scrape token' },
        { where: 'a planted answer', secret: 'the integration key' },
      ]),
    );
    // An answer may hold only what its purpose names: the same value elsewhere is a leak.
    expect(findLeaks([{ where: 'x', text: first, mayHold: new Set([second]) }], secrets)).toHaveLength(1);
  }, 60_000);
});

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkFirmServerUrl,
  FirmApiError,
  FirmProtocolError,
  FirmServerClient,
  FirmUnreachableError,
} from '../../../../main/firm/firm-server-client';
import type { HttpFetch } from '../../../../main/fortnox/fortnox-http';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { recordingLogger } from '../recording-logger';

const nodeFetch: HttpFetch = (url, init) => fetch(url, init);

const FORTNOX = {
  clientId: 'firm-client',
  authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
  redirectUris: ['http://127.0.0.1:51234/callback'],
};

describe('checkFirmServerUrl', () => {
  it('takes https URLs and loopback http, normalised to end in a slash', () => {
    expect(checkFirmServerUrl(' https://firm.example ')).toEqual({ ok: true, url: 'https://firm.example/' });
    expect(checkFirmServerUrl('https://firm.example/connector')).toEqual({ ok: true, url: 'https://firm.example/connector/' });
    expect(checkFirmServerUrl('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080/' });
  });

  it('refuses plain http elsewhere, credentials, queries, fragments and other schemes', () => {
    expect(checkFirmServerUrl('http://firm.example')).toEqual({ ok: false, problem: 'not_https' });
    expect(checkFirmServerUrl('https://user:pw@firm.example')).toEqual({ ok: false, problem: 'forbidden_url_part' });
    expect(checkFirmServerUrl('https://firm.example/?a=1')).toEqual({ ok: false, problem: 'forbidden_url_part' });
    expect(checkFirmServerUrl('https://firm.example/#x')).toEqual({ ok: false, problem: 'forbidden_url_part' });
    expect(checkFirmServerUrl('javascript:alert(1)')).toEqual({ ok: false, problem: 'invalid_url' });
    expect(checkFirmServerUrl('firm.example')).toEqual({ ok: false, problem: 'invalid_url' });
  });
});

describe('FirmServerClient against the contract fake', () => {
  let fake: FakeFirmServer;
  let session: string | undefined;
  let refused: number;
  const logger = recordingLogger();
  const client = () =>
    new FirmServerClient({
      baseUrl: fake.url,
      fetcher: nodeFetch,
      session: () => session,
      onSessionRefused: () => {
        refused += 1;
      },
      log: logger.log,
    });

  beforeEach(async () => {
    fake = await startFakeFirmServer({ fortnox: FORTNOX, companies: [firmCompany('1001', 'Bageriet AB')] });
    session = undefined;
    refused = 0;
  });
  afterEach(() => fake.close());

  it('signs in with a pairing code and then sends the session as Bearer on every call', async () => {
    const code = fake.addPairingCode(firmUser());
    const signedIn = await client().pairingSession({ code, deviceName: 'Annas dator' });
    expect(signedIn.user.email).toBe('anna@byran.example');
    expect(fake.requests.at(-1)?.authorization).toBeNull();
    session = signedIn.session;

    const me = await client().me();
    expect(me.user.name).toBe('Anna Andersson');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/me', authorization: `Bearer ${session}` });
    expect(await client().fortnoxClient()).toEqual(FORTNOX);
    const list = await client().companies();
    expect(list.companies.map((company) => company.tenantId)).toEqual(['1001']);
    expect(list.version).toBe(1);
    const tested = await client().testCompany('1001');
    expect(tested.company.lastTest?.ok).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/firm/companies/1001/test' });
    expect(await client().audit({ limit: 50 })).toEqual({ entries: [], next: null });
    expect(fake.requests.at(-1)?.path).toBe('/v1/firm/audit?limit=50');
    expect(await client().disconnectCompany('1001')).toEqual({ revoked: true });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1/firm/companies/1001' });
    await client().signOut();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1/sessions/current' });
    expect(fake.sessions.size).toBe(0);
  });

  it('hands a verified code over with its redirect URI and scopes and gets the company back', async () => {
    session = (await client().pairingSession({ code: fake.addPairingCode(firmUser()), deviceName: 'Dator' })).session;
    fake.onAuthorize(() => firmCompany('2002', 'Snickeriet AB'));
    const answer = await client().authorize({
      code: 'the-code',
      redirectUri: FORTNOX.redirectUris[0] ?? '',
      requestedScopes: ['companyinformation', 'invoice'],
      offlineAccess: true,
      accountType: 'user',
    });
    expect(answer).toMatchObject({ company: { tenantId: '2002' }, reconnected: false });
    expect(fake.authorizations).toEqual([
      { code: 'the-code', redirectUri: FORTNOX.redirectUris[0], requestedScopes: ['companyinformation', 'invoice'], offlineAccess: true, accountType: 'user' },
    ]);
  });

  it('reports a refused pairing code by its code, without asking the session keeper to sign out', async () => {
    const error = await client().pairingSession({ code: 'ABCD-EFGH-JKLM', deviceName: 'Dator' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FirmApiError);
    expect(error).toMatchObject({ status: 401, code: 'pairing_code_invalid' });
    expect(refused).toBe(0);
  });

  it('tells the session keeper once when the server no longer knows the session', async () => {
    session = 'fxs_' + 'A'.repeat(43);
    const error = await client().companies().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'FirmApiError', status: 401, code: 'session_required' });
    expect(refused).toBe(1);
  });

  it('passes Retry-After on with a refusal for too many attempts', async () => {
    fake.failNext('POST /v1/sessions/pairing', 429, 'too_many_attempts', { 'retry-after': '30' });
    const error = await client().pairingSession({ code: 'ABCD-EFGH-JKLM', deviceName: 'Dator' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'too_many_attempts', retryAfterSeconds: 30 });
  });

  it('refuses to send what the contract does not allow, before any request', async () => {
    await expect(client().testCompany('1 OR 1=1')).rejects.toThrow();
    await expect(client().pairingSession({ code: 'not-a-code', deviceName: 'Dator' })).rejects.toThrow();
    expect(fake.requests).toHaveLength(0);
  });

  it('never writes a session, a code or an IdP token to the log', async () => {
    const code = fake.addPairingCode(firmUser());
    session = (await client().pairingSession({ code, deviceName: 'Dator' })).session;
    await client().companies();
    await client().oidcSession('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl').catch(() => undefined);
    await client().signOut();
    await client().me().catch(() => undefined);
    const text = logger.text();
    expect(text).not.toContain(session);
    expect(text).not.toContain(code);
    expect(text).not.toContain('eyJhbGciOiJSUzI1NiJ9');
  });
});

describe('FirmServerClient against a server that breaks the contract', () => {
  let server: Server;
  let answer: (res: ServerResponse) => void;
  let base: string;
  const logger = recordingLogger();
  const client = (timeoutMs?: number) =>
    new FirmServerClient({ baseUrl: base, fetcher: nodeFetch, session: () => 'fxs_' + 'B'.repeat(43), log: logger.log, ...(timeoutMs ? { timeoutMs } : {}) });

  beforeEach(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const json = (status: number, body: unknown) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  it('drops an answer with a field the contract does not declare (a secret cannot slip through)', async () => {
    answer = json(200, { clientId: 'c', authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth', redirectUris: ['https://x.example/cb'], clientSecret: 's3cret' });
    await expect(client().fortnoxClient()).rejects.toMatchObject({ name: 'FirmProtocolError', reason: 'invalid_response' });
  });

  it('refuses an answer that is not JSON, and an error without the contract body', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    await expect(client().companies()).rejects.toBeInstanceOf(FirmProtocolError);
    answer = (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('Bad gateway');
    await expect(client().companies()).rejects.toMatchObject({ reason: 'invalid_response', status: 502 });
  });

  it('stops reading an answer past the size limit', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(1024 * 1024);
      for (let index = 0; index < 20; index += 1) res.write(chunk);
      res.end();
    };
    await expect(client().companies()).rejects.toMatchObject({ name: 'FirmProtocolError', reason: 'response_too_large' });
  });

  it('gives up on a server that does not answer in time', async () => {
    answer = () => undefined;
    await expect(client(50).me()).rejects.toMatchObject({ name: 'FirmUnreachableError', reason: 'timeout' });
  });

  it('reports a server that cannot be reached', async () => {
    const closed = new FirmServerClient({ baseUrl: 'http://127.0.0.1:1/', fetcher: nodeFetch, session: () => undefined, log: logger.log });
    await expect(closed.signInOptions()).rejects.toBeInstanceOf(FirmUnreachableError);
  });
});

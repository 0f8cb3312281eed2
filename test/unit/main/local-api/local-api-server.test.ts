import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { AccessTokenAnswers } from '../../../../main/local-api/access-token-answers';
import { DEFAULT_THROTTLE } from '../../../../main/local-api/bad-key-throttle';
import { LocalApiPortInUseError } from '../../../../main/local-api/local-api-server';
import { checkToolKeyFormat, TOOL_KEY_PREFIX, TOOL_KEY_RANDOM_LENGTH, toolKeyChecksum } from '../../../../main/local-api/tool-key-format';
import { accessTokenResponseSchema } from '../../../../shared/local-api-schemas';
import { flushPromises } from '../simulated-fortnox';
import { companySummary, corsHeaders, curl, errorCode, fetchApi, keptAliveClient, rawRequest, startApi } from './local-api-harness';

const DAY = 24 * 60 * 60 * 1000;

describe('local API routes', () => {
  it('answers health without a key, with nothing but "up", to fetch and to curl', async () => {
    const { base } = await startApi();

    const viaFetch = await fetchApi(`${base}/v1/health`);
    const viaCurl = await curl([`${base}/v1/health`]);

    for (const answer of [viaFetch, viaCurl]) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ status: 'up' });
    }
  });

  it("lists only the key's companies, with name, organisation number, database number, account type, scopes and status", async () => {
    const { base, newKey } = await startApi({
      companies: [
        companySummary('101', 'Café Söder AB'),
        companySummary('202', 'Norr AB', {
          accountType: 'service',
          status: 'needs_reconnect',
          grantedScopes: ['invoice'],
        }),
      ],
    });
    const one = await newKey({ companies: ['101'] });
    const all = await newKey({ companies: 'all' });

    const viaFetch = await fetchApi(`${base}/v1/companies`, { key: one });
    const viaCurl = await curl(['-H', `Authorization: Bearer ${all}`, `${base}/v1/companies`]);

    expect(JSON.parse(viaFetch.text)).toEqual({
      companies: [
        {
          name: 'Café Söder AB',
          organizationNumber: '556101-0000',
          databaseNumber: '101',
          accountType: 'user',
          scopes: ['companyinformation', 'invoice'],
          status: 'active',
        },
      ],
    });
    expect(JSON.parse(viaCurl.text).companies.map((company: { databaseNumber: string; status: string }) => [company.databaseNumber, company.status])).toEqual([
      ['101', 'active'],
      ['202', 'needs_reconnect'],
    ]);
  });

  it('hands a key with the token right an access token with its expiry and scopes, never a refresh token, and never cached', async () => {
    const { base, newKey, clock } = await startApi();
    const key = await newKey({ right: 'token' });

    const viaFetch = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
    });
    const viaCurl = await curl([
      '-X',
      'POST',
      '-H',
      `Authorization: Bearer ${key}`,
      '-H',
      'Content-Type: application/json',
      '--data',
      '{}',
      `${base}/v1/companies/0101/access-token`,
    ]);

    for (const answer of [viaFetch, viaCurl]) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({
        accessToken: 'access-token-of-101',
        tokenType: 'bearer',
        expiresAt: new Date(clock.now() + 60 * 60 * 1000).toISOString(),
        expiresIn: 3600,
        scopes: ['companyinformation', 'invoice'],
        databaseNumber: '101',
      });
      expect(answer.text.toLowerCase()).not.toContain('refresh');
      // Answers are built typed and not parsed per request; here the schema checks them.
      expect(accessTokenResponseSchema.safeParse(JSON.parse(answer.text)).success).toBe(true);
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it('gives a read key and a read-write key no access token (403, right not granted)', async () => {
    const { base, newKey, handed } = await startApi();
    for (const right of ['read', 'read-write'] as const) {
      const key = await newKey({ right });
      const viaFetch = await fetchApi(`${base}/v1/companies/101/access-token`, {
        method: 'POST',
        key,
      });
      const viaCurl = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, `${base}/v1/companies/101/access-token`]);
      for (const answer of [viaFetch, viaCurl]) {
        expect(answer.status).toBe(403);
        expect(errorCode(answer)).toBe('right_not_granted');
      }
    }
    expect(handed).toEqual([]);
  });

  it('refuses a key used for a company outside its list (403), and says when an all-companies key names none (404)', async () => {
    const { base, newKey, handed } = await startApi();
    const only101 = await newKey({ right: 'token', companies: ['101'] });
    const all = await newKey({ right: 'token', companies: 'all' });

    const wrongCompany = await fetchApi(`${base}/v1/companies/202/access-token`, { method: 'POST', key: only101 });
    const wrongViaCurl = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${only101}`, `${base}/v1/companies/202/access-token`]);
    const unknownCompany = await fetchApi(`${base}/v1/companies/999/access-token`, { method: 'POST', key: all });
    // A listed key learns nothing about companies outside its list, connected or not.
    const unknownOutsideList = await fetchApi(`${base}/v1/companies/999/access-token`, { method: 'POST', key: only101 });

    expect([wrongCompany.status, errorCode(wrongCompany)]).toEqual([403, 'company_not_allowed']);
    expect([wrongViaCurl.status, errorCode(wrongViaCurl)]).toEqual([403, 'company_not_allowed']);
    expect([unknownCompany.status, errorCode(unknownCompany)]).toEqual([404, 'company_not_found']);
    expect([unknownOutsideList.status, errorCode(unknownOutsideList)]).toEqual([403, 'company_not_allowed']);
    expect(handed).toEqual([]);
  });

  it('says a company must be reconnected (409) or that Fortnox failed (502), without Fortnox detail', async () => {
    let failure = new FortnoxCallError('invalid_grant', {
      description: 'Invalid refresh token',
    });
    const { base, newKey } = await startApi({
      tokens: { accessToken: () => Promise.reject(failure) },
    });
    const key = await newKey({ right: 'token' });

    const reconnect = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
    });
    failure = new FortnoxCallError('server_error', { status: 503 });
    const unavailable = await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key });

    expect([reconnect.status, errorCode(reconnect)]).toEqual([409, 'company_needs_reconnect']);
    expect([unavailable.status, errorCode(unavailable)]).toEqual([502, 'fortnox_unavailable']);
    expect(reconnect.text).not.toContain('Invalid refresh token');
  });

  it('answers an unknown route with 404 for a key and 401 without one', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey();

    expect(errorCode(await fetchApi(`${base}/v1/nothing`, { key }))).toBe('not_found');
    expect((await fetchApi(`${base}/v1/nothing`)).status).toBe(401);
  });
});

describe('local API defences (one test per defence)', () => {
  it('refuses a DNS-rebinding Host naming another host, even with a valid key (curl and Node http)', async () => {
    const { base, port, newKey } = await startApi();
    const key = await newKey();

    const viaCurl = await curl(['-H', `Host: attacker.example:${port}`, '-H', `Authorization: Bearer ${key}`, `${base}/v1/companies`]);
    const viaHttp = await rawRequest(port, {
      path: '/v1/companies',
      headers: {
        host: `attacker.example:${port}`,
        authorization: `Bearer ${key}`,
      },
    });
    const healthViaHttp = await rawRequest(port, {
      path: '/v1/health',
      headers: { host: `attacker.example:${port}` },
    });

    for (const answer of [viaCurl, viaHttp, healthViaHttp]) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('host_not_allowed');
    }
  });

  it('refuses a request without a Host header (HTTP/1.0, where Node does not insist on one)', async () => {
    const { port } = await startApi();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end('GET /v1/health HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.[01] 403/);
    expect(answer).toContain('host_not_allowed');
  });

  it('accepts localhost and [::1] with the port as Host', async () => {
    const { port, server } = await startApi();
    expect(
      (
        await rawRequest(port, {
          path: '/v1/health',
          headers: { host: `localhost:${port}` },
        })
      ).status,
    ).toBe(200);
    if (server.addresses.includes('::1')) {
      expect((await curl(['-g', `http://[::1]:${port}/v1/health`])).status).toBe(200);
    }
  });

  it('refuses a request with an Origin header, even with a valid key (fetch and curl)', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey();

    const viaFetch = await fetchApi(`${base}/v1/companies`, {
      key,
      headers: { origin: 'https://attacker.example' },
    });
    const viaCurl = await curl(['-H', 'Origin: https://attacker.example', '-H', `Authorization: Bearer ${key}`, `${base}/v1/companies`]);

    for (const answer of [viaFetch, viaCurl]) {
      expect([answer.status, errorCode(answer)]).toEqual([403, 'browser_request_refused']);
      expect(corsHeaders(answer)).toEqual([]);
    }
  });

  it('refuses an Origin header sent after 2,100 other headers: no header is dropped before the checks see it', async () => {
    const { port, newKey } = await startApi();
    const key = await newKey({ right: 'token' });
    const fillers = Array.from({ length: 2_100 }, (_, at) => `x${at}: 1\r\n`).join('');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.end(
          `POST /v1/companies/101/access-token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\n${fillers}Origin: https://attacker.example\r\nConnection: close\r\n\r\n`,
        ),
      );
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain('browser_request_refused');
    expect(answer).not.toContain('access-token-of-101');
  });

  it('refuses a request with Sec-Fetch-Site: cross-site (fetch and curl)', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey();

    const viaFetch = await fetchApi(`${base}/v1/companies`, {
      key,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    const viaCurl = await curl([
      '-H',
      'Sec-Fetch-Site: cross-site',
      '-H',
      'Sec-Fetch-Mode: no-cors',
      '-H',
      `Authorization: Bearer ${key}`,
      `${base}/v1/companies`,
    ]);

    for (const answer of [viaFetch, viaCurl]) expect([answer.status, errorCode(answer)]).toEqual([403, 'browser_request_refused']);
  });

  it('refuses OPTIONS preflights and never sends a CORS header', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey();

    const preflight = await curl([
      '-X',
      'OPTIONS',
      '-H',
      'Access-Control-Request-Method: POST',
      '-H',
      'Access-Control-Request-Private-Network: true',
      `${base}/v1/companies/101/access-token`,
    ]);
    const ordinary = await fetchApi(`${base}/v1/companies`, { key });

    expect([preflight.status, errorCode(preflight)]).toEqual([403, 'method_not_allowed']);
    expect(corsHeaders(preflight)).toEqual([]);
    expect(corsHeaders(ordinary)).toEqual([]);
  });

  it('refuses a request without a key with a bare 401 (fetch and curl)', async () => {
    const { base } = await startApi();

    const viaFetch = await fetchApi(`${base}/v1/companies`);
    const viaCurl = await curl([`${base}/v1/companies`]);

    for (const answer of [viaFetch, viaCurl]) {
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toEqual({
        error: {
          code: 'unauthorized',
          message: 'A valid API key is required.',
        },
      });
      expect(answer.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('refuses a key with a bad checksum with the same bare 401, echoing nothing of it', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey();
    const tampered = `${key.slice(0, 10)}${key[10] === 'a' ? 'b' : 'a'}${key.slice(11)}`;

    const viaFetch = await fetchApi(`${base}/v1/companies`, { key: tampered });
    const viaCurl = await curl(['-H', `Authorization: Bearer ${tampered}`, `${base}/v1/companies`]);

    for (const answer of [viaFetch, viaCurl]) {
      expect([answer.status, errorCode(answer)]).toEqual([401, 'unauthorized']);
      expect(JSON.stringify(answer)).not.toContain(tampered.slice(4));
    }
  });

  it('refuses an unknown key of the right format (prefix, valid checksum, never issued) with the same bare 401 as a malformed one (fetch and curl)', async () => {
    const { base, newKey } = await startApi();
    await newKey();
    const randomPart = 'A'.repeat(TOOL_KEY_RANDOM_LENGTH - 4) + 'zq7K';
    const unknown = `${TOOL_KEY_PREFIX}${randomPart}${toolKeyChecksum(randomPart)}`;
    expect(checkToolKeyFormat(unknown)).toEqual({ ok: true });
    const malformed = await fetchApi(`${base}/v1/companies`, { key: 'fxc_not-a-key' });

    const viaFetch = await fetchApi(`${base}/v1/companies`, { key: unknown });
    const viaCurl = await curl(['-H', `Authorization: Bearer ${unknown}`, `${base}/v1/companies`]);

    expect(malformed.status).toBe(401);
    for (const answer of [viaFetch, viaCurl]) {
      expect([answer.status, answer.text, answer.headers['www-authenticate']]).toEqual([401, malformed.text, 'Bearer']);
      expect(JSON.parse(answer.text)).toEqual({ error: { code: 'unauthorized', message: 'A valid API key is required.' } });
      expect(JSON.stringify(answer)).not.toContain(randomPart);
    }
  });

  it('refuses an expired key with the same bare 401', async () => {
    const { base, newKey, clock } = await startApi();
    const key = await newKey({ lifetimeDays: 30 });
    expect((await fetchApi(`${base}/v1/companies`, { key })).status).toBe(200);

    clock.advance(30 * DAY);
    const viaFetch = await fetchApi(`${base}/v1/companies`, { key });
    const viaCurl = await curl(['-H', `Authorization: Bearer ${key}`, `${base}/v1/companies`]);

    for (const answer of [viaFetch, viaCurl])
      expect(JSON.parse(answer.text)).toEqual({
        error: {
          code: 'unauthorized',
          message: 'A valid API key is required.',
        },
      });
  });

  it('refuses a revoked key from the moment it is revoked', async () => {
    const { base, newKey, keys } = await startApi();
    const key = await newKey({ right: 'token' });
    expect(
      (
        await fetchApi(`${base}/v1/companies/101/access-token`, {
          method: 'POST',
          key,
        })
      ).status,
    ).toBe(200);

    await keys.revoke(keys.list()[0]?.id ?? '');
    const viaFetch = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
    });
    const viaCurl = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, `${base}/v1/companies/101/access-token`]);

    for (const answer of [viaFetch, viaCurl]) expect([answer.status, errorCode(answer)]).toEqual([401, 'unauthorized']);
  });

  it('refuses a body over the size cap with 413 (fetch and curl)', async () => {
    const { base, newKey, handed } = await startApi({ bodyLimitBytes: 1024 });
    const key = await newKey({ right: 'token' });
    const large = JSON.stringify({ padding: 'x'.repeat(2048) });

    const viaFetch = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: large,
    });
    const viaCurl = await curl([
      '-X',
      'POST',
      '-H',
      `Authorization: Bearer ${key}`,
      '-H',
      'Content-Type: application/json',
      '--data-binary',
      large,
      `${base}/v1/companies/101/access-token`,
    ]);

    for (const answer of [viaFetch, viaCurl]) expect([answer.status, errorCode(answer)]).toEqual([413, 'body_too_large']);
    expect(handed).toEqual([]);
  });

  it('refuses form and text bodies, which a web page can send without a preflight (415)', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey({ right: 'token' });

    const text = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
      body: '{}',
    });
    const form = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, '--data', 'a=b', `${base}/v1/companies/101/access-token`]);
    const unexpected = await fetchApi(`${base}/v1/companies/101/access-token`, {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: '{"refresh":true}',
    });

    for (const answer of [text, form]) expect([answer.status, errorCode(answer)]).toEqual([415, 'unsupported_media_type']);
    expect([unexpected.status, errorCode(unexpected)]).toEqual([400, 'invalid_request']);
  });

  it('refuses an absolute-URL request target', async () => {
    const { base, port, newKey } = await startApi();
    const key = await newKey();

    const answer = await curl([
      '--request-target',
      `http://attacker.example:${port}/v1/companies`,
      '-H',
      `Authorization: Bearer ${key}`,
      `${base}/v1/companies`,
    ]);

    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_request']);
  });

  it('holds the 401 to repeated bad keys on one connection for longer each time (injected clock)', async () => {
    const { port, clock } = await startApi({
      throttle: { ...DEFAULT_THROTTLE, freeFailures: 2, baseDelayMs: 1_000 },
    });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const answers = () => received.split('HTTP/1.1 ').length - 1;
    const send = () => socket.write(`GET /v1/companies HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer fxc_wrong\r\n\r\n`);
    const until = async (count: number) => {
      for (let turn = 0; turn < 200 && answers() < count; turn += 1) await flushPromises();
    };

    send();
    await until(1);
    send();
    await until(2);
    send();
    for (let turn = 0; turn < 20; turn += 1) await flushPromises();
    expect(answers()).toBe(2);
    clock.advance(999);
    for (let turn = 0; turn < 20; turn += 1) await flushPromises();
    expect(answers()).toBe(2);
    clock.advance(1);
    await until(3);

    expect(answers()).toBe(3);
    expect(received.match(/HTTP\/1\.1 401/g)).toHaveLength(3);
    socket.destroy();
  });

  it('never echoes a key and never sends a CORS header in any answer', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey({ right: 'token' });
    const answers = [
      await fetchApi(`${base}/v1/companies`, { key }),
      await fetchApi(`${base}/v1/companies/101/access-token`, {
        method: 'POST',
        key,
      }),
      await fetchApi(`${base}/v1/openapi.json`, { key }),
      await fetchApi(`${base}/v1/nothing`, { key }),
      await fetchApi(`${base}/v1/companies/202/access-token`, {
        method: 'POST',
        key,
      }),
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(key.slice(4));
      expect(corsHeaders(answer)).toEqual([]);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('local API listening', () => {
  it('listens on 127.0.0.1 and, where the machine has it, ::1, on one port', async () => {
    const { server } = await startApi();
    expect(server.addresses[0]).toBe('127.0.0.1');
    expect(server.addresses.every((address) => address === '127.0.0.1' || address === '::1')).toBe(true);
  });

  it('reports a port that another program uses with a typed error', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startApi({ port })).rejects.toBeInstanceOf(LocalApiPortInUseError);
      await expect(startApi({ port })).rejects.toMatchObject({ port });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('local API work per request', () => {
  it("looks a keyed company up by its database number, without building every company's summary", async () => {
    const looked: string[] = [];
    const { base, newKey } = await startApi({
      // An empty list: answering from it would say the company does not exist.
      companies: [],
      company: (tenantId) => {
        looked.push(tenantId);
        return tenantId === '101' ? companySummary('101', 'Café Söder AB') : undefined;
      },
    });
    const key = await newKey({ right: 'token' });

    const answer = await fetchApi(`${base}/v1/companies/0101/access-token`, { method: 'POST', key });

    expect(answer.status).toBe(200);
    expect(looked).toEqual(['101']);
  });

  it('writes no app log line for a token handed out (the audit log records each; a log line was a file append per request)', async () => {
    const { base, newKey, logger } = await startApi();
    const key = await newKey({ right: 'token' });
    const before = logger.records.length;

    const answers = await Promise.all(Array.from({ length: 20 }, () => fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key })));

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(logger.records.slice(before)).toEqual([]);
  });
  it("asks only for the company's name when the app gives it, without building its summary", async () => {
    const named: string[] = [];
    const { base, newKey } = await startApi({
      companies: [],
      company: () => {
        throw new Error('no summary should be built');
      },
      companyName: (tenantId) => {
        named.push(tenantId);
        return tenantId === '101' ? 'Café Söder AB' : undefined;
      },
    });
    const key = await newKey({ right: 'token', companies: 'all' });

    const found = await fetchApi(`${base}/v1/companies/0101/access-token`, { method: 'POST', key });
    const missing = await fetchApi(`${base}/v1/companies/303/access-token`, { method: 'POST', key });

    expect(found.status).toBe(200);
    expect([missing.status, errorCode(missing)]).toEqual([404, 'company_not_found']);
    // The token handed out took one look-up. The refused one took two: the cached-token answer
    // declined it and Fastify's route then refused it (cached-token-answer.ts).
    expect(named).toEqual(['101', '303', '303']);
  });

  it("forgets a company's kept access-token answer once it is asked for after the company was disconnected", async () => {
    const forget = vi.spyOn(AccessTokenAnswers.prototype, 'forget');
    let connected = true;
    const { base, newKey } = await startApi({ companyName: (tenantId) => (tenantId === '101' && connected ? 'Café Söder AB' : undefined) });
    const key = await newKey({ right: 'token' });

    const before = await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key });
    connected = false;
    const after = await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key });
    const calls = forget.mock.calls.map((call) => call[0]);
    forget.mockRestore();

    expect([before.status, after.status]).toEqual([200, 404]);
    expect(calls).toEqual(['101']);
  });

  it('refuses a database number that is not 1 to 20 digits as an invalid request, before looking for the company', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey({ right: 'token', companies: 'all' });

    const letters = await fetchApi(`${base}/v1/companies/10a/access-token`, { method: 'POST', key });
    const long = await fetchApi(`${base}/v1/companies/${'1'.repeat(21)}/access-token`, { method: 'POST', key });
    const zero = await fetchApi(`${base}/v1/companies/000/access-token`, { method: 'POST', key });

    expect([letters, long].map(errorCode)).toEqual(['invalid_request', 'invalid_request']);
    expect([zero.status, errorCode(zero)]).toEqual([404, 'company_not_found']);
  });

  it("refuses a key revoked while its tool's connection stays open on that connection's very next request", async () => {
    const { port, newKey, keys } = await startApi();
    const key = await newKey({ right: 'token' });
    const client = keptAliveClient(port);
    try {
      const first = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key });
      const second = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key });
      expect([first.status, second.status, second.reusedSocket]).toEqual([200, 200, true]);

      await keys.revoke(keys.list()[0]?.id ?? '');
      const after = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key });

      expect([after.status, errorCode(after), after.reusedSocket]).toEqual([401, 'unauthorized', true]);
    } finally {
      client.close();
    }
  });

  it('refuses a key on its open connection from the moment its expiry passes', async () => {
    const { port, newKey, clock } = await startApi();
    const key = await newKey({ right: 'token', lifetimeDays: 30 });
    const client = keptAliveClient(port);
    try {
      expect((await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key })).status).toBe(200);
      clock.advance(30 * DAY - 1);
      expect((await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key })).status).toBe(200);

      clock.advance(1);
      const after = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key });

      expect([after.status, errorCode(after), after.reusedSocket]).toEqual([401, 'unauthorized', true]);
    } finally {
      client.close();
    }
  });

  it("checks each key sent on one open connection on its own: another key's companies and right apply to its requests", async () => {
    const { port, newKey } = await startApi();
    const tokens = await newKey({ right: 'token', companies: ['101'] });
    const reader = await newKey({ right: 'read', companies: ['202'] });
    const client = keptAliveClient(port);
    try {
      const first = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key: tokens });
      const wrongRight = await client.request({ method: 'POST', path: '/v1/companies/202/access-token', key: reader });
      const wrongCompany = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key: reader });
      const again = await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key: tokens });

      expect([first, wrongRight, wrongCompany, again].map((answer) => [answer.status, errorCode(answer) ?? null])).toEqual([
        [200, null],
        [403, 'right_not_granted'],
        [403, 'company_not_allowed'],
        [200, null],
      ]);
      expect(again.reusedSocket).toBe(true);
    } finally {
      client.close();
    }
  });
});

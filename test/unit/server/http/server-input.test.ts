import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TransportRequest } from '../../../../main/local-api/fortnox-proxy';
import { localApiErrorBodySchema } from '../../../../shared/local-api-errors';
import { buildApp, errorCodeOf, type AppOptions } from './server-harness';

/** A Fortnox stand-in for the proxy's refusals (no call it refuses may reach it): records what it is sent. */
function recordingTransport() {
  const sent: TransportRequest[] = [];
  return {
    sent,
    transport: async (request: TransportRequest) => {
      sent.push(request);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{"ok":true}')]) };
    },
  };
}

async function appWithProxy(options: AppOptions = {}) {
  const fortnox = recordingTransport();
  const acquired: string[] = [];
  const built = await buildApp({
    ...options,
    proxy: {
      apiBaseUrl: () => 'https://api.fortnox.example/3/',
      limiter: { acquire: async (tenantId: string) => void acquired.push(tenantId) },
      transport: fortnox.transport,
      bodyLimitBytes: 4 * 1024,
    },
  });
  return { ...built, fortnox, acquired };
}

/** Strings that break naive SQL, paths or C strings; each is sent percent-encoded where a URL needs it. */
const HOSTILE = ["1' OR '1'='1", '1; DROP TABLE companies; --', "101'--", '101\0', '\0', '1/**/OR/**/1=1', '$1', '101\\', "' UNION SELECT key_hash FROM integration_keys --", '１０１', '101 ', '-101', '1e3', '0x65'];

/** Every keyed route, with a database number slot. */
const KEYED_ROUTES = [
  { method: 'GET' as const, url: () => '/v1/companies' },
  { method: 'GET' as const, url: () => '/v1/openapi.json' },
  { method: 'POST' as const, url: (n = '101') => `/v1/companies/${n}/access-token` },
  { method: 'GET' as const, url: (n = '101') => `/v1/companies/${n}/fortnox/3/invoices` },
  { method: 'POST' as const, url: (n = '101') => `/v1/companies/${n}/fortnox/3/invoices` },
];

describe('the firm server refuses bad input on every route', () => {
  it('answers a SQL metacharacter, a NUL byte or any non-digit in a database number with a refusal before any lookup; only canonical digits reach the company lookup', async () => {
    const { app, newKey, companies, fortnox, handed } = await appWithProxy();
    const key = await newKey({ companies: 'all', right: 'token' });

    for (const hostile of HOSTILE) {
      for (const route of KEYED_ROUTES.slice(2)) {
        const answer = await app.inject({ method: route.method, url: route.url(encodeURIComponent(hostile)), headers: { authorization: `Bearer ${key}` } });
        expect([400, 404], `${route.method} ${hostile}`).toContain(answer.statusCode);
        expect(['invalid_request', 'not_found', 'company_not_found']).toContain(errorCodeOf(answer.body));
        expect(localApiErrorBodySchema.safeParse(answer.json()).success).toBe(true);
      }
    }
    expect(companies.asked).toEqual([]);
    // The lookup gets the canonical number only: leading zeros gone, nothing else ever.
    await app.inject({ method: 'POST', url: '/v1/companies/000101/access-token', headers: { authorization: `Bearer ${key}` } });
    expect(companies.asked).toEqual(['101']);
    expect(fortnox.sent).toEqual([]);
    expect(handed).toEqual(['access-token-of-101']);
  });

  it('passes SQL metacharacters in a Fortnox query through to Fortnox untouched, and refuses a NUL byte or an encoded slash in the Fortnox path', async () => {
    const { app, newKey, fortnox } = await appWithProxy();
    const key = await newKey({ companies: ['101'], right: 'read' });
    const headers = { authorization: `Bearer ${key}` };

    const query = await app.inject({ method: 'GET', url: `/v1/companies/101/fortnox/3/customers?filter=${encodeURIComponent("' OR 1=1 --")}`, headers });
    expect(query.statusCode).toBe(200);
    expect(fortnox.sent.map((request) => request.url)).toEqual(['https://api.fortnox.example/3/customers?filter=%27%20OR%201%3D1%20--']);

    for (const path of ['/3/invoices%00', '/3/%00/invoices', '/3/invoices%2f..%2f..%2foauth-v1', '/3/..%2F..%2Fadmin', '/3/invoices/%2e%2e/%2e%2e/x']) {
      const answer = await app.inject({ method: 'GET', url: `/v1/companies/101/fortnox${path}`, headers });
      expect(answer.statusCode, path).toBe(400);
      expect(errorCodeOf(answer.body), path).toBe('invalid_path');
    }
    expect(fortnox.sent).toHaveLength(1);
  });

  it('answers unknown, malformed, expired and revoked keys on every keyed route with the same bare 401, and never reaches Fortnox or the tokens', async () => {
    const { app, newKey, registry, clock, fortnox, handed } = await appWithProxy();
    const expiring = await newKey({ companies: 'all', right: 'token', lifetimeDays: 30 });
    const revoked = await newKey({ companies: 'all', right: 'token' });
    await registry.revoke(registry.list().find((record) => record.expiresAt === null)!.id);
    clock.advance(30 * 24 * 60 * 60 * 1000);
    const unknownButWellFormed = 'fxc_' + 'A'.repeat(30) + 'xxxxxx';
    const authorizations = [
      undefined,
      'Bearer',
      'Bearer ',
      `Bearer ${expiring}`,
      `Bearer ${revoked}`,
      `Bearer ${unknownButWellFormed}`,
      "Bearer fxc_' OR '1'='1' --",
      `Bearer ${expiring.slice(0, -1)}`,
      `Basic ${Buffer.from(`user:${expiring}`).toString('base64')}`,
      `Bearer ${'x'.repeat(300)}`,
      `bearer   ${revoked}`,
    ];

    const bodies = new Set<string>();
    for (const authorization of authorizations) {
      for (const route of KEYED_ROUTES) {
        const answer = await app.inject({ method: route.method, url: route.url(), headers: authorization === undefined ? {} : { authorization } });
        expect(answer.statusCode, `${route.method} ${route.url()} ${authorization}`).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer');
        bodies.add(answer.body);
      }
    }
    expect([...bodies]).toEqual(['{"error":{"code":"unauthorized","message":"A valid API key is required."}}']);
    expect(fortnox.sent).toEqual([]);
    expect(handed).toEqual([]);
  });

  it('refuses two Authorization headers even when both carry a valid key', async () => {
    const { newKey, server } = await listening();
    const key = await newKey({ companies: 'all', right: 'token' });

    const answer = await rawExchange(server, `GET /v1/companies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`);

    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('drops a request with a NUL byte in a header at the HTTP parser, before any key check', async () => {
    const { newKey, server, keyChecks } = await listening();
    const key = await newKey({ companies: 'all', right: 'token' });

    const answer = await rawExchange(server, `GET /v1/companies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\0\r\nConnection: close\r\n\r\n`);

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(keyChecks).toEqual([]);
  });

  it('answers wrong body types for the access token with invalid_request and refuses a body over 16 KiB as body_too_large', async () => {
    const { app, newKey, handed } = await buildApp();
    const headers = { authorization: `Bearer ${await newKey({ companies: 'all', right: 'token' })}`, 'content-type': 'application/json' };

    for (const payload of ['null', '0', '"{}"', 'true', '[{}]', '{"databaseNumber":"202"}', '{"__proto__":{"admin":true}}', '{"a":"\\u0000"}']) {
      const answer = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers, payload });
      expect(answer.statusCode, payload).toBe(400);
      expect(errorCodeOf(answer.body), payload).toBe('invalid_request');
    }
    const big = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers, payload: `{"a":"${'x'.repeat(16 * 1024)}"}` });
    expect(big.statusCode).toBe(413);
    expect(errorCodeOf(big.body)).toBe('body_too_large');
    expect(handed).toEqual([]);
  });

  it("refuses a proxied body over the proxy's cap, and refuses a call the key may not make before reading its body", async () => {
    const { app, newKey, fortnox } = await appWithProxy();
    const writer = await newKey({ companies: ['101'], right: 'read-write' });
    const reader = await newKey({ companies: ['101'], right: 'read' });

    const big = await app.inject({ method: 'POST', url: '/v1/companies/101/fortnox/3/invoices', headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' }, payload: 'x'.repeat(5 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(errorCodeOf(big.body)).toBe('body_too_large');

    const notAllowed = await app.inject({ method: 'POST', url: '/v1/companies/101/fortnox/3/invoices', headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' }, payload: 'x'.repeat(5 * 1024) });
    expect(notAllowed.statusCode).toBe(403);
    expect(errorCodeOf(notAllowed.body)).toBe('right_not_granted');

    const otherCompany = await app.inject({ method: 'GET', url: '/v1/companies/202/fortnox/3/invoices', headers: { authorization: `Bearer ${reader}` } });
    expect(errorCodeOf(otherCompany.body)).toBe('company_not_allowed');
    const acts = await app.inject({ method: 'GET', url: '/v1/companies/101/fortnox/3/invoices/1/email', headers: { authorization: `Bearer ${reader}` } });
    expect(errorCodeOf(acts.body)).toBe('action_not_allowed');
    const trace = await app.inject({ method: 'TRACE', url: '/v1/companies/101/fortnox/3/invoices', headers: { authorization: `Bearer ${writer}` } });
    expect(errorCodeOf(trace.body)).toBe('method_not_allowed');
    expect(fortnox.sent).toEqual([]);
  });

  it('answers 500 internal_error, with nothing of the failure in the body, when the key store fails', async () => {
    const { app } = await buildApp({ keyCheck: async () => Promise.reject(new Error('connection to 10.0.0.5 refused: password authentication failed for "fxc"')) });

    const answer = await app.inject({ method: 'GET', url: '/v1/companies', headers: { authorization: `Bearer fxc_${'a'.repeat(36)}` } });

    expect(answer.statusCode).toBe(500);
    expect(answer.body).toBe('{"error":{"code":"internal_error","message":"Something went wrong in Fortnox Connector."}}');
  });
});

/** The app listening on 127.0.0.1, for requests only a raw socket can send. */
async function listening() {
  const built = await buildApp();
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...built, server: built.app.server };
}

/** Writes `text` on a new connection and reads until the server closes it. */
function rawExchange(server: import('node:http').Server, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(text, 'latin1');
  });
}

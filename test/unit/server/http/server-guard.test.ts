import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE } from '../../../../main/local-api/bad-key-throttle';
import { buildApp, errorCodeOf } from './server-harness';

/** Every route the server has, with a request that would succeed with a token key for every company. */
const EVERY_ROUTE = [
  { method: 'GET' as const, url: '/v1/health' },
  { method: 'GET' as const, url: '/v1/companies' },
  { method: 'POST' as const, url: '/v1/companies/101/access-token' },
  { method: 'GET' as const, url: '/v1/openapi.json' },
  { method: 'GET' as const, url: '/v1/companies/101/fortnox/3/invoices' },
  { method: 'GET' as const, url: '/livez' },
  { method: 'GET' as const, url: '/readyz' },
  { method: 'GET' as const, url: '/metrics' },
];

/** What browsers send and tools do not (main/local-api/request-guard.ts `fromBrowser`). */
const BROWSER_HEADERS: Record<string, string>[] = [
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
  { 'sec-fetch-site': 'same-origin' },
  { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-user': '?1' },
  { 'sec-fetch-dest': 'iframe' },
  { 'sec-fetch-mode': 'navigate' },
];

const ticks = async (count = 20) => {
  for (let at = 0; at < count; at += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('the firm server guard', () => {
  it('refuses web pages on every route, operations routes included, and never sends a CORS header', async () => {
    const { app, newKey, handed } = await buildApp();
    const key = await newKey({ companies: 'all', right: 'token' });

    for (const route of EVERY_ROUTE) {
      for (const headers of BROWSER_HEADERS) {
        const answer = await app.inject({ ...route, headers: { authorization: `Bearer ${key}`, ...headers } });
        expect(answer.statusCode, `${route.url} ${JSON.stringify(headers)}`).toBe(403);
        expect(errorCodeOf(answer.body)).toBe('browser_request_refused');
        expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      }
      const preflight = await app.inject({ method: 'OPTIONS', url: route.url, headers: { 'access-control-request-method': 'POST' } });
      expect(errorCodeOf(preflight.body), `OPTIONS ${route.url}`).toBe('method_not_allowed');
      expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    expect(handed).toEqual([]);
  });

  it('answers under any Host name (a network server has no loopback Host check), with no-store and nosniff', async () => {
    const { app, newKey } = await buildApp();
    const key = await newKey({ companies: 'all', right: 'token' });

    for (const host of ['fortnox.firm.example', 'evil.example:41817', '10.1.2.3']) {
      const answer = await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: { host, authorization: `Bearer ${key}` } });
      expect(answer.statusCode, host).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('holds the 401 of a client that keeps sending bad keys, on the injected clock, and a good key starts it afresh', async () => {
    const { app, clock, newKey } = await buildApp({ throttle: { ...DEFAULT_THROTTLE, freeFailures: 1 } });
    const good = await newKey();
    const bad = { authorization: `Bearer fxc_${'b'.repeat(36)}` };

    expect((await app.inject({ method: 'GET', url: '/v1/companies', headers: bad })).statusCode).toBe(401);
    let settled = false;
    const held = app.inject({ method: 'GET', url: '/v1/companies', headers: bad }).then((answer) => {
      settled = true;
      return answer;
    });
    await ticks();
    expect(settled).toBe(false);
    clock.advance(DEFAULT_THROTTLE.baseDelayMs);
    expect((await held).statusCode).toBe(401);

    expect((await app.inject({ method: 'GET', url: '/v1/companies', headers: { authorization: `Bearer ${good}` } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/companies', headers: bad })).statusCode).toBe(401);
  });

  it('tells clients apart by the forwarded address only when trustProxy says the proxy is trusted', async () => {
    const policy = { ...DEFAULT_THROTTLE, freeFailures: 1 };
    const bad = (forwardedFor: string) => ({ authorization: `Bearer fxc_${'b'.repeat(36)}`, 'x-forwarded-for': forwardedFor });
    const settledSoon = async (answer: Promise<unknown>) => {
      let settled = false;
      void answer.then(() => (settled = true));
      await ticks();
      return settled;
    };

    const trusting = await buildApp({ throttle: policy, trustProxy: '127.0.0.1' });
    await trusting.app.inject({ method: 'GET', url: '/v1/companies', headers: bad('203.0.113.7'), remoteAddress: '127.0.0.1' });
    // Another client behind the same proxy has its own count.
    expect(await settledSoon(trusting.app.inject({ method: 'GET', url: '/v1/companies', headers: bad('198.51.100.9'), remoteAddress: '127.0.0.1' }))).toBe(true);
    expect(await settledSoon(trusting.app.inject({ method: 'GET', url: '/v1/companies', headers: bad('203.0.113.7'), remoteAddress: '127.0.0.1' }))).toBe(false);

    const untrusting = await buildApp({ throttle: policy });
    await untrusting.app.inject({ method: 'GET', url: '/v1/companies', headers: bad('203.0.113.7'), remoteAddress: '127.0.0.1' });
    // A forged X-Forwarded-For does not make a new client.
    expect(await settledSoon(untrusting.app.inject({ method: 'GET', url: '/v1/companies', headers: bad('198.51.100.9'), remoteAddress: '127.0.0.1' }))).toBe(false);
    trusting.clock.advance(60_000);
    untrusting.clock.advance(60_000);
  });
});

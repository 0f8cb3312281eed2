import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { FOREIGN_REDIRECT_LOCATION } from '../../../../simulator/fault-injection';
import { INVOICE_PREVIEW_PDF } from '../../../../simulator/api-resources';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { useSimulatedFortnox } from '../simulated-fortnox';
import { testScript } from '../../simulator/simulator-test-kit';
import { useTempDirs } from '../storage/temp-dir';
import { curl, errorCode, fetchApi, startApi, type Answer, type ApiOptions } from './local-api-harness';

/** The simulator's API requests after connecting (which itself reads /3/companyinformation). */
const proxied = (simulator: FortnoxSimulator) => simulator.apiRequests().filter((request) => request.path !== '/3/companyinformation');

/** Lets sockets and promises on the real event loop move on (no time passes on the fake clock). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Ticks until `done()` holds (a bounded number of turns of the event loop, no time). */
async function until(done: () => boolean): Promise<void> {
  for (let spins = 0; !done(); spins += 1) {
    if (spins > 100_000) throw new Error('condition never held');
    await tick();
  }
}

/**
 * Sends a request's headers announcing a `declaredBytes` body and then nothing: resolves with the
 * answer only if the server answers before reading the body (else it waits for it and the test times out).
 */
function headersOnly(port: number, path: string, headers: Record<string, string>, declaredBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(declaredBytes) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers as Record<string, string>, text });
        request.destroy();
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

/**
 * The defences the security review asked for in front of the proxy (issue 8 item 4): GET paths
 * that act, bodies read only after authorisation, in-flight caps, keys re-checked after the queue,
 * and Fortnox's Location header. Real connections service, keeper, limiter and simulator.
 */
describe('local API Fortnox proxy defences', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup(proxy: Partial<NonNullable<ApiOptions['proxy']>> = {}) {
    const script = testScript();
    script.clients[0]?.enabledScopes.push('archive');
    const { clock, simulator } = await start(script);
    const { service, limiter } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101, ['companyinformation', 'invoice', 'customer', 'archive']);
    const counts = { asked: 0 };
    const acquire = limiter.acquire.bind(limiter);
    limiter.acquire = (key, deadline) => {
      counts.asked += 1;
      return acquire(key, deadline);
    };
    const api = await startApi({
      clock,
      companies: service.list(),
      tokens: keeperAccessTokens(service.keeper, clock.now),
      proxy: { apiBaseUrl: () => simulator.apiBaseUrl, limiter, ...proxy },
    });
    const url = (path: string, tenant = '101') => `${api.base}/v1/companies/${tenant}/fortnox${path}`;
    /** Takes every slot of company 101's window, as the app's own calls would: further calls queue. */
    const fillWindow = async () => {
      while (limiter.delayFor('101') === 0) await acquire('101');
    };
    /** Moves the fake clock until `calls` have all answered. */
    const drive = async <T>(calls: Promise<T>[]): Promise<T[]> => {
      let done = false;
      const all = Promise.all(calls).finally(() => (done = true));
      for (let spins = 0; !done; spins += 1) {
        if (spins > 200_000) throw new Error('calls did not finish');
        await tick();
        if (!done && clock.pendingTimers() > 0) clock.advance(50);
      }
      return all;
    };
    return { clock, simulator, service, api, url, counts, fillWindow, drive };
  }

  it.each([
    ['GET', '/3/invoices/7/email'],
    ['GET', '/3/invoices/7/print'],
    ['GET', '/3/invoices/7/eprint'],
    ['GET', '/3/invoices/7/einvoice'],
    ['GET', '/3/invoices/7/externalprint'],
    ['GET', '/3/invoices/7/printreminder'],
    ['GET', '/3/offers/7/email'],
    ['GET', '/3/offers/7/print'],
    ['GET', '/3/offers/7/externalprint'],
    ['GET', '/3/orders/7/email'],
    ['GET', '/3/orders/7/print'],
    ['GET', '/3/orders/7/externalprint'],
    ['HEAD', '/3/invoices/7/email'],
    ['GET', '/3/invoices/7/EMAIL'],
    ['GET', '/3/invoices/7/%65mail'],
    ['GET', '/3/invoices/7/Print?type=pdf'],
  ])('refuses a read key %s %s, a Fortnox path that acts, with 403 action_not_allowed before Fortnox', async (method, path) => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read' });

    const answer = await curl(['--path-as-is', ...(method === 'HEAD' ? ['--head'] : []), '-H', `Authorization: Bearer ${key}`, url(path)]);

    expect(answer.status).toBe(403);
    if (method === 'GET') expect(errorCode(answer)).toBe('action_not_allowed');
    expect(proxied(simulator)).toEqual([]);
  });

  it('lets a read key open an invoice preview but not email the invoice, which a read-write key may', async () => {
    const { api, url, simulator } = await setup();
    const read = await api.newKey({ right: 'read' });
    const write = await api.newKey({ right: 'read-write' });
    const sent = async () => JSON.parse((await fetchApi(url('/3/invoices/7'), { key: read })).text).Invoice.Sent as boolean;

    const preview = await fetchApi(url('/3/invoices/7/preview'), { key: read });
    const refused = await fetchApi(url('/3/invoices/7/email'), { key: read });
    const sentAfterRefusal = await sent();
    const email = await fetchApi(url('/3/invoices/7/email'), { key: write });

    expect([preview.status, preview.text]).toEqual([200, INVOICE_PREVIEW_PDF]);
    expect([refused.status, errorCode(refused), sentAfterRefusal]).toEqual([403, 'action_not_allowed', false]);
    expect([email.status, await sent()]).toEqual([200, true]);
    expect(proxied(simulator).map((request) => request.path)).toEqual(['/3/invoices/7/preview', '/3/invoices/7', '/3/invoices/7/email', '/3/invoices/7']);
  });

  it('refuses TRACE (which would echo the app token back) with 403 method_not_allowed, and methods Fortnox does not use, before anything reaches Fortnox, even for a read-write key', async () => {
    const { api, simulator, counts } = await setup();
    const key = await api.newKey({ right: 'read-write' });

    const answers = [];
    for (const method of ['TRACE', 'PROPFIND', 'QUERY']) {
      answers.push(await curl(['-X', method, '-H', `Authorization: Bearer ${key}`, `${api.base}/v1/companies/101/fortnox/3/invoices`]));
    }

    // PROPFIND, which Fastify does not route at all, is not found; TRACE and QUERY, which it routes, are refused.
    expect(answers.map((answer) => [answer.status, errorCode(answer)])).toEqual([
      [403, 'method_not_allowed'],
      [404, 'not_found'],
      [403, 'method_not_allowed'],
    ]);
    expect([proxied(simulator), counts.asked]).toEqual([[], 0]);
  });

  it("refuses a large POST from a read key for another company, and from a read key for its own, before its body is read", async () => {
    const { api, simulator } = await setup();
    const otherCompany = await api.newKey({ right: 'read-write', companies: ['202'] });
    const readOnly = await api.newKey({ right: 'read' });
    const path = '/v1/companies/101/fortnox/3/customers';
    const host = `127.0.0.1:${api.port}`;

    // 10 MB announced, not one byte sent: only an answer given before reading the body arrives.
    const refusedCompany = await headersOnly(api.port, path, { host, authorization: `Bearer ${otherCompany}` }, 10 * 1024 * 1024);
    const refusedRight = await headersOnly(api.port, path, { host, authorization: `Bearer ${readOnly}` }, 10 * 1024 * 1024);

    expect([refusedCompany.status, errorCode(refusedCompany)]).toEqual([403, 'company_not_allowed']);
    expect([refusedRight.status, errorCode(refusedRight)]).toEqual([403, 'right_not_granted']);
    expect(proxied(simulator)).toEqual([]);
  });

  it('refuses a body over the proxy route\'s size cap with 413 body_too_large (fetch with its length, curl chunked), without calling Fortnox', async () => {
    const { api, url, simulator, counts } = await setup({ bodyLimitBytes: 1024 });
    const key = await api.newKey({ right: 'read-write' });
    const large = JSON.stringify({ Customer: { Name: 'x'.repeat(2048) } });

    const viaFetch = await fetchApi(url('/3/customers'), { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: large });
    const viaCurl = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, '-H', 'Content-Type: application/json', '-H', 'Transfer-Encoding: chunked', '--data-binary', large, url('/3/customers')]);
    const small = await fetchApi(url('/3/customers'), { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: '{"Customer":{"Name":"Liten AB"}}' });

    for (const answer of [viaFetch, viaCurl]) {
      expect([answer.status, JSON.parse(answer.text)]).toEqual([413, { error: { code: 'body_too_large', message: expect.any(String) } }]);
    }
    // Under the cap the same route goes through: the cap, not the route, refused the others.
    expect(small.status).toBe(201);
    expect(proxied(simulator).map((request) => [request.method, request.path])).toEqual([['POST', '/3/customers']]);
    expect(counts.asked).toBe(1);
  });

  it('refuses calls past the per-key and per-company caps at once with 429 too_many_requests and Retry-After', async () => {
    const { api, url, counts, fillWindow, drive, simulator } = await setup({ maxInFlightPerKey: 2, maxInFlightPerCompany: 3 });
    const first = await api.newKey({ right: 'read' });
    const second = await api.newKey({ right: 'read' });
    const third = await api.newKey({ right: 'read' });
    await fillWindow();

    const queued = [fetchApi(url('/3/invoices'), { key: first }), fetchApi(url('/3/invoices'), { key: first })];
    await until(() => counts.asked === 2);
    const overKeyCap = await fetchApi(url('/3/invoices'), { key: first });
    queued.push(fetchApi(url('/3/invoices'), { key: second }));
    await until(() => counts.asked === 3);
    const overCompanyCap = await fetchApi(url('/3/invoices'), { key: third });

    for (const answer of [overKeyCap, overCompanyCap]) {
      expect([answer.status, errorCode(answer), answer.headers['retry-after']]).toEqual([429, 'too_many_requests', '1']);
    }
    expect(proxied(simulator)).toEqual([]);
    // The queued calls go through once the window moves on, and their places are free again.
    expect((await drive(queued)).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect((await fetchApi(url('/3/invoices'), { key: third })).status).toBe(200);
  });

  it('answers 401 to a call whose key was revoked while it waited for its rate-limit slot, without calling Fortnox', async () => {
    const { api, url, counts, fillWindow, drive, simulator } = await setup();
    const key = await api.newKey({ right: 'read' });
    await fillWindow();

    const waiting = fetchApi(url('/3/invoices'), { key });
    await until(() => counts.asked === 1);
    await api.keys.revoke(api.keys.list()[0]?.id ?? '');
    const [answer] = await drive([waiting]);

    expect([answer?.status, answer && errorCode(answer)]).toEqual([401, 'unauthorized']);
    expect(proxied(simulator)).toEqual([]);
  });

  it("rewrites Fortnox's Location on the API's own origin to the proxy's path, which the tool can follow with its key", async () => {
    const { api, url } = await setup();
    const key = await api.newKey({ right: 'read-write' });

    const created = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, '-H', 'content-type: application/json', '--data', '{"Customer":{"Name":"Ny AB"}}', url('/3/customers')]);

    const number = JSON.parse(created.text).Customer.CustomerNumber as string;
    expect([created.status, created.headers.location]).toEqual([201, `/v1/companies/101/fortnox/3/customers/${number}`]);
    const followed = await fetchApi(`${api.base}${created.headers.location}`, { key });
    expect(JSON.parse(followed.text).Customer.Name).toBe('Ny AB');
  });

  it("drops a Location that points to another host, so a tool never follows it with its key", async () => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read' });
    simulator.injectFault({ route: 'api', kind: 'foreignRedirect' });

    const answer = await curl(['-H', `Authorization: Bearer ${key}`, url('/3/archive/f00d')]);

    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(new URL(FOREIGN_REDIRECT_LOCATION).host);
  });
});

describe('local API connection cap', () => {
  it('closes connections past maxConnections without answering them', async () => {
    const api = await startApi({ maxConnections: 1 });
    const request = `GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\n\r\n`;
    const open = (): Promise<{ socket: net.Socket; received: Promise<string> }> =>
      new Promise((resolve) => {
        const socket = net.connect(api.port, '127.0.0.1', () => {
          let text = '';
          const received = new Promise<string>((done) => {
            socket.on('data', (chunk) => {
              text += chunk.toString('latin1');
              if (text.includes('"up"')) done(text);
            });
            socket.on('close', () => done(text));
          });
          socket.write(request);
          resolve({ socket, received });
        });
      });

    const first = await open();
    expect(await first.received).toContain('200 OK');
    const second = await open();

    expect(await second.received).toBe('');
    first.socket.destroy();
  });
});

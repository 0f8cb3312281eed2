import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { ARCHIVE_FILE_BYTES, CUSTOMERS_PER_TENANT } from '../../../../simulator/api-resources';
import { FILE_ATTACHMENTS_PATH } from '../../../../simulator/file-attachments';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { FakeClock } from '../fake-timers';
import { leakedSecrets, useSimulatedFortnox } from '../simulated-fortnox';
import { testScript } from '../../simulator/simulator-test-kit';
import { useTempDirs } from '../storage/temp-dir';
import { corsHeaders, curl, errorCode, fetchApi, rawRequest, startApi, type ApiOptions } from './local-api-harness';

/** The simulator's API requests after connecting (which itself reads /3/companyinformation). */
const proxied = (simulator: FortnoxSimulator) => simulator.apiRequests().filter((request) => request.path !== '/3/companyinformation');

/** Downloads with the curl binary to a discarded file: status, bytes received and Set-Cookie seen. */
function curlDownload(url: string, key: string): Promise<{ status: number; bytes: number; setCookie: boolean }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--silent', '--max-time', '20', '--output', '/dev/null', '--dump-header', '-', '--write-out', '\n%{http_code} %{size_download}', '-H', `Authorization: Bearer ${key}`, url], { encoding: 'utf8' }, (error, stdout) => {
      if (error) return reject(error);
      const [status = '0', bytes = '0'] = (stdout.trim().split('\n').pop() ?? '').split(' ');
      resolve({ status: Number(status), bytes: Number(bytes), setCookie: /^set-cookie:/im.test(stdout) });
    });
  });
}

/** Lets sockets and promises on the real event loop move on (no time passes on the fake clock). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The Fortnox proxy of the local API (issue 8 items 1, 3 and 4) in front of the real connections
 * service, token keeper and rate limiter, against the Fortnox simulator over real sockets.
 */
describe('local API Fortnox proxy', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup(proxy: Partial<NonNullable<ApiOptions['proxy']>> = {}) {
    const script = testScript();
    // The scripted integration also has the archive scope ticked, for the file downloads, and
    // connectfile for the /api/ file attachments service.
    script.clients[0]?.enabledScopes.push('archive', 'connectfile');
    const { clock, simulator } = await start(script);
    const { service, logger, limiter } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101, ['companyinformation', 'invoice', 'customer', 'archive', 'connectfile']);
    let acquired = 0;
    const acquire = limiter.acquire.bind(limiter);
    limiter.acquire = (key, deadline) => acquire(key, deadline).then(() => void (acquired += 1));
    const api = await startApi({
      clock,
      companies: service.list(),
      tokens: keeperAccessTokens(service.keeper, clock.now),
      proxy: { apiBaseUrl: () => simulator.apiBaseUrl, limiter, ...proxy },
    });
    const url = (path: string) => `${api.base}/v1/companies/101/fortnox${path}`;
    /** Runs `calls` while moving the fake clock only when every call given a slot has reached the simulator. */
    const drive = async <T>(calls: Promise<T>[]): Promise<T[]> => {
      let done = false;
      const all = Promise.all(calls).finally(() => (done = true));
      for (let spins = 0; !done; spins += 1) {
        if (spins > 200_000) throw new Error('calls did not finish');
        await tick();
        if (!done && clock.pendingTimers() > 0 && proxied(simulator).length === acquired) clock.advance(50);
      }
      return all;
    };
    return { clock, simulator, service, logger, api, url, drive };
  }

  it('lets a read-only key list invoices page by page, without Fortnox cookies or CORS headers', async () => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read' });

    const answer = await fetchApi(url('/3/invoices?page=2&limit=100'), { key, headers: { accept: 'application/json' } });

    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text);
    expect(body.MetaInformation).toEqual({ '@TotalResources': 250, '@TotalPages': 3, '@CurrentPage': 2 });
    expect(body.Invoices).toHaveLength(100);
    expect(body.Invoices[0].DocumentNumber).toBe('101');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(corsHeaders(answer)).toEqual([]);
    expect(proxied(simulator).map((request) => [request.method, request.path, request.status])).toEqual([['GET', '/3/invoices', 200]]);
  });

  it('refuses a POST with a read-only key (403) without calling Fortnox', async () => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read' });

    const answer = await fetchApi(url('/3/customers'), { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: '{"Customer":{"Name":"Ny AB"}}' });

    expect([answer.status, errorCode(answer)]).toEqual([403, 'right_not_granted']);
    expect(proxied(simulator)).toEqual([]);
  });

  it('passes a write with a read-write key and with a token key, and the created customer can be read back', async () => {
    const { api, url } = await setup();
    for (const [right, name] of [
      ['read-write', 'Skrivbar AB'],
      ['token', 'Token AB'],
    ] as const) {
      const key = await api.newKey({ right });
      const created = await fetchApi(url('/3/customers'), { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Customer: { Name: name } }) });
      expect(created.status).toBe(201);
      const number = JSON.parse(created.text).Customer.CustomerNumber as string;
      const read = await fetchApi(url(`/3/customers/${number}`), { key });
      expect([read.status, JSON.parse(read.text).Customer.Name]).toEqual([200, name]);
    }
    const key = await api.newKey({ right: 'read' });
    const list = JSON.parse((await fetchApi(url('/3/customers?limit=500'), { key })).text);
    expect(list.MetaInformation['@TotalResources']).toBe(CUSTOMERS_PER_TENANT + 2);
  });

  it("passes Fortnox's own error answers through unchanged", async () => {
    const { api, url } = await setup();
    const key = await api.newKey({ right: 'read' });

    const missing = await fetchApi(url('/3/customers/9999'), { key });
    const badPage = await fetchApi(url('/3/invoices?limit=9999'), { key });

    expect([missing.status, JSON.parse(missing.text).ErrorInformation.code]).toEqual([404, 2000433]);
    expect([badPage.status, JSON.parse(badPage.text).ErrorInformation.code]).toEqual([400, 2000588]);
  });

  it('streams a large archive file to curl whole, and cuts an answer larger than the size cap', async () => {
    const { api, url } = await setup();
    const key = await api.newKey({ right: 'read' });
    expect(await curlDownload(url('/3/archive/f00d'), key)).toEqual({ status: 200, bytes: ARCHIVE_FILE_BYTES, setCookie: false });

    const small = await setup({ responseLimitBytes: 1024 * 1024 });
    const smallKey = await small.api.newKey({ right: 'read' });
    const response = await fetch(small.url('/3/archive/f00d'), { headers: { authorization: `Bearer ${smallKey}` } });
    await expect(response.text()).rejects.toThrow();
  });

  it('refreshes once and retries once when Fortnox rejects the access token with 401, then succeeds', async () => {
    const { api, url, simulator, service, logger } = await setup();
    const key = await api.newKey({ right: 'read' });
    const before = (await service.keeper.current('101'))?.accessToken;
    simulator.rejectAccessTokens(101);

    const answer = await fetchApi(url('/3/invoices'), { key });

    expect(answer.status).toBe(200);
    expect(simulator.refreshCount(101)).toBe(1);
    expect(proxied(simulator).map((request) => request.status)).toEqual([401, 200]);
    expect((await service.keeper.current('101'))?.accessToken).not.toBe(before);
    expect(leakedSecrets(simulator, `${answer.text}\n${logger.text()}\n${api.logger.text()}`)).toEqual([]);
    await service.keeper.settle();
  });

  it('passes a second 401 back to the tool instead of refreshing again', async () => {
    const { api, url, simulator, service } = await setup();
    const key = await api.newKey({ right: 'read' });
    // The refreshed token is rejected too: the proxy gives up after its one retry.
    simulator.rejectAccessTokens(101, true);

    const answer = await fetchApi(url('/3/invoices'), { key });

    expect(answer.status).toBe(401);
    expect(proxied(simulator).map((request) => request.status)).toEqual([401, 401]);
    expect(simulator.refreshCount(101)).toBe(1);
    await service.keeper.settle();
  });

  it("keeps 10 tools making 10 calls each within Fortnox's 25 per 5 seconds, none of them getting a 429", async () => {
    const { api, url, simulator, drive } = await setup();
    const keys: string[] = [];
    for (let tool = 0; tool < 10; tool += 1) keys.push(await api.newKey({ right: 'read' }));

    const answers = await drive(keys.flatMap((key) => Array.from({ length: 10 }, (_, call) => fetchApi(url(`/3/invoices?page=${call + 1}&limit=25`), { key }))));

    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    const times = proxied(simulator).map((request) => request.at);
    expect(times).toHaveLength(100);
    const busiest = Math.max(...times.map((from) => times.filter((at) => at >= from && at < from + 5_000).length));
    expect(busiest).toBeLessThanOrEqual(25);
    expect(proxied(simulator).every((request) => request.status === 200)).toBe(true);
  });

  it('answers 429 with Retry-After only once the queue wait would pass its bound', async () => {
    const { api, url, simulator } = await setup({ rateLimitWaitMs: 1_000 });
    const key = await api.newKey({ right: 'read' });

    const answers = await Promise.all(Array.from({ length: 30 }, () => fetchApi(url('/3/invoices'), { key })));

    const refused = answers.filter((answer) => answer.status === 429);
    // The app's own /3/companyinformation call while connecting took one of the 24 slots: shared.
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(23);
    expect(refused).toHaveLength(7);
    expect(refused.every((answer) => errorCode(answer) === 'rate_limited' && Number(answer.headers['retry-after']) >= 1)).toBe(true);
    expect(proxied(simulator)).toHaveLength(23);
  });

  it("retries a Fortnox 429 no earlier than its Retry-After, within the queue bound", async () => {
    const { api, url, simulator, drive } = await setup();
    const key = await api.newKey({ right: 'read' });
    simulator.controls.retryAfterSeconds = 3;
    simulator.injectFault({ route: 'api', kind: 'status429' });

    const [answer] = await drive([fetchApi(url('/3/invoices'), { key })]);

    expect(answer?.status).toBe(200);
    const [refused, retried] = proxied(simulator);
    expect([refused?.status, retried?.status]).toEqual([429, 200]);
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(3_000);
  });

  it("answers 429 with Retry-After at once, without retrying, when Fortnox's Retry-After is past the wait bound", async () => {
    const { api, url, simulator } = await setup({ rateLimitWaitMs: 2_000 });
    const key = await api.newKey({ right: 'read' });
    simulator.controls.retryAfterSeconds = 10;
    simulator.injectFault({ route: 'api', kind: 'status429' });

    const answer = await fetchApi(url('/3/invoices'), { key });

    expect([answer.status, errorCode(answer)]).toEqual([429, 'rate_limited']);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answer.headers['retry-after']).toBe('10');
    expect(proxied(simulator).map((request) => request.status)).toEqual([429]);
  });

  it('stops retrying repeated Fortnox 429s at the wait bound and passes the 429 on', async () => {
    const { api, url, simulator, drive } = await setup({ rateLimitWaitMs: 2_500 });
    const key = await api.newKey({ right: 'read' });
    simulator.controls.retryAfterSeconds = 1;
    simulator.injectFault({ route: 'api', kind: 'status429', times: 10 });

    const [answer] = await drive([fetchApi(url('/3/invoices'), { key })]);

    expect(answer?.status).toBe(429);
    expect(Number(answer?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Tries at 0, 1 and 2 seconds; a fourth at 3 seconds would pass the 2.5-second bound.
    const times = proxied(simulator).map((request) => request.at);
    expect(times).toHaveLength(3);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeLessThanOrEqual(2_500);
  });

  it("passes a GET and a POST to Fortnox's newer /api/ services through, with curl", async () => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read-write' });
    const auth = `Authorization: Bearer ${key}`;

    const listed = await curl(['-H', auth, '-H', 'Accept: application/json', url(`${FILE_ATTACHMENTS_PATH}?entityid=1&entitytype=F`)]);
    const attached = await curl(['-X', 'POST', '-H', auth, '-H', 'Content-Type: application/json', '--data', JSON.stringify([{ entityId: 7, entityType: 'O', fileId: 'beef', includeOnSend: true }]), url(FILE_ATTACHMENTS_PATH)]);

    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text)).toEqual([{ id: '00000000-0000-4000-8000-000000000001', entityId: 1, entityType: 'F', fileId: 'f00d', includeOnSend: true }]);
    expect(attached.status).toBe(200);
    expect(JSON.parse(attached.text)).toEqual([{ id: '00000000-0000-4000-8000-000000000002', entityId: 7, entityType: 'O', fileId: 'beef', includeOnSend: true }]);
    expect(proxied(simulator).map((request) => [request.method, request.path, request.status])).toEqual([
      ['GET', FILE_ATTACHMENTS_PATH, 200],
      ['POST', FILE_ATTACHMENTS_PATH, 200],
    ]);
  });

  it("refreshes once and retries once when an /api/ service rejects the access token, like /3/", async () => {
    const { api, url, simulator, service } = await setup();
    const key = await api.newKey({ right: 'read' });
    simulator.rejectAccessTokens(101);

    const answer = await curl(['-H', `Authorization: Bearer ${key}`, url(`${FILE_ATTACHMENTS_PATH}?entityid=1&entitytype=F`)]);

    expect(answer.status).toBe(200);
    expect(simulator.refreshCount(101)).toBe(1);
    expect(proxied(simulator).map((request) => request.status)).toEqual([401, 200]);
    await service.keeper.settle();
  });

  it("sends Fortnox the app's token and the conditional headers, never the tool's key, cookies or forwarding headers, and passes ETag and 304 back", async () => {
    const { api, url, simulator, service } = await setup();
    const key = await api.newKey({ right: 'read' });
    const target = url(`${FILE_ATTACHMENTS_PATH}?entityid=1&entitytype=F`);
    const first = await curl(['-H', `Authorization: Bearer ${key}`, target]);
    const etag = first.headers.etag ?? '';
    const lastModified = first.headers['last-modified'] ?? '';

    const conditional = await curl([
      '-H', `Authorization: Bearer ${key}`,
      '-H', `If-None-Match: ${etag}`,
      '-H', `If-Modified-Since: ${lastModified}`,
      '-H', 'Cookie: session=tool-cookie',
      '-H', 'X-Forwarded-For: 10.9.8.7',
      '-H', 'X-Forwarded-Host: evil.example',
      '-H', 'X-Forwarded-Proto: https',
      '-H', 'Forwarded: for=10.9.8.7',
      '-H', 'Proxy-Authorization: Basic dG9vbDpzZWNyZXQ=',
      target,
    ]);

    expect([first.status, etag !== '', lastModified !== '']).toEqual([200, true, true]);
    expect([conditional.status, conditional.text, conditional.headers.etag]).toEqual([304, '', etag]);
    const received = proxied(simulator).map((request) => request.headers);
    const last = received.at(-1) ?? {};
    expect(last.authorization).toBe(`Bearer ${(await service.keeper.current('101'))?.accessToken ?? 'none'}`);
    expect([last['if-none-match'], last['if-modified-since']]).toEqual([etag, lastModified]);
    expect(last.host).toBe(new URL(simulator.origin).host);
    expect(JSON.stringify(received)).not.toContain(key);
    expect(JSON.stringify(received)).not.toContain('fxc_');
    expect(Object.keys(last).filter((name) => /^(cookie|origin|forwarded|proxy-authorization|x-forwarded-.*)$/.test(name))).toEqual([]);
    expect(JSON.stringify(received)).not.toMatch(/tool-cookie|10\.9\.8\.7|evil\.example/);
  });

  it.each([
    ['a dot-dot segment', '/3/../../v1/companies'],
    ['an encoded slash', '/3/customers%2f..%2f..%2fx'],
    ['an encoded backslash', '/3/customers%5c..%5cx'],
    ['an absolute URL', '/http://evil.example/3/customers'],
    ['a protocol-relative URL', '//evil.example/3/customers'],
    ['a path outside the API', '/oauth-v1/token'],
  ])('refuses %s in the Fortnox path (curl, path sent as is)', async (_name, path) => {
    const { api, url, simulator } = await setup();
    const key = await api.newKey({ right: 'read-write' });

    const answer = await curl(['--path-as-is', '-H', `Authorization: Bearer ${key}`, url(path)]);

    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_path']);
    expect(proxied(simulator)).toEqual([]);
  });
});

/** What a stand-in Fortnox received: method, target, headers and body, exactly. */
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const upstreams: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    upstreams.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

/**
 * The proxy's HTTP mechanics (streaming, methods, hop-by-hop headers) against a plain node:http
 * server standing in for Fortnox, whose answers the test writes and holds: the simulator always
 * answers whole. The local API is the real one; its token source and limiter are the harness's.
 */
describe('local API Fortnox proxy against a stand-in Fortnox', () => {
  async function setup(answer: (request: http.IncomingMessage, response: http.ServerResponse, received: Received) => void) {
    const seen: Received[] = [];
    const upstream = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
        seen.push(received);
        answer(request, response, received);
      });
    });
    upstreams.push(upstream);
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const clock = new FakeClock();
    const api = await startApi({ clock, proxy: { apiBaseUrl: () => `${origin}/3/`, limiter: new SlidingWindowLimiter(clock.now, clock.timers) } });
    const url = (path: string) => `${api.base}/v1/companies/101/fortnox${path}`;
    return { api, url, seen };
  }

  it("streams an answer on: the tool has Fortnox's first bytes while Fortnox still holds the rest, then the whole body", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let rest = false;
    const first = 'first-part;'.repeat(100);
    const last = 'last-part;'.repeat(100);
    const { api, url } = await setup((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(first);
      void released.then(() => {
        rest = true;
        response.end(last);
      });
    });
    const key = await api.newKey({ right: 'read' });

    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url('/3/archive/f00d'), { headers: { authorization: `Bearer ${key}` }, agent: false }, resolve).on('error', reject),
    );
    response.setEncoding('utf8');
    let text = '';
    const ended = new Promise<void>((resolve, reject) => {
      response.on('end', resolve);
      response.on('error', reject);
    });
    await new Promise<void>((resolve) => {
      const onData = (chunk: string) => {
        text += chunk;
        if (text.length >= first.length) {
          response.off('data', onData);
          response.pause();
          resolve();
        }
      };
      response.on('data', onData);
    });

    expect([response.statusCode, text, rest]).toEqual([200, first, false]);
    response.on('data', (chunk: string) => (text += chunk));
    response.resume();
    release();
    await ended;
    expect([rest, text]).toEqual([true, first + last]);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('passes a %s with its query and body through with a read-write key, and its answer back', async (method) => {
    const { api, url, seen } = await setup((_request, response, received) => {
      response.writeHead(received.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json', 'x-fortnox-echo': received.method });
      response.end(received.method === 'DELETE' ? undefined : JSON.stringify({ Customer: { Name: 'Ändrad AB', Method: received.method } }));
    });
    const key = await api.newKey({ right: 'read-write' });
    const body = JSON.stringify({ Customer: { Name: 'Ändrad AB' } });

    const answer = await fetchApi(url('/3/customers/7?filter=active&note=a%20b'), { method, key, headers: { 'content-type': 'application/json' }, body });

    expect(seen.map((received) => [received.method, received.url, received.headers['content-type'], received.body])).toEqual([
      [method, '/3/customers/7?filter=active&note=a%20b', 'application/json', body],
    ]);
    expect(seen[0]?.headers.authorization).toBe('Bearer access-token-of-101');
    expect([answer.status, answer.headers['x-fortnox-echo']]).toEqual([method === 'DELETE' ? 204 : 200, method]);
    expect(answer.text).toBe(method === 'DELETE' ? '' : JSON.stringify({ Customer: { Name: 'Ändrad AB', Method: method } }));
  });

  it('passes a HEAD from a read-only key through: Fortnox sees HEAD, the tool gets the status and headers and no body', async () => {
    const { api, seen } = await setup((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/pdf', etag: '"f00d"' });
      response.end();
    });
    const key = await api.newKey({ right: 'read' });

    const answer = await rawRequest(api.port, { method: 'HEAD', path: '/v1/companies/101/fortnox/3/archive/f00d?x=1', headers: { host: `127.0.0.1:${api.port}`, authorization: `Bearer ${key}` } });

    expect(seen.map((received) => [received.method, received.url])).toEqual([['HEAD', '/3/archive/f00d?x=1']]);
    expect([answer.status, answer.headers['content-type'], answer.headers.etag, answer.text]).toEqual([200, 'application/pdf', '"f00d"', '']);
  });

  it("removes hop-by-hop headers both ways (RFC 9110 section 7.6.1), those a Connection header names included, and Fortnox's Set-Cookie", async () => {
    const { api, seen } = await setup((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('connection', 'X-Up-Hop, ETag');
      response.setHeader('x-up-hop', 'upstream-hop');
      response.setHeader('etag', '"named-in-connection"');
      response.setHeader('keep-alive', 'timeout=999, max=7');
      response.setHeader('upgrade', 'h2c');
      response.setHeader('proxy-authenticate', 'Basic realm="fortnox"');
      response.setHeader('set-cookie', ['session=fortnox-cookie; HttpOnly']);
      response.setHeader('x-end-to-end', 'kept');
      response.end('{"ok":true}');
    });
    const key = await api.newKey({ right: 'read' });

    const answer = await rawRequest(api.port, {
      path: '/v1/companies/101/fortnox/3/customers?limit=1',
      headers: {
        host: `127.0.0.1:${api.port}`,
        authorization: `Bearer ${key}`,
        connection: 'close, X-Custom-Hop, Accept-Language',
        'x-custom-hop': '1',
        'accept-language': 'sv-SE',
        upgrade: 'h2c',
        te: 'trailers',
        'keep-alive': 'timeout=5',
        'proxy-connection': 'keep-alive',
        'proxy-authorization': 'Basic dG9vbDpzZWNyZXQ=',
        accept: 'application/json',
      },
    });

    expect([answer.status, answer.text, answer.headers['x-end-to-end']]).toEqual([200, '{"ok":true}', 'kept']);
    const sent = seen[0]?.headers ?? {};
    // What reached Fortnox: accept passes; every hop-by-hop header and every header named in Connection is gone.
    expect(sent.accept).toBe('application/json');
    expect(Object.keys(sent).filter((name) => /^(x-custom-hop|accept-language|upgrade|te|trailer|keep-alive|proxy-connection|proxy-authorization|transfer-encoding)$/.test(name))).toEqual([]);
    expect(sent.connection ?? '').not.toMatch(/custom-hop|accept-language|close/i);
    // What reached the tool: Node's own framing headers only.
    expect(Object.keys(answer.headers).filter((name) => /^(x-up-hop|etag|upgrade|proxy-authenticate|set-cookie)$/.test(name))).toEqual([]);
    expect(answer.headers['keep-alive'] ?? '').not.toContain('999');
    expect(answer.headers.connection ?? '').not.toMatch(/up-hop|etag/i);
    expect(JSON.stringify(answer)).not.toMatch(/upstream-hop|named-in-connection|fortnox-cookie/);
  });
});

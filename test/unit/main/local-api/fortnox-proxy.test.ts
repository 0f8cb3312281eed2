import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { ARCHIVE_FILE_BYTES, CUSTOMERS_PER_TENANT } from '../../../../simulator/api-resources';
import { FILE_ATTACHMENTS_PATH } from '../../../../simulator/file-attachments';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { leakedSecrets, useSimulatedFortnox } from '../simulated-fortnox';
import { testScript } from '../../simulator/simulator-test-kit';
import { useTempDirs } from '../storage/temp-dir';
import { corsHeaders, curl, errorCode, fetchApi, startApi, type ApiOptions } from './local-api-harness';

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

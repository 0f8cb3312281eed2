import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { AuditLog, type AuditRecorder } from '../../../../main/local-api/audit-log';
import { auditEntryOf, type AuditContext, type AuditEnd } from '../../../../main/local-api/audit-recording';
import { listAuditFiles } from '../../../../main/local-api/audit-reader';
import { ARCHIVE_FILE_BYTES } from '../../../../simulator/api-resources';
import { testScript } from '../../simulator/simulator-test-kit';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { curl, fetchApi, keptAliveClient, rawRequest, startApi, type ApiOptions } from './local-api-harness';

/**
 * An audit log on a real folder that also tells the test when entries arrive: the server records
 * an entry when the answer has ended on its side, which can be just after the client has read it.
 */
async function recordingAudit(dir: string, clock: FakeClock) {
  const log = new AuditLog({ dir, now: clock.now, timers: clock.timers, log: recordingLogger().log });
  await log.start();
  const entries: AuditEntry[] = [];
  const waiters: { count: number; wake: () => void }[] = [];
  const noted = (entry: AuditEntry) => {
    entries.push(entry);
    for (const waiter of waiters.filter((each) => entries.length >= each.count)) waiter.wake();
  };
  // The server records through `recordEnded` (the audit log's own way, lines built from their
  // shapes); the entries it stands for are noted as `record` would have been given them.
  const recorder: Required<AuditRecorder> = {
    record(entry: AuditEntry) {
      log.record(entry);
      noted(entry);
    },
    recordEnded(context: AuditContext, end: AuditEnd) {
      log.recordEnded(context, end);
      const entry = auditEntryOf(context, end);
      if (entry) noted(entry);
    },
  };
  /** Resolves once `count` entries were recorded in all. */
  const recorded = (count: number) =>
    entries.length >= count ? Promise.resolve() : new Promise<void>((wake) => waiters.push({ count, wake }));
  /** Every stored line, raw, after the queue was written. */
  const rawLines = async () => {
    await log.idle();
    const texts = await Promise.all((await listAuditFiles(dir)).map((file) => readFile(path.join(dir, file.name), 'utf8')));
    return texts.join('');
  };
  return { log, recorder, entries, recorded, rawLines };
}

describe('audit records of the local API', () => {
  const tempDir = useTempDirs();

  async function setup(options: ApiOptions = {}) {
    const clock = options.clock ?? new FakeClock();
    const audit = await recordingAudit(path.join(await tempDir(), 'audit'), clock);
    const api = await startApi({ ...options, clock, audit: audit.recorder });
    return { ...api, audit };
  }

  it('records a token handed out with the key, company, path, status, size and time, and never the token or key', async () => {
    const { base, newKey, keys, clock, audit } = await setup();
    const key = await newKey({ name: 'Power BI', right: 'token' });
    const id = keys.list()[0]?.id;

    const answer = await fetchApi(`${base}/v1/companies/0101/access-token`, { method: 'POST', key });
    await audit.recorded(1);

    expect(answer.status).toBe(200);
    expect(audit.entries).toEqual([
      {
        at: clock.now(),
        kind: 'token',
        keyId: id,
        keyName: 'Power BI',
        tenantId: '101',
        companyName: 'Café Söder AB',
        method: 'POST',
        path: '/v1/companies/101/access-token',
        status: 200,
        durationMs: 0,
        bytesIn: 0,
        bytesOut: Buffer.byteLength(answer.text),
        complete: true,
      },
    ]);
    const lines = await audit.rawLines();
    expect(lines).not.toContain(key);
    expect(lines).not.toContain('access-token-of-101');
    expect((await audit.log.query({}, 10)).entries).toEqual(audit.entries);
  });

  it('records each of three pipelined token requests taken and then cut off with their connection before their answers were written: once each, not sent, no bytes', async () => {
    // The cached-token answers taken in a turn are written a moment later; here they are held until
    // the connection is gone (the server closing under them), as a reset or a quit can do.
    let heldWrite: (() => void) | undefined;
    let taken!: () => void;
    const wasTaken = new Promise<void>((resolve) => (taken = resolve));
    const { port, newKey, audit, keys, server } = await setup({
      answerLater: (write) => {
        heldWrite = write;
        taken();
      },
    });
    const key = await newKey({ name: 'Power BI', right: 'token' });
    const request = `POST /v1/companies/101/access-token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\n\r\n`;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // One write: the three arrive in one read, so all three are taken in the turn whose writes are held.
    socket.write(request.repeat(3));
    await wasTaken;

    const closing = server.close();
    heldWrite?.();
    await closing;
    await audit.recorded(3);

    expect(received).toEqual([]);
    expect(audit.entries).toHaveLength(3);
    expect(audit.entries.map(({ keyId, status, bytesOut, complete }) => ({ keyId, status, bytesOut, complete }))).toEqual(
      Array.from({ length: 3 }, () => ({ keyId: keys.list()[0]?.id, status: 200, bytesOut: 0, complete: false })),
    );
    socket.destroy();
  });

  it('writes an entry for every answer of a busy tool on kept-alive connections, each with its own numbers', async () => {
    const { port, newKey, audit, clock } = await setup();
    const key = await newKey({ name: 'Power BI', right: 'token' });
    const client = keptAliveClient(port, 4);
    try {
      const answers = [];
      for (let round = 0; round < 5; round += 1) {
        answers.push(...(await Promise.all(Array.from({ length: 12 }, () => client.request({ method: 'POST', path: '/v1/companies/101/access-token', key })))));
        clock.advance(1_000);
      }
      answers.push(await client.request({ method: 'POST', path: '/v1/companies/202/access-token', key }));
      await audit.recorded(61);

      expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(60).fill(200), 403]);
      const stored = (await audit.log.query({}, 100)).entries;
      expect(stored).toHaveLength(61);
      expect(stored.filter((entry) => entry.status === 200 && entry.tenantId === '101' && entry.keyName === 'Power BI')).toHaveLength(60);
      expect(new Set(stored.map((entry) => entry.at)).size).toBe(6);
      expect(stored.find((entry) => entry.status === 403)).toMatchObject({ tenantId: '202', errorCode: 'company_not_allowed', keyName: 'Power BI' });
      expect(audit.log.stats()).toEqual({ written: 61, dropped: 0 });
    } finally {
      client.close();
    }
  });

  it('answers a token the app holds in memory before Fastify exactly as Fastify would: status, headers, body and audit entry', async () => {
    const clock = new FakeClock();
    const counts = { atHand: 0, awaited: 0 };
    const token = (tenantId: string) => ({ accessToken: `access-token-of-${tenantId}`, expiresAt: clock.now() + 60 * 60 * 1000, scopes: ['companyinformation'] });
    const before = await setup({
      clock,
      tokens: {
        accessToken: async (tenantId) => ((counts.awaited += 1), token(tenantId)),
        cachedAccessToken: (tenantId) => ((counts.atHand += 1), token(tenantId)),
      },
    });
    const through = await setup({ clock, tokens: { accessToken: async (tenantId) => token(tenantId) } });
    const answersOf = async (api: typeof before) => {
      const key = await api.newKey({ name: 'Power BI', right: 'token' });
      const client = keptAliveClient(api.port);
      try {
        const answers = [
          await fetchApi(`${api.base}/v1/companies/0101/access-token`, { method: 'POST', key }),
          await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, `http://localhost:${api.port}/v1/companies/101/access-token`]),
          await rawRequest(api.port, { method: 'POST', path: '/v1/companies/101/access-token', headers: { host: `[::1]:${api.port}`, authorization: `Bearer ${key}` } }),
          await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key }),
          await client.request({ method: 'POST', path: '/v1/companies/101/access-token', key }),
        ];
        await api.audit.recorded(answers.length);
        return {
          answers: answers.map(({ status, headers, text }) => ({ status, headers: { ...headers, date: 'any' }, text })),
          entries: api.audit.entries.map((entry) => ({ ...entry, keyId: 'any' })),
        };
      } finally {
        client.close();
      }
    };

    const answeredBefore = await answersOf(before);
    const answeredThrough = await answersOf(through);

    expect(counts).toEqual({ atHand: 5, awaited: 0 });
    expect(answeredBefore.answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answeredBefore).toEqual(answeredThrough);
  });

  it("records a refusal's error code and the company's name at the time, and none where the local API answered without one", async () => {
    const { base, newKey, audit } = await setup();
    const readOnly = await newKey({ name: 'Läsverktyg', right: 'read', companies: ['101'] });
    const tokenKey = await newKey({ name: 'Tokenverktyg', right: 'token', companies: ['101'] });

    await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key: readOnly });
    await fetchApi(`${base}/v1/companies/202/access-token`, { method: 'POST', key: tokenKey });
    await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key: `${readOnly.slice(0, -4)}AAAA` });
    await fetchApi(`${base}/v1/companies/303/access-token`, { method: 'POST', key: await newKey({ name: 'Alla', right: 'token', companies: 'all' }) });
    await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key: tokenKey });
    await audit.recorded(5);

    expect(audit.entries.map((entry) => [entry.tenantId, entry.companyName, entry.status, entry.errorCode])).toEqual([
      ['101', 'Café Söder AB', 403, 'right_not_granted'],
      ['202', 'Bokföringsbyrån Norr AB', 403, 'company_not_allowed'],
      ['101', 'Café Söder AB', 401, 'unauthorized'],
      ['303', undefined, 404, 'company_not_found'],
      ['101', 'Café Söder AB', 200, undefined],
    ]);
    const stored = (await audit.log.query({}, 10)).entries;
    // The 401 without a key is stored as its minute's count, written after the others, without a company.
    expect(stored.map((entry) => entry.errorCode)).toEqual(['unauthorized', undefined, 'company_not_found', 'company_not_allowed', 'right_not_granted']);
    expect(stored.map((entry) => entry.companyName)).toEqual([undefined, 'Café Söder AB', undefined, 'Bokföringsbyrån Norr AB', 'Café Söder AB']);
    expect(stored[0]).toMatchObject({ status: 401, tenantId: null, count: 1 });
  });

  it('records a 403 with the key name, and a 401 without any key, and keeps the presented key out', async () => {
    const { base, newKey, audit } = await setup();
    const readOnly = await newKey({ name: 'Läsverktyg', right: 'read', companies: ['101'] });
    const tokenKey = await newKey({ name: 'Tokenverktyg', right: 'token', companies: ['101'] });
    const bogus = `${readOnly.slice(0, -4)}AAAA`;

    const noRight = await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key: readOnly });
    const otherCompany = await fetchApi(`${base}/v1/companies/202/access-token`, { method: 'POST', key: tokenKey });
    const badKey = await fetchApi(`${base}/v1/companies/101/access-token`, { method: 'POST', key: bogus });
    const listBadKey = await fetchApi(`${base}/v1/companies`, { key: bogus });
    await audit.recorded(4);

    expect([noRight.status, otherCompany.status, badKey.status, listBadKey.status]).toEqual([403, 403, 401, 401]);
    expect(audit.entries.map((entry) => [entry.kind, entry.keyName, entry.tenantId, entry.method, entry.path, entry.status])).toEqual([
      ['token', 'Läsverktyg', '101', 'POST', '/v1/companies/101/access-token', 403],
      ['token', 'Tokenverktyg', '202', 'POST', '/v1/companies/202/access-token', 403],
      ['token', null, '101', 'POST', '/v1/companies/101/access-token', 401],
      ['other', null, null, 'GET', '/v1/companies', 401],
    ]);
    expect(audit.entries[2]?.keyId).toBeNull();
    const lines = await audit.rawLines();
    expect(lines).not.toContain(readOnly);
    expect(lines).not.toContain(bogus);
    expect(lines).not.toContain(tokenKey);
  });

  it('records a request a browser page made (refused by the guard), but not health or a company list that was answered', async () => {
    const { base, port, newKey, audit } = await setup();
    const key = await newKey({ name: 'Lista' });

    await fetchApi(`${base}/v1/health`);
    await fetchApi(`${base}/v1/companies`, { key });
    const fromPage = await rawRequest(port, {
      path: '/v1/companies',
      headers: { host: `127.0.0.1:${port}`, origin: 'https://evil.example', authorization: `Bearer ${key}` },
    });
    await audit.recorded(1);

    expect(fromPage.status).toBe(403);
    expect(audit.entries.map((entry) => [entry.kind, entry.keyName, entry.path, entry.status, entry.errorCode])).toEqual([
      ['other', null, '/v1/companies', 403, 'browser_request_refused'],
    ]);
  });
});

describe('audit records of proxied Fortnox calls', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup(proxy: Partial<NonNullable<ApiOptions['proxy']>> = {}) {
    const script = testScript();
    script.clients[0]?.enabledScopes.push('archive');
    const { clock, simulator } = await start(script);
    const { service, limiter } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101, ['companyinformation', 'invoice', 'customer', 'archive']);
    const audit = await recordingAudit(path.join(await tempDir(), 'audit'), clock);
    const api = await startApi({
      clock,
      companies: service.list(),
      tokens: keeperAccessTokens(service.keeper, clock.now),
      proxy: { apiBaseUrl: () => simulator.apiBaseUrl, limiter, ...proxy },
      audit: audit.recorder,
    });
    const url = (fortnoxPath: string) => `${api.base}/v1/companies/101/fortnox${fortnoxPath}`;
    const accessToken = () => service.keeper.accessToken('101');
    return { api, audit, url, accessToken };
  }

  it('records a proxied GET with its Fortnox path and no query value, even one that looks like a token', async () => {
    const { api, audit, url, accessToken } = await setup();
    const key = await api.newKey({ name: 'Rapport', right: 'read' });

    const answer = await fetchApi(url('/3/invoices?page=2&limit=100&access_token=hemligt-i-fragan'), { key });
    await audit.recorded(1);

    expect(answer.status).toBe(200);
    expect(audit.entries[0]).toMatchObject({
      kind: 'proxy',
      keyName: 'Rapport',
      tenantId: '101',
      method: 'GET',
      path: '/3/invoices',
      status: 200,
      bytesIn: 0,
      bytesOut: Buffer.byteLength(answer.text),
      complete: true,
    });
    const lines = await audit.rawLines();
    for (const secret of [key, await accessToken(), 'hemligt-i-fragan', 'access_token', 'page=2', '?']) expect(lines).not.toContain(secret);
  });

  it('records a write with the bytes the tool sent', async () => {
    const { api, audit, url } = await setup();
    const key = await api.newKey({ name: 'Skrivare', right: 'read-write' });
    const body = JSON.stringify({ Customer: { Name: 'Ny Kund AB' } });

    const created = await fetchApi(url('/3/customers'), { method: 'POST', key, headers: { 'content-type': 'application/json' }, body });
    await audit.recorded(1);

    expect(created.status).toBe(201);
    expect(audit.entries[0]).toMatchObject({ method: 'POST', path: '/3/customers', status: 201, bytesIn: Buffer.byteLength(body) });
    expect(await audit.rawLines()).not.toContain('Ny Kund AB');
  });

  it('records a streamed archive download with the bytes sent, and a download cut by the size cap as incomplete', async () => {
    const whole = await setup();
    const key = await whole.api.newKey({ name: 'Arkiv', right: 'read' });
    const response = await fetch(whole.url('/3/archive/f00d'), { headers: { authorization: `Bearer ${key}` } });
    const received = (await response.arrayBuffer()).byteLength;
    await whole.audit.recorded(1);

    expect(received).toBe(ARCHIVE_FILE_BYTES);
    expect(whole.audit.entries[0]).toMatchObject({ path: '/3/archive/f00d', status: 200, bytesOut: ARCHIVE_FILE_BYTES, complete: true });

    const cap = 64 * 1024;
    const small = await setup({ responseLimitBytes: cap });
    const smallKey = await small.api.newKey({ name: 'Arkiv', right: 'read' });
    const cut = await fetch(small.url('/3/archive/f00d'), { headers: { authorization: `Bearer ${smallKey}` } });
    await cut.arrayBuffer().catch(() => undefined);
    await small.audit.recorded(1);

    const entry = small.audit.entries[0];
    expect(entry?.complete).toBe(false);
    expect(entry?.bytesOut).toBeLessThanOrEqual(cap);
  });
});

import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { AccessTokenAnswers } from '../../../../main/local-api/access-token-answers';
import type { AuditContext } from '../../../../main/local-api/audit-recording';
import { cachedTokenAnswerer, TOKEN_ANSWER_HEADERS, type CachedTokenAnswerDeps } from '../../../../main/local-api/cached-token-answer';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { newKeyMemo, ToolKeys } from '../../../../main/local-api/tool-keys';
import type { NewToolKey } from '../../../../shared/local-api-keys';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

const PORT = 41817;
const HOUR = 60 * 60 * 1000;

/** What the answerer wrote to the response, if anything. */
interface Written {
  status?: number;
  headers?: Record<string, string | number>;
  body?: string;
  /** Whether the answer had ended when its audit record was started. */
  endedBeforeAudit?: boolean;
}

/** `writeHead`'s headers as an object: from an object, or from a flat list of names and values (each name once). */
function headersOf(headers: Record<string, string | number> | (string | number)[]): Record<string, string | number> {
  if (!Array.isArray(headers)) return { ...headers };
  if (headers.length % 2 !== 0) throw new Error('odd header list');
  const object: Record<string, string | number> = {};
  for (let at = 0; at < headers.length; at += 2) {
    const name = String(headers[at]).toLowerCase();
    if (name in object) throw new Error(`header ${name} given twice`);
    object[name] = headers[at + 1] as string | number;
  }
  return object;
}

/** A response as the answerer sees it: what it wrote, and how the test makes it fail. */
interface FakeResponse {
  destroyed: boolean;
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | number> | (string | number)[]): void;
  end(body: string): void;
}

async function setup(options: { open?: boolean; connected?: boolean | (() => boolean); cached?: boolean; auditThrows?: boolean; companyNameThrows?: () => boolean } = {}) {
  const connected = () => (typeof options.connected === 'function' ? options.connected() : (options.connected ?? true));
  const clock = new FakeClock();
  const keys = new ToolKeys({ store: new MemoryToolKeyStore(), random: cryptoRandomBytes, now: clock.now, log: recordingLogger().log });
  await keys.init();
  const newKey = async (input: Partial<NewToolKey> = {}) =>
    (await keys.create({ name: 'reporting tool', companies: ['101'], right: 'token', lifetimeDays: null, ...input })).key;
  const connection = { memo: newKeyMemo(), client: '127.0.0.1|50000' };
  const accepted: string[] = [];
  const audited: AuditContext[] = [];
  const auditFailures: unknown[] = [];
  const cuts: boolean[] = [];
  const answerFailures: unknown[] = [];
  const unanswered: http.ServerResponse[] = [];
  /** The answers written, in the order they were ended. */
  const writes: Written[] = [];
  /** The deferred writes planned (`defer`), run by `writeDecided`. */
  const planned: (() => void)[] = [];
  const writeDecided = () => {
    for (const write of planned.splice(0)) write();
  };
  let current: Written = {};
  const deps: CachedTokenAnswerDeps = {
    port: () => PORT,
    open: () => options.open ?? true,
    keys,
    connectionOf: () => connection,
    keyAccepted: (client) => accepted.push(client),
    companyName: (tenantId) => {
      if (options.companyNameThrows?.()) throw new Error('company registry fault');
      return tenantId === '101' && connected() ? 'Café Söder AB' : undefined;
    },
    cachedToken: (tenantId) =>
      options.cached === false ? undefined : { accessToken: `access-token-of-${tenantId}`, expiresAt: clock.now() + HOUR, scopes: ['invoice'] },
    answers: new AccessTokenAnswers(),
    now: clock.now,
    audit: (_request, _response, context, cut) => {
      current.endedBeforeAudit = current.body !== undefined;
      if (options.auditThrows) throw new Error('the audit queue broke');
      audited.push(context);
      cuts.push(cut);
    },
    auditFailed: (error) => auditFailures.push(error),
    defer: (write) => planned.push(write),
    unanswered: (_request, response) => unanswered.push(response),
    answerFailed: (error) => answerFailures.push(error),
  };
  const answer = cachedTokenAnswerer(deps);
  /** Hands the answerer a request; nothing is written until `writeDecided`. */
  const decide = (request: { method?: string; url?: string; headers?: [string, string][]; key?: string }, shape: Partial<FakeResponse> = {}) => {
    const rawHeaders = [
      ...(request.headers ?? [['Host', `127.0.0.1:${PORT}`]]).flat(),
      ...(request.key !== undefined ? ['Authorization', `Bearer ${request.key}`] : []),
    ];
    const written: Written = {};
    const socket = { destroyed: false, writable: true };
    const response: FakeResponse = {
      destroyed: false,
      headersSent: false,
      writeHead(status, headers) {
        current = written;
        Object.assign(written, { status, headers: headersOf(headers) });
        response.headersSent = true;
      },
      end: (body) => {
        Object.assign(written, { body });
        writes.push(written);
      },
      ...shape,
    };
    const answered = answer(
      { method: request.method ?? 'POST', url: request.url ?? '/v1/companies/101/access-token', rawHeaders, socket } as unknown as http.IncomingMessage,
      response as unknown as http.ServerResponse,
    );
    return { answered, written, response, socket };
  };
  /**
   * Hands the answerer a request and runs the write it planned, if any; `leftToFastify`: whether the
   * request went to Fastify at once (not taken), at the write (taken, then refused by a check made
   * there), or not at all (answered here).
   */
  const send = (request: Parameters<typeof decide>[0]) => {
    const decided = decide(request);
    writeDecided();
    const atWrite = unanswered.includes(decided.response as unknown as http.ServerResponse);
    return { ...decided, leftToFastify: !decided.answered ? 'at once' : atWrite ? 'at the write' : false };
  };
  return { clock, keys, newKey, send, decide, planned, writeDecided, writes, accepted, audited, cuts, auditFailures, answerFailures, unanswered };
}

describe('the cached access-token answer, before Fastify', () => {
  it("answers a good request with the token's JSON and the headers of Fastify's answer, notes the key as good and starts its audit record", async () => {
    const { newKey, send, accepted, audited, clock } = await setup();
    const key = await newKey();

    const { answered, written } = send({ key });

    expect(answered).toBe(true);
    expect(written.status).toBe(200);
    expect(written.headers).toEqual({ ...TOKEN_ANSWER_HEADERS, 'content-length': Buffer.byteLength(written.body ?? '') });
    expect(JSON.parse(written.body ?? '')).toEqual({
      accessToken: 'access-token-of-101',
      tokenType: 'bearer',
      expiresAt: new Date(clock.now() + HOUR).toISOString(),
      expiresIn: 3600,
      scopes: ['invoice'],
      databaseNumber: '101',
    });
    expect(accepted).toEqual(['127.0.0.1|50000']);
    // Recorded after `end()`, so an answer the connection took whole needs no 'close' listener.
    expect(written.endedBeforeAudit).toBe(true);
    expect(audited).toEqual([
      expect.objectContaining({ kind: 'token', method: 'POST', tenantId: '101', path: '/v1/companies/101/access-token', companyName: 'Café Söder AB', bytesOut: Buffer.byteLength(written.body ?? '') }),
    ]);
  });

  it('reports an audit that fails after the answer was sent, and still counts the request as answered (Fastify must not answer it again)', async () => {
    const { newKey, send, auditFailures } = await setup({ auditThrows: true });
    const key = await newKey();
    const { answered, written } = send({ key });
    expect(answered).toBe(true);
    expect(written.status).toBe(200);
    expect(written.endedBeforeAudit).toBe(true);
    expect(auditFailures).toHaveLength(1);
    expect((auditFailures[0] as Error).message).toBe('the audit queue broke');
    // A good audit reports nothing.
    const good = await setup();
    good.send({ key: await good.newKey() });
    expect(good.auditFailures).toEqual([]);
  });

  it('decides at once and writes later: the answers decided in one turn of the event loop are written together, in order, by one deferred write', async () => {
    const { newKey, decide, planned, writeDecided, writes, audited, accepted } = await setup();
    const key = await newKey();

    const decided = [decide({ key }), decide({ key, url: '/v1/companies/0101/access-token' }), decide({ key })];

    // Every request is taken (Fastify will not see it), nothing checked against the key yet, nothing written.
    expect(decided.map((each) => each.answered)).toEqual([true, true, true]);
    expect(accepted).toEqual([]);
    expect(decided.map((each) => each.written)).toEqual([{}, {}, {}]);
    expect(audited).toEqual([]);
    expect(planned).toHaveLength(1);

    writeDecided();

    expect(accepted).toHaveLength(3);
    expect(writes).toHaveLength(3);
    expect(writes.every((written, at) => written === decided[at]!.written)).toBe(true);
    expect(decided.map((each) => each.written.status)).toEqual([200, 200, 200]);
    expect(decided.every((each) => JSON.parse(each.written.body ?? '{}').databaseNumber === '101')).toBe(true);
    expect(audited).toHaveLength(3);
    // A request decided after the write is planned anew.
    decide({ key });
    expect(planned).toHaveLength(1);
  });

  it('writes nothing to a connection that went away before its answer, and records the request at once as cut off with no bytes', async () => {
    const { newKey, decide, writeDecided, audited, cuts } = await setup();
    const key = await newKey();
    const closed = decide({ key });
    const destroyed = decide({ key });
    const ended = decide({ key });
    const kept = decide({ key });
    closed.response.destroyed = true;
    destroyed.socket.destroyed = true;
    ended.socket.writable = false;

    writeDecided();

    expect([closed, destroyed, ended].map((each) => each.written)).toEqual([{}, {}, {}]);
    expect(kept.written.status).toBe(200);
    expect(audited.map((context) => context.bytesOut)).toEqual([0, 0, 0, Buffer.byteLength(kept.written.body ?? '')]);
    expect(cuts).toEqual([true, true, true, false]);
  });

  it('gives no token to a key revoked, or for a company disconnected, after its request was taken and before the write: Fastify refuses it', async () => {
    const state = { connected: true };
    const { newKey, decide, writeDecided, keys, unanswered, audited, accepted } = await setup({ connected: () => state.connected });
    const key = await newKey();
    const other = await newKey({ name: 'other tool' });
    const revoked = decide({ key });
    const disconnected = decide({ key: other });

    await keys.revoke(keys.list().find((record) => record.name === 'reporting tool')?.id ?? '');
    state.connected = false;
    writeDecided();

    expect([revoked.written, disconnected.written]).toEqual([{}, {}]);
    expect(unanswered).toEqual([revoked.response, disconnected.response]);
    expect(audited).toEqual([]);
    expect(accepted).toEqual([]);
  });

  it('hands a request to Fastify when a collaborator throws at the write, and writes the rest of the batch', async () => {
    const state = { broken: true };
    const { newKey, decide, writeDecided, unanswered } = await setup({ companyNameThrows: () => state.broken });
    const key = await newKey();
    const first = decide({ key });
    writeDecided();
    state.broken = false;
    const second = decide({ key });
    writeDecided();

    expect(unanswered).toEqual([first.response]);
    expect(first.written).toEqual({});
    expect(second.written.status).toBe(200);
  });

  it('hands an answer whose writing threw before anything was sent to Fastify, reports one that threw after, and writes the rest of the batch', async () => {
    const { newKey, decide, writeDecided, audited, unanswered, answerFailures } = await setup();
    const key = await newKey();
    const unsent = decide({ key }, {
      writeHead: () => {
        throw new Error('no headers');
      },
    });
    const half = decide({ key });
    half.response.end = () => {
      throw new Error('cut while ending');
    };
    const whole = decide({ key });

    writeDecided();

    // Fastify answers the first (500, audited there), so it is not recorded here.
    expect(unanswered).toEqual([unsent.response]);
    expect(answerFailures.map((error) => (error as Error).message)).toEqual(['cut while ending']);
    expect(half.written.status).toBe(200);
    expect(whole.written.status).toBe(200);
    expect(audited).toHaveLength(2);
  });

  it('answers a database number with leading zeros as the company it names, and a Content-Length of 0 as no body', async () => {
    const { newKey, send } = await setup();
    const key = await newKey();

    const zeros = send({ key, url: '/v1/companies/0101/access-token' });
    const emptyBody = send({ key, headers: [['Host', `localhost:${PORT}`], ['Content-Length', '0']] });

    expect([zeros.answered, JSON.parse(zeros.written.body ?? '{}').databaseNumber]).toEqual([true, '101']);
    expect(emptyBody.answered).toBe(true);
  });

  // Each of these is left to Fastify, which answers or refuses it as it always has: at once when
  // the request's form rules it out, at the write when a check of the key or company does.
  const declined: [string, (key: string) => Parameters<Awaited<ReturnType<typeof setup>>['send']>[0], 'at once' | 'at the write'][] = [
    ['another method', (key) => ({ key, method: 'GET' }), 'at once'],
    ['a query', (key) => ({ key, url: '/v1/companies/101/access-token?x=1' }), 'at once'],
    ['a percent-encoded target', (key) => ({ key, url: '/v1/companies/%31%30%31/access-token' }), 'at once'],
    ['a trailing slash', (key) => ({ key, url: '/v1/companies/101/access-token/' }), 'at once'],
    ['an absolute-URL target', (key) => ({ key, url: `http://127.0.0.1:${PORT}/v1/companies/101/access-token` }), 'at once'],
    ['a database number that is not one', (key) => ({ key, url: '/v1/companies/abc/access-token' }), 'at once'],
    ['a body (Content-Length)', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Content-Length', '2']] }), 'at once'],
    ['a body (Content-Type)', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Content-Type', 'application/json']] }), 'at once'],
    ['a chunked body', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Transfer-Encoding', 'chunked']] }), 'at once'],
    ['a DNS-rebinding Host', (key) => ({ key, headers: [['Host', `attacker.example:${PORT}`]] }), 'at once'],
    ['two Host headers', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Host', `127.0.0.1:${PORT}`]] }), 'at once'],
    ['an Origin header', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Origin', 'null']] }), 'at once'],
    ['Sec-Fetch-Site: cross-site', (key) => ({ key, headers: [['Host', `127.0.0.1:${PORT}`], ['Sec-Fetch-Site', 'cross-site']] }), 'at once'],
    ['no key', () => ({}), 'at once'],
    ['a wrong key', (key) => ({ key: `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` }), 'at the write'],
    ['a company outside the key', (key) => ({ key, url: '/v1/companies/202/access-token' }), 'at the write'],
  ];
  it.each(declined)('leaves %s to Fastify, writing nothing', async (_name, request, stage) => {
    const { newKey, send, accepted, audited } = await setup();
    const key = await newKey();

    const { leftToFastify, written } = send(request(key));

    expect(leftToFastify).toBe(stage);
    expect(written).toEqual({});
    expect(accepted).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('leaves a key without the token right, a revoked key and an expired key to Fastify', async () => {
    const { newKey, send, keys, clock } = await setup();
    const reader = await newKey({ right: 'read-write' });
    const revoked = await newKey();
    const expiring = await newKey({ lifetimeDays: 30 });
    expect(send({ key: revoked }).leftToFastify).toBe(false);
    expect(send({ key: expiring }).leftToFastify).toBe(false);

    await keys.revoke(keys.list().find((record) => record.companies !== 'all' && record.right === 'token' && record.expiresAt === null)?.id ?? '');
    clock.advance(30 * 24 * HOUR);

    expect([send({ key: reader }).leftToFastify, send({ key: revoked }).leftToFastify, send({ key: expiring }).leftToFastify]).toEqual(['at the write', 'at the write', 'at the write']);
  });

  it('leaves a disconnected company, one without a token at hand, and every request once the server is closing to Fastify', async () => {
    const disconnected = await setup({ connected: false });
    const noToken = await setup({ cached: false });
    const closing = await setup({ open: false });

    expect(disconnected.send({ key: await disconnected.newKey() }).leftToFastify).toBe('at the write');
    expect(noToken.send({ key: await noToken.newKey() }).leftToFastify).toBe('at the write');
    expect(closing.send({ key: await closing.newKey() }).leftToFastify).toBe('at once');
  });
});

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { FakeClock } from '../fake-timers';
import { startApi } from './local-api-harness';

/** Deterministic PRNG. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RawAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Sends raw bytes on a new connection and parses every answer until the server closes or `expect` answers came. */
function exchange(port: number, raw: string, expect: number, timeoutMs = 1500): Promise<{ answers: RawAnswer[]; rest: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    let closed = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers, rest: buffer.toString('latin1'), closed });
    };
    const timer = setTimeout(finish, timeoutMs);
    const parse = () => {
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        const headers = lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
        });
        if (status >= 100 && status < 200) {
          buffer = buffer.subarray(end + 4);
          continue;
        }
        const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? '0');
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        buffer = buffer.subarray(end + 4 + length);
        answers.push({ status, headers, body });
        if (answers.length >= expect) {
          // Wait a moment for a close after the last answer.
          setTimeout(finish, 30);
        }
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      parse();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', () => undefined);
    socket.write(raw, 'latin1');
  });
}

type KeyName = 'good' | 'all' | 'reader' | 'other' | 'revoked' | 'expired' | 'bad';

async function apiWithKeys(clock: FakeClock, withoutCachedTokens: boolean) {
  const entries: AuditEntry[] = [];
  const api = await startApi({ clock, withoutCachedTokens, audit: { record: (entry) => entries.push(entry) } });
  const keys: Record<KeyName, string> = {
    good: await api.newKey({ right: 'token', companies: ['101'] }),
    all: await api.newKey({ right: 'token', companies: 'all' }),
    reader: await api.newKey({ right: 'read-write', companies: ['101'] }),
    other: await api.newKey({ right: 'token', companies: ['202'] }),
    revoked: await api.newKey({ right: 'token', companies: ['101'] }),
    expired: await api.newKey({ right: 'token', companies: ['101'], lifetimeDays: 30 }),
    bad: '',
  };
  keys.bad = `${keys.good.slice(0, -1)}${keys.good.endsWith('A') ? 'B' : 'A'}`;
  const revokedId = api.keys.list()[4]?.id ?? '';
  await api.keys.revoke(revokedId);
  return { api, keys, entries };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** A random request as a template: {PORT} and {KEY:name} are filled in per server. */
function randomRequest(random: () => number): string {
  const method = pick(random, ['POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS', 'PATCH']);
  const version = pick(random, ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0']);
  const path = pick(random, [
    '/v1/companies/101/access-token',
    '/v1/companies/101/access-token',
    '/v1/companies/101/access-token',
    '/v1/companies/0101/access-token',
    '/v1/companies/202/access-token',
    '/v1/companies/303/access-token',
    '/v1/companies/0/access-token',
    '/v1/companies/%31%30%31/access-token',
    '/v1/companies/101/access-token/',
    '/v1/companies/101/access-token?x=1',
    '/v1/companies/101/access-token?',
    '//v1/companies/101/access-token',
    '/V1/companies/101/access-token',
    '/v1/companies/101/access-token;x',
    '/v1/companies/101/Access-Token',
    '/v1//companies/101/access-token',
    '/v1/companies/000000000000000000101/access-token',
    '/v1/companies/99999999999999999999/access-token',
    'http://127.0.0.1:{PORT}/v1/companies/101/access-token',
    '/v1/companies/101/access-token%00',
    '/v1/companies/101/access-token#x',
    '/v1/companies/101/./access-token',
    '/v1/companies/1e2/access-token',
    '/v1/companies/+101/access-token',
  ]);
  const headers: [string, string][] = [];
  const hostChoice = pick(random, ['ok', 'ok', 'ok', 'localhost', 'v6', 'upper', 'spaces', 'evil', 'none', 'two', 'noport', 'empty']);
  const hostValue: Record<string, string[]> = {
    ok: ['127.0.0.1:{PORT}'],
    localhost: ['localhost:{PORT}'],
    v6: ['[::1]:{PORT}'],
    upper: ['LOCALHOST:{PORT}'],
    spaces: ['  127.0.0.1:{PORT}  '],
    evil: ['attacker.example:{PORT}'],
    none: [],
    two: ['127.0.0.1:{PORT}', '127.0.0.1:{PORT}'],
    noport: ['127.0.0.1'],
    empty: [''],
  };
  for (const value of hostValue[hostChoice] ?? []) headers.push([pick(random, ['Host', 'host', 'HOST']), value]);
  const keyChoice = pick(random, ['good', 'good', 'good', 'all', 'reader', 'other', 'revoked', 'expired', 'bad', 'none', 'two', 'lower', 'spaces', 'basic']);
  const authName = pick(random, ['Authorization', 'authorization', 'AUTHORIZATION']);
  switch (keyChoice) {
    case 'none':
      break;
    case 'two':
      headers.push([authName, 'Bearer {KEY:good}'], [authName, 'Bearer {KEY:good}']);
      break;
    case 'lower':
      headers.push([authName, 'bearer {KEY:good}']);
      break;
    case 'spaces':
      headers.push([authName, 'Bearer    {KEY:good}  ']);
      break;
    case 'basic':
      headers.push([authName, 'Basic {KEY:good}']);
      break;
    default:
      headers.push([authName, `Bearer {KEY:${keyChoice}}`]);
  }
  let body = '';
  const extras = Math.floor(random() * 3);
  for (let at = 0; at < extras; at += 1) {
    const extra = pick(random, [
      ['Origin', 'null'],
      ['Origin', 'http://127.0.0.1:{PORT}'],
      ['Sec-Fetch-Site', 'none'],
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Mode', 'cors'],
      ['Sec-Fetch-Mode', 'navigate'],
      ['Sec-Fetch-Mode', 'no-cors'],
      ['Sec-Fetch-Dest', 'empty'],
      ['Sec-Fetch-User', '?1'],
      ['Content-Length', '0'],
      ['Content-Length', '00'],
      ['Content-Length', '2'],
      ['Content-Type', 'application/json'],
      ['Content-Type', 'text/plain'],
      ['Transfer-Encoding', 'chunked'],
      ['Expect', '100-continue'],
      ['Connection', 'close'],
      ['Connection', 'keep-alive'],
      ['X-HTTP-Method-Override', 'GET'],
      ['X-Forwarded-Host', 'attacker.example'],
      ['Accept', 'application/json'],
    ] as [string, string][]);
    if (extra[0] === 'Content-Length' && headers.some(([name]) => name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding')) continue;
    if (extra[0] === 'Transfer-Encoding' && headers.some(([name]) => name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding')) continue;
    headers.push(extra);
    if (extra[0] === 'Content-Length' && extra[1] === '2') body = '{}';
    if (extra[0] === 'Transfer-Encoding') body = pick(random, ['0\r\n\r\n', '2\r\n{}\r\n0\r\n\r\n']);
  }
  // Shuffle the headers.
  for (let at = headers.length - 1; at > 0; at -= 1) {
    const other = Math.floor(random() * (at + 1));
    [headers[at], headers[other]] = [headers[other] as [string, string], headers[at] as [string, string]];
  }
  return `${method} ${path} ${version}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`;
}

const fill = (template: string, port: number, keys: Record<KeyName, string>) =>
  template.replaceAll('{PORT}', String(port)).replace(/\{KEY:(\w+)\}/g, (_all, name: string) => keys[name as KeyName]);

/** What is compared of an answer: everything but the date and the keep-alive timeout. */
const comparable = (answer: RawAnswer) => ({
  status: answer.status,
  headers: answer.headers.filter(([name]) => name !== 'date' && name !== 'keep-alive').sort(([a], [b]) => a.localeCompare(b)),
  body: answer.body,
});
const comparableEntry = (entry: AuditEntry) => ({ ...entry, keyId: entry.keyId === null ? null : 'some', durationMs: 0, at: 0 });

describe('fuzz: the cached-token answer against Fastify', () => {
  it('answers random requests, alone and pipelined, exactly as Fastify does', { timeout: 240_000 }, async () => {
    const clock = new FakeClock();
    const fast = await apiWithKeys(clock, false);
    const slow = await apiWithKeys(clock, true);
    clock.advance(31 * 24 * 60 * 60 * 1000);
    const random = mulberry32(Number(process.env.FUZZ_SEED ?? 1));
    const rounds = Number(process.env.FUZZ_ROUNDS ?? 300);
    const mismatches: unknown[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const count = random() < 0.3 ? 2 + Math.floor(random() * 2) : 1;
      const templates = Array.from({ length: count }, () => randomRequest(random));
      const send = (api: Awaited<ReturnType<typeof apiWithKeys>>) =>
        exchange(api.api.port, templates.map((template) => fill(template, api.api.port, api.keys)).join(''), count);
      const [a, b] = [await send(fast), await send(slow)];
      const left = { answers: a.answers.map(comparable), closed: a.closed };
      const right = { answers: b.answers.map(comparable), closed: b.closed };
      if (JSON.stringify(left) !== JSON.stringify(right)) mismatches.push({ templates, fast: left, fastify: right });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sortEntries = (entries: AuditEntry[]) => entries.map(comparableEntry).map((entry) => JSON.stringify(entry)).sort();
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(sortEntries(fast.entries)).toEqual(sortEntries(slow.entries));
    expect(fast.api.keys.list().map((record) => record.lastUsedAt)).toEqual(slow.api.keys.list().map((record) => record.lastUsedAt));
    expect(fast.api.handed.length).toBeGreaterThan(10);
  });
});

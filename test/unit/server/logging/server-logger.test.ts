import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createServerLogger, redactLogLine, serverLoggerOptions } from '../../../../server/logging/server-logger';

/** An in-memory pino destination: every line written, in order. */
function memory(): { write(line: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

// Planted secrets, each distinct so a leak names itself.
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIiwidGlkIjoiMTIzIn0.c2lnbmF0dXJlLXBhcnQtZm9yLXRlc3Q';
const BEARER = 'opaqueBearerValue0123456789';
const OAUTH_CODE = 'oauthCodeValue-7Hq2';
const TOKEN_FIELD = 'tokenFieldValue-1a2b';
const DEEP_REFRESH = 'deepRefreshValue-3c4d';
const DEEPER_SECRET = 'deeperClientSecret-5e6f';
const ERROR_REFRESH = 'errorRefreshValue-7a8b';
const HEADER_COOKIE = 'sessionCookieValue-9c0d';
const API_KEY = 'apiKeyHeaderValue-1e2f';
const OPAQUE = 'fx-opaque-refresh-3a4b5c6d7e8f';
const BASIC = 'QWJDZEVmMTIzNDU2OnNlY3JldA==';
const SPLIT_BEARER = 'splitBearerValue-5a6b';
const PLANTED = [JWT, BEARER, OAUTH_CODE, TOKEN_FIELD, DEEP_REFRESH, DEEPER_SECRET, ERROR_REFRESH, HEADER_COOKIE, API_KEY, OPAQUE, BASIC, SPLIT_BEARER];

function expectClean(lines: string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.endsWith('\n')).toBe(true);
    expect(() => JSON.parse(line)).not.toThrow();
  }
  const all = lines.join('');
  for (const secret of PLANTED) expect(all, `leaked ${secret}`).not.toContain(secret);
}

describe('the server logger', () => {
  it('writes JSON lines in which no planted secret appears, at any depth, in messages, fields, bindings or errors', () => {
    const out = memory();
    const secrets = new KnownSecrets();
    secrets.add(OPAQUE);
    const log = createServerLogger({ level: 'info', secrets }, out);

    log.info(`calling Fortnox with Bearer ${BEARER}`);
    log.info({ tenantId: '1234567' }, `callback http://127.0.0.1:41819/cb?code=${OAUTH_CODE}&state=s1`);
    log.info({ token: TOKEN_FIELD, a: { b: { refresh_token: DEEP_REFRESH } } }, 'fields named token at two depths');
    log.info({ one: { two: { three: { clientSecret: DEEPER_SECRET } } } }, 'a secret three levels down');
    log.info({ req: { headers: { authorization: `Bearer ${JWT}`, cookie: HEADER_COOKIE, 'x-api-key': API_KEY } } }, 'headers');
    log.info({ list: [{ access_token: JWT }, `Basic ${BASIC}`] }, 'arrays too');
    log.info('interpolated %s', `Bearer ${BEARER}`);
    log.info(`a bearer split over lines: Bearer\n${SPLIT_BEARER}`);
    log.error(new Error(`refresh failed: refresh_token=${ERROR_REFRESH} was refused`));
    log.error({ err: new Error(`Fortnox said no to ${OPAQUE}`) }, 'refresh failed');
    log.child({ authorization: `Basic ${BASIC}` }).warn('a child logger with a secret binding');

    expectClean(out.lines);
    expect(out.lines).toHaveLength(11);
  });

  it('keeps what is not secret: tenant ids, messages, readable error codes and HTTP statuses', () => {
    const out = memory();
    const log = createServerLogger({ level: 'info' }, out);
    const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    log.error({ err: failure, tenantId: '1234567', answer: { code: 404 } }, 'database unreachable');
    log.info({ code: OAUTH_CODE }, 'an OAuth code in a field named code');
    const [first, second] = out.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 50, msg: 'database unreachable', tenantId: '1234567', err: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, answer: { code: 404 } });
    expect(typeof first?.time).toBe('string');
    expect(second).toMatchObject({ code: '[redacted]', msg: 'an OAuth code in a field named code' });
  });

  it("applies the same rules to Fastify's own request and error logs when given as its logger option", async () => {
    const out = memory();
    const app = Fastify({ logger: { ...serverLoggerOptions({ level: 'info' }), stream: out } });
    app.get('/v1/callback', async (request) => {
      request.log.info({ headers: request.headers }, 'request headers, logged by mistake');
      throw new Error(`exchange failed for code=${OAUTH_CODE}`);
    });
    const reply = await app.inject({
      method: 'GET',
      url: `/v1/callback?code=${OAUTH_CODE}&access_token=${JWT}`,
      headers: { authorization: `Bearer ${BEARER}`, cookie: `sid=${HEADER_COOKIE}`, 'x-api-key': API_KEY },
    });
    await app.close();
    expect(reply.statusCode).toBe(500);
    expectClean(out.lines);
    const messages = out.lines.map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['incoming request', 'request headers, logged by mistake', 'request completed']));
    expect(out.lines.join('')).toContain('/v1/callback?code=[redacted]');
  });

  it('passes a line with nothing to mask through unchanged, without parsing it', () => {
    const line = '{"level":30,"time":"2025-01-01T00:00:00.000Z","msg":"refreshed","tenantId":"1234567","ms":12}\n';
    expect(redactLogLine(line)).toBe(line);
  });

  it('masks a secret-named key even when the line has no secret-shaped text', () => {
    expect(JSON.parse(redactLogLine('{"level":30,"refreshToken":"plainvalue"}\n'))).toEqual({ level: 30, refreshToken: '[redacted]' });
  });

  it('keeps a masked line valid JSON when a secret sits beside an escaped quote', () => {
    const line = `${JSON.stringify({ msg: `code=${OAUTH_CODE}"quoted" and \\ backslash` })}\n`;
    const masked = redactLogLine(line);
    expect(JSON.parse(masked)).toEqual({ msg: 'code=[redacted]"quoted" and \\ backslash' });
  });
});

import { describe, expect, it } from 'vitest';
import type { AccessTokenSource } from '../../../../main/local-api/access-token-source';
import { serverLoggerOptions } from '../../../../server/logging/server-logger';
import { apiCompany, buildApp } from './server-harness';

const TENANT = '7319046682';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWFjY2Vzcy10b2tlbg.c2lnbmF0dXJl';

describe('the firm server request log', () => {
  it('writes one line per request with the route pattern, method, status and time, and no URL, tenant, key, token or failure message', async () => {
    const lines: string[] = [];
    let fail = false;
    const tokens: AccessTokenSource = {
      accessToken: async () => {
        if (fail) throw new Error(`could not decrypt ${TOKEN} for ${TENANT}`);
        return { accessToken: TOKEN, expiresAt: Date.UTC(2025, 0, 15, 10), scopes: ['invoice'] };
      },
    };
    const { app, newKey } = await buildApp({
      companies: [apiCompany(TENANT, 'Hemlig Kund AB')],
      tokens,
      // The server's own logger options (server/logging), written to an array.
      logger: { ...serverLoggerOptions({ level: 'info' }), stream: { write: (line: string) => void lines.push(line) } },
    });
    const key = await newKey({ companies: 'all', right: 'token' });
    const headers = { authorization: `Bearer ${key}` };

    expect((await app.inject({ method: 'POST', url: `/v1/companies/${TENANT}/access-token?customer=Hemlig`, headers })).statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/v1/companies', headers: { authorization: `Bearer ${key.slice(0, -1)}x` } });
    fail = true;
    expect((await app.inject({ method: 'POST', url: `/v1/companies/${TENANT}/access-token`, headers })).statusCode).toBe(500);

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.filter((record) => record.msg === 'request').map((record) => [record.method, record.route, record.status])).toEqual([
      ['POST', '/v1/companies/:databaseNumber/access-token', 200],
      ['GET', '/v1/companies', 401],
      ['POST', '/v1/companies/:databaseNumber/access-token', 500],
    ]);
    expect(records.find((record) => record.msg === 'request failed')).toMatchObject({ error: 'Error', code: null });
    const text = lines.join('\n');
    for (const secret of [TENANT, TOKEN, key, key.slice(4, 30), 'Hemlig', 'decrypt', '/v1/companies/7']) expect(text, secret).not.toContain(secret);
  });
});

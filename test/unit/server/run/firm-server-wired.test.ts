import { execFile } from 'node:child_process';
import { encodeKeyScope, KEY_SCOPE_HEADER } from '../../../../main/local-api/key-scope';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  authorizationResponseSchema,
  firmCompaniesSchema,
  firmDisconnectResponseSchema,
  firmFortnoxClientSchema,
  PAIRING_CODE_PATTERN,
  sessionResponseSchema,
} from '../../../../shared/firm-api';
import { accessTokenResponseSchema, companiesResponseSchema } from '../../../../shared/local-api-schemas';
import { loadServerConfig } from '../../../../server/config';
import { startFirmServer } from '../../../../server/start-server';
import { obtainCode } from '../../simulator/token-test-kit';
import { ROOT } from './server-process';

/**
 * The server as `npm run server` starts it (startFirmServer from the configuration, PGlite, the
 * embedded simulator) serves the whole accountant path: the first admin's pairing code from the
 * `pairing-code` command, a session, the Fortnox client without its secret, a connect, the live
 * list, the tool routes under the session, and a disconnect that revokes at Fortnox.
 */
describe('the firm server as started from its configuration', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'firm-wired-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the first admin a pairing code from the command line, then connects, lists, hands out a token and disconnects a company', async () => {
    const dataDir = path.join(folder, 'data');
    const command = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts', 'pairing-code', 'anna@byran.se', 'admin'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0' },
    });
    const code = /: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\n/.exec(command.stdout)?.[1];
    expect(code).toMatch(PAIRING_CODE_PATTERN);

    const server = await startFirmServer({ config: loadServerConfig({ DATA_DIR: dataDir, PORT: '0' }) });
    try {
      const demo = server.simulator;
      expect(demo).toBeDefined();
      if (!demo) return;
      const call = async (method: string, route: string, session?: string, body?: unknown, extra: Record<string, string> = {}) => {
        const answer = await fetch(`${server.url}${route}`, {
          method,
          headers: { ...(session ? { authorization: `Bearer ${session}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        return { status: answer.status, text: await answer.text() };
      };

      const paired = await call('POST', '/v1/sessions/pairing', undefined, { code, deviceName: 'Annas laptop' });
      expect(paired.status, paired.text).toBe(200);
      const { session, user } = sessionResponseSchema.parse(JSON.parse(paired.text));
      expect(user).toMatchObject({ email: 'anna@byran.se', role: 'admin' });
      // A pairing code works once.
      expect((await call('POST', '/v1/sessions/pairing', undefined, { code, deviceName: 'again' })).status).toBe(401);

      const client = firmFortnoxClientSchema.parse(JSON.parse((await call('GET', '/v1/firm/fortnox', session)).text));
      expect(client.clientId).toBe(demo.clientId);
      expect(client.redirectUris).toContain(demo.redirectUri);
      const before = firmCompaniesSchema.parse(JSON.parse((await call('GET', '/v1/firm/companies', session)).text));
      expect(before.companies).toEqual([]);

      const fortnoxCode = await obtainCode(demo.simulator, {
        username: 'bo',
        password: 'demo',
        params: { client_id: demo.clientId, redirect_uri: demo.redirectUri, scope: 'companyinformation', access_type: 'offline', state: 'state-1' },
      });
      const connected = await call('POST', '/v1/authorizations', session, {
        code: fortnoxCode,
        redirectUri: demo.redirectUri,
        requestedScopes: ['companyinformation'],
        offlineAccess: true,
        accountType: 'user',
      });
      expect(connected.status, connected.text).toBe(200);
      const { company } = authorizationResponseSchema.parse(JSON.parse(connected.text));
      expect(company.companyName).toBe('Ekströms Café Handelsbolag');

      const after = firmCompaniesSchema.parse(JSON.parse((await call('GET', '/v1/firm/companies', session)).text));
      expect(after.companies.map((listed) => listed.tenantId)).toEqual([company.tenantId]);
      expect(after.version).toBeGreaterThan(before.version);
      // The tool routes take the accountant's session with a local key's scope (the desktop's local API forwards under it).
      const scope = { [KEY_SCOPE_HEADER]: encodeKeyScope({ name: 'Annas rapport', companies: 'all', right: 'token' }) };
      const tools = companiesResponseSchema.parse(JSON.parse((await call('GET', '/v1/companies', session, undefined, scope)).text));
      expect(tools.companies.map((listed) => listed.databaseNumber)).toEqual([company.tenantId]);
      const token = await call('POST', `/v1/companies/${company.tenantId}/access-token`, session, undefined, scope);
      expect(token.status, token.text).toBe(200);
      expect(accessTokenResponseSchema.parse(JSON.parse(token.text)).accessToken.length).toBeGreaterThan(0);

      const disconnected = await call('DELETE', `/v1/firm/companies/${company.tenantId}`, session);
      expect([200, 204]).toContain(disconnected.status);
      if (disconnected.status === 200) expect(firmDisconnectResponseSchema.parse(JSON.parse(disconnected.text)).revoked).toBe(true);
      expect(demo.simulator.revocations()).toHaveLength(1);
      expect(firmCompaniesSchema.parse(JSON.parse((await call('GET', '/v1/firm/companies', session)).text)).companies).toEqual([]);
    } finally {
      await server.close();
    }
  }, 180_000);
});

import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FIRM_TABLES, useMigratedPglite } from '../../server/auth/migrated-databases';
import { createAppServices, type AppServices } from '../../../../main/app-services';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import { toolAuditSettled } from '../../../../server/http/server-state';
import { accessTokenResponseSchema, companiesResponseSchema } from '../../../../shared/local-api-schemas';
import { bearer, connectionsApp, random } from '../../server/http/firm-connections-kit';
import { errorCodeOf } from '../../server/http/server-harness';
import { firmScript } from '../../server/tokens/tokens-test-kit';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { nodeFetch } from '../simulated-fortnox';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

/*
 * Issue 10 item 5, "the local API, if on, forwards to the server under the accountant's session":
 * the desktop's real services (firm mode signed in with a pairing code, the real local API on a
 * free port) in front of the REAL firm server (server-app with its connection routes, PGlite, real
 * FirmTokens and sessions) and the Fortnox simulator. A tool presents its LOCAL key to the local
 * API; the local key's companies and right limit what reaches the server, and the server, which
 * gets the session plus the local key's scope, gives no more than both allow.
 */

const db = useMigratedPglite({ emptyBeforeEach: FIRM_TABLES });

const startSimulator = trackSimulators();
const tempDir = useTempDirs();

/** The firm server with companies 101 (A) and 401 (B) connected by an accountant, listening on a free port. */
async function firmServer() {
  const simulator = await startSimulator(firmScript([]));
  const clock = new FakeClock(Date.now());
  const built = await connectionsApp({ db, simulator, clock });
  const admin = await built.sessionFor('bo@byran.se');
  expect((await built.authorize(admin)).statusCode).toBe(200);
  expect((await built.authorize(admin, {}, 'employee')).statusCode).toBe(200);
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}/`;
  return { ...built, simulator, clock, url };
}

/** The desktop app's services in firm mode, signed in to `server` as anna with a pairing code, the local API running. */
async function desktopSignedIn(server: Awaited<ReturnType<typeof firmServer>>) {
  const logger = recordingLogger();
  const clock = new FakeClock(server.clock.now());
  const services = await createAppServices({
    dataDir: await tempDir(),
    env: {},
    safeStorage: new FakeSafeStorage(),
    platform: 'linux',
    fetcher: nodeFetch,
    now: clock.now,
    timers: clock.timers,
    log: logger.log,
    publishCompanies: () => undefined,
    localApiDefaultPort: 0,
  });
  expect((await services.firm.saveUrl(server.url)).ok).toBe(true);
  const { code } = await issuePairingCodeFromCli(db, { email: 'anna@byran.se', role: 'accountant' }, { now: server.clock.now, random, audit: new FirmAudit({ db, now: server.clock.now }) });
  const paired = await services.firm.pair(code);
  expect(paired.ok, JSON.stringify(paired)).toBe(true);
  const status = await services.localApi.apply();
  if (status.state !== 'running') throw new Error(`local API not running: ${status.state}`);
  const base = `http://127.0.0.1:${status.port}`;
  const call = async (method: string, path: string, key?: string) => {
    const answer = await fetch(`${base}${path}`, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  };
  return { services, logger, call, base };
}

async function stopDesktop(services: AppServices): Promise<void> {
  services.firm.stop();
  await services.localApi.stop();
  await services.audit.close();
}

describe('the local API in firm mode, forwarding to the real firm server', () => {
  it('gives a key for company A its token through the desktop and 403 for B; a read-only key gets no token; the server audits the user with the local key', async () => {
    const server = await firmServer();
    const { services, logger, call } = await desktopSignedIn(server);
    try {
      const onlyA = (await services.toolKeys.create({ name: 'Bara A', companies: ['101'], right: 'token', lifetimeDays: null })).key;
      const readOnly = (await services.toolKeys.create({ name: 'Läsaren', companies: 'all', right: 'read', lifetimeDays: null })).key;

      // A's token, handed out by the server (the one its FirmTokens holds), through the local API.
      const token = await call('POST', '/v1/companies/101/access-token', onlyA);
      expect(token.status, token.text).toBe(200);
      const handed = accessTokenResponseSchema.parse(JSON.parse(token.text));
      expect(handed.accessToken).toBe((await server.tokens.accessToken('101')).accessToken);
      expect(token.headers.get('cache-control')).toBe('no-store');

      // B is not in the local key: refused, with the local API's error body.
      const forB = await call('POST', '/v1/companies/401/access-token', onlyA);
      expect(forB.status).toBe(403);
      expect(errorCodeOf(forB.text)).toBe('company_not_allowed');

      // The listing is the server's, narrowed to the local key's companies.
      const listedA = companiesResponseSchema.parse(JSON.parse((await call('GET', '/v1/companies', onlyA)).text));
      expect(listedA.companies.map((company) => company.databaseNumber)).toEqual(['101']);
      const listedAll = companiesResponseSchema.parse(JSON.parse((await call('GET', '/v1/companies', readOnly)).text));
      expect(listedAll.companies.map((company) => company.databaseNumber).sort()).toEqual(['101', '401']);

      // A read-only key gets no token, but may read through the proxy (the server calls Fortnox).
      const noToken = await call('POST', '/v1/companies/401/access-token', readOnly);
      expect(noToken.status).toBe(403);
      expect(errorCodeOf(noToken.text)).toBe('right_not_granted');
      const proxied = await call('GET', '/v1/companies/401/fortnox/3/companyinformation', readOnly);
      expect(proxied.status, proxied.text).toBe(200);
      expect(proxied.text).toContain('Fyrans Frisör AB');
      const writeRefused = await call('POST', '/v1/companies/401/fortnox/3/customers', readOnly);
      expect(errorCodeOf(writeRefused.text)).toBe('right_not_granted');

      // Health and the (local) OpenAPI document.
      expect((await call('GET', '/v1/health')).status).toBe(200);
      expect((await call('GET', '/v1/openapi.json', readOnly)).status).toBe(200);
      expect((await call('GET', '/v1/companies')).status).toBe(401);

      // A bare session on the server's tool routes is not a super key.
      const forwarding = services.firm.toolForwarding();
      if (forwarding.kind !== 'signed_in') throw new Error('not signed in');
      const bare = await fetch(`${server.url}v1/companies/401/access-token`, { method: 'POST', headers: bearer(forwarding.session) });
      expect(bare.status).toBe(403);
      expect(errorCodeOf(await bare.text())).toBe('key_scope_required');

      // The server's audit names the accountant and the local key.
      await toolAuditSettled(server.app);
      const { rows } = await db.query<{ action: string; actor: string; tenant_id: string }>(`SELECT action, actor, tenant_id FROM audit WHERE action IN ('token', 'proxy') ORDER BY id`);
      expect(rows).toEqual([
        { action: 'token', actor: 'anna@byran.se (declared local key: Bara A)', tenant_id: '101' },
        { action: 'proxy', actor: 'anna@byran.se (declared local key: Läsaren)', tenant_id: '401' },
      ]);

      // The server ends the session: the tool is told the app is signed out, and firm mode signs out.
      expect((await server.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: bearer(forwarding.session) })).statusCode).toBe(204);
      const after = await call('POST', '/v1/companies/101/access-token', onlyA);
      expect(after.status).toBe(401);
      expect(errorCodeOf(after.text)).toBe('firm_signed_out');
      expect(services.firm.view().state).toBe('signed_out');
      expect(errorCodeOf((await call('GET', '/v1/companies', onlyA)).text)).toBe('firm_signed_out');

      // Nothing of the session or the handed token in the desktop's or the server's log.
      const logs = logger.text() + server.logger.text();
      for (const secret of [forwarding.session, handed.accessToken, onlyA, readOnly]) expect(logs).not.toContain(secret);
      // This computer's own connections were never used: none exist, and none was asked for.
      expect(services.connections.list()).toEqual([]);
    } finally {
      await stopDesktop(services);
      // Before the simulator: the server's kept-alive connections to it end with the server.
      await server.app.close();
    }
  }, 60_000);

  it('answers 503 firm_server_unreachable when the firm server is down', async () => {
    const server = await firmServer();
    const { services, call } = await desktopSignedIn(server);
    try {
      const key = (await services.toolKeys.create({ name: 'Skript', companies: 'all', right: 'token', lifetimeDays: null })).key;
      expect((await call('POST', '/v1/companies/101/access-token', key)).status).toBe(200);
      services.firm.stop();
      await server.app.close();
      for (const [method, path] of [
        ['POST', '/v1/companies/101/access-token'],
        ['GET', '/v1/companies'],
        ['GET', '/v1/companies/101/fortnox/3/companyinformation'],
        ['GET', '/v1/health'],
      ] as const) {
        const answer = await call(method, path, key);
        expect(answer.status, path).toBe(503);
        expect(errorCodeOf(answer.text), path).toBe('firm_server_unreachable');
      }
      // Unreachable is not signed out.
      expect(services.firm.view().state).not.toBe('signed_out');
    } finally {
      await stopDesktop(services);
    }
  });
});

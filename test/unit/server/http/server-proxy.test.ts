import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { connectCompany, openConnections } from '../../main/connections/connections-harness';
import { useSimulatedFortnox } from '../../main/simulated-fortnox';
import { useTempDirs } from '../../main/storage/temp-dir';
import { apiCompany, buildApp } from './server-harness';
import { send } from './http-client';

/** The simulator's API requests after connecting (which itself reads /3/companyinformation). */
const proxied = (simulator: FortnoxSimulator) => simulator.apiRequests().filter((request) => request.path !== '/3/companyinformation');

/**
 * The firm server's Fortnox proxy over real sockets, with its own kept-alive connections to the
 * Fortnox simulator. The desktop's token keeper stands in for the server's token service (helper
 * "tokens"): both are an AccessTokenSource, which is all the proxy sees.
 */
describe('firm server Fortnox proxy', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start();
    const { service, limiter } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101, ['companyinformation', 'invoice']);
    let beforeSlot: () => Promise<void> = async () => undefined;
    const built = await buildApp({
      clock,
      companies: [apiCompany('101', 'Café Söder AB')],
      tokens: keeperAccessTokens(service.keeper, clock.now),
      proxy: {
        apiBaseUrl: () => simulator.apiBaseUrl,
        limiter: {
          acquire: async (tenantId, deadline) => {
            await beforeSlot();
            await limiter.acquire(tenantId, deadline);
          },
        },
      },
    });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (built.app.server.address() as AddressInfo).port;
    const get = (path: string, key: string) => send(port, { path: `/v1/companies/101/fortnox${path}`, headers: { host: 'fortnox.firm.example', authorization: `Bearer ${key}`, accept: 'application/json' } });
    return { ...built, simulator, service, port, get, onSlot: (hook: () => Promise<void>) => (beforeSlot = hook) };
  }

  it("lists invoices at Fortnox with the server's token, never the tool's key, and passes back no Fortnox cookie", async () => {
    const { simulator, newKey, get } = await setup();
    const key = await newKey({ right: 'read' });

    const answer = await get('/3/invoices?page=2&limit=100', key);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).MetaInformation).toEqual({ '@TotalResources': 250, '@TotalPages': 3, '@CurrentPage': 2 });
    expect(answer.headers['set-cookie']).toBeUndefined();
    const [request] = proxied(simulator);
    expect(request?.path).toBe('/3/invoices');
    expect(JSON.stringify(request)).not.toContain(key);
  });

  it('refreshes once and retries when Fortnox rejects the access token', async () => {
    const { simulator, newKey, get } = await setup();
    const key = await newKey({ right: 'read' });
    simulator.rejectAccessTokens(101);

    const answer = await get('/3/invoices', key);

    expect(answer.status).toBe(200);
    expect(simulator.refreshCount(101)).toBe(1);
    expect(proxied(simulator)).toHaveLength(2);
  });

  it('refuses a call whose key was revoked (on any replica) while it waited for its rate-limit slot, before Fortnox', async () => {
    const { simulator, newKey, registry, get, onSlot } = await setup();
    const key = await newKey({ right: 'read' });
    const id = registry.list()[0]!.id;
    onSlot(async () => void (await registry.revoke(id)));

    const answer = await get('/3/invoices', key);

    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).error.code).toBe('unauthorized');
    expect(proxied(simulator)).toEqual([]);
  });
});

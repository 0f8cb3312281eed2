import { describe, expect, it } from 'vitest';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { rawRequest, startApi } from './local-api-harness';

describe('cached-token answer against Fastify over a real keeper, vault and simulator', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  it('gives the same answers through a token lifetime, a refresh and a disconnect', async () => {
    const { clock, simulator } = await start();
    const { service } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101);
    const fastTokens = keeperAccessTokens(service.keeper, clock.now);
    let atHand = 0;
    const cached = fastTokens.cachedAccessToken;
    const counted = { ...fastTokens, cachedAccessToken: (t: string) => { const got = cached?.(t); if (got) atHand += 1; return got; } };
    const { cachedAccessToken: _drop, ...slowTokens } = fastTokens;
    const companyName = (tenantId: string) => service.companyName(tenantId);
    const fast = await startApi({ clock, tokens: counted, companyName });
    const slow = await startApi({ clock, tokens: slowTokens, companyName });
    const fastKey = await fast.newKey({ right: 'token' });
    const slowKey = await slow.newKey({ right: 'token' });
    const ask = async (api: typeof fast, key: string) => {
      const answer = await rawRequest(api.port, { method: 'POST', path: '/v1/companies/101/access-token', headers: { host: `127.0.0.1:${api.port}`, authorization: `Bearer ${key}` } });
      return { status: answer.status, text: answer.text };
    };
    const steps: { fast: unknown; slow: unknown; atHand: number }[] = [];
    const step = async () => {
      const before = atHand;
      const a = await ask(fast, fastKey);
      const b = await ask(slow, slowKey);
      steps.push({ fast: a, slow: b, atHand: atHand - before });
    };
    await step();
    await step();
    clock.advance(50 * 60 * 1000);
    await step();
    clock.advance(6 * 60 * 1000);
    await step();
    await step();
    await step();
    await service.disconnect('101');
    await step();
    for (const each of steps) expect(each.fast).toEqual(each.slow);
    expect(steps.map((each) => each.atHand)).toMatchInlineSnapshot(`
      [
        0,
        1,
        1,
        0,
        1,
        1,
        0,
      ]
    `);
  });
});

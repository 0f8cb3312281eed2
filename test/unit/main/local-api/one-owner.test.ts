import { describe, expect, it } from 'vitest';
import { keeperAccessTokens } from '../../../../main/local-api/access-token-source';
import { connectCompany, openConnections, upserts } from '../connections/connections-harness';
import { leakedSecrets, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { curl, errorCode, fetchApi, startApi } from './local-api-harness';

const HOUR = 60 * 60 * 1000;

/**
 * The local API in front of the real connections service and token keeper, against the Fortnox
 * simulator: every tool shares the app's one refresh per company (issue 8 item 3).
 */
describe('local API as the one owner of a company’s tokens', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start();
    const { service, logger, nextPublished } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101);
    // The API's company list and tokens are the service's own.
    const api = await startApi({ clock, companies: service.list(), tokens: keeperAccessTokens(service.keeper, clock.now) });
    // After a refresh the service writes companies.json in the background and publishes once it
    // is written; a test waits for that, so its temp folder is not removed under the write.
    const written = (status: 'active' | 'needs_reconnect') => nextPublished(upserts('101', { status }));
    return { clock, simulator, service, logger, api, written };
  }

  it('makes exactly one refresh at Fortnox for 50 concurrent access-token requests of an expired token, and gives all 50 the new token', async () => {
    const { clock, simulator, service, api, written } = await setup();
    const key = await api.newKey({ right: 'token' });
    const before = (await service.keeper.current('101'))?.accessToken;
    const refreshWritten = written('active');
    clock.advance(2 * HOUR);

    const answers = await Promise.all(Array.from({ length: 50 }, () => fetchApi(`${api.base}/v1/companies/101/access-token`, { method: 'POST', key })));

    expect(simulator.refreshCount(101)).toBe(1);
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token')).toHaveLength(1);
    const fresh = (await service.keeper.current('101'))?.accessToken;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(before);
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((answer) => JSON.parse(answer.text).accessToken))).toEqual(new Set([fresh]));
    await refreshWritten;
  });

  it('refreshes a token with less than five minutes left before handing it out, and hands out the stored one otherwise', async () => {
    const { clock, simulator, service, api, written } = await setup();
    const key = await api.newKey({ right: 'token' });
    const first = (await service.keeper.current('101'))?.accessToken;
    const refreshWritten = written('active');

    clock.advance(HOUR - 6 * 60 * 1000);
    const early = JSON.parse((await curl(['-X', 'POST', '-H', `Authorization: Bearer ${key}`, `${api.base}/v1/companies/101/access-token`])).text);
    clock.advance(2 * 60 * 1000);
    const late = JSON.parse((await fetchApi(`${api.base}/v1/companies/101/access-token`, { method: 'POST', key })).text);

    expect(early.accessToken).toBe(first);
    expect(early.expiresIn).toBe(6 * 60);
    expect(late.accessToken).not.toBe(first);
    expect(Date.parse(late.expiresAt) - clock.now()).toBeGreaterThanOrEqual(5 * 60 * 1000);
    expect(simulator.refreshCount(101)).toBe(1);
    await refreshWritten;
  });

  it('says the company must be reconnected when Fortnox refuses the refresh token, and leaks no token in answers or logs', async () => {
    const { clock, simulator, logger, api, written } = await setup();
    const key = await api.newKey({ right: 'token' });
    const failureWritten = written('needs_reconnect');
    simulator.revokeConsent(101);
    clock.advance(2 * HOUR);

    const answer = await fetchApi(`${api.base}/v1/companies/101/access-token`, { method: 'POST', key });

    expect([answer.status, errorCode(answer)]).toEqual([409, 'company_needs_reconnect']);
    expect(leakedSecrets(simulator, `${answer.text}\n${logger.text()}\n${api.logger.text()}`)).toEqual([]);
    expect(`${logger.text()}\n${api.logger.text()}`).not.toContain(key);
    await failureWritten;
  });
});

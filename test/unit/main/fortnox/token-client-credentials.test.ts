import { describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { obtainCode } from '../../simulator/token-test-kit';
import { nodeFetch, tokenConfigFor, useSimulatedFortnox } from '../simulated-fortnox';

describe('TokenClient.clientCredentials against the simulator', () => {
  const start = useSimulatedFortnox();

  async function setup(accountType: 'service' | 'user' | 'none') {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now);
    if (accountType !== 'none') {
      const params = { scope: 'companyinformation invoice', ...(accountType === 'service' ? { account_type: 'service' } : {}) };
      const code = await obtainCode(simulator, { params });
      await client.exchangeCode(tokenConfigFor(simulator), code, simulator.appCallbackUrl);
    }
    return { clock, simulator, client };
  }

  it('gets a one-hour access token with Basic auth and the TenantId header, and no refresh token', async () => {
    const { clock, simulator, client } = await setup('service');
    const requestedAt = clock.now();

    const set = await client.clientCredentials(tokenConfigFor(simulator), '101');

    expect(set).toMatchObject({ refreshToken: null, scopes: ['companyinformation', 'invoice'], accessTokenExpiresAt: requestedAt + 3600_000 });
    expect(set.accessToken.split('.')).toHaveLength(3);
    expect(simulator.tokenRequests().slice(1)).toMatchObject([
      { grantType: 'client_credentials', tenantIdHeader: '101', basicAuthValid: true, credentialsInBody: false, formEncoded: true, refreshToken: null, outcome: 'issued' },
    ]);
  });

  it('is refused with unauthorized_client for a tenant that only has a user consent', async () => {
    const { simulator, client } = await setup('user');

    const error = await client.clientCredentials(tokenConfigFor(simulator), '101').catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(FortnoxCallError);
    expect((error as FortnoxCallError).issue).toBe('invalid_client');
    expect((error as FortnoxCallError).details).toMatchObject({ status: 400, fortnoxCode: 'unauthorized_client' });
  });

  it('is refused with unauthorized_client for a tenant without any consent', async () => {
    const { simulator, client } = await setup('none');

    const error = await client.clientCredentials(tokenConfigFor(simulator), '101').catch((reason: unknown) => reason);

    expect((error as FortnoxCallError).details.fortnoxCode).toBe('unauthorized_client');
  });

  it('is refused with invalid_client when the client secret is wrong', async () => {
    const { simulator, client } = await setup('service');

    const error = await client.clientCredentials(tokenConfigFor(simulator, 'wrong-secret'), '101').catch((reason: unknown) => reason);

    expect((error as FortnoxCallError).issue).toBe('invalid_client');
    expect((error as FortnoxCallError).details).toMatchObject({ status: 401, fortnoxCode: 'invalid_client' });
    expect(simulator.tokenRequests().slice(1)).toMatchObject([{ grantType: 'client_credentials', outcome: 'invalid_client' }]);
  });
});

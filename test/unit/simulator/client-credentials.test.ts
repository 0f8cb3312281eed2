import { describe, expect, it } from 'vitest';
import { basicAuth, connect, decodeJwt, refreshWith } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

/** POSTs the client-credentials grant with `TenantId` (unless null) and test-client's Basic header. */
function clientCredentials(url: string, tenantId: string | null, auth = basicAuth()): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', authorization: auth };
  if (tenantId !== null) headers.tenantid = tenantId;
  return fetch(url, { method: 'POST', headers, body: 'grant_type=client_credentials' });
}

describe('the client-credentials grant of the token endpoint', () => {
  const start = trackSimulators();

  it('issues an access token without a refresh token for a tenant with a service-account consent', async () => {
    const simulator = await start();
    await connect(simulator, { params: { scope: 'companyinformation', account_type: 'service' } });

    const response = await clientCredentials(simulator.tokenUrl, '101');

    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ scope: 'companyinformation', expires_in: 3600, token_type: 'bearer' });
    expect(body).not.toHaveProperty('refresh_token');
    expect(decodeJwt(String(body.access_token)).payload).toMatchObject({ tenantId: 101 });
    expect(simulator.tokenRequests().at(-1)).toMatchObject({ grantType: 'client_credentials', tenantIdHeader: '101', outcome: 'issued', tenantId: 101 });
  });

  it('answers unauthorized_client for a tenant with only a user consent, and after the consent is removed', async () => {
    const simulator = await start();
    await connect(simulator, { params: { scope: 'companyinformation' } });
    const user = await clientCredentials(simulator.tokenUrl, '101');
    expect(user.status).toBe(400);
    expect(await user.json()).toMatchObject({ error: 'unauthorized_client' });

    await connect(simulator, { params: { scope: 'companyinformation', account_type: 'service' } });
    simulator.revokeConsent(101);
    expect(await (await clientCredentials(simulator.tokenUrl, '101')).json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers unauthorized_client while refuseClientCredentials is on, for a tenant with a service-account consent, and the refresh token still works', async () => {
    const simulator = await start();
    const tokens = await connect(simulator, { params: { scope: 'companyinformation', account_type: 'service' } });
    simulator.controls.refuseClientCredentials = true;

    const refused = await clientCredentials(simulator.tokenUrl, '101');
    const refreshed = await refreshWith(simulator, tokens.refresh_token);
    simulator.controls.refuseClientCredentials = false;
    const again = await clientCredentials(simulator.tokenUrl, '101');

    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'unauthorized_client' });
    expect(refreshed.status).toBe(200);
    expect(again.status).toBe(200);
  });

  it('answers invalid_client for a wrong client secret and invalid_request without a TenantId header', async () => {
    const simulator = await start();
    await connect(simulator, { params: { scope: 'companyinformation', account_type: 'service' } });

    const wrong = await clientCredentials(simulator.tokenUrl, '101', basicAuth('test-client', 'wrong'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(await (await clientCredentials(simulator.tokenUrl, null)).json()).toMatchObject({ error: 'invalid_request' });
  });
});

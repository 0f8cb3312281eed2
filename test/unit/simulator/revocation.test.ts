import { describe, expect, it } from 'vitest';
import { TestClock, basicAuth, connect, getCompanyInformation, postForm, refreshWith } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';

function revoke(simulator: FortnoxSimulator, token: string, auth?: string): Promise<Response> {
  return postForm(simulator.revokeUrl, { token_type_hint: 'refresh_token', token }, auth === undefined ? {} : { auth });
}

describe('the revoke endpoint', () => {
  const start = trackSimulators();

  it('answers {"revoked":true} for a known refresh token, which then no longer refreshes', async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    const response = await revoke(simulator, refresh_token);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: true });
    expect((await refreshWith(simulator, refresh_token)).status).toBe(400);
    expect(simulator.grants()).toMatchObject([{ endedBy: 'revoked' }]);
  });

  it('answers {"revoked":true} for an unknown token too, as Fortnox does', async () => {
    const simulator = await start();
    const response = await revoke(simulator, 'b'.repeat(40));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: true });
    expect(simulator.revocations()).toMatchObject([{ token: 'b'.repeat(40), revoked: false }]);
  });

  it("does not end another client's grant, though it still answers revoked", async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    const response = await revoke(simulator, refresh_token, basicAuth('personal-only-client', 'other-secret'));

    expect(await response.json()).toEqual({ revoked: true });
    expect((await refreshWith(simulator, refresh_token)).status).toBe(200);
  });

  it('leaves the access tokens already issued working until they expire', async () => {
    const simulator = await start();
    const tokens = await connect(simulator);
    await revoke(simulator, tokens.refresh_token);

    expect((await getCompanyInformation(simulator, tokens.access_token)).status).toBe(200);
  });

  it('records every revocation with its client, hint, token and effect', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const { refresh_token } = await connect(simulator);
    await revoke(simulator, refresh_token);
    await revoke(simulator, refresh_token);

    expect(simulator.revocations()).toEqual([
      {
        at: clock.time,
        clientId: 'test-client',
        basicAuthValid: true,
        tokenTypeHint: 'refresh_token',
        token: refresh_token,
        revoked: true,
        tenantId: 101,
        fault: null,
      },
      expect.objectContaining({ token: refresh_token, revoked: false, tenantId: null }),
    ]);
  });

  it('answers invalid_request when the token is missing', async () => {
    const simulator = await start();
    const response = await postForm(simulator.revokeUrl, { token_type_hint: 'refresh_token' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('removing the integration in Fortnox', () => {
  const start = trackSimulators();

  it("kills every refresh token of the tenant and nobody else's", async () => {
    const simulator = await start();
    const first = await connect(simulator);
    const second = await connect(simulator);
    const other = await connect(simulator, { username: 'multi', password: 'pw-multi', tenantId: 201 });

    expect(simulator.revokeConsent(101)).toBe(2);
    expect((await refreshWith(simulator, first.refresh_token)).status).toBe(400);
    expect((await refreshWith(simulator, second.refresh_token)).status).toBe(400);
    expect((await refreshWith(simulator, other.refresh_token)).status).toBe(200);
    expect(simulator.grants().filter((grant) => grant.endedBy === 'consent-removed')).toHaveLength(2);
  });

  it('answers invalid_grant "Invalid refresh token" afterwards, and a new authorization works again', async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    simulator.revokeConsent(101);
    const refused = await refreshWith(simulator, refresh_token);

    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
    const again = await connect(simulator);
    expect((await refreshWith(simulator, again.refresh_token)).status).toBe(200);
  });

  it('returns 0 for a tenant without grants', async () => {
    const simulator = await start();

    expect(simulator.revokeConsent(999)).toBe(0);
  });
});

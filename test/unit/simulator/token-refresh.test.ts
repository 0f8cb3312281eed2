import { describe, expect, it } from 'vitest';
import { TestClock, basicAuth, connect, decodeJwt, postForm, refreshWith, type TokenResponse } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

const DAY = 24 * 60 * 60 * 1000;

async function expectInvalidRefreshToken(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
}

describe('refreshing tokens', () => {
  const start = trackSimulators();

  it('issues a new token pair with the same scopes and tenant', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const first = await connect(simulator);
    clock.advance(60_000);
    const response = await refreshWith(simulator, first.refresh_token);
    const second = (await response.json()) as TokenResponse;

    expect(response.status).toBe(200);
    expect(second).toMatchObject({ scope: first.scope, expires_in: 3600, token_type: 'bearer' });
    expect(second.refresh_token).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).payload).toMatchObject({
      tenantId: 101,
      iat: (decodeJwt(first.access_token).payload.iat as number) + 60,
    });
  });

  it('rotates: the old refresh token dies at once and the new one works', async () => {
    const simulator = await start();
    const first = await connect(simulator);
    const second = (await (await refreshWith(simulator, first.refresh_token)).json()) as TokenResponse;

    await expectInvalidRefreshToken(await refreshWith(simulator, first.refresh_token));
    const third = await refreshWith(simulator, second.refresh_token);
    expect(third.status).toBe(200);
  });

  it('lets only one of two parallel refreshes with the same token win', async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    const statuses = (
      await Promise.all([refreshWith(simulator, refresh_token), refreshWith(simulator, refresh_token)])
    ).map((response) => response.status);

    expect(statuses.sort()).toEqual([200, 400]);
  });

  it('accepts a refresh token 45 days minus 1 ms old and refuses one 45 days old', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const young = await connect(simulator);
    const old = await connect(simulator);
    clock.advance(45 * DAY - 1);
    const youngResponse = await refreshWith(simulator, young.refresh_token);
    clock.advance(1);

    expect(youngResponse.status).toBe(200);
    await expectInvalidRefreshToken(await refreshWith(simulator, old.refresh_token));
  });

  it('gives each rotated refresh token its own 45 days', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const first = await connect(simulator);
    clock.advance(40 * DAY);
    const second = (await (await refreshWith(simulator, first.refresh_token)).json()) as TokenResponse;
    clock.advance(40 * DAY);

    expect((await refreshWith(simulator, second.refresh_token)).status).toBe(200);
  });

  it("refuses another client's refresh token and leaves it usable by its own client", async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);

    await expectInvalidRefreshToken(
      await refreshWith(simulator, refresh_token, basicAuth('personal-only-client', 'other-secret')),
    );
    expect((await refreshWith(simulator, refresh_token)).status).toBe(200);
  });

  it('refuses an unknown refresh token and answers invalid_request without one', async () => {
    const simulator = await start();

    await expectInvalidRefreshToken(await refreshWith(simulator, 'a'.repeat(40)));
    const missing = await postForm(simulator.tokenUrl, { grant_type: 'refresh_token' });
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('counts successful refreshes per tenant', async () => {
    const simulator = await start();
    const single = await connect(simulator);
    const multi = await connect(simulator, { username: 'multi', password: 'pw-multi', tenantId: 201 });
    const next = (await (await refreshWith(simulator, single.refresh_token)).json()) as TokenResponse;
    await refreshWith(simulator, next.refresh_token);
    await refreshWith(simulator, single.refresh_token);
    await refreshWith(simulator, multi.refresh_token);

    expect(simulator.refreshCount(101)).toBe(2);
    expect(simulator.refreshCount(201)).toBe(1);
    expect(simulator.refreshCount(999)).toBe(0);
  });

  it('records every token request so a test can prove an old refresh token is never sent again', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const first = await connect(simulator);
    const second = (await (await refreshWith(simulator, first.refresh_token)).json()) as TokenResponse;
    await refreshWith(simulator, first.refresh_token);

    const requests = simulator.tokenRequests();
    expect(requests).toEqual([
      {
        at: clock.time,
        grantType: 'authorization_code',
        clientId: 'test-client',
        basicAuthValid: true,
        credentialsInBody: false,
        formEncoded: true,
        code: simulator.issuedCodes()[0]?.code,
        redirectUri: simulator.appCallbackUrl,
        refreshToken: null,
        tenantIdHeader: null,
        outcome: 'issued',
        tenantId: 101,
        fault: null,
      },
      expect.objectContaining({ grantType: 'refresh_token', refreshToken: first.refresh_token, outcome: 'issued' }),
      expect.objectContaining({ refreshToken: first.refresh_token, outcome: 'invalid_grant', tenantId: null }),
    ]);
    const sent = requests.map((request) => request.refreshToken);
    expect(sent.filter((token) => token === first.refresh_token)).toHaveLength(2);
    expect(sent).not.toContain(second.refresh_token);
  });

  it('keeps the whole refresh-token chain in the grant record', async () => {
    const simulator = await start();
    const first = await connect(simulator);
    const second = (await (await refreshWith(simulator, first.refresh_token)).json()) as TokenResponse;

    expect(simulator.grants()).toMatchObject([
      {
        clientId: 'test-client',
        tenantId: 101,
        refreshToken: second.refresh_token,
        refreshTokens: [first.refresh_token, second.refresh_token],
        refreshCount: 1,
        endedBy: null,
      },
    ]);
  });
});

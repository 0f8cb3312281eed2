import { describe, expect, it } from 'vitest';
import {
  TestClock,
  basicAuth,
  decodeJwt,
  exchangeCode,
  obtainCode,
  postForm,
  type TokenResponse,
} from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

const TEN_MINUTES = 10 * 60 * 1000;

describe('exchanging an authorization code', () => {
  const start = trackSimulators();

  it('returns an access token, a 40-character refresh token, the scopes, 3600 s and lower-case bearer', async () => {
    const simulator = await start();
    const response = await exchangeCode(simulator, await obtainCode(simulator));
    const body = (await response.json()) as TokenResponse;

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    expect(body).toMatchObject({ scope: 'companyinformation invoice', expires_in: 3600, token_type: 'bearer' });
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });

  it("issues an HS256 JWT with Fortnox's claims, timed by the injected clock", async () => {
    const clock = new TestClock(Date.UTC(2026, 2, 1, 9, 0, 0, 400));
    const simulator = await start(undefined, { now: clock.now });
    const body = (await (await exchangeCode(simulator, await obtainCode(simulator))).json()) as TokenResponse;
    const { header, payload, parts } = decodeJwt(body.access_token);
    const iat = Math.floor(Date.UTC(2026, 2, 1, 9, 0, 0) / 1000);

    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      tenantId: 101,
      userId: 'single',
      clientId: 'test-client',
      scopes: ['companyinformation', 'invoice'],
      scope: 'companyinformation invoice',
      sub: 'single@101',
      aud: 'test-client',
      iss: 'https://api.fortnox.se/oauth2',
      iat,
      exp: iat + 3600,
      authsource: 'OAUTH2',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // An HMAC-SHA256 signature is 32 bytes: 43 base64url characters.
    expect(parts[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives every token its own jti and signature', async () => {
    const simulator = await start();
    const first = (await (await exchangeCode(simulator, await obtainCode(simulator))).json()) as TokenResponse;
    const second = (await (await exchangeCode(simulator, await obtainCode(simulator))).json()) as TokenResponse;

    expect(decodeJwt(first.access_token).payload.jti).not.toBe(decodeJwt(second.access_token).payload.jti);
    expect(first.refresh_token).not.toBe(second.refresh_token);
  });

  it('sends the token_type the tokenType control sets, for case-insensitive comparison', async () => {
    const simulator = await start();
    simulator.controls.tokenType = 'Bearer';
    const body = (await (await exchangeCode(simulator, await obtainCode(simulator))).json()) as TokenResponse;

    expect(body.token_type).toBe('Bearer');
  });

  it('records a service-account consent in the grant, not in the token', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator, { params: { account_type: 'service' } });
    const body = (await (await exchangeCode(simulator, code)).json()) as TokenResponse;
    const { payload } = decodeJwt(body.access_token);

    expect(simulator.grants()).toMatchObject([{ tenantId: 101, username: 'single', serviceAccount: true }]);
    expect(payload).not.toHaveProperty('serviceAccount');
    expect(payload.sub).toBe(`${String(payload.userId)}@101`);
  });

  it('accepts the code for the tenant picked by a user with several companies', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator, { username: 'multi', password: 'pw-multi', tenantId: 202 });
    const body = (await (await exchangeCode(simulator, code)).json()) as TokenResponse;

    expect(decodeJwt(body.access_token).payload).toMatchObject({ tenantId: 202, sub: 'multi@202' });
  });
});

describe('refusing an authorization code', () => {
  const start = trackSimulators();

  async function expectInvalidGrant(response: Response, description?: string): Promise<void> {
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_grant');
    expect(typeof body.error_description).toBe('string');
    if (description !== undefined) expect(body.error_description).toBe(description);
  }

  it('refuses a code the second time, because codes are single use', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    const first = await exchangeCode(simulator, code);

    expect(first.status).toBe(200);
    await expectInvalidGrant(await exchangeCode(simulator, code));
    expect(simulator.issuedCodes()[0]?.used).toBe(true);
  });

  it('accepts a code 10 minutes minus 1 ms old and refuses one 10 minutes plus 1 ms old', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const young = await obtainCode(simulator);
    const old = await obtainCode(simulator);
    clock.advance(TEN_MINUTES - 1);
    const youngResponse = await exchangeCode(simulator, young);
    clock.advance(2);

    expect(youngResponse.status).toBe(200);
    await expectInvalidGrant(await exchangeCode(simulator, old));
  });

  it("refuses a redirect_uri that differs from the authorize request's with Fortnox's text", async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);

    await expectInvalidGrant(
      await exchangeCode(simulator, code, { redirect_uri: `${simulator.appCallbackUrl}/` }),
      'The redirect URI is missing or do not match',
    );
  });

  it('refuses a token request without redirect_uri', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);

    await expectInvalidGrant(
      await exchangeCode(simulator, code, { redirect_uri: undefined }),
      'The redirect URI is missing or do not match',
    );
  });

  it('requires redirect_uri even when the authorize request left it out, and wants the registered one', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator, { params: { redirect_uri: undefined } });

    await expectInvalidGrant(await exchangeCode(simulator, code, { redirect_uri: undefined }));
    expect((await exchangeCode(simulator, code)).status).toBe(200);
  });

  it('refuses a code issued to another client and leaves it usable by its own client', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);

    await expectInvalidGrant(
      await exchangeCode(simulator, code, {}, basicAuth('personal-only-client', 'other-secret')),
    );
    expect((await exchangeCode(simulator, code)).status).toBe(200);
  });

  it('refuses an unknown code', async () => {
    const simulator = await start();

    await expectInvalidGrant(await exchangeCode(simulator, 'made-up-code'));
  });

  it('does not use up a code on a refused attempt', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    await exchangeCode(simulator, code, { redirect_uri: 'https://evil.example/' });

    expect((await exchangeCode(simulator, code)).status).toBe(200);
  });

  it('answers invalid_request when the code is missing', async () => {
    const simulator = await start();
    const response = await postForm(simulator.tokenUrl, {
      grant_type: 'authorization_code',
      redirect_uri: simulator.appCallbackUrl,
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('token endpoint requests', () => {
  const start = trackSimulators();

  it('answers unsupported_grant_type for an unknown grant_type', async () => {
    const simulator = await start();
    const response = await postForm(simulator.tokenUrl, { grant_type: 'password', username: 'single' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers invalid_request when grant_type is missing', async () => {
    const simulator = await start();
    const response = await postForm(simulator.tokenUrl, { code: 'x' });

    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a JSON body, because the token endpoint takes a form', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    const response = await postForm(
      simulator.tokenUrl,
      {},
      {
        contentType: 'application/json',
        body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: simulator.appCallbackUrl }),
      },
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    expect(simulator.tokenRequests()).toMatchObject([{ formEncoded: false, outcome: 'invalid_request' }]);
  });

  it('accepts a form content type with a charset parameter', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    const response = await postForm(
      simulator.tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: simulator.appCallbackUrl },
      { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' },
    );

    expect(response.status).toBe(200);
  });
});

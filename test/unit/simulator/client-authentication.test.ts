import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from '../../../simulator/client-authentication';
import { basicAuth, exchangeCode, obtainCode, postForm } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

describe('client authentication on the token endpoint', () => {
  const start = trackSimulators();

  async function expectInvalidClient(response: Response): Promise<void> {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_client');
    expect(typeof body.error_description).toBe('string');
  }

  it('refuses a request without an Authorization header', async () => {
    const simulator = await start();

    await expectInvalidClient(await exchangeCode(simulator, await obtainCode(simulator), {}, null));
  });

  it('refuses a wrong client secret', async () => {
    const simulator = await start();

    await expectInvalidClient(
      await exchangeCode(simulator, await obtainCode(simulator), {}, basicAuth('test-client', 'wrong')),
    );
  });

  it('refuses an unknown client id', async () => {
    const simulator = await start();

    await expectInvalidClient(
      await exchangeCode(simulator, await obtainCode(simulator), {}, basicAuth('nobody', 'test-secret')),
    );
  });

  it('refuses client credentials sent in the body instead of a Basic header', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    const response = await exchangeCode(
      simulator,
      code,
      { client_id: 'test-client', client_secret: 'test-secret' },
      null,
    );

    await expectInvalidClient(response);
    expect(simulator.tokenRequests()).toMatchObject([
      { clientId: null, basicAuthValid: false, credentialsInBody: true, outcome: 'invalid_client' },
    ]);
  });

  it('refuses a Bearer header and a Basic header that is not base64 of id:secret', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);

    await expectInvalidClient(await exchangeCode(simulator, code, {}, 'Bearer test-secret'));
    await expectInvalidClient(await exchangeCode(simulator, code, {}, 'Basic !!!'));
    await expectInvalidClient(
      await exchangeCode(simulator, code, {}, `Basic ${Buffer.from('no-colon').toString('base64')}`),
    );
  });

  it('checks client authentication before anything else, so no code is used up', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    await exchangeCode(simulator, code, {}, basicAuth('test-client', 'wrong'));

    expect(simulator.issuedCodes()[0]?.used).toBe(false);
    expect((await exchangeCode(simulator, code)).status).toBe(200);
  });

  it('accepts the Basic scheme name in any case', async () => {
    const simulator = await start();
    const response = await exchangeCode(
      simulator,
      await obtainCode(simulator),
      {},
      basicAuth().replace('Basic', 'basic'),
    );

    expect(response.status).toBe(200);
  });

  it('also guards the revoke endpoint', async () => {
    const simulator = await start();
    const response = await postForm(
      simulator.revokeUrl,
      { token_type_hint: 'refresh_token', token: 'x' },
      { auth: null },
    );

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('parsing a Basic header', () => {
  it('splits at the first colon, so a secret may contain colons', () => {
    const header = `Basic ${Buffer.from('id:se:cr:et').toString('base64')}`;

    expect(parseBasicAuth(header)).toEqual({ clientId: 'id', clientSecret: 'se:cr:et' });
  });

  it('returns undefined for an empty client id or a missing header', () => {
    expect(parseBasicAuth(`Basic ${Buffer.from(':secret').toString('base64')}`)).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
  });
});

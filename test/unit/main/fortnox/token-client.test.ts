import { describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { revokeUrlFor, TokenClient } from '../../../../main/fortnox/token-client';
import type { ConnectionIssue } from '../../../../shared/connection-issues';
import { REDIRECT_MISMATCH_MESSAGE } from '../../../../simulator/authorize-request';
import type { ReplacingFaultKind } from '../../../../simulator/fault-injection';
import { INVALID_REFRESH_TOKEN_MESSAGE } from '../../../../simulator/token-endpoint';
import { testScript } from '../../simulator/simulator-test-kit';
import { obtainCode } from '../../simulator/token-test-kit';
import { codeFor, connectWithClient, nodeFetch, tokenConfigFor, useSimulatedFortnox, withRefreshToken } from '../simulated-fortnox';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Awaits a promise that must reject with a FortnoxCallError and returns that error. */
async function callError(promise: Promise<unknown>): Promise<FortnoxCallError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FortnoxCallError)) throw new Error(`expected a FortnoxCallError, got ${String(error)}`);
  return error;
}

describe('TokenClient against the simulator', () => {
  const start = useSimulatedFortnox();

  async function setup() {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now);
    return { clock, simulator, client, config: tokenConfigFor(simulator) };
  }

  it('derives the revoke URL from the token URL', async () => {
    const { simulator } = await setup();
    expect(revokeUrlFor(simulator.tokenUrl)).toBe(simulator.revokeUrl);
  });

  it('exchanges a code for a token pair with the granted scopes and an expiry counted from expires_in', async () => {
    const { clock, simulator, client, config } = await setup();
    const code = await codeFor(simulator, 101, 'companyinformation invoice');
    const requestedAt = clock.now();

    const set = await client.exchangeCode(config, code, simulator.appCallbackUrl);

    const grant = simulator.grants()[0];
    expect(set.scopes).toEqual(['companyinformation', 'invoice']);
    expect(set.accessTokenExpiresAt).toBe(requestedAt + 3600 * 1000);
    expect(set.refreshToken).toBe(grant?.refreshToken);
    expect(grant?.tenantId).toBe(101);
    expect(set.accessToken.split('.')).toHaveLength(3);
  });

  it('accepts an answer without refresh_token when offline access was not requested', async () => {
    const { clock, simulator, client, config } = await setup();
    const code = await obtainCode(simulator, { params: { scope: 'companyinformation', access_type: undefined } });

    const set = await client.exchangeCode(config, code, simulator.appCallbackUrl, false);

    expect(set).toEqual({
      accessToken: expect.any(String),
      refreshToken: null,
      scopes: ['companyinformation'],
      accessTokenExpiresAt: clock.now() + HOUR,
    });
  });

  it('refuses an answer without refresh_token with its own issue when offline access WAS requested', async () => {
    const { simulator, client, config } = await setup();
    const code = await obtainCode(simulator, { params: { scope: 'companyinformation', access_type: undefined } });

    const error = await callError(client.exchangeCode(config, code, simulator.appCallbackUrl, true));

    expect(error.issue).toBe('refresh_token_missing');
  });

  it.each(['Bearer', 'bearer', 'BEARER'])('accepts token_type "%s"', async (tokenType) => {
    const { simulator, client, config } = await setup();
    simulator.controls.tokenType = tokenType;
    const set = await client.exchangeCode(config, await codeFor(simulator), simulator.appCallbackUrl);
    expect(set.refreshToken).toBe(simulator.grants()[0]?.refreshToken);
  });

  it('refuses a token answer whose token_type is not bearer', async () => {
    const { simulator, client, config } = await setup();
    simulator.controls.tokenType = 'mac';
    const error = await callError(client.exchangeCode(config, await codeFor(simulator), simulator.appCallbackUrl));
    expect(error.issue).toBe('invalid_response');
  });

  it('authenticates with Basic credentials and a form body, never with credentials in the body', async () => {
    const { simulator, client, config } = await setup();
    await client.exchangeCode(config, await codeFor(simulator), simulator.appCallbackUrl);
    expect(simulator.tokenRequests()).toEqual([
      expect.objectContaining({
        grantType: 'authorization_code',
        clientId: 'test-client',
        basicAuthValid: true,
        credentialsInBody: false,
        formEncoded: true,
        outcome: 'issued',
      }),
    ]);
  });

  it('sends the client secret as Fortnox documents it, base64(id:secret), even with characters such as + / = & %', async () => {
    const secret = 'a+b/c=d&e%f@g:h';
    const script = testScript();
    const { clock, simulator } = await start({ ...script, clients: script.clients.map((client) => ({ ...client, clientSecret: secret })) });
    const client = new TokenClient(nodeFetch, clock.now);

    const set = withRefreshToken(await client.exchangeCode(tokenConfigFor(simulator, secret), await codeFor(simulator), simulator.appCallbackUrl));
    await client.refresh(tokenConfigFor(simulator, secret), set.refreshToken);

    expect(simulator.tokenRequests().map((request) => [request.basicAuthValid, request.outcome])).toEqual([
      [true, 'issued'],
      [true, 'issued'],
    ]);
  });

  it('sends redirect_uri even when the authorization request left it out', async () => {
    const { simulator, client, config } = await setup();
    const code = await obtainCode(simulator, { params: { redirect_uri: undefined } });
    await client.exchangeCode(config, code, simulator.appCallbackUrl);
    expect(simulator.tokenRequests().map((request) => [request.redirectUri, request.outcome])).toEqual([
      [simulator.appCallbackUrl, 'issued'],
    ]);
  });

  const faults: [ReplacingFaultKind, ConnectionIssue, number | undefined][] = [
    ['html500', 'server_error', 500],
    ['invalidJson', 'invalid_response', 200],
    ['status429', 'rate_limited', 429],
    ['reset', 'network', undefined],
  ];

  it.each(faults)('turns the fault %s on the token endpoint into the issue %s', async (kind, issue, status) => {
    const { simulator, client, config } = await setup();
    const code = await codeFor(simulator);
    simulator.injectFault({ route: 'token', kind });

    const error = await callError(client.exchangeCode(config, code, simulator.appCallbackUrl));

    expect(error.issue).toBe(issue);
    expect(error.details.status).toBe(status);
    expect(simulator.tokenRequests().map((request) => request.fault)).toEqual([kind]);
  });

  it('marks rate limits, network failures and server errors as transient, and refusals as not', async () => {
    const { simulator, client, config } = await setup();
    const code = await codeFor(simulator);
    simulator.injectFault({ route: 'token', kind: 'status429' });
    expect((await callError(client.exchangeCode(config, code, simulator.appCallbackUrl))).transient).toBe(true);
    simulator.injectFault({ route: 'token', kind: 'reset' });
    expect((await callError(client.exchangeCode(config, code, simulator.appCallbackUrl))).transient).toBe(true);
    await client.exchangeCode(config, code, simulator.appCallbackUrl);
    expect((await callError(client.exchangeCode(config, code, simulator.appCallbackUrl))).transient).toBe(false);
  });

  it('gives up with a timeout when the token endpoint answers later than timeoutMs', async () => {
    const { clock, simulator } = await setup();
    const client = new TokenClient(nodeFetch, clock.now, 20);
    const code = await codeFor(simulator);
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 150 });

    const error = await callError(client.exchangeCode(tokenConfigFor(simulator), code, simulator.appCallbackUrl));

    expect(error.issue).toBe('timeout');
    expect(error.transient).toBe(true);
  });

  it('reports a reused code as invalid_grant with Fortnox’s description', async () => {
    const { simulator, client, config } = await setup();
    const code = await codeFor(simulator);
    await client.exchangeCode(config, code, simulator.appCallbackUrl);

    const error = await callError(client.exchangeCode(config, code, simulator.appCallbackUrl));

    expect(error.issue).toBe('invalid_grant');
    expect(error.details).toEqual({
      status: 400,
      fortnoxCode: 'invalid_grant',
      description: 'The authorization code has already been used',
    });
  });

  it('reports a code older than ten minutes as invalid_grant', async () => {
    const { clock, simulator, client, config } = await setup();
    const code = await codeFor(simulator);
    clock.advance(10 * MINUTE);

    const error = await callError(client.exchangeCode(config, code, simulator.appCallbackUrl));

    expect(error.issue).toBe('invalid_grant');
    expect(error.details.description).toBe('The authorization code has expired');
  });

  it('reports a redirect URI that differs from the authorization request as invalid_grant', async () => {
    const { simulator, client, config } = await setup();
    const code = await codeFor(simulator);

    const error = await callError(client.exchangeCode(config, code, `${simulator.appCallbackUrl}/other`));

    expect(error.issue).toBe('invalid_grant');
    expect(error.details.description).toBe(REDIRECT_MISMATCH_MESSAGE);
  });

  it('reports a wrong client secret as invalid_client, for codes, refreshes and revocations', async () => {
    const { simulator, client } = await setup();
    const set = await connectWithClient(simulator, client);
    const wrong = tokenConfigFor(simulator, 'wrong-secret');
    const code = await codeFor(simulator);

    for (const call of [
      client.exchangeCode(wrong, code, simulator.appCallbackUrl),
      client.refresh(wrong, set.refreshToken),
      client.revoke(wrong, set.refreshToken),
    ]) {
      const error = await callError(call);
      expect(error.issue).toBe('invalid_client');
      expect(error.details.status).toBe(401);
    }
  });

  it('never puts a code, a token or the client secret into an error’s message or serialised form', async () => {
    const { clock, simulator, client, config } = await setup();
    const set = await connectWithClient(simulator, client);
    const usedCode = simulator.issuedCodes()[0]?.code ?? '';
    const freshCode = await codeFor(simulator);
    const errors: FortnoxCallError[] = [];

    errors.push(await callError(client.exchangeCode(config, usedCode, simulator.appCallbackUrl)));
    errors.push(await callError(client.exchangeCode(tokenConfigFor(simulator, 'wrong-secret-1234'), freshCode, simulator.appCallbackUrl)));
    errors.push(await callError(client.exchangeCode(config, freshCode, `${simulator.appCallbackUrl}?x=${freshCode}`)));
    for (const kind of ['html500', 'invalidJson', 'status429', 'reset'] as const) {
      simulator.injectFault({ route: 'token', kind });
      errors.push(await callError(client.refresh(config, set.refreshToken)));
    }
    const next = await client.refresh(config, set.refreshToken);
    errors.push(await callError(client.refresh(config, set.refreshToken)));
    simulator.injectFault({ route: 'revoke', kind: 'html500' });
    errors.push(await callError(client.revoke(config, next.refreshToken)));
    clock.advance(46 * 24 * HOUR);
    errors.push(await callError(client.refresh(config, next.refreshToken)));

    const secrets = simulator.issuedSecrets();
    expect(secrets).toEqual(expect.arrayContaining([usedCode, freshCode, set.refreshToken, next.refreshToken, 'test-secret', 'wrong-secret-1234']));
    expect(errors).toHaveLength(10);
    for (const error of errors) {
      const shown = [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n');
      expect(secrets.filter((secret) => shown.includes(secret))).toEqual([]);
    }
  });

  it('refreshes into a new pair and the old refresh token stops working', async () => {
    const { clock, simulator, client, config } = await setup();
    const first = await connectWithClient(simulator, client);
    clock.advance(2 * HOUR);

    const second = await client.refresh(config, first.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.accessTokenExpiresAt).toBe(clock.now() + HOUR);
    expect(second.scopes).toEqual(first.scopes);
    const reuse = await callError(client.refresh(config, first.refreshToken));
    expect(reuse.issue).toBe('invalid_grant');
    expect(reuse.details.description).toBe(INVALID_REFRESH_TOKEN_MESSAGE);
    await expect(client.refresh(config, second.refreshToken)).resolves.toMatchObject({ scopes: first.scopes });
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token').map((request) => request.refreshToken)).toEqual([
      first.refreshToken,
      first.refreshToken,
      second.refreshToken,
    ]);
  });

  it('revokes a refresh token with Basic auth and the refresh_token hint, after which it cannot be used', async () => {
    const { simulator, client, config } = await setup();
    const set = await connectWithClient(simulator, client);

    await client.revoke(config, set.refreshToken);

    expect(simulator.revocations()).toEqual([
      expect.objectContaining({ basicAuthValid: true, tokenTypeHint: 'refresh_token', token: set.refreshToken, revoked: true, tenantId: 101 }),
    ]);
    expect((await callError(client.refresh(config, set.refreshToken))).issue).toBe('invalid_grant');
  });

  it('reports a revocation whose answer is lost as a network failure', async () => {
    const { simulator, client, config } = await setup();
    const set = await connectWithClient(simulator, client);
    simulator.injectFault({ route: 'revoke', kind: 'reset' });

    expect((await callError(client.revoke(config, set.refreshToken))).issue).toBe('network');
    expect(simulator.revocations().map((record) => record.revoked)).toEqual([false]);
  });
});

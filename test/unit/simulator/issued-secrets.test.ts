import { describe, expect, it } from 'vitest';
import {
  basicAuth,
  connect,
  exchangeCode,
  obtainCode,
  postForm,
  refreshWith,
  type TokenResponse,
} from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

describe('issued secrets', () => {
  const start = trackSimulators();

  it("lists the script's client secrets and their Basic credentials before any request", async () => {
    const simulator = await start();
    const secrets = simulator.issuedSecrets();

    expect(secrets).toEqual(
      expect.arrayContaining([
        'test-secret',
        'other-secret',
        basicAuth().slice('Basic '.length),
        basicAuth('personal-only-client', 'other-secret').slice('Basic '.length),
      ]),
    );
  });

  it('lists every code, access token and refresh token issued', async () => {
    const simulator = await start();
    const first = await connect(simulator);
    const second = (await (await refreshWith(simulator, first.refresh_token)).json()) as TokenResponse;
    const unused = await obtainCode(simulator);
    const secrets = simulator.issuedSecrets();

    for (const value of [
      simulator.issuedCodes()[0]?.code,
      unused,
      first.access_token,
      first.refresh_token,
      second.access_token,
      second.refresh_token,
    ]) {
      expect(secrets).toContain(value);
    }
  });

  it('lists secret-bearing values received, even unknown ones', async () => {
    const simulator = await start();
    await exchangeCode(simulator, 'guessed-code-value', {}, basicAuth('test-client', 'typo-secret'));
    await postForm(simulator.revokeUrl, { token_type_hint: 'refresh_token', token: 'unknown-refresh-token' });
    await fetch(`${simulator.apiBaseUrl}companyinformation`, { headers: { authorization: 'Bearer forged.jwt.value' } });
    const secrets = simulator.issuedSecrets();

    expect(secrets).toEqual(
      expect.arrayContaining(['guessed-code-value', 'typo-secret', 'unknown-refresh-token', 'forged.jwt.value']),
    );
  });

  it('lists each value once and never an empty string', async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    await refreshWith(simulator, refresh_token);
    await refreshWith(simulator, refresh_token);
    const secrets = simulator.issuedSecrets();

    expect(new Set(secrets).size).toBe(secrets.length);
    expect(secrets).not.toContain('');
  });
});

import { describe, expect, it } from 'vitest';
import {
  TestBrowser,
  answerConsent,
  authorizeUrl,
  queryOf,
  startAndLogIn,
  trackSimulators,
  validParams,
} from './simulator-test-kit';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { connect, decodeJwt, getCompanyInformation, refreshWith } from './token-test-kit';

async function approve(simulator: FortnoxSimulator, state: string) {
  const browser = new TestBrowser();
  const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', { state });
  return answerConsent(browser, simulator, consent, 'approve');
}

async function deny(simulator: FortnoxSimulator, state: string) {
  const browser = new TestBrowser();
  const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', { state });
  return answerConsent(browser, simulator, consent, 'deny');
}

describe('simulator controls', () => {
  const start = trackSimulators();

  it("starts with every control switched off and token_type at Fortnox's lower-case bearer", async () => {
    const simulator = await start();

    expect(simulator.controls).toEqual({
      tamperNextState: false,
      nextCallbackWithoutCode: false,
      dropStateOnError: false,
      tokenType: 'bearer',
      databaseNumberAsString: false,
      disableRateLimit: false,
      retryAfterSeconds: null,
      refreshTokenWithoutOfflineAccess: false,
      databaseNumberOverride: null,
      tokenAnswerOverrides: null,
      errorDescription: null,
      invalidScopeWithoutDescription: false,
      refuseClientCredentials: false,
    });
  });

  it('issues no refresh token for a code whose authorize request left out access_type=offline', async () => {
    const simulator = await start();

    const tokens = await connect(simulator, { params: { access_type: undefined } });

    expect(tokens.access_token).toBeTruthy();
    expect('refresh_token' in tokens).toBe(false);
    expect(simulator.grants()).toEqual([expect.objectContaining({ offline: false, refreshToken: '', refreshTokens: [] })]);
  });

  it('still issues a refresh token with offline access requested', async () => {
    const simulator = await start();

    const tokens = await connect(simulator);

    expect(tokens.refresh_token).toBe(simulator.grants()[0]?.refreshToken);
    expect(simulator.grants()[0]?.offline).toBe(true);
  });

  it('refreshTokenWithoutOfflineAccess issues a refresh token even without access_type=offline', async () => {
    const simulator = await start();
    simulator.controls.refreshTokenWithoutOfflineAccess = true;

    const tokens = await connect(simulator, { params: { access_type: undefined } });

    expect(tokens.refresh_token).toBe(simulator.grants()[0]?.refreshToken);
    expect((await refreshWith(simulator, tokens.refresh_token)).status).toBe(200);
  });

  it("databaseNumberOverride makes company information disagree with the token's tenantId claim", async () => {
    const simulator = await start();
    simulator.controls.databaseNumberOverride = 999;
    const tokens = await connect(simulator);

    const body = (await (await getCompanyInformation(simulator, tokens.access_token)).json()) as {
      CompanyInformation: { DatabaseNumber: number };
    };

    expect(decodeJwt(tokens.access_token).payload.tenantId).toBe(101);
    expect(body.CompanyInformation.DatabaseNumber).toBe(999);
  });

  it('tamperNextState makes the next redirect carry a different state, once', async () => {
    const simulator = await start();
    simulator.controls.tamperNextState = true;
    const tampered = await approve(simulator, 'original-state');
    const normal = await approve(simulator, 'second-state');

    const query = queryOf(tampered.location);
    expect(query.state).not.toBe('original-state');
    expect(query.state).toBeTruthy();
    expect(query.code).toBe(simulator.issuedCodes()[0]?.code);
    expect(simulator.issuedCodes()[0]?.state).toBe('original-state');
    expect(simulator.controls.tamperNextState).toBe(false);
    expect(queryOf(normal.location).state).toBe('second-state');
    expect(simulator.log.filter((event) => event.type === 'redirect').map((event) => event.control)).toEqual([
      'tamperNextState',
      undefined,
    ]);
  });

  it('tamperNextState also changes the state of an error redirect', async () => {
    const simulator = await start();
    simulator.controls.tamperNextState = true;
    const redirect = await deny(simulator, 'original-state');

    expect(queryOf(redirect.location)).toMatchObject({ error: 'access_denied' });
    expect(queryOf(redirect.location).state).not.toBe('original-state');
  });

  it('nextCallbackWithoutCode makes the next redirect bare, with neither code nor state nor error, once', async () => {
    const simulator = await start();
    simulator.controls.nextCallbackWithoutCode = true;
    const bare = await approve(simulator, 'first');
    const normal = await approve(simulator, 'second');

    expect(bare.status).toBe(302);
    expect(bare.location).toBe(simulator.appCallbackUrl);
    expect(simulator.controls.nextCallbackWithoutCode).toBe(false);
    expect(queryOf(normal.location).state).toBe('second');
  });

  it('nextCallbackWithoutCode also strips an error redirect raised before login', async () => {
    const simulator = await start();
    simulator.controls.nextCallbackWithoutCode = true;
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { scope: 'salary' })));

    expect(page.location).toBe(simulator.appCallbackUrl);
  });

  it('dropStateOnError leaves state out of every error redirect while it is on', async () => {
    const simulator = await start();
    simulator.controls.dropStateOnError = true;
    const denied = await deny(simulator, 'first');
    const invalidScope = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { scope: 'salary' })),
    );

    expect(queryOf(denied.location)).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the request',
    });
    expect(queryOf(invalidScope.location)).not.toHaveProperty('state');
    expect(simulator.controls.dropStateOnError).toBe(true);
  });

  it('names the refused scope in an invalid_scope redirect, and leaves the description out while invalidScopeWithoutDescription is on', async () => {
    const simulator = await start();
    const named = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { scope: 'companyinformation salary' })));
    expect(queryOf(named.location)).toMatchObject({ error: 'invalid_scope', error_description: 'Invalid scope: salary' });

    simulator.controls.invalidScopeWithoutDescription = true;
    const silent = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { scope: 'companyinformation salary' })));
    expect(queryOf(silent.location).error).toBe('invalid_scope');
    expect(queryOf(silent.location)).not.toHaveProperty('error_description');
  });

  it('dropStateOnError leaves successful redirects alone', async () => {
    const simulator = await start();
    simulator.controls.dropStateOnError = true;
    const approved = await approve(simulator, 'kept');

    expect(queryOf(approved.location).state).toBe('kept');
  });
});

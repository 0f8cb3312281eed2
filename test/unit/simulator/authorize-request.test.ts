import { describe, expect, it } from 'vitest';
import {
  EXTERNAL_REDIRECT_URI,
  TestBrowser,
  answerConsent,
  authorizeUrl,
  queryOf,
  startAndLogIn,
  trackSimulators,
  validParams,
} from './simulator-test-kit';

describe('the authorization endpoint', () => {
  const start = trackSimulators();

  it('shows an error page, never a redirect, for an unknown client id', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { client_id: 'nobody' })));

    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.contentType).toContain('text/html');
    expect(page.body).toContain('Auth code or ClientID supplied is invalid');
    expect(simulator.log.some((event) => event.type === 'redirect')).toBe(false);
  });

  it('shows the same error page when client_id is left out', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { client_id: undefined })));

    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.body).toContain('Auth code or ClientID supplied is invalid');
  });

  it('shows an error page, never a redirect, for a redirect URI that is not registered', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { redirect_uri: 'https://evil.example/steal' })),
    );

    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.body).toContain('The redirect URI is missing or do not match');
    expect(simulator.log.filter((event) => event.type === 'error-page')).toHaveLength(1);
  });

  it('compares redirect URIs exactly, so a trailing slash is a different URI', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { redirect_uri: `${simulator.appCallbackUrl}/` })),
    );

    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
  });

  it('accepts any registered redirect URI, including one with a query of its own', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { redirect_uri: EXTERNAL_REDIRECT_URI })),
    );

    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Logga in</h1>');
  });

  it('uses the first registered redirect URI when the request leaves it out', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consentPage = await startAndLogIn(browser, simulator, 'single', 'pw-single', { redirect_uri: undefined });
    const redirect = await answerConsent(browser, simulator, consentPage, 'approve');

    expect(redirect.location?.startsWith(`${simulator.appCallbackUrl}?`)).toBe(true);
    const [issued] = simulator.issuedCodes();
    expect(issued?.redirectUri).toBe(simulator.appCallbackUrl);
    expect(issued?.redirectUriSent).toBe(false);
  });

  it('redirects with unsupported_response_type when response_type is not code', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { response_type: 'token' })),
    );

    expect(page.status).toBe(302);
    expect(queryOf(page.location)).toEqual({
      error: 'unsupported_response_type',
      error_description: 'Only response_type=code is supported',
      state: 'state-123',
    });
  });

  it('redirects with unsupported_response_type when response_type is missing', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { response_type: undefined })),
    );

    expect(queryOf(page.location).error).toBe('unsupported_response_type');
  });

  it('redirects with invalid_request and a description when state is missing', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { state: undefined })));

    expect(page.status).toBe(302);
    expect(page.location?.startsWith(`${simulator.appCallbackUrl}?`)).toBe(true);
    expect(queryOf(page.location)).toEqual({
      error: 'invalid_request',
      error_description: 'The state parameter is required',
    });
  });

  it('redirects with invalid_scope when scope is missing', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { scope: undefined })));

    expect(queryOf(page.location)).toEqual({
      error: 'invalid_scope',
      error_description: 'The scope parameter is required',
      state: 'state-123',
    });
  });

  it('redirects with invalid_scope before login for a scope Fortnox does not know', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { scope: 'companyinformation noxfinanceinvoice' })),
    );

    expect(page.status).toBe(302);
    expect(queryOf(page.location)).toEqual({
      error: 'invalid_scope',
      error_description: 'Invalid scope: noxfinanceinvoice',
      state: 'state-123',
    });
    expect(simulator.log.some((event) => event.type === 'login')).toBe(false);
  });

  it('redirects with invalid_scope before login for a known scope the client has not enabled', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { scope: 'companyinformation salary' })),
    );

    expect(queryOf(page.location)).toMatchObject({
      error: 'invalid_scope',
      error_description: 'Invalid scope: salary',
    });
  });

  it('treats scope names as case-sensitive', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { scope: 'CompanyInformation' })),
    );

    expect(queryOf(page.location).error).toBe('invalid_scope');
  });

  it('accepts several scopes separated by %20 as the app sends them', async () => {
    const simulator = await start();
    const url =
      `${simulator.authorizeUrl}?client_id=test-client&redirect_uri=${encodeURIComponent(simulator.appCallbackUrl)}` +
      '&scope=companyinformation%20invoice%20customer&state=s1&response_type=code&access_type=offline';
    const browser = new TestBrowser();
    const loginPage = await browser.get(url);

    expect(loginPage.status).toBe(200);
    expect(loginPage.body).toContain('<h1>Logga in</h1>');
  });

  it('redirects with invalid_request for an account_type other than service', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(simulator, validParams(simulator, { account_type: 'admin' })),
    );

    expect(queryOf(page.location)).toMatchObject({ error: 'invalid_request', state: 'state-123' });
  });

  it('redirects with unauthorized_client when the client does not allow service accounts', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(
      authorizeUrl(
        simulator,
        validParams(simulator, {
          client_id: 'personal-only-client',
          scope: 'companyinformation',
          account_type: 'service',
        }),
      ),
    );

    expect(page.status).toBe(302);
    expect(page.location).toContain('error_description=Client+does+not+allow+service+account');
    expect(queryOf(page.location)).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client does not allow service account',
      state: 'state-123',
    });
  });

  it('records every authorization request with its parameters, including access_type', async () => {
    const simulator = await start();
    await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator, { account_type: 'service' })));

    const requests = simulator.log.filter((event) => event.type === 'authorize-request');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.params).toEqual({
      client_id: 'test-client',
      redirect_uri: simulator.appCallbackUrl,
      response_type: 'code',
      state: 'state-123',
      scope: 'companyinformation invoice',
      access_type: 'offline',
      account_type: 'service',
    });
  });
});

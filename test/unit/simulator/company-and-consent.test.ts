import { describe, expect, it } from 'vitest';
import {
  EXTERNAL_REDIRECT_URI,
  TestBrowser,
  answerConsent,
  authorizationIdIn,
  queryOf,
  startAndLogIn,
  trackSimulators,
} from './simulator-test-kit';

describe('choosing a company', () => {
  const start = trackSimulators();

  it('shows a company picker with one labelled radio button per company to a user with several', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'multi', 'pw-multi');

    expect(page.body).toContain('<h1>Välj företag</h1>');
    expect(page.body).toMatch(/<input\s+type="radio"\s+id="company-201"\s+name="tenant_id"\s+value="201"/);
    expect(page.body).toContain('<label for="company-201">Tvåans Trä AB (556201-0201)</label>');
    expect(page.body).toMatch(/<input\s+type="radio"\s+id="company-202"\s+name="tenant_id"\s+value="202"/);
    expect(page.body).toContain('<label for="company-202">Treans Tak HB (969202-0202)</label>');
    expect(page.body).toContain('<button type="submit">Fortsätt</button>');
  });

  it('goes on to the consent page for the company the user picked', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const picker = await startAndLogIn(browser, simulator, 'multi', 'pw-multi');
    const consent = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(picker),
      tenant_id: '202',
    });

    expect(consent.body).toContain('<h1>Aktivering</h1>');
    expect(consent.body).toContain('Treans Tak HB');
    expect(simulator.log.filter((event) => event.type === 'company-selected')).toMatchObject([
      { username: 'multi', tenantId: 202 },
    ]);
  });

  it("shows the picker again when the chosen company is not one of the user's", async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const picker = await startAndLogIn(browser, simulator, 'multi', 'pw-multi');
    const again = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(picker),
      tenant_id: '101',
    });

    expect(again.status).toBe(200);
    expect(again.body).toContain('<h1>Välj företag</h1>');
    expect(again.body).toContain('Välj ett av företagen i listan.');
  });

  it('skips the picker for a user with one company', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'single', 'pw-single');

    expect(page.body).not.toContain('Välj företag');
    expect(page.body).toContain('<h1>Aktivering</h1>');
    expect(page.body).toContain('Ettans Bokföring AB');
  });

  it('sends a locked company back to the redirect URI with no query parameters at all', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'locked', 'pw-locked');

    expect(page.status).toBe(302);
    expect(page.location).toBe(simulator.appCallbackUrl);
    expect(simulator.issuedCodes()).toEqual([]);
    expect(simulator.log.filter((event) => event.type === 'redirect')).toMatchObject([
      { reason: 'locked-company', location: simulator.appCallbackUrl },
    ]);
  });
});

describe('service accounts', () => {
  const start = trackSimulators();

  it('refuses a service account to a user who is not system administrator of the company', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'employee', 'pw-employee', {
      account_type: 'service',
    });

    expect(page.status).toBe(302);
    expect(queryOf(page.location)).toEqual({
      error: 'access_denied',
      error_description: 'Only system administrators can authorize a service account',
      state: 'state-123',
    });
  });

  it('tells a system administrator on the consent page that a service account will be created', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', { account_type: 'service' });

    expect(consent.body).toContain('servicekonto');
    await answerConsent(browser, simulator, consent, 'approve');
    expect(simulator.issuedCodes()[0]?.serviceAccount).toBe(true);
  });

  it('does not mention a service account for a personal authorization', async () => {
    const simulator = await start();
    const consent = await startAndLogIn(new TestBrowser(), simulator, 'employee', 'pw-employee');

    expect(consent.body).toContain('<h1>Aktivering</h1>');
    expect(consent.body).not.toContain('servicekonto');
  });
});

describe('the consent page', () => {
  const start = trackSimulators();

  it('names the company, lists each requested scope and offers approve and deny buttons', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'single', 'pw-single', {
      scope: 'invoice companyinformation',
    });

    expect(page.body).toContain('<h1>Aktivering</h1>');
    expect(page.body).toContain('<strong>Ettans Bokföring AB</strong> (556101-0101)');
    expect(page.body).toContain('<li><code>invoice</code> – Fakturor och avtal</li>');
    expect(page.body).toContain('<li><code>companyinformation</code> – Företagsinformation</li>');
    expect(page.body).toContain(
      '<button type="submit" name="decision" value="approve">Godkänn &amp; aktivera</button>',
    );
    expect(page.body).toContain('<button type="submit" name="decision" value="deny">Neka</button>');
  });

  it('redirects an approval to the redirect URI with exactly a fresh code and the unchanged state', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single');
    const redirect = await answerConsent(browser, simulator, consent, 'approve');

    expect(redirect.status).toBe(302);
    const [issued] = simulator.issuedCodes();
    expect(redirect.location).toBe(`${simulator.appCallbackUrl}?code=${issued?.code}&state=state-123`);
    expect(queryOf(redirect.location)).toEqual({ code: issued?.code, state: 'state-123' });
    expect(issued?.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('redirects a denial with access_denied, the description and the state', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single');
    const redirect = await answerConsent(browser, simulator, consent, 'deny');

    expect(redirect.status).toBe(302);
    expect(redirect.location).toBe(
      `${simulator.appCallbackUrl}?error=access_denied&error_description=The+user+denied+the+request&state=state-123`,
    );
    expect(simulator.issuedCodes()).toEqual([]);
    expect(simulator.log.filter((event) => event.type === 'consent')).toMatchObject([{ approved: false }]);
  });

  it('keeps the query a registered redirect URI already has', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', {
      redirect_uri: EXTERNAL_REDIRECT_URI,
    });
    const redirect = await answerConsent(browser, simulator, consent, 'approve');

    const location = new URL(redirect.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example/callback');
    expect(queryOf(redirect.location)).toEqual({
      source: 'fortnox',
      code: simulator.issuedCodes()[0]?.code,
      state: 'state-123',
    });
  });

  it('records each issued code with everything the token endpoint will need', async () => {
    let clock = Date.UTC(2026, 2, 1, 9, 0, 0);
    const simulator = await start(undefined, { now: () => clock });
    const browser = new TestBrowser();
    const picker = await startAndLogIn(browser, simulator, 'multi', 'pw-multi', {
      scope: 'companyinformation customer',
      account_type: 'service',
    });
    const consent = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(picker),
      tenant_id: '201',
    });
    clock += 5_000;
    const redirect = await answerConsent(browser, simulator, consent, 'approve');

    expect(simulator.issuedCodes()).toEqual([
      {
        code: queryOf(redirect.location).code,
        clientId: 'test-client',
        redirectUri: simulator.appCallbackUrl,
        redirectUriSent: true,
        scopes: ['companyinformation', 'customer'],
        tenantId: 201,
        username: 'multi',
        serviceAccount: true,
        accessType: 'offline',
        state: 'state-123',
        issuedAt: Date.UTC(2026, 2, 1, 9, 0, 5),
        expiresAt: Date.UTC(2026, 2, 1, 9, 10, 5),
        used: false,
      },
    ]);
  });

  it('records a missing access_type as null', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', { access_type: undefined });
    await answerConsent(browser, simulator, consent, 'approve');

    expect(simulator.issuedCodes()[0]?.accessType).toBeNull();
  });

  it('issues a different code for every authorization', async () => {
    const simulator = await start();
    const codes: string[] = [];
    for (const state of ['a', 'b', 'c', 'd', 'e']) {
      const browser = new TestBrowser();
      const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single', { state });
      const redirect = await answerConsent(browser, simulator, consent, 'approve');
      expect(queryOf(redirect.location).state).toBe(state);
      codes.push(queryOf(redirect.location).code ?? '');
    }

    expect(new Set(codes).size).toBe(5);
    expect(simulator.issuedCodes().map((issued) => issued.code)).toEqual(codes);
  });

  it('ends the authorization with the redirect, so the consent form cannot be replayed', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single');
    await answerConsent(browser, simulator, consent, 'approve');
    const replay = await answerConsent(browser, simulator, consent, 'approve');

    expect(replay.status).toBe(400);
    expect(replay.location).toBeNull();
    expect(simulator.issuedCodes()).toHaveLength(1);
  });

  it('refuses a consent answer for an authorization that has not been through login', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const loginPage = await browser.get(
      `${simulator.authorizeUrl}?client_id=test-client&response_type=code&state=s&scope=companyinformation`,
    );
    const sneaky = await answerConsent(browser, simulator, loginPage, 'approve');

    expect(sneaky.status).toBe(400);
    expect(simulator.issuedCodes()).toEqual([]);
  });

  it('never lets the redirect host itself receive anything during a flow the test does not follow', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single');
    await answerConsent(browser, simulator, consent, 'approve');

    expect(simulator.log.some((event) => event.type === 'app-callback')).toBe(false);
  });
});

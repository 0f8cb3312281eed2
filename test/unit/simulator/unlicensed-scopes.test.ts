import { describe, expect, it } from 'vitest';
import { NO_LICENSED_SCOPE_DESCRIPTION } from '../../../simulator/authorization-flow';
import type { SimulatorScript } from '../../../simulator/simulator-script';
import { answerConsent, queryOf, startAndLogIn, TestBrowser, testScript, trackSimulators } from './simulator-test-kit';
import { connect, decodeJwt } from './token-test-kit';

/** The test script with Ettans Bokföring AB (user `single`) lacking the invoicing licence. */
function withoutInvoicingLicence(unlicensed: SimulatorScript['users'][number]['companies'][number]['unlicensedScopes'] = ['invoice']): SimulatorScript {
  const script = testScript();
  return {
    ...script,
    users: script.users.map((user) =>
      user.username === 'single' ? { ...user, companies: user.companies.map((company) => ({ ...company, unlicensedScopes: unlicensed })) } : user,
    ),
  };
}

describe('a company without the licence for a requested scope', () => {
  const start = trackSimulators();

  it('marks the scope on the consent page as not included', async () => {
    const simulator = await start(withoutInvoicingLicence());
    const page = await startAndLogIn(new TestBrowser(), simulator, 'single', 'pw-single');

    expect(page.body).toMatch(/<code>invoice<\/code> – [^<]+ <strong>\(ingen licens, ingår inte\)<\/strong>/);
    expect(page.body).not.toMatch(/<code>companyinformation<\/code>[^<]+<strong>/);
  });

  it('grants the other scopes: the token response and the JWT hold only those, and the log keeps both lists', async () => {
    const simulator = await start(withoutInvoicingLicence());
    const tokens = await connect(simulator);

    expect(tokens.scope).toBe('companyinformation');
    expect(decodeJwt(tokens.access_token).payload).toMatchObject({ scopes: ['companyinformation'], scope: 'companyinformation' });
    expect(simulator.grants()[0]?.scopes).toEqual(['companyinformation']);
    expect(simulator.log.filter((event) => event.type === 'consent')).toMatchObject([
      { scopes: ['companyinformation', 'invoice'], grantedScopes: ['companyinformation'], approved: true },
    ]);
  });

  it('refuses the unlicensed scope\'s endpoints with 2001101 "no active licence"', async () => {
    const simulator = await start(withoutInvoicingLicence());
    const tokens = await connect(simulator);

    const invoices = await fetch(`${simulator.apiBaseUrl}invoices`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' } });
    expect(invoices.status).toBe(403);
    expect(await invoices.json()).toMatchObject({ ErrorInformation: { Code: 2001101 } });
  });

  it('sends invalid_scope back when the company is licensed for none of the requested scopes', async () => {
    const simulator = await start(withoutInvoicingLicence(['companyinformation', 'invoice']));
    const browser = new TestBrowser();
    const consent = await startAndLogIn(browser, simulator, 'single', 'pw-single');
    const redirect = await answerConsent(browser, simulator, consent, 'approve');

    expect(queryOf(redirect.location)).toMatchObject({ error: 'invalid_scope', error_description: NO_LICENSED_SCOPE_DESCRIPTION, state: 'state-123' });
    expect(simulator.issuedCodes()).toEqual([]);
  });
});

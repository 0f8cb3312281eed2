import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../simulator/html-page';
import type { SimulatorScript } from '../../../simulator/simulator-script';
import { SIMULATOR_ORIGIN_PLACEHOLDER } from '../../../simulator/simulator-script';
import { TestBrowser, authorizationIdIn, startAndLogIn, trackSimulators } from './simulator-test-kit';

const HOSTILE_NAME = '<script>alert("pwned")</script> & Söner\'s AB';
const ESCAPED_NAME = '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Söner&#39;s AB';

function hostileScript(): SimulatorScript {
  return {
    clients: [
      {
        clientId: 'test-client',
        clientSecret: 'secret',
        redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`],
        enabledScopes: ['companyinformation', 'invoice'],
        allowServiceAccount: true,
      },
    ],
    users: [
      {
        username: 'multi',
        password: 'pw-multi',
        name: 'Mats',
        companies: [
          { tenantId: 1, name: HOSTILE_NAME, organizationNumber: '"><img src=x>', sysAdmin: true },
          { tenantId: 2, name: 'Snälla AB', organizationNumber: '556000-0002', sysAdmin: true },
        ],
      },
    ],
  };
}

describe('HTML escaping', () => {
  const start = trackSimulators();

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('escapes interpolated values in the html template but not nested templates', () => {
    const inner = html`<b>${'<i>'}</b>`;

    expect(html`<p>${inner}${'<br>'}${['<a>', html`<em>ok</em>`]}</p>`.safeHtml).toBe(
      '<p><b>&lt;i&gt;</b>&lt;br&gt;&lt;a&gt;<em>ok</em></p>',
    );
  });

  it('shows a hostile company name as text on the company picker', async () => {
    const simulator = await start(hostileScript());
    const picker = await startAndLogIn(new TestBrowser(), simulator, 'multi', 'pw-multi');

    expect(picker.body).toContain('<h1>Välj företag</h1>');
    expect(picker.body).not.toContain('<script>');
    expect(picker.body).not.toContain('<img');
    expect(picker.body).toContain(`${ESCAPED_NAME} (&quot;&gt;&lt;img src=x&gt;)`);
  });

  it('shows a hostile company name as text on the consent page', async () => {
    const simulator = await start(hostileScript());
    const browser = new TestBrowser();
    const picker = await startAndLogIn(browser, simulator, 'multi', 'pw-multi');
    const consent = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(picker),
      tenant_id: '1',
    });

    expect(consent.body).toContain('<h1>Aktivering</h1>');
    expect(consent.body).not.toContain('<script>');
    expect(consent.body).toContain(`<strong>${ESCAPED_NAME}</strong>`);
  });

  it('escapes a hostile username echoed back after a failed login', async () => {
    const simulator = await start(hostileScript());
    const page = await startAndLogIn(new TestBrowser(), simulator, '"><script>x</script>', 'nope');

    expect(page.body).not.toContain('<script>x');
    expect(page.body).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('sends pages with a content security policy that allows no scripts', async () => {
    const simulator = await start(hostileScript());
    const response = await fetch(`${simulator.authorizeUrl}?client_id=nobody`);

    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

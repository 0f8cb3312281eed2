import { describe, expect, it } from 'vitest';
import { LOGIN_SESSION_COOKIE } from '../../../simulator/login-sessions';
import {
  TestBrowser,
  authorizationIdIn,
  authorizeUrl,
  startAndLogIn,
  trackSimulators,
  validParams,
} from './simulator-test-kit';

describe('the login page', () => {
  const start = trackSimulators();

  it('asks for username and password with labelled inputs and a visible button', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator)));

    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Logga in</h1>');
    expect(page.body).toContain('<label for="username">Användarnamn</label>');
    expect(page.body).toMatch(/<input\s+type="text"\s+id="username"\s+name="username"/);
    expect(page.body).toContain('<label for="password">Lösenord</label>');
    expect(page.body).toMatch(/<input\s+type="password"\s+id="password"\s+name="password"/);
    expect(page.body).toContain('<button type="submit">Logga in</button>');
  });

  it('offers a "BankID på den här enheten" link that is a bankid: URL with a fresh autostart token', async () => {
    const simulator = await start();
    const hrefs = await Promise.all(
      [1, 2].map(async () => {
        const page = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator)));
        const match = /<a href="([^"]*)">BankID på den här enheten<\/a>/.exec(page.body);
        return (match?.[1] ?? '').replaceAll('&amp;', '&');
      }),
    );

    for (const href of hrefs) {
      const url = new URL(href);
      expect(url.protocol).toBe('bankid:');
      expect(url.searchParams.get('autostarttoken')).toMatch(/^[0-9a-f-]{36}$/);
      expect(url.searchParams.get('redirect')).toBe('null');
    }
    expect(hrefs[0]).not.toBe(hrefs[1]);
  });

  it('shows the login page again with an error text after a wrong password, without redirecting', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const page = await startAndLogIn(browser, simulator, 'single', 'wrong');

    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    expect(page.body).toContain('<h1>Logga in</h1>');
    expect(page.body).toContain('Fel användarnamn eller lösenord');
    expect(page.body).toContain('value="single"');
    expect(browser.hasCookie(LOGIN_SESSION_COOKIE)).toBe(false);
    expect(simulator.log.filter((event) => event.type === 'login')).toMatchObject([
      { username: 'single', succeeded: false },
    ]);
  });

  it('rejects an unknown username the same way as a wrong password', async () => {
    const simulator = await start();
    const page = await startAndLogIn(new TestBrowser(), simulator, 'ghost', 'pw-single');

    expect(page.status).toBe(200);
    expect(page.body).toContain('Fel användarnamn eller lösenord');
  });

  it('lets the user try again on the same authorization after a failed login', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const failed = await startAndLogIn(browser, simulator, 'single', 'wrong');
    const retried = await browser.post(`${simulator.origin}/oauth-v1/login`, {
      authorization_id: authorizationIdIn(failed),
      username: 'single',
      password: 'pw-single',
    });

    expect(retried.body).toContain('<h1>Aktivering</h1>');
  });

  it('starts an HttpOnly login session after correct credentials and records the login', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    const page = await startAndLogIn(browser, simulator, 'single', 'pw-single');

    expect(page.status).toBe(200);
    expect(page.setCookies).toHaveLength(1);
    expect(page.setCookies[0]).toMatch(new RegExp(`^${LOGIN_SESSION_COOKIE}=[A-Za-z0-9_-]{43}; `));
    expect(page.setCookies[0]).toContain('HttpOnly');
    expect(simulator.log.filter((event) => event.type === 'login')).toMatchObject([
      { username: 'single', succeeded: true },
    ]);
  });

  it('skips the login page for a browser that already has a login session', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    await startAndLogIn(browser, simulator, 'single', 'pw-single');
    const second = await browser.get(authorizeUrl(simulator, validParams(simulator, { state: 'second' })));

    expect(second.body).toContain('<h1>Aktivering</h1>');
    expect(second.body).not.toContain('<h1>Logga in</h1>');
    expect(simulator.log.filter((event) => event.type === 'session-resumed')).toMatchObject([{ username: 'single' }]);
  });

  it('asks a fresh browser session to log in again even after someone logged in elsewhere', async () => {
    const simulator = await start();
    await startAndLogIn(new TestBrowser(), simulator, 'single', 'pw-single');
    const fresh = await new TestBrowser().get(authorizeUrl(simulator, validParams(simulator)));

    expect(fresh.body).toContain('<h1>Logga in</h1>');
    expect(simulator.log.some((event) => event.type === 'session-resumed')).toBe(false);
  });

  it('ignores a session cookie the simulator never issued', async () => {
    const simulator = await start();
    const response = await fetch(authorizeUrl(simulator, validParams(simulator)), {
      headers: { cookie: `${LOGIN_SESSION_COOKIE}=made-up` },
      redirect: 'manual',
    });

    expect(await response.text()).toContain('<h1>Logga in</h1>');
  });

  it('shows an error page when the login form carries an unknown authorization id', async () => {
    const simulator = await start();
    const page = await new TestBrowser().post(`${simulator.origin}/oauth-v1/login`, {
      authorization_id: 'forged',
      username: 'single',
      password: 'pw-single',
    });

    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(simulator.log.some((event) => event.type === 'login')).toBe(false);
  });

  it('forgets a started authorization after 30 minutes on the injected clock', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const simulator = await start(undefined, { now: () => clock });
    const browser = new TestBrowser();
    const loginPage = await browser.get(authorizeUrl(simulator, validParams(simulator)));
    clock += 30 * 60 * 1000 + 1;
    const page = await browser.post(`${simulator.origin}/oauth-v1/login`, {
      authorization_id: authorizationIdIn(loginPage),
      username: 'single',
      password: 'pw-single',
    });

    expect(page.status).toBe(400);
    expect(page.body).toContain('Aktiveringen har avbrutits eller gått ut');
  });
});

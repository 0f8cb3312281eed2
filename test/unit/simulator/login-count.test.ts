import { describe, expect, it } from 'vitest';
import { TestBrowser, authorizeUrl, startAndLogIn, trackSimulators, validParams } from './simulator-test-kit';

describe('the login count', () => {
  const start = trackSimulators();

  it('counts successful logins only, and not an authorization that a logged-in browser resumes', async () => {
    const simulator = await start();
    const browser = new TestBrowser();
    await startAndLogIn(browser, simulator, 'multi', 'wrong');
    expect(simulator.successfulLogins()).toBe(0);
    await startAndLogIn(browser, simulator, 'multi', 'pw-multi');
    expect(simulator.successfulLogins()).toBe(1);

    // The same browser session: the next two authorizations go straight to the company chooser.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const page = await browser.get(authorizeUrl(simulator, validParams(simulator)));
      expect(page.body).toContain('<h1>Välj företag</h1>');
      expect(page.body).toContain('Tvåans Trä AB (556201-0201)');
      expect(page.body).toContain('Treans Tak HB (969202-0202)');
    }
    expect(simulator.successfulLogins()).toBe(1);
    expect(simulator.resumedSessions()).toBe(2);

    // A fresh browser session has to log in again.
    await startAndLogIn(new TestBrowser(), simulator, 'single', 'pw-single');
    expect(simulator.successfulLogins()).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { TestBrowser, trackSimulators } from './simulator-test-kit';

describe('the simulator server', () => {
  const start = trackSimulators();

  it('listens on 127.0.0.1 at a free port and publishes Fortnox-shaped URLs', async () => {
    const simulator = await start();

    expect(simulator.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.authorizeUrl).toBe(`${simulator.origin}/oauth-v1/auth`);
    expect(simulator.tokenUrl).toBe(`${simulator.origin}/oauth-v1/token`);
    expect(simulator.revokeUrl).toBe(`${simulator.origin}/oauth-v1/revoke`);
    expect(simulator.apiBaseUrl).toBe(`${simulator.origin}/3/`);
    expect(simulator.appCallbackUrl).toBe(`${simulator.origin}/app-callback`);
  });

  it('runs two simulators side by side on different ports', async () => {
    const [first, second] = await Promise.all([start(), start()]);

    expect(first.origin).not.toBe(second.origin);
  });

  it('records every hit on the redirect host with its full URL and answers with a small page', async () => {
    const simulator = await start();
    const page = await new TestBrowser().get(`${simulator.appCallbackUrl}?code=leaked&state=s`);
    await fetch(simulator.appCallbackUrl, { method: 'POST', body: 'x' });

    expect(page.status).toBe(200);
    expect(page.body).toContain('Redirect host reached');
    expect(simulator.log.filter((event) => event.type === 'app-callback')).toMatchObject([
      { method: 'GET', url: `${simulator.appCallbackUrl}?code=leaked&state=s` },
      { method: 'POST', url: simulator.appCallbackUrl },
    ]);
  });

  it('answers an unknown path, also under /3/, with a JSON 404', async () => {
    const simulator = await start();
    const response = await fetch(`${simulator.origin}/oauth-v1/nothing`, { method: 'POST', body: 'x=1' });
    const api = await fetch(`${simulator.apiBaseUrl}nothing-here`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: 'not_found' });
    expect(api.status).toBe(404);
  });

  it('serves the token and revoke endpoints for POST only', async () => {
    const simulator = await start();

    expect((await fetch(simulator.tokenUrl)).status).toBe(405);
    expect((await fetch(simulator.revokeUrl)).status).toBe(405);
  });

  it('answers a wrong method on a known path with a JSON 405', async () => {
    const simulator = await start();
    const response = await fetch(simulator.authorizeUrl, { method: 'DELETE' });

    expect(response.status).toBe(405);
  });

  it('refuses a form body larger than a login form could be', async () => {
    const simulator = await start();
    const response = await fetch(`${simulator.origin}/oauth-v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${'a'.repeat(100_000)}`,
    });

    expect(response.status).toBe(413);
    expect(simulator.log).toEqual([]);
  });

  it('stamps log events with the injected clock', async () => {
    const clock = Date.UTC(2030, 5, 15);
    const simulator = await start(undefined, { now: () => clock });
    await fetch(simulator.appCallbackUrl);

    expect(simulator.log.map((event) => event.at)).toEqual([clock]);
  });

  it('stops accepting connections after close, and closing twice is harmless', async () => {
    const simulator = await start();
    await fetch(simulator.appCallbackUrl);
    await simulator.close();
    await simulator.close();

    await expect(fetch(simulator.appCallbackUrl)).rejects.toThrow();
  });
});

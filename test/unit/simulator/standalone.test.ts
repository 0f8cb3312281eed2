import { afterEach, describe, expect, it } from 'vitest';
import { describeDemoSimulator, startDemoSimulator, type DemoSimulator } from '../../../simulator/standalone';
import { TestBrowser, answerConsent, authorizationIdIn, queryOf, startAndLogIn } from './simulator-test-kit';

describe('the demo simulator', () => {
  let demo: DemoSimulator | undefined;
  afterEach(async () => {
    await demo?.simulator.close();
    demo = undefined;
  });

  it('gives the app the demo client id and the fake redirect host as redirect URI', async () => {
    demo = await startDemoSimulator();

    expect(demo.clientId).toBe('simulator-client');
    expect(demo.redirectUri).toBe(demo.simulator.appCallbackUrl);
  });

  it('lets anna pick one of her two companies and approve', async () => {
    demo = await startDemoSimulator();
    const { simulator } = demo;
    const browser = new TestBrowser();
    const picker = await startAndLogIn(browser, simulator, 'anna', 'demo', {
      client_id: demo.clientId,
      redirect_uri: demo.redirectUri,
    });
    expect(picker.body).toContain('<h1>Välj företag</h1>');
    const consent = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(picker),
      tenant_id: String(simulator.script.users[0]?.companies[1]?.tenantId),
    });
    const redirect = await answerConsent(browser, simulator, consent, 'approve');

    expect(queryOf(redirect.location)).toEqual({ code: simulator.issuedCodes()[0]?.code, state: 'state-123' });
  });

  it('takes bo straight to consent for his only company', async () => {
    demo = await startDemoSimulator();
    const page = await startAndLogIn(new TestBrowser(), demo.simulator, 'bo', 'demo', { client_id: demo.clientId });

    expect(page.body).toContain('<h1>Aktivering</h1>');
  });

  it('describes the URLs and the demo logins for the console', async () => {
    demo = await startDemoSimulator();
    const text = describeDemoSimulator(demo).join('\n');

    expect(text).toContain(demo.simulator.authorizeUrl);
    expect(text).toContain(demo.simulator.tokenUrl);
    expect(text).toContain('anna / demo');
    expect(text).toContain('bo / demo');
  });
});

describe('npm run simulator', () => {
  it('starts the demo simulator and prints where it listens, until stopped', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/standalone.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('Press Ctrl+C to stop.')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening: ${text}`)));
      });
      const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(origin).toBeDefined();
      const answer = await fetch(`${origin}/oauth-v1/token`, { method: 'POST' });
      expect(answer.status).toBeGreaterThanOrEqual(400);
    } finally {
      child.kill('SIGINT');
    }
  }, 30_000);
});

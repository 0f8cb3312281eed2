import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LoopbackCallbackError, startLoopbackCallback } from '../../../../main/firm/loopback-callback';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

const PAGE = { title: 'Inloggad – Signed in', lines: ['Gå tillbaka till appen.', 'Return to the app.'] };

/** One raw HTTP request, so the test can set the Host header and the method. */
function send(port: number, path: string, options: { host?: string; method?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The state the sign-in sent (the tests' callbacks carry it, or deliberately another). */
const STATE = 'xyz-state-of-this-sign-in';

async function start(clock = new FakeClock()) {
  const logger = recordingLogger();
  const callback = await startLoopbackCallback({ path: '/callback', timeoutMs: 60_000, timers: clock.timers, log: logger.log, page: PAGE, expectedState: STATE });
  const port = Number(new URL(callback.redirectUri).port);
  return { callback, port, clock, logger };
}

describe('the loopback redirect', () => {
  it('listens on 127.0.0.1 on a port the system picks, at the one callback path', async () => {
    const { callback, port } = await start();
    expect(callback.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
    expect(port).toBeGreaterThan(0);
    await callback.close();
  });

  it('answers the callback with a page telling the user to return to the app, then closes', async () => {
    const { callback, port } = await start();
    const answer = await send(port, `/callback?code=abc&state=${STATE}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Return to the app.');
    expect(answer.body).toContain('Gå tillbaka till appen.');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    const url = await callback.result;
    expect(url.searchParams.get('code')).toBe('abc');
    expect(url.searchParams.get('state')).toBe(STATE);
    await expect(send(port, `/callback?code=again&state=${STATE}`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await callback.close();
  });

  it('refuses other paths, other methods, other hosts and a callback without code or error, and keeps waiting', async () => {
    const { callback, port, logger } = await start();
    expect((await send(port, '/favicon.ico')).status).toBe(404);
    expect((await send(port, '/callback/../other?code=a')).status).toBe(404);
    expect((await send(port, '/callbackx?code=a')).status).toBe(404);
    expect((await send(port, '/callback?code=a', { method: 'POST' })).status).toBe(405);
    expect((await send(port, '/callback?code=a', { host: `localhost:${port}` })).status).toBe(400);
    expect((await send(port, '/callback?code=a', { host: 'evil.example' })).status).toBe(400);
    expect((await send(port, '/callback')).status).toBe(400);
    expect(logger.text()).toContain('another host');

    const answer = await send(port, `/callback?error=access_denied&state=${STATE}`);
    expect(answer.status).toBe(200);
    expect((await callback.result).searchParams.get('error')).toBe('access_denied');
    await callback.close();
  });

  it('ignores callbacks with another state, none or two (an error from any web page included), answers a neutral page and keeps waiting', async () => {
    const { callback, port, logger } = await start();
    let ended = false;
    void callback.result.then(
      () => (ended = true),
      () => (ended = true),
    );
    const forged = [
      '/callback?error=access_denied',
      '/callback?error=access_denied&state=guessed',
      `/callback?error=access_denied&state=${STATE}x`,
      `/callback?error=access_denied&state=${STATE.slice(0, -1)}`,
      `/callback?error=access_denied&state=guessed&state=${STATE}`,
      `/callback?code=stolen&state=${STATE}&state=${STATE}`,
      '/callback?code=from-elsewhere&state=other',
    ];
    for (const path of forged) {
      const answer = await send(port, path);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toContain('This link does not belong to the sign-in in progress.');
      expect(answer.body).toContain('Den här länken hör inte till inloggningen som pågår.');
      expect(answer.body).not.toContain('Return to the app.');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    // Still listening, still waiting: none of them ended the sign-in.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);
    expect(logger.text()).toContain('another state');
    expect(logger.text()).not.toContain(STATE);

    const answer = await send(port, `/callback?code=the-real-one&state=${STATE}`);
    expect(answer.status).toBe(200);
    expect((await callback.result).searchParams.get('code')).toBe('the-real-one');
    await callback.close();
  });

  it('cannot be started without the state it waits for', async () => {
    const clock = new FakeClock();
    await expect(startLoopbackCallback({ path: '/callback', timeoutMs: 1_000, timers: clock.timers, log: recordingLogger().log, page: PAGE, expectedState: '' })).rejects.toThrow(TypeError);
  });

  it('gives up and closes when no answer comes in time', async () => {
    const { callback, port, clock } = await start();
    clock.advance(59_999);
    expect((await send(port, '/favicon.ico')).status).toBe(404);
    clock.advance(1);
    await expect(callback.result).rejects.toEqual(new LoopbackCallbackError('timeout'));
    await callback.close();
    await expect(send(port, '/callback?code=late')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('ends the wait as cancelled when closed first', async () => {
    const { callback, port, clock } = await start();
    await callback.close();
    await expect(callback.result).rejects.toMatchObject({ reason: 'cancelled' });
    expect(clock.pendingTimers()).toBe(0);
    await expect(send(port, '/callback?code=a')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AccessTokenSource, HandedAccessToken } from '../../../../main/local-api/access-token-source';
import type { Queryable } from '../../../../server/db/database';
import { databaseReadiness, type ReadinessProblem } from '../../../../server/http/readiness';
import { closeServerApp, shutdownServer } from '../../../../server/http/shutdown';
import { FakeClock } from '../../main/fake-timers';
import { buildApp } from './server-harness';

const ticks = async (count = 20) => {
  for (let at = 0; at < count; at += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A promise and its resolver. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** A GET or POST over a new connection; rejects when the connection is refused or cut. */
function request(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('liveness and readiness', () => {
  it('answers /livez without asking the database, even when readiness would hang', async () => {
    const { app, readinessCalls } = await buildApp({ readiness: () => new Promise(() => undefined) });

    const answer = await app.inject({ method: 'GET', url: '/livez' });

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ status: 'live' });
    expect(readinessCalls()).toBe(0);
  });

  it('answers /readyz 200 when the check finds nothing, and 503 with the problems it finds', async () => {
    let problems: ReadinessProblem[] = [];
    const { app } = await buildApp({ readiness: async () => problems });

    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    problems = ['database_unreachable', 'key_not_loaded'];
    const unready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(unready.statusCode).toBe(503);
    expect(unready.json()).toEqual({ status: 'not_ready', problems: ['database_unreachable', 'key_not_loaded'] });
  });

  it('answers 503 check_failed when the check throws, and check_timed_out when it does not answer within its bound', async () => {
    const failing = await buildApp({ readiness: async () => Promise.reject(new Error('password authentication failed for user "fxc"')) });
    const failed = await failing.app.inject({ method: 'GET', url: '/readyz' });
    expect(failed.statusCode).toBe(503);
    expect(failed.body).toBe('{"status":"not_ready","problems":["check_failed"]}');

    const hanging = await buildApp({ readiness: () => new Promise(() => undefined) });
    let settled = false;
    const answer = hanging.app.inject({ method: 'GET', url: '/readyz' }).then((reply) => {
      settled = true;
      return reply;
    });
    await ticks();
    hanging.clock.advance(1_999);
    await ticks();
    expect(settled).toBe(false);
    hanging.clock.advance(1);
    expect((await answer).json()).toEqual({ status: 'not_ready', problems: ['check_timed_out'] });
  });

  it('finds the database unreachable, migrations pending or the key not loaded, in the database readiness check', async () => {
    const up: Queryable = { query: async () => ({ rows: [], rowCount: 0 }) };
    const down: Queryable = { query: async () => Promise.reject(new Error('ECONNREFUSED')) };

    expect(await databaseReadiness({ db: up, migrationsApplied: async () => true, keyLoaded: () => true })()).toEqual([]);
    expect(await databaseReadiness({ db: up, migrationsApplied: async () => false, keyLoaded: () => true })()).toEqual(['migrations_pending']);
    expect(await databaseReadiness({ db: up, migrationsApplied: async () => true, keyLoaded: () => false })()).toEqual(['key_not_loaded']);
    expect(await databaseReadiness({ db: down, migrationsApplied: async () => true, keyLoaded: () => true })()).toEqual(['database_unreachable']);
    expect(await databaseReadiness({ db: up, migrationsApplied: () => Promise.reject(new Error('gone')), keyLoaded: () => true })()).toEqual(['database_unreachable']);
  });
});

describe('graceful shutdown', () => {
  /** A listening app whose token source holds company 101's token until the test releases it. */
  async function listeningWithHeldToken() {
    const clock = new FakeClock();
    const held = deferred<HandedAccessToken>();
    const asked = deferred<void>();
    const tokens: AccessTokenSource = {
      accessToken: async () => {
        asked.resolve();
        return held.promise;
      },
    };
    const built = await buildApp({ clock, tokens });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (built.app.server.address() as AddressInfo).port;
    const key = await built.newKey({ right: 'token' });
    const release = () => held.resolve({ accessToken: 'held-access-token', expiresAt: clock.now() + 3_600_000, scopes: ['invoice'] });
    return { ...built, port, key, asked: asked.promise, release };
  }

  it('flips readiness to 503 first, keeps serving through the drain delay, then stops accepting, finishes the request in flight and only then resolves', async () => {
    const { app, clock, port, key, asked, release } = await listeningWithHeldToken();
    const events: string[] = [];
    const inFlight = request(port, 'POST', '/v1/companies/101/access-token', { authorization: `Bearer ${key}` }).then((answer) => {
      events.push(`in-flight answered ${answer.status}`);
      return answer;
    });
    await asked;

    const closing = closeServerApp(app, { timers: clock.timers, drainDelayMs: 5_000 }).then(() => events.push('closed'));
    const readyz = await request(port, 'GET', '/readyz');
    events.push(`readyz ${readyz.status}`);
    expect(readyz.text).toBe('{"status":"not_ready","problems":["shutting_down"]}');
    // Still accepting during the drain delay: the load balancer may not have noticed yet.
    expect((await request(port, 'GET', '/v1/health')).status).toBe(200);

    clock.advance(5_000);
    await ticks();
    expect(app.server.listening).toBe(false);
    await expect(request(port, 'GET', '/v1/health')).rejects.toThrow(/ECONNREFUSED/);
    events.push('refusing connections');
    expect(events).not.toContain('closed');

    await ticks();
    expect(events).toEqual(['readyz 503', 'refusing connections']);

    // The request in flight gets its whole answer (its connection is not cut), and only then does closing end.
    release();
    const [answer] = await Promise.all([inFlight, closing]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).accessToken).toBe('held-access-token');
    expect(events.slice(2).sort()).toEqual(['closed', 'in-flight answered 200']);
  });

  it('cuts the connections of requests still in flight when the grace period ends', async () => {
    const { app, clock, port, key, asked } = await listeningWithHeldToken();
    const inFlight = request(port, 'POST', '/v1/companies/101/access-token', { authorization: `Bearer ${key}` });
    await asked;

    const closing = closeServerApp(app, { timers: clock.timers, graceMs: 10_000 });
    await ticks();
    clock.advance(9_999);
    await ticks();
    expect(app.server.listening).toBe(false);
    clock.advance(1);

    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
    await closing;
  });

  it('closes the app, then stops background refresh, then closes the database, and closes the database even when stopping refresh fails', async () => {
    const { app, clock } = await buildApp();
    const events: string[] = [];
    const originalClose = app.close.bind(app);
    app.close = (() => originalClose().then(() => void events.push('app closed'))) as typeof app.close;

    await shutdownServer(
      {
        app,
        backgroundRefresh: { stop: async () => void events.push('refresh stopped') },
        database: { close: async () => void events.push('database closed') },
      },
      { timers: clock.timers },
    );
    expect(events).toEqual(['app closed', 'refresh stopped', 'database closed']);

    const second = await buildApp();
    const closed: string[] = [];
    await expect(
      shutdownServer(
        {
          app: second.app,
          backgroundRefresh: { stop: async () => Promise.reject(new Error('refresh would not stop')) },
          database: { close: async () => void closed.push('database closed') },
        },
        { timers: second.clock.timers },
      ),
    ).rejects.toThrow('refresh would not stop');
    expect(closed).toEqual(['database closed']);
  });
});

import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timers } from '../../../../main/connect/connect-flow';
import type { Database } from '../../../../server/db/database';
import { closeServerApp, DEFAULT_SHUTDOWN_GRACE_MS } from '../../../../server/http/shutdown';
import { openMigratedPglite } from '../auth/migrated-databases';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { firmScript } from '../tokens/tokens-test-kit';
import { connectionsApp } from './firm-connections-kit';

const startSimulator = trackSimulators();

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * `GET /v1/firm/events` with Node 20's fetch, as the desktop opens it (main/firm/firm-events.ts):
 * `firstList` reads up to the first `companies` event, `rest` reads to the end of the body and says
 * whether it ended cleanly (the server's end of the chunked body) or was cut.
 */
async function fetchEvents(baseUrl: string, session: string) {
  const controller = new AbortController();
  const answer = await fetch(`${baseUrl}/v1/firm/events`, {
    headers: { authorization: `Bearer ${session}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(answer.status).toBe(200);
  if (!answer.body) throw new Error('no body');
  const reader = answer.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    async firstList(): Promise<unknown> {
      while (!text.includes('event: companies\n')  || !text.slice(text.indexOf('event: companies\n')).includes('\n\n')) {
        const { done, value } = await reader.read();
        if (done) throw new Error('ended before the first list');
        text += decoder.decode(value, { stream: true });
      }
      const block = text.slice(text.indexOf('event: companies\n')).split('\n\n')[0] ?? '';
      return JSON.parse(block.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? 'null');
    },
    async rest(): Promise<'ended' | 'cut'> {
      try {
        for (;;) if ((await reader.read()).done) return 'ended';
      } catch {
        return 'cut';
      }
    },
    abort: () => controller.abort(),
  };
}

describe('shutdown with event streams open and ended (issue 10 item 7)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigratedPglite();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('closes in under 3 s of a 25 s grace with one stream aborted by its client and a silent connection, and ends the open stream cleanly', async () => {
    const simulator = await startSimulator(firmScript([]));
    const built = await connectionsApp({ db, simulator, timers: realTimers });
    const session = await built.sessionFor('bo@byran.se');
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;

    // Every connection the server accepts, to see the aborted stream's end there.
    const closedSockets: number[] = [];
    built.app.server.on('connection', (socket: Socket) => socket.once('close', () => closedSockets.push(closedSockets.length)));
    const open = await fetchEvents(url, session);
    const aborted = await fetchEvents(url, session);
    expect(await open.firstList()).toMatchObject({ companies: [] });
    expect(await aborted.firstList()).toMatchObject({ companies: [] });
    const serverSawAbort = new Promise<void>((resolve) => {
      const check = () => (closedSockets.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    aborted.abort();
    await serverSawAbort;
    // And a connection that never sends a byte (as browsers open speculatively), accepted by the server.
    const accepted = new Promise<void>((resolve) => built.app.server.once('connection', () => resolve()));
    const silent = connect((built.app.server.address() as AddressInfo).port, '127.0.0.1');
    const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    await accepted;

    const startedAt = performance.now();
    await closeServerApp(built.app, { timers: realTimers, graceMs: DEFAULT_SHUTDOWN_GRACE_MS });
    const tookMs = performance.now() - startedAt;
    expect(tookMs).toBeLessThan(3_000);
    // The open stream was ended by the server (end of body, no error), not cut.
    expect(await open.rest()).toBe('ended');
    await silentClosed;
  }, 30_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FirmEvents, type FirmCompanies, type FirmEventsState } from '../../../../main/firm/firm-events';
import { FirmServerClient, FirmUnreachableError } from '../../../../main/firm/firm-server-client';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/** Collects what the subscription hands on, and lets a test wait for the next of it. */
function collector() {
  const lists: FirmCompanies[] = [];
  const states: FirmEventsState[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    lists,
    states,
    onCompanies: (list: FirmCompanies) => {
      lists.push(list);
      notify();
    },
    onState: (state: FirmEventsState) => {
      states.push(state);
      notify();
    },
    async until(done: () => boolean): Promise<void> {
      while (!done()) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

describe('the company list’s live updates', () => {
  let fake: FakeFirmServer;
  let session: string;
  let events: FirmEvents | undefined;
  const logger = recordingLogger();

  beforeEach(async () => {
    fake = await startFakeFirmServer({ companies: [firmCompany('1001', 'Bageriet AB')] });
    const client = new FirmServerClient({ baseUrl: fake.url, fetcher: (url, init) => fetch(url, init), session: () => undefined, log: logger.log });
    session = (await client.pairingSession({ code: fake.addPairingCode(firmUser()), deviceName: 'Dator' })).session;
  });
  afterEach(async () => {
    events?.stop();
    await fake.close();
  });

  const subscribe = (clock: FakeClock, seen: ReturnType<typeof collector>, random = () => 0) => {
    const client = new FirmServerClient({ baseUrl: fake.url, fetcher: (url, init) => fetch(url, init), session: () => session, log: logger.log });
    events = new FirmEvents({ open: (signal) => client.openEvents(signal), onCompanies: seen.onCompanies, onState: seen.onState, timers: clock.timers, random, log: logger.log });
    events.start();
    return events;
  };

  it('gets the current list on connecting, then each change the server sends', async () => {
    const seen = collector();
    subscribe(new FakeClock(), seen);
    await seen.until(() => seen.lists.length === 1);
    expect(seen.lists[0]?.companies.map((company) => company.tenantId)).toEqual(['1001']);
    expect(seen.states).toEqual(['connecting', 'live']);

    fake.setCompanies([firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')]);
    await seen.until(() => seen.lists.length === 2);
    expect(seen.lists[1]).toMatchObject({ version: 2, companies: [{ tenantId: '1001' }, { tenantId: '2002' }] });
  });

  it('ignores an event that does not fit the contract and keeps listening', async () => {
    const seen = collector();
    subscribe(new FakeClock(), seen);
    await seen.until(() => seen.lists.length === 1);
    fake.sendRaw('event: companies\ndata: {"companies":[{"tenantId":"1","accessToken":"x"}],"version":9}\n\n');
    fake.sendRaw('event: other\ndata: {}\n\n');
    fake.setCompanies([]);
    await seen.until(() => seen.lists.length === 2);
    expect(seen.lists[1]).toEqual({ companies: [], version: 2 });
    expect(logger.text()).toContain('does not fit the contract');
  });

  it('reconnects after the stream is cut, after a wait on the injected clock', async () => {
    const clock = new FakeClock();
    const seen = collector();
    subscribe(clock, seen);
    await seen.until(() => seen.lists.length === 1);
    fake.dropEventStreams();
    await seen.until(() => seen.states.at(-1) === 'waiting');
    expect(fake.openEventStreams()).toBe(0);
    fake.setCompanies([firmCompany('3003', 'Måleriet AB')]);
    clock.advance(500);
    await seen.until(() => seen.lists.length === 2);
    expect(seen.lists[1]?.companies.map((company) => company.tenantId)).toEqual(['3003']);
  });

  it('stops, without reconnecting, when the server no longer knows the session', async () => {
    const clock = new FakeClock();
    const seen = collector();
    fake.sessions.clear();
    subscribe(clock, seen);
    await seen.until(() => seen.states.at(-1) === 'stopped');
    expect(clock.pendingTimers()).toBe(0);
    expect(seen.lists).toEqual([]);
  });

  it('drops a stream whose line passes the limit and connects again', async () => {
    const clock = new FakeClock();
    const seen = collector();
    const client = new FirmServerClient({ baseUrl: fake.url, fetcher: (url, init) => fetch(url, init), session: () => session, log: logger.log });
    events = new FirmEvents({
      open: (signal) => client.openEvents(signal),
      onCompanies: seen.onCompanies,
      onState: seen.onState,
      timers: clock.timers,
      random: () => 0,
      log: logger.log,
      limits: { maxLineBytes: 4096, maxEventBytes: 4096 },
    });
    events.start();
    await seen.until(() => seen.lists.length === 1);
    fake.sendRaw(`data: ${'x'.repeat(10_000)}`);
    await seen.until(() => seen.states.at(-1) === 'waiting');
    expect(logger.text()).toContain('limit_line');
  });
});

describe('the reconnection waits', () => {
  it('double from one second up to a minute, each drawn between half and all of it', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    let opens = 0;
    let settle: () => void = () => undefined;
    const events = new FirmEvents({
      open: () => {
        opens += 1;
        queueMicrotask(() => settle());
        return Promise.reject(new FirmUnreachableError('network'));
      },
      onCompanies: () => undefined,
      timers: clock.timers,
      random: () => 0,
      log: logger.log,
    });
    const failed = () => new Promise<void>((resolve) => (settle = () => setImmediate(resolve)));
    let next = failed();
    events.start();
    await next;
    expect(opens).toBe(1);
    // random() = 0: each wait is half its ceiling: 500, 1000, 2000, … up to 30 000 ms.
    for (const wait of [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]) {
      next = failed();
      const before = opens;
      clock.advance(wait - 1);
      expect(opens).toBe(before);
      clock.advance(1);
      await next;
      expect(opens).toBe(before + 1);
    }
    events.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BATCH_EXTRAS_MAX, batchStatusSchema, type BatchEntryInput, type BatchStatus } from '../../../../shared/batch-contract';
import { configFromEnv, resolveConfig, type ConfigResult } from '../../../../main/config/fortnox-config';
import { BATCH_SESSION_IDLE_MS, BatchRunner, type BatchConnections, type BatchRunnerDeps } from '../../../../main/batch/batch-runner';
import type { ReturnedCompany } from '../../../../main/batch/returned-company';
import type { AuthorizationGrant } from '../../../../main/connect/connect-flow';
import { UnexpectedCompanyError, type ConnectedCompany } from '../../../../main/connections/connections-service';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { FakeClock } from '../fake-timers';
import { FakeSignInWindowPort, type FakeSignInWindow } from '../fake-sign-in-window';
import { recordingLogger } from '../recording-logger';
import { ScriptedRandom } from '../scripted-random';

const REDIRECT = 'https://connect.example.se/fortnox/callback';

function validConfig(): ConfigResult {
  const result = resolveConfig(configFromEnv({ FORTNOX_CLIENT_ID: 'client-123', FORTNOX_REDIRECT_URI: REDIRECT }), {});
  if (!result.ok) throw new Error('test config invalid');
  return result;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The connections as the runner sees them: each exchange reaches the next scripted company (or
 * fails with the scripted error); a company `accept` refuses is held until kept or discarded.
 */
class FakeConnections implements BatchConnections {
  readonly reached: (ReturnedCompany | FortnoxCallError)[] = [];
  readonly stored: ReturnedCompany[] = [];
  readonly held = new Map<string, ReturnedCompany>();
  readonly discarded: string[] = [];
  readonly grants: AuthorizationGrant[] = [];

  /** While set, exchanges wait for it (a slow token call) before they reach their company. */
  gate: Promise<void> | undefined;

  authorizeIf(grant: AuthorizationGrant, accept: (company: ReturnedCompany) => boolean): Promise<ConnectedCompany> {
    this.grants.push(grant);
    const gate = this.gate;
    if (gate) return gate.then(() => this.reach(grant, accept));
    return this.reach(grant, accept);
  }

  private reach(grant: AuthorizationGrant, accept: (company: ReturnedCompany) => boolean): Promise<ConnectedCompany> {
    const next = this.reached.shift();
    if (next === undefined) throw new Error('no company scripted for this sign-in');
    if (next instanceof FortnoxCallError) return Promise.reject(next);
    if (!accept(next)) {
      this.held.set(grant.flowId, next);
      return Promise.reject(new UnexpectedCompanyError(next));
    }
    return Promise.resolve(this.store(next));
  }

  keepHeld(flowId: string): Promise<ConnectedCompany | undefined> {
    const company = this.held.get(flowId);
    this.held.delete(flowId);
    return Promise.resolve(company && this.store(company));
  }

  discardHeld(flowId?: string): number {
    if (flowId === undefined || !this.held.delete(flowId)) return 0;
    this.discarded.push(flowId);
    return 1;
  }

  private store(company: ReturnedCompany): ConnectedCompany {
    this.stored.push(company);
    return { tenantId: company.tenantId, companyName: company.companyName, reconnected: company.alreadyConnected, scopesNotGranted: [], scopesNotRequested: [] };
  }
}

function company(tenantId: string, organizationNumber: string | null, alreadyConnected = false): ReturnedCompany {
  return { tenantId, organizationNumber, companyName: `Bolag ${tenantId}`, alreadyConnected };
}

function setup(config: ConfigResult = validConfig(), extra: Partial<BatchRunnerDeps> = {}) {
  const clock = new FakeClock();
  const windows = new FakeSignInWindowPort();
  const connections = new FakeConnections();
  const statuses: BatchStatus[] = [];
  const skipped: string[] = [];
  const logger = recordingLogger();
  const runner = new BatchRunner({
    getConfig: () => config,
    windows,
    connections,
    random: new ScriptedRandom().bytes,
    now: clock.now,
    timers: clock.timers,
    log: logger.log,
    publish: (status) => statuses.push(status),
    onSkipped: (orgNumber) => skipped.push(orgNumber),
    ...extra,
  });
  const last = () => statuses.at(-1) as BatchStatus;
  /** Fortnox approves in the open window: the redirect carries a code and the window's state. */
  const approve = async (window: FakeSignInWindow = windows.last) => {
    window.navigate(`${REDIRECT}?code=code-${windows.opened.length}&state=${window.state}`);
    await flush();
  };
  return { clock, windows, connections, statuses, skipped, logger, runner, last, approve };
}

const START = { scopes: ['companyinformation', 'invoice'] as const, offlineAccess: true, serviceAccount: false };
const LIST: BatchEntryInput[] = [
  { orgNumber: '556677-8899', name: 'Alfa AB' },
  { orgNumber: '559123-4567', name: 'Beta AB' },
  { orgNumber: '556000-0001', name: 'Gamma AB' },
];

describe('BatchRunner', () => {
  it("signs every company in through one shared session, moves on by itself and releases the session at the end", async () => {
    const { windows, connections, runner, last, approve, statuses } = setup();
    connections.reached.push(company('1', '5566778899'), company('2', '559123-4567'), company('3', '556000-0001'));
    const started = runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    expect(started.started).toBe(true);
    expect(windows.opened).toHaveLength(1);
    await approve();
    expect(windows.opened).toHaveLength(2);
    await approve();
    await approve();
    expect(windows.opened).toHaveLength(3);
    const sessions = windows.opened.map((window) => window.request.session);
    expect(sessions.every((session) => session?.kind === 'shared')).toBe(true);
    expect(new Set(sessions.map((session) => (session?.kind === 'shared' ? session.id : 'fresh'))).size).toBe(1);
    expect(last()).toMatchObject({ state: 'finished', counts: { total: 3, connected: 3, waiting: 0 } });
    expect(windows.released).toHaveLength(1);
    expect(windows.released[0]).toBe(sessions[0]?.kind === 'shared' ? sessions[0].id : '');
    expect(connections.grants.every((grant) => grant.scopes.join(' ') === 'companyinformation invoice')).toBe(true);
    for (const status of statuses) expect(batchStatusSchema.safeParse(status).success).toBe(true);
  });

  it('updates an already connected company in place (bulk reconnect by tenant id)', async () => {
    const { connections, runner, last, approve } = setup();
    connections.reached.push(company('42', null, true));
    runner.start({ ...START, scopes: [...START.scopes], entries: [{ tenantId: '42', name: 'Redan AB' }] });
    await approve();
    expect(connections.stored).toHaveLength(1);
    expect(last()).toMatchObject({ state: 'finished', counts: { total: 1, connected: 0, updated: 1 } });
  });

  it('pauses on a failed sign-in, and retry opens the same company again in the same session', async () => {
    const { windows, connections, runner, last, approve } = setup();
    connections.reached.push(new FortnoxCallError('server_error'), company('1', '556677-8899'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 2) });
    await approve();
    expect(last()).toMatchObject({ state: 'paused', currentEntryId: null });
    expect(last().entries[0]).toMatchObject({ state: 'failed', error: 'exchange_failed', issue: 'server_error' });
    expect(windows.opened).toHaveLength(1);
    expect(runner.retry(0)).toEqual({ retried: true });
    expect(windows.opened).toHaveLength(2);
    expect(last().currentEntryId).toBe(0);
    await approve();
    expect(last().entries[0]?.state).toBe('connected');
    expect(windows.released).toEqual([]);
  });

  it('a sign-in the user declines fails that entry only', async () => {
    const { windows, runner, last } = setup();
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    const window = windows.last;
    window.navigate(`${REDIRECT}?error=access_denied&state=${window.state}`);
    await flush();
    expect(last().entries.map((entry) => entry.state)).toEqual(['failed', 'waiting', 'waiting']);
    expect(last().entries[0]?.error).toBe('access_denied');
  });

  it('skip closes the current window, tells the client list and opens the next company', async () => {
    const { windows, runner, last, skipped } = setup();
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    const first = windows.last;
    expect(await runner.skip()).toEqual({ skipped: true });
    expect(first.disposeCalls).toBe(1);
    expect(skipped).toEqual(['556677-8899']);
    expect(windows.opened).toHaveLength(2);
    expect(last()).toMatchObject({ state: 'running', currentEntryId: 1, counts: { skipped: 1 } });
    // The window's own "cancelled" outcome is not taken for a failure of the next company.
    expect(last().entries[1]?.state).toBe('current');
  });

  it('asks about a company not on the list; kept, it is stored, and the batch goes back to its company', async () => {
    const { windows, connections, runner, last, approve } = setup();
    connections.reached.push(company('77', '212000-0142'), company('1', '556677-8899'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    await approve();
    expect(connections.stored).toEqual([]);
    expect(last()).toMatchObject({ state: 'question', counts: { notOnList: 1 } });
    expect(last().entries[1]).toMatchObject({ onList: false, decision: 'pending', tenantId: '77', orgNumber: '212000-0142' });
    expect(windows.opened).toHaveLength(1);
    expect(await runner.answer(1, true)).toEqual({ decision: 'kept' });
    expect(connections.stored.map((stored) => stored.tenantId)).toEqual(['77']);
    expect(windows.opened).toHaveLength(2);
    expect(last().currentEntryId).toBe(0);
    await approve();
    expect(last()).toMatchObject({ state: 'finished', counts: { connected: 1, notOnList: 1 } });
  });

  it('a company not on the list that is let go is revoked (discarded), never stored', async () => {
    const { connections, runner, last, approve } = setup();
    connections.reached.push(company('77', null));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    await approve();
    expect(await runner.answer(1, false)).toEqual({ decision: 'discarded' });
    expect(connections.discarded).toHaveLength(1);
    expect(connections.stored).toEqual([]);
    expect(last().entries[1]).toMatchObject({ state: 'not-on-list', decision: 'discarded' });
    expect(await runner.answer(1, true)).toEqual({ decision: null });
  });

  it('a question about a company not on the list can still be answered after the batch was stopped', async () => {
    const { connections, runner, last, approve } = setup();
    connections.reached.push(company('77', null));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 2) });
    await approve();
    expect(runner.heldFlowIds()).toHaveLength(1);
    await runner.stop();
    expect(last()).toMatchObject({ state: 'stopped' });
    expect(await runner.answer(2, true)).toEqual({ decision: 'kept' });
    expect(connections.stored.map((stored) => stored.tenantId)).toEqual(['77']);
    expect(runner.heldFlowIds()).toEqual([]);
  });

  it('a held company that timed out meanwhile is reported as expired when kept', async () => {
    const { connections, runner, last, approve } = setup();
    connections.reached.push(company('77', null));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    await approve();
    connections.held.clear();
    expect(await runner.answer(1, true)).toEqual({ decision: 'expired' });
    expect(last().entries[1]?.decision).toBe('expired');
  });

  it('another Fortnox login releases the session and opens the current company in a new one', async () => {
    const { windows, runner, last } = setup();
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    const first = windows.last;
    expect(await runner.newLogin()).toEqual({ restarted: true });
    const [before, after] = [first.request.session, windows.last.request.session];
    expect(first.disposeCalls).toBe(1);
    expect(windows.released).toEqual([before?.kind === 'shared' ? before.id : 'not shared']);
    expect(after?.kind).toBe('shared');
    expect(after).not.toEqual(before);
    expect(last()).toMatchObject({ currentEntryId: 0, logins: 2 });
  });

  it('stop closes the window and releases the session; a new batch may start after', async () => {
    const { windows, runner, last } = setup();
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    expect(runner.start({ ...START, scopes: [...START.scopes], entries: LIST })).toEqual({ started: false, reason: 'already_running' });
    expect(await runner.stop()).toEqual({ stopped: true });
    expect(windows.last.disposeCalls).toBe(1);
    expect(windows.released).toHaveLength(1);
    expect(last()).toMatchObject({ state: 'stopped', counts: { waiting: 3 } });
    expect(await runner.stop()).toEqual({ stopped: false });
    expect(runner.start({ ...START, scopes: [...START.scopes], entries: LIST }).started).toBe(true);
  });

  it('in open mode connects whatever is picked and ends when the user closes the window', async () => {
    const { windows, connections, runner, last, approve } = setup();
    connections.reached.push(company('5', '556677-8899'), company('6', null));
    runner.start({ ...START, scopes: [...START.scopes], entries: [] });
    await approve();
    await approve();
    expect(connections.stored.map((stored) => stored.tenantId)).toEqual(['5', '6']);
    windows.last.fire({ type: 'closed' });
    await flush();
    expect(last()).toMatchObject({ mode: 'open', state: 'finished', counts: { total: 2, connected: 2 } });
    expect(windows.released).toHaveLength(1);
  });

  it("a bulk reconnect asks each company for its own scopes, offline access and account type, never the batch's union", async () => {
    const own: Record<string, { scopes: ('companyinformation' | 'invoice' | 'bookkeeping')[]; offlineAccess: boolean; serviceAccount: boolean }> = {
      '41': { scopes: ['companyinformation'], offlineAccess: false, serviceAccount: false },
      '42': { scopes: ['companyinformation', 'bookkeeping'], offlineAccess: true, serviceAccount: true },
    };
    const { windows, connections, runner, approve } = setup(validConfig(), { reconnectRequest: (tenantId) => own[tenantId] });
    connections.reached.push(company('41', null, true), company('42', null, true), company('7', '556677-8899'));
    runner.start({
      scopes: ['companyinformation', 'invoice', 'bookkeeping'],
      offlineAccess: true,
      serviceAccount: false,
      entries: [{ tenantId: '41' }, { tenantId: '42' }, { orgNumber: '556677-8899' }],
    });
    const asked = () => {
      const url = windows.last.url;
      return { scope: url.searchParams.get('scope')?.split(' ').sort().join(' '), accessType: url.searchParams.get('access_type'), accountType: url.searchParams.get('account_type') };
    };
    expect(asked()).toEqual({ scope: 'companyinformation', accessType: null, accountType: null });
    await approve();
    expect(asked()).toEqual({ scope: 'bookkeeping companyinformation', accessType: 'offline', accountType: 'service' });
    await approve();
    // An entry by organisation number is a new company: it gets the batch's request.
    expect(asked()).toEqual({ scope: 'bookkeeping companyinformation invoice', accessType: 'offline', accountType: null });
    await approve();
    expect(connections.grants.map((grant) => [[...grant.scopes].sort().join(' '), grant.offlineAccess, grant.serviceAccount])).toEqual([
      ['companyinformation', false, false],
      ['bookkeeping companyinformation', true, true],
      ['bookkeeping companyinformation invoice', true, false],
    ]);
  });

  it('a batch waiting for the user lets go of its Fortnox login after the idle time; retry then opens a new, empty session', async () => {
    const { clock, windows, connections, runner, last, approve } = setup();
    connections.reached.push(new FortnoxCallError('server_error'), company('1', '556677-8899'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    const first = windows.last.request.session;
    await approve();
    expect(last()).toMatchObject({ state: 'paused', logins: 1 });
    clock.advance(BATCH_SESSION_IDLE_MS - 1);
    expect(windows.released).toEqual([]);
    clock.advance(1);
    await flush();
    expect(windows.released).toEqual([first?.kind === 'shared' ? first.id : 'not shared']);
    expect(runner.retry(0)).toEqual({ retried: true });
    const second = windows.last.request.session;
    expect(second?.kind).toBe('shared');
    expect(second).not.toEqual(first);
    expect(last()).toMatchObject({ currentEntryId: 0, logins: 2 });
    await approve();
    expect(last()).toMatchObject({ state: 'finished', counts: { connected: 1 } });
    expect(windows.released).toHaveLength(2);
  });

  it('never lets go of the session under an open sign-in window, however long the user takes there', async () => {
    const { clock, windows, connections, runner, last, approve } = setup(validConfig(), { timeoutMs: 2 * BATCH_SESSION_IDLE_MS });
    connections.reached.push(company('1', '556677-8899'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    clock.advance(BATCH_SESSION_IDLE_MS + 1);
    await flush();
    expect(windows.released).toEqual([]);
    expect(windows.last.disposeCalls).toBe(0);
    await approve();
    expect(last()).toMatchObject({ state: 'finished', logins: 1 });
    expect(windows.released).toHaveLength(1);
  });

  it("a company skipped while its code is exchanged is filed as connected, and the next company's sign-in goes on untouched", async () => {
    const { windows, connections, runner, last, approve } = setup();
    let exchanged: () => void = () => undefined;
    connections.gate = new Promise<void>((resolve) => (exchanged = resolve));
    connections.reached.push(company('1', '556677-8899'), company('2', '559123-4567'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    await approve();
    expect(last()).toMatchObject({ currentEntryId: 0, phase: 'exchanging' });
    expect(await runner.skip()).toEqual({ skipped: true });
    const second = windows.last;
    expect(windows.opened).toHaveLength(2);
    exchanged();
    await flush();
    expect(second.disposeCalls).toBe(0);
    expect(windows.opened).toHaveLength(2);
    expect(last()).toMatchObject({ state: 'running', currentEntryId: 1, phase: 'signing-in' });
    expect(last().entries.map((entry) => [entry.state, entry.error])).toEqual([
      ['connected', null],
      ['current', null],
      ['waiting', null],
    ]);
    connections.gate = undefined;
    await approve(second);
    expect(last().entries.map((entry) => entry.state)).toEqual(['connected', 'connected', 'current']);
  });

  it('a late result for the company opened again after "another Fortnox login" ends that sign-in and moves on', async () => {
    const { windows, connections, runner, last, approve } = setup();
    let exchanged: () => void = () => undefined;
    connections.gate = new Promise<void>((resolve) => (exchanged = resolve));
    connections.reached.push(company('1', '556677-8899'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 2) });
    await approve();
    expect(await runner.newLogin()).toEqual({ restarted: true });
    const reopened = windows.last;
    expect(last()).toMatchObject({ currentEntryId: 0, phase: 'signing-in' });
    exchanged();
    await flush();
    expect(reopened.disposeCalls).toBe(1);
    expect(windows.opened).toHaveLength(3);
    expect(last()).toMatchObject({ state: 'running', currentEntryId: 1, phase: 'signing-in' });
    expect(last().entries.map((entry) => [entry.state, entry.error])).toEqual([
      ['connected', null],
      ['current', null],
    ]);
  });

  it('a failed exchange of a company skipped meanwhile fails nothing else', async () => {
    const { windows, connections, runner, last, approve } = setup();
    let exchanged: () => void = () => undefined;
    connections.gate = new Promise<void>((resolve) => (exchanged = resolve));
    connections.reached.push(new FortnoxCallError('server_error'));
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 2) });
    await approve();
    await runner.skip();
    exchanged();
    await flush();
    expect(windows.last.disposeCalls).toBe(0);
    expect(last()).toMatchObject({ state: 'running', currentEntryId: 1 });
    expect(last().entries.map((entry) => entry.state)).toEqual(['skipped', 'current']);
  });

  it('with no room left to ask about another company, lets that one go and pauses on the entry instead of stalling', async () => {
    // Hundreds of sign-ins: the scripted random source would repeat its states, the real one does not.
    const { windows, connections, runner, last, approve } = setup(validConfig(), { random: (size) => randomBytes(size) });
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST.slice(0, 1) });
    for (let n = 0; n < BATCH_EXTRAS_MAX; n += 1) {
      connections.reached.push(company(String(1000 + n), null));
      await approve();
      expect(await runner.answer(last().entries.length - 1, false)).toEqual({ decision: 'discarded' });
    }
    const opened = windows.opened.length;
    connections.reached.push(company('9999', null));
    await approve();
    expect(connections.discarded).toHaveLength(BATCH_EXTRAS_MAX + 1);
    expect(last()).toMatchObject({ state: 'paused', logins: 1 });
    expect(last().entries[0]).toMatchObject({ state: 'failed', error: 'exchange_failed', issue: 'unknown_company' });
    expect(windows.opened).toHaveLength(opened);
  });

  it('does not start with an invalid configuration, and shutdown releases a running batch', async () => {
    const invalid = resolveConfig(configFromEnv({}), {});
    expect(setup(invalid).runner.start({ ...START, scopes: [...START.scopes], entries: LIST })).toEqual({ started: false, reason: 'config_invalid' });
    const { windows, runner } = setup();
    runner.start({ ...START, scopes: [...START.scopes], entries: LIST });
    await runner.shutdown();
    expect(windows.last.disposeCalls).toBe(1);
    expect(windows.released).toHaveLength(1);
    expect(runner.running()).toBe(false);
  });
});

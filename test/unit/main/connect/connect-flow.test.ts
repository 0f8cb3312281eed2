import { describe, expect, it } from 'vitest';
import type { FlowStatusMessage, ConnectRequest } from '../../../../shared/ipc-contract';
import { flowStatusSchema } from '../../../../shared/ipc-contract';
import type { FlowErrorCode } from '../../../../shared/flow-errors';
import { configFromEnv, resolveConfig, type ConfigResult } from '../../../../main/config/fortnox-config';
import { ConnectFlow, FLOW_TIMEOUT_MS, LOCATION_THROTTLE_MS, type AuthorizationGrant, type AuthorizationResult } from '../../../../main/connect/connect-flow';
import { FakeClock } from '../fake-timers';
import { FakeSignInWindowPort, type FakeSignInWindow } from '../fake-sign-in-window';
import { recordingLogger } from '../recording-logger';
import { ScriptedRandom } from '../scripted-random';

const REDIRECT = 'https://connect.example.se/fortnox/callback';
const CODE = 'CODE-7f3a9c-secret';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function validConfig(extra: Record<string, string> = {}): ConfigResult {
  const result = resolveConfig(
    configFromEnv({ FORTNOX_CLIENT_ID: 'client-123', FORTNOX_REDIRECT_URI: REDIRECT, ...extra }),
    {},
  );
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.problems)}`);
  return result;
}

const REQUEST: ConnectRequest = {
  scopes: ['invoice', 'companyinformation'],
  offlineAccess: true,
  serviceAccount: false,
  restart: false,
};

function harness(config: ConfigResult = validConfig(), answer?: (grant: AuthorizationGrant) => Promise<AuthorizationResult>) {
  const clock = new FakeClock();
  const random = new ScriptedRandom();
  const windows = new FakeSignInWindowPort();
  const statuses: FlowStatusMessage[] = [];
  const grants: AuthorizationGrant[] = [];
  const logger = recordingLogger();
  let currentConfig = config;
  const flow = new ConnectFlow({
    getConfig: () => currentConfig,
    windows,
    random: random.bytes,
    now: clock.now,
    timers: clock.timers,
    publish: (status) => statuses.push(status),
    onAuthorized: (grant) => {
      grants.push(grant);
      return answer?.(grant);
    },
    log: logger.log,
  });
  return {
    clock,
    random,
    windows,
    statuses,
    grants,
    logger,
    flow,
    setConfig: (next: ConfigResult) => {
      currentConfig = next;
    },
    /** Published statuses that end a flow. */
    terminal: () => statuses.filter((status) => status.phase === 'succeeded' || status.phase === 'failed'),
  };
}

type Harness = ReturnType<typeof harness>;

/** Starts a flow that must open a window; returns the window and the flow id. */
function startOpen(h: Harness, request: ConnectRequest = REQUEST): { win: FakeSignInWindow; flowId: string } {
  const before = h.windows.opened.length;
  const result = h.flow.start(request);
  if (result.result !== 'started') throw new Error(`expected started, got ${result.result}`);
  expect(h.windows.opened).toHaveLength(before + 1);
  return { win: h.windows.last, flowId: result.flowId };
}

function callbackUrl(query: string): string {
  return `${REDIRECT}?${query}`;
}

/**
 * The checks every way of settling shares: exactly one terminal status for this flow, which is
 * `expected`; the window disposed exactly once; no timer left; the state retired, so a replay of
 * it, in this window or in the next sign-in, changes nothing / is refused.
 */
function expectSettledOnce(
  h: Harness,
  win: FakeSignInWindow | undefined,
  flowId: string,
  expected: Partial<Extract<FlowStatusMessage, { phase: 'failed' }>> & { error: FlowErrorCode },
): void {
  const mine = h.terminal().filter((status) => status.flowId === flowId);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toEqual({ phase: 'failed', flowId, finishedAt: h.clock.now(), ...expected });
  expect(h.flow.currentStatus()).toEqual(mine[0]);
  if (win) expect(win.disposeCalls).toBe(1);
  expect(h.clock.pendingTimers()).toBe(0);
  expect(h.flow.pendingStates()).toBe(0);
  expect(h.grants).toEqual([]);
  if (win) expectReplayRefused(h, win);
}

/** A callback replaying this window's state, with a code, does nothing here and is refused in a new sign-in. */
function expectReplayRefused(h: Harness, win: FakeSignInWindow): void {
  const state = win.state;
  const grantsBefore = h.grants.length;
  const statusesBefore = h.statuses.length;
  win.navigate(callbackUrl(`code=${CODE}&state=${state}`));
  expect(h.statuses).toHaveLength(statusesBefore);
  expect(h.grants).toHaveLength(grantsBefore);
  expect(win.disposeCalls).toBe(1);

  const next = startOpen(h, { ...REQUEST, restart: false });
  next.win.navigate(callbackUrl(`code=${CODE}&state=${state}`));
  expect(h.statuses.at(-1)).toMatchObject({ phase: 'failed', flowId: next.flowId, error: 'state_mismatch' });
  expect(h.grants).toHaveLength(grantsBefore);
}

/** Lets pending promise callbacks run (no timers involved). */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('ConnectFlow.start', () => {
  it('opens one window on Fortnox’s authorization URL with a fresh state and announces signing-in', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    expect(flowId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(h.random.requests).toEqual([12, 32]);
    const url = win.url;
    expect(`${url.origin}${url.pathname}`).toBe('https://apps.fortnox.se/oauth-v1/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-123',
      redirect_uri: REDIRECT,
      scope: 'companyinformation invoice',
      state: win.state,
      response_type: 'code',
      access_type: 'offline',
    });
    expect(win.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(win.request.policy.redirect.hostname).toBe('connect.example.se');
    expect(win.request.policy.allowedOrigins.has('https://apps.fortnox.se')).toBe(true);
    expect(h.statuses).toEqual([
      {
        phase: 'signing-in',
        flowId,
        startedAt: h.clock.now(),
        expiresAt: h.clock.now() + 10 * MINUTE,
        scopes: ['companyinformation', 'invoice'],
        serviceAccount: false,
      },
    ]);
    expect(h.clock.pendingTimers()).toBe(1);
    expect(h.flow.pendingStates()).toBe(1);
  });

  it('refuses with config_invalid and opens no window, starts no timer, issues no state', () => {
    const h = harness({ ok: false, problems: [{ field: 'clientId', problem: 'missing', source: 'default' }] });
    expect(h.flow.start(REQUEST)).toEqual({ result: 'refused', error: 'config_invalid' });
    expect(h.windows.opened).toHaveLength(0);
    expect(h.statuses).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.flow.pendingStates()).toBe(0);
    expect(h.flow.currentStatus()).toEqual({ phase: 'idle' });
  });

  it('reads the configuration at each start, so fixing it lets the next start open a window', () => {
    const h = harness({ ok: false, problems: [{ field: 'clientId', problem: 'missing', source: 'default' }] });
    expect(h.flow.start(REQUEST).result).toBe('refused');
    h.setConfig(validConfig());
    expect(h.flow.start(REQUEST).result).toBe('started');
    expect(h.windows.opened).toHaveLength(1);
  });

  it('focuses the open window on a second start without restart and opens no second window', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    expect(h.flow.start(REQUEST)).toEqual({ result: 'focused-existing', flowId });
    expect(win.focusCalls).toBe(1);
    expect(h.windows.opened).toHaveLength(1);
    expect(h.statuses).toHaveLength(1);
    expect(win.disposeCalls).toBe(0);
    expect(h.clock.pendingTimers()).toBe(1);
  });

  it('opens a working window even when the configured authorization URL has a malformed escape', () => {
    const h = harness(validConfig({ FORTNOX_AUTHORIZE_URL: 'https://apps.fortnox.se/oauth-v1/auth?%E0=1' }));
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));
    expect(h.grants.map((grant) => grant.flowId)).toEqual([flowId]);
  });
});

describe('ConnectFlow settles a sign-in exactly once', () => {
  it('succeeds with a code and this flow’s state, handing the code only to onAuthorized', () => {
    const h = harness();
    const { win, flowId } = startOpen(h, { ...REQUEST, serviceAccount: true });
    h.clock.advance(42 * SECOND);
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));

    expect(h.grants).toEqual([
      {
        flowId,
        code: CODE,
        redirectUri: REDIRECT,
        clientId: 'client-123',
        tokenUrl: 'https://apps.fortnox.se/oauth-v1/token',
        scopes: ['companyinformation', 'invoice'],
        offlineAccess: true,
        serviceAccount: true,
      },
    ]);
    expect(h.terminal()).toEqual([
      {
        phase: 'succeeded',
        flowId,
        scopes: ['companyinformation', 'invoice'],
        serviceAccount: true,
        finishedAt: h.clock.now(),
      },
    ]);
    expect(win.disposeCalls).toBe(1);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.clock.cleared).toHaveLength(1);
    expect(h.flow.pendingStates()).toBe(0);

    // A second callback and the close that our own dispose causes are both ignored, not even judged.
    const logLines = h.logger.records.length;
    win.navigate(callbackUrl(`code=OTHER&state=${win.state}`));
    win.fire({ type: 'closed' });
    expect(h.logger.records).toHaveLength(logLines);
    expect(h.terminal()).toHaveLength(1);
    expect(h.grants).toHaveLength(1);
    expect(win.disposeCalls).toBe(1);
    expectReplayRefused(h, win);
    expect(h.grants).toHaveLength(1);
  });

  it.each([
    ['access_denied', 'access_denied', 'The user denied access'],
    ['invalid_scope', 'invalid_scope', undefined],
    ['invalid_request', 'invalid_request', undefined],
    ['unauthorized_client', 'unauthorized_client', undefined],
    ['server_error', 'server_error', undefined],
  ] as const)('maps error=%s with this flow’s state to %s', (fortnoxError, error, description) => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    const extra = description ? `&error_description=${encodeURIComponent(description)}` : '';
    win.navigate(callbackUrl(`error=${fortnoxError}${extra}&state=${win.state}`));
    expectSettledOnce(h, win, flowId, {
      error,
      fortnoxError,
      ...(description ? { detail: description } : {}),
    });
  });

  it('reports an unknown Fortnox error as provider_error with its code and description', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`error=account_locked&error_description=Kontot+%C3%A4r+l%C3%A5st&state=${win.state}`));
    expectSettledOnce(h, win, flowId, {
      error: 'provider_error',
      fortnoxError: 'account_locked',
      detail: 'Kontot är låst',
    });
  });

  it('recognises "Client does not allow service account" as service_account_not_allowed', () => {
    const h = harness();
    const { win, flowId } = startOpen(h, { ...REQUEST, serviceAccount: true });
    win.navigate(
      callbackUrl(`error=invalid_request&error_description=Client+does+not+allow+service+account&state=${win.state}`),
    );
    expectSettledOnce(h, win, flowId, {
      error: 'service_account_not_allowed',
      fortnoxError: 'invalid_request',
      detail: 'Client does not allow service account',
    });
  });

  it('removes control characters from Fortnox’s description and cuts a long one', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`error=weird&error_description=${encodeURIComponent(`a\u0000\nb${'x'.repeat(600)}`)}&state=${win.state}`));
    const status = h.terminal()[0];
    expect(status).toMatchObject({ flowId, error: 'provider_error' });
    const detail = status?.phase === 'failed' ? status.detail : undefined;
    expect(detail?.startsWith('a b')).toBe(true);
    expect(detail).toHaveLength(500);
    expect(detail?.endsWith('…')).toBe(true);
  });

  it('refuses an error that comes back without state as state_mismatch, not as the error it names', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl('error=access_denied&error_description=Kontot+%C3%A4r+l%C3%A5st'));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses a server_error without state as state_mismatch', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl('error=server_error'));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses an empty code without state as state_mismatch: only the bare redirect is the locked-account answer', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl('code='));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses an error that comes back with another state as state_mismatch', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl('error=access_denied&state=forged-state'));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('reports a callback with neither code nor state (a locked account) as no_code', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(REDIRECT);
    expectSettledOnce(h, win, flowId, { error: 'no_code' });
  });

  it('reports a code only in the fragment, with the right state, as no_code', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`state=${win.state}#code=${CODE}`));
    expectSettledOnce(h, win, flowId, { error: 'no_code' });
  });

  it('reports an empty code with the right state as no_code', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=&state=${win.state}`));
    expectSettledOnce(h, win, flowId, { error: 'no_code' });
  });

  it('refuses a code that comes back without state', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}`));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses a code with a state that differs in one character', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    const state = win.state;
    const forged = `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`;
    win.navigate(callbackUrl(`code=${CODE}&state=${forged}`));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses a code with an empty state', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}&state=`));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses a code carrying the state of a superseded earlier sign-in', () => {
    const h = harness();
    const first = startOpen(h);
    const oldState = first.win.state;
    const second = startOpen(h, { ...REQUEST, restart: true });
    second.win.navigate(callbackUrl(`code=${CODE}&state=${oldState}`));
    expectSettledOnce(h, second.win, second.flowId, { error: 'state_mismatch' });
  });

  it('refuses duplicated code parameters as state_mismatch, even with the right state', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}&code=other&state=${win.state}`));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('refuses a duplicated state parameter as state_mismatch', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}&state=${win.state}`));
    expectSettledOnce(h, win, flowId, { error: 'state_mismatch' });
  });

  it('fails with window_closed when the user closes the window', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.fire({ type: 'closed' });
    win.fire({ type: 'closed' });
    expectSettledOnce(h, win, flowId, { error: 'window_closed' });
  });

  it('fails with load_failed and Chromium’s description when the page cannot load', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.fire({ type: 'load-failed', errorCode: -105, description: 'ERR_NAME_NOT_RESOLVED' });
    expectSettledOnce(h, win, flowId, { error: 'load_failed', detail: 'ERR_NAME_NOT_RESOLVED' });
  });

  it('ignores ERR_ABORTED (-3) from a redirect and still succeeds afterwards', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.fire({ type: 'load-failed', errorCode: -3, description: 'ERR_ABORTED' });
    expect(h.terminal()).toEqual([]);
    expect(win.disposeCalls).toBe(0);
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));
    expect(h.terminal()).toMatchObject([{ phase: 'succeeded', flowId }]);
    expect(h.grants.map((grant) => grant.code)).toEqual([CODE]);
    expect(win.disposeCalls).toBe(1);
  });

  it('fails with navigation_blocked and names the blocked origin', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.navigate('https://apps.fortnox.se/login'); // allowed: nothing happens
    expect(h.terminal()).toEqual([]);
    win.navigate('https://apps.fortnox.se.evil.example/phish?x=1');
    expectSettledOnce(h, win, flowId, { error: 'navigation_blocked', detail: 'https://apps.fortnox.se.evil.example' });
  });

  it('times out at exactly ten minutes, not before', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    expect(FLOW_TIMEOUT_MS).toBe(10 * MINUTE);
    h.clock.advance(9 * MINUTE + 59 * SECOND);
    expect(h.terminal()).toEqual([]);
    expect(win.disposeCalls).toBe(0);
    expect(h.flow.pendingStates()).toBe(1);
    h.clock.advance(999);
    expect(h.terminal()).toEqual([]);
    h.clock.advance(1);
    expectSettledOnce(h, win, flowId, { error: 'timeout' });
  });

  it('a code arriving just after the timeout is ignored', () => {
    const h = harness();
    const { win } = startOpen(h);
    const state = win.state;
    h.clock.advance(10 * MINUTE);
    win.navigate(callbackUrl(`code=${CODE}&state=${state}`));
    expect(h.grants).toEqual([]);
    expect(h.terminal().map((status) => status.phase === 'failed' && status.error)).toEqual(['timeout']);
  });

  it('supersedes the open sign-in on restart: the old one fails, a new window opens', () => {
    const h = harness();
    const first = startOpen(h);
    const second = startOpen(h, { ...REQUEST, restart: true });
    expect(second.flowId).not.toBe(first.flowId);
    expect(second.win.state).not.toBe(first.win.state);
    expect(h.statuses.map((status) => [status.phase, 'flowId' in status ? status.flowId : null])).toEqual([
      ['signing-in', first.flowId],
      ['failed', first.flowId],
      ['signing-in', second.flowId],
    ]);
    expect(first.win.disposeCalls).toBe(1);
    expect(second.win.disposeCalls).toBe(0);
    expect(h.clock.pendingTimers()).toBe(1);
    expect(h.flow.pendingStates()).toBe(1);
    expect(h.terminal()).toEqual([
      { phase: 'failed', flowId: first.flowId, error: 'superseded', finishedAt: h.clock.now() },
    ]);

    // The old window's late events do nothing; the new sign-in still succeeds.
    first.win.fire({ type: 'closed' });
    first.win.navigate(callbackUrl(`code=${CODE}&state=${first.win.state}`));
    expect(h.terminal()).toHaveLength(1);
    expect(h.grants).toEqual([]);
    second.win.navigate(callbackUrl(`code=${CODE}&state=${second.win.state}`));
    expect(h.grants.map((grant) => grant.flowId)).toEqual([second.flowId]);
  });

  it('does not let the old sign-in’s timer end the new one', () => {
    const h = harness();
    startOpen(h);
    h.clock.advance(5 * MINUTE);
    const second = startOpen(h, { ...REQUEST, restart: true });
    h.clock.advance(5 * MINUTE);
    expect(h.terminal().filter((status) => status.flowId === second.flowId)).toEqual([]);
    h.clock.advance(5 * MINUTE);
    expect(h.terminal().at(-1)).toMatchObject({ flowId: second.flowId, error: 'timeout' });
  });

  it('cancels the open sign-in', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    expect(h.flow.cancel()).toBe(true);
    expect(h.flow.cancel()).toBe(false);
    expectSettledOnce(h, win, flowId, { error: 'cancelled' });
  });

  it('reports that there was nothing to cancel', () => {
    const h = harness();
    expect(h.flow.cancel()).toBe(false);
    expect(h.statuses).toEqual([]);
  });

  it('fails with app_quit on shutdown and waits until the window is disposed', async () => {
    const h = harness();
    h.windows.holdDispose = true;
    const { win, flowId } = startOpen(h);
    let done = false;
    const shutdown = h.flow.shutdown().then(() => {
      done = true;
    });
    await flushMicrotasks();
    expect(done).toBe(false);
    expect(h.terminal()).toEqual([{ phase: 'failed', flowId, error: 'app_quit', finishedAt: h.clock.now() }]);
    win.finishDispose();
    await shutdown;
    expect(done).toBe(true);
    expect(win.disposeCalls).toBe(1);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.flow.pendingStates()).toBe(0);
  });

  it('still finishes shutdown when disposing the window fails, and logs it', async () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.dispose = () => {
      win.disposeCalls += 1;
      return Promise.reject(new Error('window already destroyed'));
    };
    await expect(h.flow.shutdown()).resolves.toBeUndefined();
    expect(win.disposeCalls).toBe(1);
    expect(h.terminal()).toMatchObject([{ flowId, error: 'app_quit' }]);
    expect(h.logger.text()).toContain('window already destroyed');
  });

  it('shuts down at once when no sign-in is open', async () => {
    const h = harness();
    await h.flow.shutdown();
    expect(h.statuses).toEqual([]);
  });

  it('fails with load_failed when the window port throws, and the next start opens a window', () => {
    const h = harness();
    h.windows.throwOnOpen = new Error('BrowserWindow could not be created');
    const result = h.flow.start(REQUEST);
    expect(result.result).toBe('started');
    const flowId = result.result === 'started' ? result.flowId : '';
    expectSettledOnce(h, undefined, flowId, { error: 'load_failed' });
    expect(h.windows.opened).toHaveLength(0);
    expect(h.logger.text()).toContain('BrowserWindow could not be created');

    h.windows.throwOnOpen = undefined;
    const next = startOpen(h);
    next.win.navigate(callbackUrl(`code=${CODE}&state=${next.win.state}`));
    expect(h.grants.map((grant) => grant.flowId)).toEqual([next.flowId]);
  });

  it('disposes a window whose first event, fired while opening, already ended the flow', () => {
    const h = harness();
    h.windows.duringOpen = (win) => win.fire({ type: 'closed' });
    const result = h.flow.start(REQUEST);
    const flowId = result.result === 'started' ? result.flowId : '';
    h.windows.duringOpen = undefined;
    expect(h.windows.opened).toHaveLength(1);
    expectSettledOnce(h, h.windows.opened[0], flowId, { error: 'window_closed' });
  });

  it('keeps going when disposing the window fails, and logs it', async () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.dispose = () => {
      win.disposeCalls += 1;
      return Promise.reject(new Error('session already destroyed'));
    };
    win.fire({ type: 'closed' });
    await flushMicrotasks();
    expect(h.terminal()).toMatchObject([{ flowId, error: 'window_closed' }]);
    expect(win.disposeCalls).toBe(1);
    expect(h.logger.text()).toContain('session already destroyed');
  });
});

describe('what leaves the connect flow', () => {
  it('every published status fits the IPC contract and none carries a code or a state', () => {
    const h = harness();
    const states: string[] = [];
    const codes: string[] = [];
    const scenarios: ((win: FakeSignInWindow) => void)[] = [
      (win) => win.navigate(callbackUrl(`code=${code(win)}&state=${win.state}`)),
      (win) => win.navigate(callbackUrl(`error=access_denied&error_description=nope&state=${win.state}`)),
      (win) => win.navigate(callbackUrl(`code=${code(win)}&state=${win.state}x`)),
      (win) => win.navigate(callbackUrl(`code=${code(win)}&code=${code(win)}&state=${win.state}`)),
      (win) => win.fire({ type: 'closed' }),
      (win) => win.fire({ type: 'load-failed', errorCode: -105, description: 'ERR_NAME_NOT_RESOLVED' }),
      (win) => win.navigate('https://evil.example/'),
      () => h.flow.cancel(),
      () => h.clock.advance(10 * MINUTE),
    ];
    function code(win: FakeSignInWindow): string {
      const value = `CODE${win.state.slice(0, 8)}`;
      codes.push(value);
      return value;
    }
    for (const scenario of scenarios) {
      const { win } = startOpen(h);
      states.push(win.state);
      scenario(win);
    }
    const superseded = startOpen(h);
    states.push(superseded.win.state);
    const last = startOpen(h, { ...REQUEST, restart: true });
    states.push(last.win.state);
    last.win.navigate(callbackUrl(`code=FINALCODE&state=${last.win.state}`));
    codes.push('FINALCODE');

    expect(h.grants.map((grant) => grant.code)).toEqual([codes[0], 'FINALCODE']);
    for (const status of h.statuses) expect(flowStatusSchema.safeParse(status).success).toBe(true);
    const published = JSON.stringify(h.statuses);
    const logged = h.logger.text();
    expect(states).toHaveLength(11);
    for (const secret of [...states, ...codes]) {
      expect(published).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});

describe('a reconnect carries its target through the flow', () => {
  const WRONG = {
    expected: { tenantId: '1001', companyName: 'Bokföringsbyrån Norr AB' },
    actual: { tenantId: '1002', companyName: 'Café Söder AB' },
    alreadyConnected: false,
  };
  const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('hands the company being reconnected to the token exchange with the code', () => {
    const h = harness();
    const result = h.flow.start(REQUEST, { reconnectTenantId: '1001' });
    if (result.result !== 'started') throw new Error('not started');
    h.windows.last.navigate(callbackUrl(`code=${CODE}&state=${h.windows.last.state}`));

    expect(h.grants).toEqual([expect.objectContaining({ flowId: result.flowId, code: CODE, reconnectTenantId: '1001' })]);
  });

  it('hands a plain connect over without a target', () => {
    const h = harness();
    const { win } = startOpen(h);
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));

    expect(h.grants[0]).not.toHaveProperty('reconnectTenantId');
  });

  it('ends a reconnect that reached another company with its own error naming both, never as a success', async () => {
    const h = harness(validConfig(), async () => ({ ok: false, wrongCompany: WRONG }));
    const result = h.flow.start(REQUEST, { reconnectTenantId: '1001' });
    if (result.result !== 'started') throw new Error('not started');
    h.windows.last.navigate(callbackUrl(`code=${CODE}&state=${h.windows.last.state}`));
    await flushMicrotasks();

    const failed = { phase: 'failed', flowId: result.flowId, error: 'wrong_company', otherCompany: { ...WRONG, held: true }, finishedAt: h.clock.now() };
    expect(h.terminal()).toEqual([failed]);
    expect(flowStatusSchema.parse(h.flow.currentStatus())).toEqual(failed);

    // The other company's grant is let go: "add it instead" is no longer offered.
    h.flow.heldReleased(result.flowId);
    expect(h.flow.currentStatus()).toEqual({ ...failed, otherCompany: { ...WRONG, held: false } });
  });

  it('shows the other company as connected once the user keeps it', async () => {
    const h = harness(validConfig(), async () => ({ ok: false, wrongCompany: WRONG }));
    const result = h.flow.start(REQUEST, { reconnectTenantId: '1001' });
    if (result.result !== 'started') throw new Error('not started');
    h.windows.last.navigate(callbackUrl(`code=${CODE}&state=${h.windows.last.state}`));
    await flushMicrotasks();
    const company = { tenantId: '1002', companyName: 'Café Söder AB', reconnected: false, scopesNotGranted: [], scopesNotRequested: [] };

    h.flow.heldKept('someone-else', company);
    expect(h.flow.currentStatus()).toMatchObject({ phase: 'failed' });
    h.flow.heldKept(result.flowId, company);

    expect(h.flow.currentStatus()).toEqual({
      phase: 'succeeded',
      flowId: result.flowId,
      scopes: ['companyinformation', 'invoice'],
      serviceAccount: false,
      finishedAt: h.clock.now(),
      company,
    });
  });
});

describe('ConnectFlow shows where the sign-in window is', () => {
  const signingIn = (h: Harness) => h.statuses.filter((status) => status.phase === 'signing-in');

  it('publishes the main frame’s host and https from the first navigation on, never its path or query', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.showLocation(`https://apps.fortnox.se/oauth-v1/auth?state=${win.state}`);
    expect(h.flow.currentStatus()).toMatchObject({
      phase: 'signing-in',
      flowId,
      location: { host: 'apps.fortnox.se', secure: true },
    });
    expect(flowStatusSchema.safeParse(h.flow.currentStatus()).success).toBe(true);
    expect(JSON.stringify(h.statuses)).not.toContain(win.state);
  });

  it('publishes again only when the host or its security changes', () => {
    const h = harness();
    const { win } = startOpen(h);
    win.showLocation('https://apps.fortnox.se/a');
    h.clock.advance(LOCATION_THROTTLE_MS);
    win.showLocation('https://apps.fortnox.se/b#x');
    win.showLocation('https://apps.fortnox.se/c');
    expect(signingIn(h)).toHaveLength(2);
    h.clock.advance(LOCATION_THROTTLE_MS);
    win.showLocation('http://apps.fortnox.se/c');
    expect(signingIn(h)).toHaveLength(3);
    expect(h.flow.currentStatus()).toMatchObject({ location: { host: 'apps.fortnox.se', secure: false } });
  });

  it('throttles a burst of redirects and ends on the latest location', () => {
    const h = harness();
    const { win } = startOpen(h);
    win.showLocation('https://apps.fortnox.se/');
    win.showLocation('https://id.fortnox.se/');
    win.showLocation('https://login.fortnox.se/');
    expect(signingIn(h).map((status) => status.location?.host)).toEqual([undefined, 'apps.fortnox.se']);
    h.clock.advance(LOCATION_THROTTLE_MS - 1);
    expect(signingIn(h)).toHaveLength(2);
    h.clock.advance(1);
    expect(signingIn(h).map((status) => status.location?.host)).toEqual([undefined, 'apps.fortnox.se', 'login.fortnox.se']);
  });

  it('shows no host, rather than the previous one, for a page without one (about:blank)', () => {
    const h = harness();
    const { win } = startOpen(h);
    win.showLocation('https://apps.fortnox.se/');
    h.clock.advance(LOCATION_THROTTLE_MS);
    win.showLocation('about:blank');
    expect(h.flow.currentStatus()).toMatchObject({ phase: 'signing-in', location: null });
  });

  it('drops a pending location when the flow settles, and ignores locations after that', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.showLocation('https://apps.fortnox.se/');
    win.showLocation('https://id.fortnox.se/');
    expect(h.clock.pendingTimers()).toBe(2);
    h.flow.cancel();
    win.showLocation('https://login.fortnox.se/');
    h.clock.advance(10 * MINUTE);
    expect(h.flow.currentStatus()).toMatchObject({ phase: 'failed', flowId, error: 'cancelled' });
    expect(h.clock.pendingTimers()).toBe(0);
  });
});

describe('ConnectFlow and the sign-in window’s policy', () => {
  it('tells the window the flow is open until it settles (bankid: links go to the OS only then)', () => {
    const h = harness();
    const { win } = startOpen(h);
    expect(win.request.isOpen()).toBe(true);
    h.flow.cancel();
    expect(win.request.isOpen()).toBe(false);
  });

  it('gives the window the configured frame origins, apart from the sign-in origins', () => {
    const h = harness(validConfig({ FORTNOX_SIGN_IN_FRAME_ORIGINS: 'https://captcha.example, https://app.bankid.example' }));
    const { win } = startOpen(h);
    expect([...win.request.policy.frameOrigins]).toEqual(['https://captcha.example', 'https://app.bankid.example']);
    expect(win.request.policy.allowedOrigins.has('https://captcha.example')).toBe(false);
  });

  it('has no frame origins by default', () => {
    const h = harness();
    expect(startOpen(h).win.request.policy.frameOrigins.size).toBe(0);
  });

  it('lets Fortnox’s own https subdomains serve the sign-in page’s frames and files', () => {
    const h = harness();
    expect(startOpen(h).win.request.policy.frameSites).toEqual(['fortnox.se']);
  });

  it('is not ended by the load failure its own cancellation causes, so the callback reported after it still counts', () => {
    const h = harness();
    const { win } = startOpen(h);
    win.fire({ type: 'load-failed', errorCode: -20, description: 'net::ERR_BLOCKED_BY_CLIENT' });
    expect(h.flow.currentStatus().phase).toBe('signing-in');
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));
    expect(h.grants).toHaveLength(1);
  });

  it('logs a cancelled frame request by origin and goes on signing in', () => {
    const h = harness();
    const { win, flowId } = startOpen(h);
    win.fire({ type: 'request-cancelled', origin: 'https://connect.example.se', reason: 'redirect-uri' });
    expect(h.flow.currentStatus()).toMatchObject({ phase: 'signing-in', flowId });
    expect(h.logger.text()).toContain('https://connect.example.se');
    win.navigate(callbackUrl(`code=${CODE}&state=${win.state}`));
    expect(h.grants).toHaveLength(1);
  });
});

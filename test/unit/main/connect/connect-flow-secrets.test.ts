import { describe, expect, it } from 'vitest';
import type { FlowStatusMessage } from '../../../../shared/ipc-contract';
import { configFromEnv, resolveConfig } from '../../../../main/config/fortnox-config';
import { ConnectFlow, type AuthorizationGrant, type AuthorizationResult } from '../../../../main/connect/connect-flow';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { FakeClock } from '../fake-timers';
import { FakeSignInWindowPort } from '../fake-sign-in-window';
import { flushPromises } from '../simulated-fortnox';
import { recordingLogger } from '../recording-logger';
import { ScriptedRandom } from '../scripted-random';

const REDIRECT = 'https://connect.example.se/fortnox/callback';
const CODE = 'CODE-7f3a9c-secret';

/** A flow wired to a real `KnownSecrets`; `exchange` decides what onAuthorized returns. */
function harness(exchange: (grant: AuthorizationGrant) => Promise<AuthorizationResult> | void = () => undefined) {
  const config = resolveConfig(configFromEnv({ FORTNOX_CLIENT_ID: 'client-123', FORTNOX_REDIRECT_URI: REDIRECT }), {});
  const clock = new FakeClock();
  const windows = new FakeSignInWindowPort();
  const secrets = new KnownSecrets();
  const statuses: FlowStatusMessage[] = [];
  const flow = new ConnectFlow({
    getConfig: () => config,
    windows,
    random: new ScriptedRandom().bytes,
    now: clock.now,
    timers: clock.timers,
    publish: (status) => statuses.push(status),
    onAuthorized: exchange,
    log: recordingLogger().log,
    secrets,
  });
  const start = () => {
    const result = flow.start({ scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false });
    if (result.result !== 'started') throw new Error(`expected started, got ${result.result}`);
    return windows.last;
  };
  return { flow, secrets, statuses, start, clock };
}

describe('ConnectFlow and the known secrets', () => {
  it('masks the state while the sign-in is open and forgets it when the sign-in is cancelled', () => {
    const h = harness();
    const win = h.start();
    expect(h.secrets.scrub(`state ${win.state}`)).toBe('state [redacted]');
    h.flow.cancel();
    expect(h.secrets.size).toBe(0);
  });

  it('forgets the state and a refused callback’s values when the flow settles as state_mismatch', () => {
    const h = harness();
    const win = h.start();
    win.navigate(`${REDIRECT}?code=${CODE}&state=someone-elses-state`);
    expect(h.statuses.at(-1)).toMatchObject({ phase: 'failed', error: 'state_mismatch' });
    expect(h.secrets.size).toBe(0);
  });

  it('keeps the code masked during the token exchange and forgets state and code when it ends', async () => {
    let finish: (result: AuthorizationResult) => void = () => undefined;
    const h = harness(() => new Promise<AuthorizationResult>((resolve) => (finish = resolve)));
    const win = h.start();
    win.navigate(`${REDIRECT}?code=${CODE}&state=${win.state}`);
    expect(h.statuses.at(-1)).toMatchObject({ phase: 'exchanging' });
    expect(h.secrets.scrub(`code ${CODE}`)).toBe('code [redacted]');

    finish({ ok: false, issue: 'network' });
    await flushPromises();
    expect(h.statuses.at(-1)).toMatchObject({ phase: 'failed', error: 'exchange_failed' });
    expect(h.secrets.size).toBe(0);
  });

  it('forgets state and code after a sign-in whose grant is handed over synchronously', () => {
    const h = harness();
    const win = h.start();
    win.navigate(`${REDIRECT}?code=${CODE}&state=${win.state}`);
    expect(h.statuses.at(-1)).toMatchObject({ phase: 'succeeded' });
    expect(h.secrets.size).toBe(0);
  });

  it('does not let a hundred sign-ins grow the known secrets', () => {
    const h = harness();
    for (let i = 0; i < 100; i += 1) {
      const win = h.start();
      win.navigate(`${REDIRECT}?code=${CODE}-${i}&state=${win.state}`);
    }
    expect(h.secrets.size).toBe(0);
  });
});

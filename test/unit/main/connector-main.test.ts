import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveConfig, type ConfigResult } from '../../../main/config/fortnox-config';
import type { AuthorizationGrant } from '../../../main/connect/connect-flow';
import { createConnectorMain, describeApp } from '../../../main/connector-main';
import type { IpcSender } from '../../../main/ipc/trusted-sender';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../../../shared/ipc-channels';
import { appInfoSchema, flowStatusSchema } from '../../../shared/ipc-contract';
import type { ConfigProblem } from '../../../shared/config-problems';
import { FakeClock } from './fake-timers';
import { FakeSignInWindowPort } from './fake-sign-in-window';
import { recordingLogger } from './recording-logger';
import { ScriptedRandom } from './scripted-random';

const okConfig = (authorizeUrl?: string): ConfigResult =>
  resolveConfig(
    configFromEnv({
      FORTNOX_CLIENT_ID: 'client-123',
      FORTNOX_REDIRECT_URI: 'https://connect.example.se/fortnox/callback',
      ...(authorizeUrl ? { FORTNOX_AUTHORIZE_URL: authorizeUrl } : {}),
    }),
    {},
  );

describe('describeApp', () => {
  it('shows the authorization origin when the configuration is valid', () => {
    const info = describeApp({
      getConfig: () => okConfig(),
      simulator: false,
      version: '0.1.0',
      systemLanguages: () => ['sv-SE', 'en-US'],
    });
    expect(info).toEqual({
      version: '0.1.0',
      simulator: false,
      systemLanguages: ['sv-SE', 'en-US'],
      config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
    });
    expect(appInfoSchema.safeParse(info).success).toBe(true);
  });

  it('shows the simulator’s origin with its port, and only the origin', () => {
    const info = describeApp({
      getConfig: () => okConfig('http://127.0.0.1:7777/oauth-v1/auth?tenant=a'),
      simulator: true,
      version: '0.1.0',
      systemLanguages: () => [],
    });
    expect(info.config).toEqual({ ok: true, authorizeOrigin: 'http://127.0.0.1:7777' });
    expect(info.simulator).toBe(true);
  });

  it('lists the problems when the configuration is invalid, in a shape the contract accepts', () => {
    const getConfig = () => resolveConfig(configFromEnv({ FORTNOX_REDIRECT_URI: 'http://evil.example/cb' }), {});
    const info = describeApp({ getConfig, simulator: false, version: '0.1.0', systemLanguages: () => ['sv'] });
    expect(info.config).toEqual({
      ok: false,
      problems: [
        { field: 'clientId', problem: 'missing', source: 'default' },
        { field: 'redirectUri', problem: 'not_https', source: 'environment' },
      ],
    });
    expect(appInfoSchema.safeParse(info).success).toBe(true);
    expect(JSON.stringify(info)).not.toContain('evil.example');
  });

  it('caps problems and languages at 20 so the result always fits the contract', () => {
    const problems: ConfigProblem[] = Array.from({ length: 25 }, () => ({
      field: 'signInOrigins',
      problem: 'invalid_url',
      source: 'environment',
    }));
    const info = describeApp({
      getConfig: () => ({ ok: false, problems }),
      simulator: false,
      version: '0.1.0',
      systemLanguages: () => Array.from({ length: 30 }, (_, i) => `x-${i}`),
    });
    expect(info.systemLanguages).toHaveLength(20);
    expect(info.config.ok === false && info.config.problems).toHaveLength(20);
    expect(appInfoSchema.safeParse(info).success).toBe(true);
  });
});

describe('createConnectorMain', () => {
  const APP_ID = 5;
  const trusted: IpcSender = { webContentsId: APP_ID, frameUrl: 'app://renderer/index.html', isMainFrame: true };

  function wire() {
    const clock = new FakeClock();
    const windows = new FakeSignInWindowPort();
    const sent: { channel: EventChannel; payload: unknown }[] = [];
    const grants: AuthorizationGrant[] = [];
    const logger = recordingLogger();
    const main = createConnectorMain({
      getConfig: () => okConfig(),
      simulator: false,
      version: '0.1.0',
      systemLanguages: () => ['sv-SE'],
      windows,
      sendToRenderer: (channel, payload) => sent.push({ channel, payload }),
      appWebContentsId: () => APP_ID,
      appOrigin: 'app://renderer',
      random: new ScriptedRandom().bytes,
      now: clock.now,
      timers: clock.timers,
      log: logger.log,
      onAuthorized: (grant) => grants.push(grant),
      timeoutMs: 60_000,
    });
    return { main, windows, sent, grants, clock };
  }

  it('runs a sign-in from the IPC call to the code, sending only contract-valid status to the renderer', async () => {
    const { main, windows, sent, grants } = wire();
    const result = await main.router.invoke(INVOKE_CHANNELS.startConnect, trusted, {
      scopes: ['companyinformation'],
      offlineAccess: true,
      serviceAccount: false,
      restart: false,
    });
    expect(result).toMatchObject({ result: 'started' });
    const win = windows.last;
    win.navigate(`https://connect.example.se/fortnox/callback?code=THE-CODE&state=${win.state}`);
    expect(grants.map((grant) => grant.code)).toEqual(['THE-CODE']);
    expect(sent.map((event) => event.channel)).toEqual([EVENT_CHANNELS.flowStatus, EVENT_CHANNELS.flowStatus]);
    for (const event of sent) expect(flowStatusSchema.safeParse(event.payload).success).toBe(true);
    expect(JSON.stringify(sent)).not.toContain('THE-CODE');
    expect(JSON.stringify(sent)).not.toContain(win.state);
    await expect(main.router.invoke(INVOKE_CHANNELS.getFlowStatus, trusted, undefined)).resolves.toMatchObject({
      phase: 'succeeded',
    });
  });

  it('uses the configured timeout', () => {
    const { main, clock, sent } = wire();
    main.flow.start({ scopes: ['invoice'], offlineAccess: false, serviceAccount: false, restart: false });
    clock.advance(59_999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent.at(-1)?.payload).toMatchObject({ phase: 'failed', error: 'timeout' });
  });

  it('answers getAppInfo and cancelConnect through the router', async () => {
    const { main } = wire();
    await expect(main.router.invoke(INVOKE_CHANNELS.getAppInfo, trusted, undefined)).resolves.toMatchObject({
      config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
    });
    await expect(main.router.invoke(INVOKE_CHANNELS.cancelConnect, trusted, undefined)).resolves.toEqual({
      cancelled: false,
    });
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../main/app-services';
import { configFromEnv, resolveConfig, type ConfigResult } from '../../../main/config/fortnox-config';
import { companiesPublisher, createConnectorMain, describeApp } from '../../../main/connector-main';
import type { IpcSender } from '../../../main/ipc/trusted-sender';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../../../shared/ipc-channels';
import { appInfoSchema, eventContract, invokeContract, type CompanyList, type FlowStatusMessage } from '../../../shared/ipc-contract';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { answerConsent, authorizationIdIn, TestBrowser } from '../simulator/simulator-test-kit';
import { FakeSignInWindowPort } from './fake-sign-in-window';
import { recordingLogger } from './recording-logger';
import { ScriptedRandom } from './scripted-random';
import { CLIENT_ID, CLIENT_SECRET, leakedSecrets, loginFor, nodeFetch, useSimulatedFortnox } from './simulated-fortnox';
import { FakeSafeStorage } from './storage/fake-safe-storage';
import { useTempDirs } from './storage/temp-dir';

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
      packaged: false,
      version: '0.1.0',
      systemLanguages: () => ['sv-SE', 'en-US'],
    });
    expect(info).toEqual({
      version: '0.1.0',
      simulator: false,
      packaged: false,
      systemLanguages: ['sv-SE', 'en-US'],
      config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
    });
    expect(appInfoSchema.safeParse(info).success).toBe(true);
  });

  it('tells the renderer whether the app is an installed (packaged) build', () => {
    const describe = (packaged: boolean) =>
      describeApp({ getConfig: () => okConfig(), simulator: false, packaged, version: '0.1.0', systemLanguages: () => [] });
    expect(describe(true).packaged).toBe(true);
    expect(describe(false).packaged).toBe(false);
    expect(appInfoSchema.safeParse(describe(true)).success).toBe(true);
  });

  it('shows the simulator’s origin with its port, and only the origin', () => {
    const info = describeApp({
      getConfig: () => okConfig('http://127.0.0.1:7777/oauth-v1/auth?tenant=a'),
      simulator: true,
      packaged: false,
      version: '0.1.0',
      systemLanguages: () => [],
    });
    expect(info.config).toEqual({ ok: true, authorizeOrigin: 'http://127.0.0.1:7777' });
    expect(info.simulator).toBe(true);
  });

  it('lists the problems when the configuration is invalid, in a shape the contract accepts', () => {
    const getConfig = () => resolveConfig(configFromEnv({ FORTNOX_REDIRECT_URI: 'http://evil.example/cb' }), {});
    const info = describeApp({ getConfig, simulator: false, packaged: false, version: '0.1.0', systemLanguages: () => ['sv'] });
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
      packaged: false,
      version: '0.1.0',
      systemLanguages: () => Array.from({ length: 30 }, (_, i) => `x-${i}`),
    });
    expect(info.systemLanguages).toHaveLength(20);
    expect(info.config.ok === false && info.config.problems).toHaveLength(20);
    expect(appInfoSchema.safeParse(info).success).toBe(true);
  });
});

/**
 * Signs in at the simulator the way a user would in the sign-in window: opens the URL the app
 * opened, logs in, picks the company, approves, and returns where Fortnox redirects to.
 */
async function approveAtSimulator(simulator: FortnoxSimulator, openedUrl: string, tenantId = 101): Promise<string> {
  const login = loginFor(tenantId);
  const browser = new TestBrowser();
  const loginPage = await browser.get(openedUrl);
  let page = await browser.post(`${simulator.origin}/oauth-v1/login`, {
    authorization_id: authorizationIdIn(loginPage),
    username: login.username,
    password: login.password,
  });
  if (page.body.includes('Välj företag')) {
    page = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(page),
      tenant_id: String(tenantId),
    });
  }
  const redirect = await answerConsent(browser, simulator, page, 'approve');
  if (redirect.location === null) throw new Error(`the simulator did not redirect: ${redirect.status}`);
  return redirect.location;
}

describe('createConnectorMain on the real app services', () => {
  const APP_ID = 5;
  const trusted: IpcSender = { webContentsId: APP_ID, frameUrl: 'app://renderer/index.html', isMainFrame: true };
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function wire(
    options: { withSecret?: boolean; reloadApp?: () => void; diagnostics?: () => Promise<string>; setUiLanguage?: (language: 'sv' | 'en') => void } = {},
  ) {
    const { clock, simulator } = await start();
    const logger = recordingLogger();
    const windows = new FakeSignInWindowPort();
    const sent: { channel: EventChannel; payload: unknown }[] = [];
    const waiters: { match: (status: FlowStatusMessage) => boolean; resolve: (status: FlowStatusMessage) => void }[] = [];
    const sendToRenderer = (channel: EventChannel, payload: unknown) => {
      sent.push({ channel, payload });
      if (channel !== EVENT_CHANNELS.flowStatus) return;
      const status = payload as FlowStatusMessage;
      for (const waiter of waiters.filter((candidate) => candidate.match(status))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(status);
      }
    };
    const dataDir = await tempDir();
    const services = await createAppServices({
      dataDir,
      env: {
        FORTNOX_CLIENT_ID: CLIENT_ID,
        ...(options.withSecret === false ? {} : { FORTNOX_CLIENT_SECRET: CLIENT_SECRET }),
        FORTNOX_REDIRECT_URI: simulator.appCallbackUrl,
        FORTNOX_AUTHORIZE_URL: simulator.authorizeUrl,
        FORTNOX_TOKEN_URL: simulator.tokenUrl,
        FORTNOX_API_BASE_URL: simulator.apiBaseUrl,
        FORTNOX_SIGN_IN_ORIGINS: simulator.origin,
      },
      safeStorage: new FakeSafeStorage(),
      platform: 'linux',
      fetcher: nodeFetch,
      now: clock.now,
      timers: clock.timers,
      log: logger.log,
      publishCompanies: companiesPublisher(sendToRenderer, logger.log),
    });
    const clipboard: string[] = [];
    const main = createConnectorMain({
      simulator: false,
      packaged: false,
      version: '0.1.0',
      systemLanguages: () => ['sv-SE'],
      windows,
      sendToRenderer,
      appWebContentsId: () => APP_ID,
      appOrigin: 'app://renderer',
      random: new ScriptedRandom().bytes,
      now: clock.now,
      timers: clock.timers,
      log: logger.log,
      settings: services.settings,
      connections: services.connections,
      storage: services.storage,
      writeClipboard: (text) => clipboard.push(text),
      diagnostics: options.diagnostics ?? (() => 'Fortnox Connector 0.1.0 (test)'),
      ...(options.reloadApp ? { reloadApp: options.reloadApp } : {}),
      ...(options.setUiLanguage ? { setUiLanguage: options.setUiLanguage } : {}),
      openExternal: () => undefined,
      updateStatus: () => ({ state: 'disabled', version: null, checkedAt: null }),
      timeoutMs: 60_000,
    });
    const replies: { channel: string; result: unknown }[] = [];
    const invoke = async (channel: string, payload: unknown): Promise<unknown> => {
      const result = await main.router.invoke(channel, trusted, payload);
      replies.push({ channel, result });
      return result;
    };
    /** Resolves with the flow's final status (succeeded or failed) from now on. */
    const settled = () =>
      new Promise<FlowStatusMessage>((resolve) => waiters.push({ match: (status) => status.phase === 'succeeded' || status.phase === 'failed', resolve }));
    /** Completes the sign-in that the last opened window shows, and waits for the outcome. */
    const approveLastWindow = async (tenantId = 101) => {
      const window = windows.last;
      const location = await approveAtSimulator(simulator, window.request.url, tenantId);
      const outcome = settled();
      window.navigate(location);
      return outcome;
    };
    const statuses = () => sent.filter((event) => event.channel === EVENT_CHANNELS.flowStatus).map((event) => event.payload as FlowStatusMessage);
    /** Everything that left main for the renderer, and every log line. */
    const everythingShown = () => JSON.stringify({ sent, replies }) + logger.text();
    return { main, windows, sent, replies, invoke, statuses, approveLastWindow, clipboard, clock, simulator, services, logger, everythingShown, dataDir };
  }

  const CONNECT = { scopes: ['companyinformation', 'invoice'], offlineAccess: true, serviceAccount: false, restart: false };

  it('reloads the app window when the error view asks, through the validated app:reload channel', async () => {
    const reloads: string[] = [];
    const { invoke, main } = await wire({ reloadApp: () => reloads.push('reload') });
    await expect(invoke(INVOKE_CHANNELS.reloadApp, undefined)).resolves.toEqual({ reloading: true });
    expect(reloads).toEqual(['reload']);
    await expect(invoke(INVOKE_CHANNELS.reloadApp, { now: true })).rejects.toThrow('IPC request refused');
    const frame: IpcSender = { ...trusted, isMainFrame: false };
    await expect(main.router.invoke(INVOKE_CHANNELS.reloadApp, frame, undefined)).rejects.toThrow('IPC request refused');
    expect(reloads).toEqual(['reload']);
  });

  it('writes a crash of the window into the log through the validated app:report-renderer-error channel', async () => {
    const { invoke, logger } = await wire();
    const report = { name: 'TypeError', message: 'x is undefined', componentStack: 'at CompanyRow' };
    await expect(invoke(INVOKE_CHANNELS.reportRendererError, report)).resolves.toEqual({ logged: true });
    expect(logger.text()).toContain('renderer error');
    expect(logger.text()).toContain('x is undefined');
    await expect(invoke(INVOKE_CHANNELS.reportRendererError, { ...report, extra: 'field' })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.reportRendererError, { ...report, message: 'm'.repeat(501) })).rejects.toThrow('IPC request refused');
  });

  it('hands the window language to main through the validated app:set-language channel, and only sv or en', async () => {
    const languages: string[] = [];
    const { invoke } = await wire({ setUiLanguage: (language) => languages.push(language) });
    await expect(invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'en' })).resolves.toEqual({ applied: true });
    await expect(invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'de' })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'sv', extra: 1 })).rejects.toThrow('IPC request refused');
    expect(languages).toEqual(['en']);
    const without = await wire();
    await expect(without.invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'sv' })).resolves.toEqual({ applied: false });
  });

  it('sends an alert click to the renderer as a validated companies:show event, and drops an invalid one', async () => {
    const { main, sent, logger } = await wire();
    main.showCompanies(['1001', '2001', '1001']);
    main.showCompanies(['not-a-tenant']);
    main.showCompanies([]);
    expect(sent.filter((event) => event.channel === EVENT_CHANNELS.showCompanies)).toEqual([
      { channel: EVENT_CHANNELS.showCompanies, payload: { tenantIds: ['1001', '2001'] } },
    ]);
    expect(logger.text()).toContain('IPC event dropped');
  });

  it('answers app:reload with reloading false where the host has no window to reload', async () => {
    const { invoke } = await wire();
    await expect(invoke(INVOKE_CHANNELS.reloadApp, undefined)).resolves.toEqual({ reloading: false });
  });

  it('copies diagnostics that are built asynchronously (the crash-dump listing reads the disk)', async () => {
    const { invoke, clipboard } = await wire({ diagnostics: () => Promise.resolve('Crash dumps: none') });
    await expect(invoke(INVOKE_CHANNELS.copyDiagnostics, undefined)).resolves.toEqual({ copied: true });
    expect(clipboard).toEqual(['Crash dumps: none']);
  });

  it('runs a sign-in from the IPC call to a stored company: signing-in, exchanging, succeeded', async () => {
    const { invoke, windows, statuses, approveLastWindow, simulator } = await wire();

    await expect(invoke(INVOKE_CHANNELS.startConnect, CONNECT)).resolves.toMatchObject({ result: 'started' });
    const opened = windows.last.url;
    expect(opened.origin + opened.pathname).toBe(simulator.authorizeUrl);
    expect(opened.searchParams.get('redirect_uri')).toBe(simulator.appCallbackUrl);
    const outcome = await approveLastWindow();

    expect(statuses().map((status) => status.phase)).toEqual(['signing-in', 'exchanging', 'succeeded']);
    expect(outcome).toMatchObject({
      phase: 'succeeded',
      company: { tenantId: '101', companyName: 'Ettans Bokföring AB', reconnected: false, scopesNotGranted: [], scopesNotRequested: [] },
    });
    const list = (await invoke(INVOKE_CHANNELS.listCompanies, undefined)) as CompanyList;
    expect(list.companies).toEqual([
      expect.objectContaining({ tenantId: '101', organizationNumber: '556101-0101', grantedScopes: ['companyinformation', 'invoice'], status: 'active' }),
    ]);
    expect(list.storage).toEqual({ mode: 'encrypted', reason: null, problems: [] });
    expect(simulator.tokenRequests()).toEqual([expect.objectContaining({ grantType: 'authorization_code', basicAuthValid: true, outcome: 'issued' })]);
  });

  it('sends the renderer only contract-valid messages, and no message or log line carries a code, token or secret', async () => {
    const { invoke, sent, replies, approveLastWindow, simulator, everythingShown, clock } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    await approveLastWindow();
    clock.advance(2 * 60 * 60 * 1000);
    await invoke(INVOKE_CHANNELS.testCompany, { tenantId: '101' });
    await invoke(INVOKE_CHANNELS.getSettings, undefined);
    await invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '101' });
    await invoke(INVOKE_CHANNELS.disconnectCompany, { tenantId: '101' });

    expect(sent.map((event) => event.channel)).toContain(EVENT_CHANNELS.companiesChanged);
    for (const event of sent) expect(eventContract[event.channel].safeParse(event.payload).success).toBe(true);
    for (const reply of replies) {
      expect(invokeContract[reply.channel as keyof typeof invokeContract].result.safeParse(reply.result).success).toBe(true);
    }
    const secrets = simulator.issuedSecrets();
    expect(secrets).toEqual(expect.arrayContaining([CLIENT_SECRET, simulator.issuedCodes()[0]?.code, ...(simulator.grants()[0]?.refreshTokens ?? [])]));
    expect(simulator.refreshCount(101)).toBe(1);
    expect(leakedSecrets(simulator, everythingShown())).toEqual([]);
  });

  it('reports a failed token exchange as exchange_failed with the issue', async () => {
    const { invoke, statuses, approveLastWindow, simulator, everythingShown } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    simulator.injectFault({ route: 'token', kind: 'html500' });

    const outcome = await approveLastWindow();

    expect(statuses().map((status) => status.phase)).toEqual(['signing-in', 'exchanging', 'failed']);
    expect(outcome).toMatchObject({ phase: 'failed', error: 'exchange_failed', issue: 'server_error' });
    await expect(invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({ companies: [] });
    expect(leakedSecrets(simulator, everythingShown())).toEqual([]);
  });

  it('reconnects a company with the scopes it was connected with', async () => {
    const { invoke, windows, approveLastWindow } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, { ...CONNECT, scopes: ['customer', 'companyinformation'] });
    await approveLastWindow();

    await expect(invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '101' })).resolves.toMatchObject({ result: 'started' });
    const opened = windows.last.url;
    expect(windows.opened).toHaveLength(2);
    expect(opened.searchParams.get('scope')?.split(' ').sort()).toEqual(['companyinformation', 'customer']);
    expect(opened.searchParams.get('access_type')).toBe('offline');
    expect(opened.searchParams.has('account_type')).toBe(false);
    const outcome = await approveLastWindow();

    expect(outcome).toMatchObject({ phase: 'succeeded', company: { tenantId: '101', reconnected: true } });
    const list = (await invoke(INVOKE_CHANNELS.listCompanies, undefined)) as CompanyList;
    expect(list.companies).toHaveLength(1);
  });

  describe('a reconnect that signs in to another company', () => {
    async function reconnectTo202() {
      const wired = await wire();
      await wired.invoke(INVOKE_CHANNELS.startConnect, CONNECT);
      await wired.approveLastWindow(201);
      const started = (await wired.invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '201' })) as { flowId: string };
      const outcome = await wired.approveLastWindow(202);
      return { ...wired, outcome, flowId: started.flowId };
    }

    it('fails with wrong_company naming both companies, and stores nothing', async () => {
      const { outcome, flowId, invoke, simulator, everythingShown } = await reconnectTo202();

      expect(outcome).toEqual({
        phase: 'failed',
        flowId,
        error: 'wrong_company',
        otherCompany: {
          expected: { tenantId: '201', companyName: 'Tvåans Trä AB' },
          actual: { tenantId: '202', companyName: 'Treans Tak HB' },
          held: true,
          alreadyConnected: false,
        },
        finishedAt: expect.any(Number),
      });
      const list = (await invoke(INVOKE_CHANNELS.listCompanies, undefined)) as CompanyList;
      expect(list.companies.map((company) => company.tenantId)).toEqual(['201']);
      expect(simulator.revocations()).toEqual([]);
      expect(leakedSecrets(simulator, everythingShown())).toEqual([]);
    });

    it('adds the other company through keep-other, and the flow then shows it as connected', async () => {
      const { flowId, invoke, main } = await reconnectTo202();

      await expect(invoke(INVOKE_CHANNELS.keepHeldCompany, { flowId })).resolves.toEqual({ kept: true, tenantId: '202', companyName: 'Treans Tak HB' });

      expect(main.flow.currentStatus()).toMatchObject({ phase: 'succeeded', flowId, company: { tenantId: '202', reconnected: false } });
      const list = (await invoke(INVOKE_CHANNELS.listCompanies, undefined)) as CompanyList;
      expect(list.companies.map((company) => company.tenantId)).toEqual(['201', '202']);
      await expect(invoke(INVOKE_CHANNELS.keepHeldCompany, { flowId })).resolves.toEqual({ kept: false, issue: null });
    });

    it('revokes the other grant through discard-other and withdraws the offer', async () => {
      const { flowId, invoke, main, services, simulator } = await reconnectTo202();

      await expect(invoke(INVOKE_CHANNELS.discardHeldCompany, { flowId })).resolves.toEqual({ discarded: true });
      await services.connections.revocationsSettled();

      expect(main.flow.currentStatus()).toMatchObject({ phase: 'failed', error: 'wrong_company', otherCompany: { held: false } });
      expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 202 })]);
    });

    it('revokes the other grant when a new sign-in starts', async () => {
      const { invoke, services, simulator } = await reconnectTo202();

      await invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '201' });
      await services.connections.revocationsSettled();

      expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 202 })]);
    });
  });

  it('reconnects with other scopes when the request names them', async () => {
    const { invoke, windows, approveLastWindow } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    await approveLastWindow();

    await invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '101', scopes: ['companyinformation', 'customer'] });

    expect(windows.last.url.searchParams.get('scope')?.split(' ').sort()).toEqual(['companyinformation', 'customer']);
  });

  it('copies the company details to the clipboard port without any secret', async () => {
    const { invoke, approveLastWindow, clipboard, simulator } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    await approveLastWindow();

    await expect(invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '101' })).resolves.toEqual({ copied: true });
    await expect(invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '202' })).resolves.toEqual({ copied: false });

    expect(clipboard).toHaveLength(1);
    expect(clipboard[0]).toContain('Ettans Bokföring AB');
    expect(clipboard[0]).toContain('556101-0101');
    expect(clipboard[0]).toContain('101');
    expect(leakedSecrets(simulator, clipboard.join('\n'))).toEqual([]);
  });

  it('copies the details in the language the window speaks, fit for an email', async () => {
    const { invoke, approveLastWindow, clipboard } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    await approveLastWindow();

    await invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '101' });
    await invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'en' });
    await invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '101' });

    expect(clipboard[0]).toMatch(/^Företag: Ettans Bokföring AB\nOrganisationsnummer: 556101-0101\nDatabasnummer: 101\n/);
    expect(clipboard[1]).toMatch(/^Company: Ettans Bokföring AB\nOrganisation number: 556101-0101\nDatabase number: 101\n/);
    expect(clipboard[1]).not.toMatch(/Företag|Ansluten|\d{4}-\d\d-\d\dT/);
  });

  it('tests and disconnects a company through the router', async () => {
    const { invoke, approveLastWindow, simulator, sent } = await wire();
    await invoke(INVOKE_CHANNELS.startConnect, CONNECT);
    await approveLastWindow();

    await expect(invoke(INVOKE_CHANNELS.testCompany, { tenantId: '101' })).resolves.toMatchObject({ ok: true, companyName: 'Ettans Bokföring AB' });
    await expect(invoke(INVOKE_CHANNELS.disconnectCompany, { tenantId: '101' })).resolves.toEqual({ removed: true, revoked: true, issue: null });

    expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 101 })]);
    expect(sent.at(-1)).toEqual({ channel: EVENT_CHANNELS.companiesChanged, payload: { upserted: [], removed: ['101'] } });
  });

  it('refuses to start a sign-in without a client secret and says which setting is missing', async () => {
    const { invoke, windows } = await wire({ withSecret: false });

    await expect(invoke(INVOKE_CHANNELS.getAppInfo, undefined)).resolves.toMatchObject({
      packaged: false,
      config: { ok: false, problems: [{ field: 'clientSecret', problem: 'missing', source: 'default' }] },
    });
    await expect(invoke(INVOKE_CHANNELS.startConnect, CONNECT)).resolves.toEqual({ result: 'refused', error: 'config_invalid' });
    expect(windows.opened).toHaveLength(0);
  });

  it('saves a client secret through the router and never sends it back', async () => {
    const { invoke, everythingShown } = await wire({ withSecret: false });
    const secret = 'router-secret-5a4b3c2d1e';

    await expect(invoke(INVOKE_CHANNELS.setClientSecret, { secret })).resolves.toEqual({ saved: true, mode: 'encrypted' });
    await expect(invoke(INVOKE_CHANNELS.getSettings, undefined)).resolves.toMatchObject({ clientSecret: { set: true, source: 'vault' } });
    await expect(invoke(INVOKE_CHANNELS.getAppInfo, undefined)).resolves.toMatchObject({ config: { ok: true } });
    expect(everythingShown()).not.toContain(secret);
  });

  it.each([
    ['a javascript: redirect URI', { clientId: CLIENT_ID, redirectUri: 'javascript:alert(document.domain)' }, 'redirectUri', 'invalid_url'],
    ['a client id with CR/LF inside', { clientId: `${CLIENT_ID}\r\nX-Injected: 1`, redirectUri: 'https://connect.example.se/cb' }, 'clientId', 'invalid_format'],
  ] as const)('refuses settings:save with %s through the router although the environment overrides it', async (_label, request, field, problem) => {
    const { invoke, dataDir } = await wire();

    await expect(invoke(INVOKE_CHANNELS.saveSettings, request)).resolves.toEqual({
      ok: false,
      problems: [{ field, problem, source: 'settings-file' }],
    });
    await expect(readFile(path.join(dataDir, 'settings.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(invoke(INVOKE_CHANNELS.getAppInfo, undefined)).resolves.toMatchObject({ config: { ok: true } });
  });

  it('uses the configured timeout', async () => {
    const { main, clock, statuses } = await wire();
    main.flow.start({ scopes: ['invoice'], offlineAccess: false, serviceAccount: false, restart: false });
    clock.advance(59_999);
    expect(statuses()).toHaveLength(1);
    clock.advance(1);
    expect(statuses().at(-1)).toMatchObject({ phase: 'failed', error: 'timeout' });
  });

  it('answers getAppInfo and cancelConnect through the router', async () => {
    const { invoke, simulator } = await wire();
    await expect(invoke(INVOKE_CHANNELS.getAppInfo, undefined)).resolves.toMatchObject({
      config: { ok: true, authorizeOrigin: simulator.origin },
    });
    await expect(invoke(INVOKE_CHANNELS.cancelConnect, undefined)).resolves.toEqual({ cancelled: false });
  });
});

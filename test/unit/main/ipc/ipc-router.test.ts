import { describe, expect, it } from 'vitest';
import { createEventSender, createIpcRouter, IpcRefusedError, type IpcHandlers } from '../../../../main/ipc/ipc-router';
import type { IpcSender, TrustedSenderPolicy } from '../../../../main/ipc/trusted-sender';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../../../../shared/ipc-channels';
import type { AppInfo, ConnectRequest, ConnectResult } from '../../../../shared/ipc-contract';
import { recordingLogger } from '../recording-logger';

const MARKER = 'MARKER-5f0c2e-payload';
const APP_ID = 3;
const policy: TrustedSenderPolicy = { appWebContentsId: () => APP_ID, appOrigin: 'app://renderer' };
const trusted: IpcSender = { webContentsId: APP_ID, frameUrl: 'app://renderer/index.html', isMainFrame: true };

const APP_INFO: AppInfo = {
  version: '0.1.0',
  simulator: false,
  packaged: false,
  systemLanguages: ['sv-SE'],
  config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
};

/** Handlers for channels these tests do not call: calling one fails the test. */
function notUsedHere<C extends keyof IpcHandlers>(channels: C[]): Pick<IpcHandlers, C> {
  return Object.fromEntries(
    channels.map((channel) => [
      channel,
      () => {
        throw new Error(`${channel} is not used in this test`);
      },
    ]),
  ) as unknown as Pick<IpcHandlers, C>;
}

function setup(overrides: Partial<IpcHandlers> = {}) {
  const calls: { channel: string; args: unknown }[] = [];
  const handlers: IpcHandlers = {
    [INVOKE_CHANNELS.getAppInfo]: (args) => {
      calls.push({ channel: INVOKE_CHANNELS.getAppInfo, args });
      return APP_INFO;
    },
    [INVOKE_CHANNELS.getFlowStatus]: (args) => {
      calls.push({ channel: INVOKE_CHANNELS.getFlowStatus, args });
      return { phase: 'idle' };
    },
    [INVOKE_CHANNELS.startConnect]: async (args: ConnectRequest): Promise<ConnectResult> => {
      calls.push({ channel: INVOKE_CHANNELS.startConnect, args });
      return { result: 'started', flowId: 'flow-abcdefgh' };
    },
    [INVOKE_CHANNELS.cancelConnect]: (args) => {
      calls.push({ channel: INVOKE_CHANNELS.cancelConnect, args });
      return { cancelled: true };
    },
    ...notUsedHere([
      INVOKE_CHANNELS.getFirmServer,
      INVOKE_CHANNELS.saveFirmServer,
      INVOKE_CHANNELS.signInFirm,
      INVOKE_CHANNELS.cancelFirmSignIn,
      INVOKE_CHANNELS.pairFirm,
      INVOKE_CHANNELS.signOutFirm,
      INVOKE_CHANNELS.listFirmKeys,
      INVOKE_CHANNELS.createFirmKey,
      INVOKE_CHANNELS.revokeFirmKey,
      INVOKE_CHANNELS.copyFirmKey,
      INVOKE_CHANNELS.queryFirmAudit,
      INVOKE_CHANNELS.exportFirmAudit,
      INVOKE_CHANNELS.getLocalLeftovers,
      INVOKE_CHANNELS.letGoLocalConnection,
      INVOKE_CHANNELS.removeLocalSecret,
      INVOKE_CHANNELS.setUiLanguage,
      INVOKE_CHANNELS.listClients,
      INVOKE_CHANNELS.importClients,
      INVOKE_CHANNELS.removeClients,
      INVOKE_CHANNELS.exportClients,
      INVOKE_CHANNELS.listCompanies,
      INVOKE_CHANNELS.testCompany,
      INVOKE_CHANNELS.reconnectCompany,
      INVOKE_CHANNELS.disconnectCompany,
      INVOKE_CHANNELS.disconnectAttention,
      INVOKE_CHANNELS.restoreConnection,
      INVOKE_CHANNELS.copyCompanyDetails,
      INVOKE_CHANNELS.exportCompanies,
      INVOKE_CHANNELS.getSettings,
      INVOKE_CHANNELS.saveSettings,
      INVOKE_CHANNELS.setClientSecret,
      INVOKE_CHANNELS.clearClientSecret,
      INVOKE_CHANNELS.copyDiagnostics,
      INVOKE_CHANNELS.openHelp,
      INVOKE_CHANNELS.getUpdateStatus,
      INVOKE_CHANNELS.reloadApp,
      INVOKE_CHANNELS.keepHeldCompany,
      INVOKE_CHANNELS.discardHeldCompany,
      INVOKE_CHANNELS.reportRendererError,
      INVOKE_CHANNELS.getLocalApi,
      INVOKE_CHANNELS.saveLocalApiSettings,
      INVOKE_CHANNELS.retryLocalApi,
      INVOKE_CHANNELS.listToolKeys,
      INVOKE_CHANNELS.createToolKey,
      INVOKE_CHANNELS.revokeToolKey,
      INVOKE_CHANNELS.removeToolKey,
      INVOKE_CHANNELS.copyToolText,
      INVOKE_CHANNELS.getStartAtLogin,
      INVOKE_CHANNELS.setStartAtLogin,
      INVOKE_CHANNELS.queryActivity,
      INVOKE_CHANNELS.listActivityKeys,
      INVOKE_CHANNELS.exportActivity,
      INVOKE_CHANNELS.startBatch,
      INVOKE_CHANNELS.skipBatchEntry,
      INVOKE_CHANNELS.retryBatchEntry,
      INVOKE_CHANNELS.stopBatch,
      INVOKE_CHANNELS.answerBatchUnexpected,
      INVOKE_CHANNELS.newBatchLogin,
      INVOKE_CHANNELS.getBatchStatus,
      INVOKE_CHANNELS.getScopeProfiles,
      INVOKE_CHANNELS.changeScopeProfiles,
      INVOKE_CHANNELS.saveIntegrationName,
    ]),
    ...overrides,
  };
  const logger = recordingLogger();
  const router = createIpcRouter(handlers, policy, logger.log);
  return { router, calls, logger };
}

const VALID: ConnectRequest = {
  scopes: ['companyinformation', 'invoice'],
  offlineAccess: true,
  serviceAccount: false,
  restart: false,
};

describe('createIpcRouter', () => {
  it('lists every channel of the contract, and only those', () => {
    expect(setup().router.channels.sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('passes a valid request to its handler with the parsed arguments and returns the result', async () => {
    const { router, calls } = setup();
    await expect(router.invoke(INVOKE_CHANNELS.startConnect, trusted, VALID)).resolves.toEqual({
      result: 'started',
      flowId: 'flow-abcdefgh',
    });
    expect(calls).toEqual([{ channel: 'connect:start', args: VALID }]);
  });

  it('calls an argument-less handler with undefined', async () => {
    const { router, calls } = setup();
    await expect(router.invoke(INVOKE_CHANNELS.getAppInfo, trusted, undefined)).resolves.toEqual(APP_INFO);
    await expect(router.invoke(INVOKE_CHANNELS.cancelConnect, trusted, undefined)).resolves.toEqual({ cancelled: true });
    expect(calls).toEqual([
      { channel: 'app:get-info', args: undefined },
      { channel: 'connect:cancel', args: undefined },
    ]);
  });

  it.each(['connect:steal-token', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])(
    'refuses the unknown channel %j without calling any handler',
    async (channel) => {
      const { router, calls, logger } = setup();
      await expect(router.invoke(channel, trusted, VALID)).rejects.toBeInstanceOf(IpcRefusedError);
      expect(calls).toEqual([]);
      expect(logger.records.map((record) => record.message)).toEqual(['IPC refused: unknown channel']);
    },
  );

  it('does not log the name of an unknown channel, which the sender chose', async () => {
    const { router, logger } = setup();
    await expect(router.invoke(`x-${MARKER}`, trusted, VALID)).rejects.toBeInstanceOf(IpcRefusedError);
    expect(JSON.stringify(logger.records)).not.toContain(MARKER);
  });

  it.each([
    ['another webContents', { ...trusted, webContentsId: APP_ID + 1 }],
    ['a subframe', { ...trusted, isMainFrame: false }],
    ['a frame without URL', { ...trusted, frameUrl: null }],
    ['another origin', { ...trusted, frameUrl: `https://evil.example/${MARKER}` }],
  ])('refuses a valid request from %s without calling the handler', async (_name, sender) => {
    const { router, calls, logger } = setup();
    await expect(router.invoke(INVOKE_CHANNELS.startConnect, sender, VALID)).rejects.toBeInstanceOf(IpcRefusedError);
    expect(calls).toEqual([]);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({
      level: 'warn',
      message: 'IPC refused: untrusted sender',
      fields: { channel: 'connect:start', senderId: sender.webContentsId },
    });
    expect(JSON.stringify(logger.records)).not.toContain(MARKER);
  });

  it.each([
    ['an unknown scope', { ...VALID, scopes: ['companyinformation', MARKER] }],
    ['duplicate scopes', { ...VALID, scopes: ['invoice', 'invoice'] }],
    ['no scopes', { ...VALID, scopes: [] }],
    ['an extra field', { ...VALID, code: MARKER }],
    ['an extra field named like a state', { ...VALID, state: MARKER }],
    ['a wrong type', { ...VALID, offlineAccess: MARKER }],
    ['scopes as a string', { ...VALID, scopes: `companyinformation ${MARKER}` }],
    ['a missing field', { scopes: VALID.scopes, offlineAccess: true, serviceAccount: false }],
    ['a string instead of an object', MARKER],
    ['null', null],
    ['an array', [MARKER]],
  ])('refuses a start request with %s without calling the handler or logging the payload', async (_name, payload) => {
    const { router, calls, logger } = setup();
    await expect(router.invoke(INVOKE_CHANNELS.startConnect, trusted, payload)).rejects.toBeInstanceOf(
      IpcRefusedError,
    );
    expect(calls).toEqual([]);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({ level: 'warn', message: 'IPC refused: invalid payload' });
    expect(JSON.stringify(logger.records)).not.toContain(MARKER);
    expect(logger.text()).not.toContain(MARKER);
  });

  it('refuses an argument where the channel takes none', async () => {
    const { router, calls, logger } = setup();
    await expect(router.invoke(INVOKE_CHANNELS.cancelConnect, trusted, { flowId: MARKER })).rejects.toBeInstanceOf(
      IpcRefusedError,
    );
    expect(calls).toEqual([]);
    expect(logger.text()).not.toContain(MARKER);
  });

  it('tells the renderer nothing about why it refused', async () => {
    const { router } = setup();
    const error = await router.invoke(INVOKE_CHANNELS.startConnect, trusted, { ...VALID, code: MARKER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcRefusedError);
    expect((error as Error).message).toBe('IPC request refused');
  });

  it('rejects a handler result with a field the contract does not declare, instead of sending it', async () => {
    const secret = 'SECRET-AUTH-CODE-123';
    const { router } = setup({
      [INVOKE_CHANNELS.startConnect]: () =>
        ({ result: 'started', flowId: 'flow-abcdefgh', code: secret }) as unknown as ConnectResult,
    });
    const error = await router.invoke(INVOKE_CHANNELS.startConnect, trusted, VALID).then(
      (value: unknown) => ({ sent: value }),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect((error as Error).message).not.toContain(secret);
  });

  it('rejects a status result with an undeclared field', async () => {
    const { router } = setup({
      [INVOKE_CHANNELS.getFlowStatus]: () => ({ phase: 'idle', state: 'leaked-state' }) as never,
    });
    await expect(router.invoke(INVOKE_CHANNELS.getFlowStatus, trusted, undefined)).rejects.toBeInstanceOf(
      IpcRefusedError,
    );
  });

  it('passes a handler’s own failure on', async () => {
    const { router } = setup({
      [INVOKE_CHANNELS.cancelConnect]: () => {
        throw new Error('flow controller broke');
      },
    });
    await expect(router.invoke(INVOKE_CHANNELS.cancelConnect, trusted, undefined)).rejects.toThrow('flow controller broke');
  });
});

describe('createEventSender', () => {
  function eventSetup() {
    const sent: { channel: EventChannel; payload: unknown }[] = [];
    const logger = recordingLogger();
    const send = createEventSender((channel, payload) => sent.push({ channel, payload }), logger.log);
    return { sent, logger, send };
  }

  it('sends a status that fits the contract', () => {
    const { sent, send } = eventSetup();
    const status = {
      phase: 'failed',
      flowId: 'flow-abcdefgh',
      error: 'access_denied',
      fortnoxError: 'access_denied',
      finishedAt: 1_700_000_000_000,
    } as const;
    send(EVENT_CHANNELS.flowStatus, status);
    expect(sent).toEqual([{ channel: 'connect:status', payload: status }]);
  });

  it('drops a status that carries an undeclared field, and logs without its content', () => {
    const { sent, send, logger } = eventSetup();
    send(EVENT_CHANNELS.flowStatus, {
      phase: 'succeeded',
      flowId: 'flow-abcdefgh',
      scopes: ['invoice'],
      serviceAccount: false,
      finishedAt: 1,
      code: MARKER,
    } as never);
    expect(sent).toEqual([]);
    expect(logger.records).toMatchObject([
      { level: 'error', message: 'IPC event dropped: payload does not match the contract', fields: { channel: 'connect:status' } },
    ]);
    expect(JSON.stringify(logger.records)).not.toContain(MARKER);
  });

  it('drops a status with an unknown error code or an over-long Fortnox text', () => {
    const { sent, send } = eventSetup();
    send(EVENT_CHANNELS.flowStatus, { phase: 'failed', flowId: 'flow-abcdefgh', error: 'stolen' as never, finishedAt: 1 });
    send(EVENT_CHANNELS.flowStatus, {
      phase: 'failed',
      flowId: 'flow-abcdefgh',
      error: 'provider_error',
      detail: 'x'.repeat(501),
      finishedAt: 1,
    });
    expect(sent).toEqual([]);
  });
});

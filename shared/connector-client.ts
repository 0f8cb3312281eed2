import type { ConnectorApi } from './connector-api';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel } from './ipc-channels';

/** The raw message transport under the API: Electron's ipcRenderer, or the test harness's bindings. */
export interface ConnectorTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the renderer's API from a transport: one named function per channel. Values are typed
 * here, but validated in main, which parses every message (the preload stays free of zod).
 */
export function createConnectorApi(transport: ConnectorTransport): ConnectorApi {
  type Api = ConnectorApi;
  const call = <R>(channel: InvokeChannel, payload?: unknown) => transport.invoke(channel, payload) as Promise<R>;
  const C = INVOKE_CHANNELS;
  return {
    getAppInfo: () => call<Awaited<ReturnType<Api['getAppInfo']>>>(C.getAppInfo),
    getFlowStatus: () => call<Awaited<ReturnType<Api['getFlowStatus']>>>(C.getFlowStatus),
    startConnect: (request) => call<Awaited<ReturnType<Api['startConnect']>>>(C.startConnect, request),
    cancelConnect: () => call<Awaited<ReturnType<Api['cancelConnect']>>>(C.cancelConnect),
    listCompanies: () => call<Awaited<ReturnType<Api['listCompanies']>>>(C.listCompanies),
    testCompany: (tenantId) => call<Awaited<ReturnType<Api['testCompany']>>>(C.testCompany, { tenantId }),
    reconnectCompany: (request) => call<Awaited<ReturnType<Api['reconnectCompany']>>>(C.reconnectCompany, request),
    disconnectCompany: (tenantId) =>
      call<Awaited<ReturnType<Api['disconnectCompany']>>>(C.disconnectCompany, { tenantId }),
    copyCompanyDetails: (tenantId) =>
      call<Awaited<ReturnType<Api['copyCompanyDetails']>>>(C.copyCompanyDetails, { tenantId }),
    exportCompanies: (tenantIds) => call<Awaited<ReturnType<Api['exportCompanies']>>>(C.exportCompanies, { tenantIds: [...tenantIds] }),
    disconnectAttention: (id) => call<Awaited<ReturnType<Api['disconnectAttention']>>>(C.disconnectAttention, { id }),
    restoreConnection: (tenantId) => call<Awaited<ReturnType<Api['restoreConnection']>>>(C.restoreConnection, { tenantId }),
    getSettings: () => call<Awaited<ReturnType<Api['getSettings']>>>(C.getSettings),
    saveSettings: (request) => call<Awaited<ReturnType<Api['saveSettings']>>>(C.saveSettings, request),
    setClientSecret: (secret) => call<Awaited<ReturnType<Api['setClientSecret']>>>(C.setClientSecret, { secret }),
    clearClientSecret: () => call<Awaited<ReturnType<Api['clearClientSecret']>>>(C.clearClientSecret),
    copyDiagnostics: () => call<Awaited<ReturnType<Api['copyDiagnostics']>>>(C.copyDiagnostics),
    openHelp: (target) => call<Awaited<ReturnType<Api['openHelp']>>>(C.openHelp, { target }),
    getUpdateStatus: () => call<Awaited<ReturnType<Api['getUpdateStatus']>>>(C.getUpdateStatus),
    reloadApp: () => call<Awaited<ReturnType<Api['reloadApp']>>>(C.reloadApp),
    keepHeldCompany: (flowId) => call<Awaited<ReturnType<Api['keepHeldCompany']>>>(C.keepHeldCompany, { flowId }),
    discardHeldCompany: (flowId) =>
      call<Awaited<ReturnType<Api['discardHeldCompany']>>>(C.discardHeldCompany, { flowId }),
    reportRendererError: (report) => call<Awaited<ReturnType<Api['reportRendererError']>>>(C.reportRendererError, report),
    getLocalApi: () => call<Awaited<ReturnType<Api['getLocalApi']>>>(C.getLocalApi),
    saveLocalApiSettings: (request) => call<Awaited<ReturnType<Api['saveLocalApiSettings']>>>(C.saveLocalApiSettings, request),
    retryLocalApi: () => call<Awaited<ReturnType<Api['retryLocalApi']>>>(C.retryLocalApi),
    onLocalApiChanged: (listener) =>
      transport.subscribe(EVENT_CHANNELS.localApiChanged, (payload) => listener(payload as Parameters<typeof listener>[0])),
    listToolKeys: () => call<Awaited<ReturnType<Api['listToolKeys']>>>(C.listToolKeys),
    createToolKey: (request) => call<Awaited<ReturnType<Api['createToolKey']>>>(C.createToolKey, request),
    revokeToolKey: (id) => call<Awaited<ReturnType<Api['revokeToolKey']>>>(C.revokeToolKey, { id }),
    removeToolKey: (id) => call<Awaited<ReturnType<Api['removeToolKey']>>>(C.removeToolKey, { id }),
    copyToolText: (request) => call<Awaited<ReturnType<Api['copyToolText']>>>(C.copyToolText, request),
    setUiLanguage: (language) => call<Awaited<ReturnType<Api['setUiLanguage']>>>(C.setUiLanguage, { language }),
    onShowCompanies: (listener) =>
      transport.subscribe(EVENT_CHANNELS.showCompanies, (payload) => listener(payload as Parameters<typeof listener>[0])),
    getStartAtLogin: () => call<Awaited<ReturnType<Api['getStartAtLogin']>>>(C.getStartAtLogin),
    setStartAtLogin: (enabled) => call<Awaited<ReturnType<Api['setStartAtLogin']>>>(C.setStartAtLogin, { enabled }),
    onShowView: (listener) =>
      transport.subscribe(EVENT_CHANNELS.showView, (payload) => listener(payload as Parameters<typeof listener>[0])),
    saveIntegrationName: (name) => call<Awaited<ReturnType<Api['saveIntegrationName']>>>(C.saveIntegrationName, { name }),
    onRunShortcut: (listener) =>
      transport.subscribe(EVENT_CHANNELS.runShortcut, (payload) => listener(payload as Parameters<typeof listener>[0])),
    queryActivity: (query) => call<Awaited<ReturnType<Api['queryActivity']>>>(C.queryActivity, query),
    listActivityKeys: () => call<Awaited<ReturnType<Api['listActivityKeys']>>>(C.listActivityKeys),
    exportActivity: (filter) => call<Awaited<ReturnType<Api['exportActivity']>>>(C.exportActivity, filter),
    getScopeProfiles: () => call<Awaited<ReturnType<Api['getScopeProfiles']>>>(C.getScopeProfiles),
    changeScopeProfiles: (change) => call<Awaited<ReturnType<Api['changeScopeProfiles']>>>(C.changeScopeProfiles, change),
    listClients: () => call<Awaited<ReturnType<Api['listClients']>>>(C.listClients),
    importClients: (text) => call<Awaited<ReturnType<Api['importClients']>>>(C.importClients, { text }),
    removeClients: (orgNumbers) => call<Awaited<ReturnType<Api['removeClients']>>>(C.removeClients, { orgNumbers }),
    exportClients: (orgNumbers) =>
      call<Awaited<ReturnType<Api['exportClients']>>>(C.exportClients, orgNumbers === undefined ? {} : { orgNumbers }),
    onClientsChanged: (listener) => transport.subscribe(EVENT_CHANNELS.clientsChanged, () => listener()),
    getFirmServer: () => call<Awaited<ReturnType<Api['getFirmServer']>>>(C.getFirmServer),
    saveFirmServer: (url) => call<Awaited<ReturnType<Api['saveFirmServer']>>>(C.saveFirmServer, { url }),
    signInFirm: () => call<Awaited<ReturnType<Api['signInFirm']>>>(C.signInFirm),
    cancelFirmSignIn: () => call<Awaited<ReturnType<Api['cancelFirmSignIn']>>>(C.cancelFirmSignIn),
    pairFirm: (code) => call<Awaited<ReturnType<Api['pairFirm']>>>(C.pairFirm, { code }),
    signOutFirm: () => call<Awaited<ReturnType<Api['signOutFirm']>>>(C.signOutFirm),
    listFirmKeys: () => call<Awaited<ReturnType<Api['listFirmKeys']>>>(C.listFirmKeys),
    createFirmKey: (request) => call<Awaited<ReturnType<Api['createFirmKey']>>>(C.createFirmKey, request),
    revokeFirmKey: (id) => call<Awaited<ReturnType<Api['revokeFirmKey']>>>(C.revokeFirmKey, { id }),
    copyFirmKey: (key) => call<Awaited<ReturnType<Api['copyFirmKey']>>>(C.copyFirmKey, { key }),
    queryFirmAudit: (query) => call<Awaited<ReturnType<Api['queryFirmAudit']>>>(C.queryFirmAudit, query),
    exportFirmAudit: (tenantId) =>
      call<Awaited<ReturnType<Api['exportFirmAudit']>>>(C.exportFirmAudit, tenantId === undefined ? {} : { tenantId }),
    getLocalLeftovers: () => call<Awaited<ReturnType<Api['getLocalLeftovers']>>>(C.getLocalLeftovers),
    letGoLocalConnection: (tenantId, removeIfNotRevoked) =>
      call<Awaited<ReturnType<Api['letGoLocalConnection']>>>(C.letGoLocalConnection, { tenantId, removeIfNotRevoked }),
    removeLocalSecret: () => call<Awaited<ReturnType<Api['removeLocalSecret']>>>(C.removeLocalSecret),
    onFirmChanged: (listener) =>
      transport.subscribe(EVENT_CHANNELS.firmChanged, (payload) => listener(payload as Parameters<typeof listener>[0])),
    onUpdateStatus: (listener) =>
      transport.subscribe(EVENT_CHANNELS.updateStatus, (payload) => listener(payload as Parameters<typeof listener>[0])),
    onFlowStatus: (listener) =>
      transport.subscribe(EVENT_CHANNELS.flowStatus, (payload) => listener(payload as Parameters<typeof listener>[0])),
    onCompaniesChanged: (listener) =>
      transport.subscribe(EVENT_CHANNELS.companiesChanged, (payload) =>
        listener(payload as Parameters<typeof listener>[0]),
      ),
    startBatch: (request) => call<Awaited<ReturnType<Api['startBatch']>>>(C.startBatch, request),
    skipBatchEntry: (entryId) =>
      call<Awaited<ReturnType<Api['skipBatchEntry']>>>(C.skipBatchEntry, entryId === undefined ? {} : { entryId }),
    retryBatchEntry: (entryId) => call<Awaited<ReturnType<Api['retryBatchEntry']>>>(C.retryBatchEntry, { entryId }),
    stopBatch: () => call<Awaited<ReturnType<Api['stopBatch']>>>(C.stopBatch),
    answerBatchUnexpected: (entryId, keep) =>
      call<Awaited<ReturnType<Api['answerBatchUnexpected']>>>(C.answerBatchUnexpected, { entryId, keep }),
    newBatchLogin: () => call<Awaited<ReturnType<Api['newBatchLogin']>>>(C.newBatchLogin),
    getBatchStatus: () => call<Awaited<ReturnType<Api['getBatchStatus']>>>(C.getBatchStatus),
    onBatchStatus: (listener) =>
      transport.subscribe(EVENT_CHANNELS.batchStatus, (payload) => listener(payload as Parameters<typeof listener>[0])),
  };
}

import type {
  AppInfo,
  ClientSecretResult,
  CompaniesChanged,
  CompanyList,
  ConnectRequest,
  ConnectResult,
  DisconnectResult,
  FlowStatusMessage,
  ReconnectRequest,
  RestoreResult,
  SaveSettingsRequest,
  SaveSettingsResult,
  SettingsView,
  TestResult,
  UpdateStatus,
  HelpTarget,
  KeepHeldResult,
  RendererErrorReport,
  ToolKeyList,
  NewToolKeyRequest,
  CreateToolKeyResult,
  RevokeToolKeyResult,
  RemoveToolKeyResult,
  CopyToolTextRequest,
  ShowCompanies,
  SetStartAtLoginResult,
  ShowView,
  StartAtLoginState,
  ActivityExportResult,
  CompanyExportResult,
  ActivityKeys,
  AuditFilter,
  AuditPage,
  AuditQuery,
  RunShortcut,
  SaveIntegrationNameResult,
  ClientExportResult,
  ClientImportOutcome,
  ClientListing,
  ClientRemoveResult,
  FirmResult,
  FirmView,
  FirmAuditArgs,
  FirmAuditExportResult,
  FirmAuditResult,
  FirmCopyKeyResult,
  FirmCreateKeyResult,
  FirmKeysResult,
  FirmRevokeKeyResult,
} from './ipc-contract';
import type { BatchDecision, BatchStartRequest, BatchStartResult, BatchStatus } from './batch-contract';
import type { LocalApiView, SaveLocalApiSettingsRequest, SaveLocalApiSettingsResult } from './local-api-status';
import type { Language } from './ui-language';
import type { LetGoLocalResult, LocalLeftovers, RemoveLocalSecretResult } from './local-leftovers';
import type { ScopeProfileChange, ScopeProfileChangeResult, ScopeProfilesView } from './scope-profiles';

/**
 * The functions the preload exposes to the renderer as `window.connector`: one named function per
 * channel, never `ipcRenderer` itself. The browser end-to-end harness installs the same shape.
 */
export interface ConnectorApi {
  getAppInfo(): Promise<AppInfo>;
  getFlowStatus(): Promise<FlowStatusMessage>;
  startConnect(request: ConnectRequest): Promise<ConnectResult>;
  cancelConnect(): Promise<{ cancelled: boolean }>;
  listCompanies(): Promise<CompanyList>;
  testCompany(tenantId: string): Promise<TestResult>;
  reconnectCompany(request: ReconnectRequest): Promise<ConnectResult>;
  disconnectCompany(tenantId: string): Promise<DisconnectResult>;
  copyCompanyDetails(tenantId: string): Promise<{ copied: boolean }>;
  /** Saves these companies, in this order, as CSV where the user chooses. */
  exportCompanies(tenantIds: readonly string[]): Promise<CompanyExportResult>;
  /** Disconnects a damaged record or an unknown connection, revoking its tokens when it has any. */
  disconnectAttention(id: string): Promise<DisconnectResult>;
  /** Identifies an unknown connection's company again and makes it a normal company. */
  restoreConnection(tenantId: string): Promise<RestoreResult>;
  getSettings(): Promise<SettingsView>;
  saveSettings(request: SaveSettingsRequest): Promise<SaveSettingsResult>;
  setClientSecret(secret: string): Promise<ClientSecretResult>;
  clearClientSecret(): Promise<{ cleared: boolean }>;
  /** Copies version, OS, configuration without secrets and the last log lines to the clipboard. */
  copyDiagnostics(): Promise<{ copied: boolean }>;
  /** Opens one of a fixed list of help pages in the browser. */
  openHelp(target: HelpTarget): Promise<{ opened: boolean }>;
  getUpdateStatus(): Promise<UpdateStatus>;
  /** Asks main to reload the app window (the error view's Reload); the page may not navigate itself. */
  reloadApp(): Promise<{ reloading: boolean }>;
  /** After a reconnect reached another company: connect that company instead. */
  keepHeldCompany(flowId: string): Promise<KeepHeldResult>;
  /** After a reconnect reached another company: let that sign-in go (revoked at Fortnox). */
  discardHeldCompany(flowId: string): Promise<{ discarded: boolean }>;
  /** Reports a crash of the window (error boundary) to main's log; rate-limited there. */
  reportRendererError(report: RendererErrorReport): Promise<{ logged: boolean }>;
  /** The local API's settings and status (Settings, Tools). */
  getLocalApi(): Promise<LocalApiView>;
  /** Turns the local API on or off and sets its port; main restarts it at once. */
  saveLocalApiSettings(request: SaveLocalApiSettingsRequest): Promise<SaveLocalApiSettingsResult>;
  /** Tries to start the local API again (after its port was taken). */
  retryLocalApi(): Promise<LocalApiView>;
  /** Subscribe to the local API's settings and status; returns an unsubscribe function. */
  onLocalApiChanged(listener: (view: LocalApiView) => void): () => void;
  /** The tool keys (never a key or its hash), for the Tools view. */
  listToolKeys(): Promise<ToolKeyList>;
  /** Creates a key for a tool; the result carries the key this one time. */
  createToolKey(request: NewToolKeyRequest): Promise<CreateToolKeyResult>;
  /** Revokes a key at once. */
  revokeToolKey(id: string): Promise<RevokeToolKeyResult>;
  /** Removes a revoked or expired key's record for good. */
  removeToolKey(id: string): Promise<RemoveToolKeyResult>;
  /** Main puts the new key, or an example built from it, on the clipboard. */
  copyToolText(request: CopyToolTextRequest): Promise<{ copied: boolean; reason?: 'not_recent' }>;
  /** Tells main the window's language, so OS notifications and the tray speak it too. */
  setUiLanguage(language: Language): Promise<{ applied: boolean }>;
  /** Main asks to show the company list filtered to some companies (an alert was clicked). */
  onShowCompanies(listener: (request: ShowCompanies) => void): () => void;
  /** Whether the app starts when the user logs in. */
  getStartAtLogin(): Promise<StartAtLoginState>;
  /** Turns starting at login on or off; answers with the state the operating system reports after. */
  setStartAtLogin(enabled: boolean): Promise<SetStartAtLoginResult>;
  /** A page of the local API's audit log, newest first (the Activity view). */
  queryActivity(query: AuditQuery): Promise<AuditPage>;
  /** The tool keys the Activity view can filter by. */
  listActivityKeys(): Promise<ActivityKeys>;
  /** Saves the entries that pass `filter` as CSV where the user chooses. */
  exportActivity(filter: AuditFilter): Promise<ActivityExportResult>;
  /** The scope profiles (own, last used, default, managed). */
  getScopeProfiles(): Promise<ScopeProfilesView>;
  /** Changes the scope profiles; the answer carries the new view or why nothing changed. */
  changeScopeProfiles(change: ScopeProfileChange): Promise<ScopeProfileChangeResult>;
  /** The client list with each client's state (the Clients view). */
  listClients(): Promise<ClientListing>;
  /** Adds the clients named by a pasted list or a CSV file's text. */
  importClients(text: string): Promise<ClientImportOutcome>;
  /** Takes clients off the list. */
  removeClients(orgNumbers: string[]): Promise<ClientRemoveResult>;
  /** Saves these clients (all when left out), in this order, as CSV where the user chooses. */
  exportClients(orgNumbers?: string[]): Promise<ClientExportResult>;
  /** Subscribe to changes of the client list; returns an unsubscribe function. */
  onClientsChanged(listener: () => void): () => void;
  /** Firm mode: the firm server's URL, who is signed in and the live list's state. */
  getFirmServer(): Promise<FirmView>;
  /** Sets the firm server's URL (empty turns firm mode off). */
  saveFirmServer(url: string): Promise<FirmResult>;
  /** Signs in through the firm's identity provider in the system browser. */
  signInFirm(): Promise<FirmResult>;
  /** Cancels a system-browser sign-in that is waiting. */
  cancelFirmSignIn(): Promise<{ cancelled: boolean }>;
  /** Signs in with a pairing code from an admin. */
  pairFirm(code: string): Promise<FirmResult>;
  /** Signs out of the firm server. */
  signOutFirm(): Promise<FirmResult>;
  /** Firm mode's Tools view: the firm server's integration keys (admins only; never a key or its hash). */
  listFirmKeys(): Promise<FirmKeysResult>;
  /** Creates an integration key on the firm server (admins only); the result carries the key this one time. */
  createFirmKey(request: NewToolKeyRequest): Promise<FirmCreateKeyResult>;
  /** Revokes an integration key on the firm server (admins only). */
  revokeFirmKey(id: string): Promise<FirmRevokeKeyResult>;
  /** Main puts a firm key made in the last 15 minutes on the clipboard. */
  copyFirmKey(key: string): Promise<FirmCopyKeyResult>;
  /** Firm mode's Activity view: a page of the firm server's audit, newest first. */
  queryFirmAudit(query: FirmAuditArgs): Promise<FirmAuditResult>;
  /** Saves the firm server's audit (one company, or all) as CSV where the user chooses. */
  exportFirmAudit(tenantId?: string): Promise<FirmAuditExportResult>;
  /** Firm mode: this computer's own connections and client secret, still stored but unused. */
  getLocalLeftovers(): Promise<LocalLeftovers>;
  /** Firm mode: revokes one own connection at Fortnox and deletes it; kept when Fortnox could not be told, unless `removeIfNotRevoked`. */
  letGoLocalConnection(tenantId: string, removeIfNotRevoked: boolean): Promise<LetGoLocalResult>;
  /** Firm mode: removes this computer's own stored client secret. */
  removeLocalSecret(): Promise<RemoveLocalSecretResult>;
  /** Subscribe to firm mode's view; returns an unsubscribe function. */
  onFirmChanged(listener: (view: FirmView) => void): () => void;
  onUpdateStatus(listener: (status: UpdateStatus) => void): () => void;
  /** Main asks for a view (the tray's Connect a company); returns an unsubscribe function. */
  onShowView(listener: (request: ShowView) => void): () => void;
  /** Sets (or, empty, clears) the integration's name shown in the header and title. */
  saveIntegrationName(name: string): Promise<SaveIntegrationNameResult>;
  /** A shortcut chosen in the app menu; returns an unsubscribe function. */
  onRunShortcut(listener: (request: RunShortcut) => void): () => void;
  /** Subscribe to flow status pushed by main; returns an unsubscribe function. */
  onFlowStatus(listener: (status: FlowStatusMessage) => void): () => void;
  /** Subscribe to changes of the company list; returns an unsubscribe function. */
  onCompaniesChanged(listener: (change: CompaniesChanged) => void): () => void;
  /**
   * Batch connect: starts a batch with one shared sign-in session. Entries name new companies by
   * organisation number, or connected ones by tenant id (bulk reconnect); none: whatever the user
   * picks in Fortnox.
   */
  startBatch(request: BatchStartRequest): Promise<BatchStartResult>;
  /** Skips an entry of the batch (the current one when no id is given). */
  skipBatchEntry(entryId?: number): Promise<{ skipped: boolean }>;
  /** Tries a failed or skipped entry again, next. */
  retryBatchEntry(entryId: number): Promise<{ retried: boolean }>;
  /** Stops the batch; its sign-in session is cleared. */
  stopBatch(): Promise<{ stopped: boolean }>;
  /** Keeps, or lets go of (revoked at Fortnox), a company Fortnox returned that was not on the list. */
  answerBatchUnexpected(entryId: number, keep: boolean): Promise<{ decision: Exclude<BatchDecision, 'pending'> | null }>;
  /** "Use another Fortnox login": a new, empty sign-in session for the rest of the batch. */
  newBatchLogin(): Promise<{ restarted: boolean }>;
  /** The batch's status now. */
  getBatchStatus(): Promise<BatchStatus>;
  /** Subscribe to the batch's status; returns an unsubscribe function. */
  onBatchStatus(listener: (status: BatchStatus) => void): () => void;
}

/** The global name under which the preload exposes the API. */
export const CONNECTOR_API_GLOBAL = 'connector';

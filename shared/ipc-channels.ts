/**
 * IPC channel names, kept apart from their zod schemas so that the sandboxed preload can name the
 * channels without bundling zod. The schemas for each channel live in ./ipc-contract.ts.
 */
export const INVOKE_CHANNELS = {
  getAppInfo: 'app:get-info',
  getFlowStatus: 'connect:get-status',
  startConnect: 'connect:start',
  cancelConnect: 'connect:cancel',
  listCompanies: 'companies:list',
  testCompany: 'companies:test',
  reconnectCompany: 'companies:reconnect',
  disconnectCompany: 'companies:disconnect',
  copyCompanyDetails: 'companies:copy-details',
  /** Saves the chosen companies (or all) as CSV where the user chooses (issue 9 item 3). */
  exportCompanies: 'companies:export',
  /** Disconnects a damaged record or an unknown connection (attention row). */
  disconnectAttention: 'companies:disconnect-attention',
  /** Identifies the company of an unknown connection again and lists it as a normal company. */
  restoreConnection: 'companies:restore',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  setClientSecret: 'settings:set-client-secret',
  clearClientSecret: 'settings:clear-client-secret',
  copyDiagnostics: 'app:copy-diagnostics',
  openHelp: 'app:open-help',
  getUpdateStatus: 'app:get-update-status',
  reloadApp: 'app:reload',
  /** A reconnect reached another company: store that one instead ("add it instead"). */
  keepHeldCompany: 'companies:keep-other',
  /** A reconnect reached another company: let that sign-in go (it is revoked at Fortnox). */
  discardHeldCompany: 'companies:discard-other',
  /** The error boundary reports a crash of the window, so the log (and diagnostics) carry it. */
  reportRendererError: 'app:report-renderer-error',
  /** The local API's settings and status (never a key or a token). */
  getLocalApi: 'local-api:get',
  /** Turns the local API on or off and sets its port; it restarts at once. */
  saveLocalApiSettings: 'local-api:save-settings',
  /** Tries to start the local API again (after its port was taken). */
  retryLocalApi: 'local-api:retry',
  /** The Tools view's keys (never a key or its hash). */
  listToolKeys: 'tools:list-keys',
  /** Creates a key for a tool; the answer carries the key, the one time it is ever sent. */
  createToolKey: 'tools:create-key',
  /** Revokes a key at once. */
  revokeToolKey: 'tools:revoke-key',
  /** Removes a revoked or expired key's record for good. */
  removeToolKey: 'tools:remove-key',
  /** Puts the new key, or an example built from it, on the clipboard (main writes the clipboard). */
  copyToolText: 'tools:copy',
  /** The window tells main which language it shows, so OS notifications and the tray speak it too. */
  setUiLanguage: 'app:set-language',
  /** Whether the app starts at login (login item on macOS and Windows, XDG autostart on Linux). */
  getStartAtLogin: 'app:get-start-at-login',
  setStartAtLogin: 'app:set-start-at-login',
  /** A page of the local API's audit log (the Activity view), newest first. */
  queryActivity: 'activity:query',
  /** The tool keys the Activity view can filter by (revoked ones too: their entries remain). */
  listActivityKeys: 'activity:keys',
  /** Saves the filtered audit log as CSV where the user chooses. */
  exportActivity: 'activity:export',
  /** Batch connect: starts a batch (new companies by organisation number, or existing ones by tenant id). */
  startBatch: 'batch:start',
  /** Batch connect: skips an entry (the current one by default). */
  skipBatchEntry: 'batch:skip',
  /** Batch connect: tries a failed or skipped entry again, next. */
  retryBatchEntry: 'batch:retry',
  /** Batch connect: stops the batch and releases its sign-in session. */
  stopBatch: 'batch:stop',
  /** Batch connect: keep or let go of a company Fortnox returned that was not on the list. */
  answerBatchUnexpected: 'batch:answer-unexpected',
  /** Batch connect: "use another Fortnox login" (a new, empty sign-in session). */
  newBatchLogin: 'batch:new-login',
  /** Batch connect: the status, for a window that (re)loads. */
  getBatchStatus: 'batch:get-status',
  /** The scope profiles: own ones, the last used, the default and the managed one (issue 9 item 4). */
  getScopeProfiles: 'scope-profiles:get',
  /** Creates, renames or deletes an own profile, remembers the last used, or sets the default. */
  changeScopeProfiles: 'scope-profiles:change',
  /** Sets (or clears) the integration's name shown in the header and the window's title. */
  saveIntegrationName: 'settings:save-integration-name',
  /** The client list with each client's state (issue 9 item 2). */
  listClients: 'clients:list',
  /** Adds the clients a pasted list or CSV text names; per-line problems come back. */
  importClients: 'clients:import',
  /** Takes clients off the list. */
  removeClients: 'clients:remove',
  /** Saves the client list (or the clients shown) as CSV where the user chooses. */
  exportClients: 'clients:export',
  /** Firm mode (issue 10): the firm server's URL, who is signed in and the live list's state (never a session). */
  getFirmServer: 'firm:get',
  /** Sets the firm server's URL (empty: firm mode off); a changed URL signs out. */
  saveFirmServer: 'firm:save',
  /** Signs in through the firm's identity provider in the system browser; answers when done. */
  signInFirm: 'firm:sign-in',
  /** Cancels a system-browser sign-in that is waiting. */
  cancelFirmSignIn: 'firm:cancel-sign-in',
  /** Signs in with a pairing code from an admin. */
  pairFirm: 'firm:pair',
  /** Signs out (the server ends the session too when it can be reached). */
  signOutFirm: 'firm:sign-out',
  /** Firm mode's Tools view: the firm server's integration keys (admin; never a key or its hash). */
  listFirmKeys: 'firm:list-keys',
  /** Creates an integration key on the firm server (admin); the answer carries the key this one time. */
  createFirmKey: 'firm:create-key',
  /** Revokes an integration key on the firm server (admin). */
  revokeFirmKey: 'firm:revoke-key',
  /** Puts a firm key made in the last 15 minutes on the clipboard (main writes the clipboard). */
  copyFirmKey: 'firm:copy-key',
  /** Firm mode's Activity view: a page of the firm server's audit, newest first. */
  queryFirmAudit: 'firm:query-audit',
  /** Saves the firm server's audit (one company or all) as CSV where the user chooses. */
  exportFirmAudit: 'firm:export-audit',
  /** Firm mode: this computer's own connections and client secret, unused but still stored (names and counts only). */
  getLocalLeftovers: 'firm:local-leftovers',
  /** Firm mode: revokes one of this computer's own connections at Fortnox and deletes it (kept when Fortnox could not be told, unless confirmed). */
  letGoLocalConnection: 'firm:let-go-local',
  /** Firm mode: removes this computer's own stored client secret. */
  removeLocalSecret: 'firm:remove-local-secret',
} as const;

/** Messages main pushes to the renderer. */
export const EVENT_CHANNELS = {
  flowStatus: 'connect:status',
  companiesChanged: 'companies:changed',
  updateStatus: 'app:update-status',
  /** The local API's settings and status, whenever its status changes. */
  localApiChanged: 'local-api:changed',
  /** Show the company list filtered to these companies (a click on an alert notification). */
  showCompanies: 'companies:show',
  /** Main asks the window to show a view (the tray's "Connect a company"). */
  showView: 'app:show-view',
  /** The batch's status, whenever it changes. */
  batchStatus: 'batch:status',
  /** A keyboard shortcut chosen in the app menu (shared/keyboard-shortcuts.ts); the window runs it. */
  runShortcut: 'app:run-shortcut',
  /** The client list changed in main (an import, a removal, a batch's skip). */
  clientsChanged: 'clients:changed',
  /** Firm mode's view changed (signed in or out, the live list connected or lost). */
  firmChanged: 'firm:changed',
} as const;

/** A renderer-to-main channel's name. */
export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];
/** A main-to-renderer channel's name. */
export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

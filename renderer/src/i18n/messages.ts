import type {
  ConfigField,
  ConfigProblemCode,
  ConfigSource,
} from '../../../shared/config-problems';
import type { ConnectionIssue, ConnectionStatus } from '../../../shared/connection-issues';
import type { FlowErrorCode } from '../../../shared/flow-errors';
import type { CompanySummary, HelpTarget, RestoreResult, StorageState } from '../../../shared/ipc-contract';
import type { StartAtLoginStatus } from '../../../shared/start-at-login';
import type { AuditKind } from '../../../shared/audit-entry';
import type { ActivityPeriod } from '../activity/activity-filter';
import type { AppView } from '../shell/app-view';
import type { SortOptionId } from '../companies/company-sort';
import type { ConnectBlocker } from '../connect/connect-blocker';
import type { SetupStep } from '../settings/first-run';
import { MAX_LISTED_COMPANIES } from '../../../shared/text-limits';
import { CONFIG_FIELD_NAMES, SETTINGS_FILE_NAME, SETTINGS_KEYS } from './config-field-names';
import type { Language } from './language';
import { enLocalApiErrors, svLocalApiErrors, type LocalApiErrorTexts } from './local-api-error-messages';
import { enTools, svTools, type ToolsMessages } from './tools-messages';
import { enClients, svClients, type ClientsMessages } from './clients-messages';
import { enCompanyTable, svCompanyTable, type CompanyTableMessages } from './company-table-messages';
import { enShell, svShell, type ShellMessages } from './shell-messages';

/*
 * Every text the UI shows, in Swedish and English. One module on purpose (longer than our usual
 * file size): a translator sees all of it at once, and because both languages must satisfy the
 * `Messages` type, a missing translation is a compile error. Scope and group names live in
 * shared/scope-catalogue.ts.
 */

/** How a failed flow is explained: a heading and what to do next. */
export interface FlowErrorText {
  title: string;
  body: string;
}

/** Where a configuration field is set (its environment variable and settings-file key); null for the file itself. */
export type ConfigFieldNames = (typeof CONFIG_FIELD_NAMES)[ConfigField];

/** A file chooser's texts (common/FileChooser.tsx). */
export interface FileChooserTexts {
  /** The button: "Välj fil…". */
  choose: string;
  /** Beside it until a file is chosen: "Ingen fil vald". */
  none: string;
}

export interface Messages {
  documentTitle: string;
  /** The desktop shell: sidebar, header, skip link, shortcuts (shell-messages.ts). */
  shell: ShellMessages;
  appTitle: string;
  appSubtitle: string;
  /** The same in both languages, so a user who cannot read the current one still finds it. */
  languageLabel: string;
  languageNames: Record<Language, string>;
  simulatorBadge: string;
  simulatorExplanation: string;
  version: (version: string) => string;
  noConnector: string;
  appInfoFailed: string;
  /** While main's app info decides which view the app opens on. */
  starting: string;
  /** A time less than a minute from now ("nyss", not Intl's "nu"). */
  justNow: string;
  /** The file choosers (common/FileChooser.tsx), instead of Chromium's English "Choose File". */
  fileChooser: FileChooserTexts;
  config: {
    heading: string;
    intro: string;
    fieldNames: Record<ConfigField, string>;
    /** The sentence saying what is wrong; gets the field's display name and the field itself. */
    problems: Record<ConfigProblemCode, (fieldName: string, field: ConfigField) => string>;
    /** The sentence saying how to fix it. */
    /** `packaged`: an installed build, which ignores FORTNOX_CLIENT_SECRET (so it is not suggested). */
    fix: (names: ConfigFieldNames, problem: ConfigProblemCode, source: ConfigSource, field: ConfigField, packaged: boolean) => string;
    sourceLabel: string;
    sources: Record<ConfigSource, string>;
  };
  picker: {
    heading: string;
    intro: string;
    filterLabel: string;
    filterPlaceholder: string;
    matchCount: (count: number) => string;
    noMatch: (query: string) => string;
    clearFilter: string;
    presetsHeading: string;
    presetsIntro: string;
    presetScopes: (scopes: string) => string;
    clearAll: string;
    selectAllVisible: string;
    selectAllName: (group: string) => string;
    groupCount: (selected: number, total: number) => string;
    notOnScopesPage: string;
    notOnScopesPageExplanation: string;
  };
  /** Scope profiles, the plain-language summary, deletevoucher's confirmation and invalid_scope (issue 9 item 4). */
  scopeProfiles: ScopeProfileMessages;
  connect: {
    heading: string;
    selectedCount: (selected: number, total: number) => string;
    optionsLegend: string;
    offlineLabel: string;
    offlineDescription: string;
    serviceLabel: string;
    serviceDescription: string;
    companyInfoWarning: string;
    addCompanyInfo: string;
    signInAt: string;
    button: string;
    blockers: Record<ConnectBlocker, string>;
    /** Shown when Reconnect "with other scopes" brought the user here for one company. */
    reconnectNotice: (company: string) => string;
    reconnectButton: (company: string) => string;
    cancelReconnect: string;
  };
  flow: {
    heading: string;
    idle: string;
    signingInHeading: string;
    signingInHelp: string;
    signingInServiceAccount: string;
    /** Before the host the sign-in window shows. */
    signInLocation: string;
    /** Spoken for the padlock of an https address. */
    signInLocationSecure: string;
    /** After an http (not encrypted) address. */
    signInLocationInsecure: string;
    /** While the sign-in window has not shown an address yet. */
    signInLocationPending: string;
    timeLeft: string;
    requestedScopes: string;
    showWindow: string;
    startOver: string;
    startOverHint: string;
    /** For a row's Reconnect: Start over opens the sign-in for the same company again. */
    startOverHintReconnect: string;
    /** Said above the status while a row's Reconnect is under way or just ended. */
    reconnecting: (company: string) => string;
    cancel: string;
    succeededHeading: string;
    approvedScopes: string;
    serviceAccountYes: string;
    serviceAccountNo: string;
    fortnoxSaid: string;
    details: string;
    blockedAddress: string;
    tryAgain: string;
    selectionKept: string;
    requestFailed: string;
    /** Reconnect was pressed while another sign-in was open; main showed that one instead. */
    alreadySigningIn: string;
    exchanging: string;
    /** "Ansluten: <name> (<tenant id>)"; the name is null when Fortnox did not give one. */
    connectedCompany: (name: string | null, organizationNumber: string | null, tenantId: string) => string;
    reconnected: string;
    scopesDifferHeading: string;
    scopesNotGranted: string;
    scopesNotRequested: string;
    showCompanies: string;
    errors: Record<FlowErrorCode, FlowErrorText>;
    /** For `wrong_company`: "Du loggade in på <actual>, inte <expected>". */
    wrongCompany: (actual: string, expected: string) => string;
    addOtherInstead: (company: string) => string;
    /** The same button when the other company is already connected: keeping the sign-in reconnects it. */
    reconnectOtherInstead: (company: string) => string;
    discardOther: string;
    otherHeldHint: string;
    otherDiscarded: (company: string) => string;
    otherKeepFailed: (company: string) => string;
  };
  nav: {
    label: string;
    views: Record<AppView, string>;
  };
  /** One sentence per reason a Fortnox call about a connection failed, with what to do. */
  issues: Record<ConnectionIssue, string>;
  storage: {
    memoryHeading: string;
    /** Why secrets are kept in memory; `none` when main gave no reason. */
    memoryReasons: Record<NonNullable<StorageState['reason']> | 'none', string>;
    /** Tool keys are authenticated with a secret from the vault: in memory, it lasts one session. */
    memoryToolKeys: string;
    problemsHeading: string;
    fileNames: Record<StorageFile, string>;
    problems: Record<StorageProblemKind, (file: string, backupName: string | null) => string>;
    consequences: Record<StorageFile, string>;
    encrypted: string;
  };
  companies: {
    heading: string;
    loading: string;
    loadFailed: string;
    retry: string;
    listLabel: string;
    count: (shown: number, total: number) => string;
    filterLabel: string;
    filterPlaceholder: string;
    statusFilterLabel: string;
    statusAll: (count: number) => string;
    statusOption: (status: string, count: number) => string;
    sortLabel: string;
    sortOptions: Record<SortOptionId, string>;
    noMatch: string;
    clearFilters: string;
    emptyHeading: string;
    emptyBody: readonly string[];
    emptyButton: string;
    unnamed: string;
    /** The one way to name a company without a name: by its tenant id (renderer/src/companies/company-label.ts). */
    companyWithTenant: (tenantId: string) => string;
    organizationNumber: string;
    noOrganizationNumber: string;
    tenantId: string;
    accountTypes: Record<CompanySummary['accountType'], string>;
    /** How a service account is kept alive (renderer/src/companies/kept-alive.ts). */
    keptAliveBy: Record<NonNullable<CompanySummary['keptAliveBy']>, string>;
    scopes: string;
    noScopes: string;
    notGranted: string;
    notRequested: string;
    connectedAt: string;
    lastRefreshed: string;
    neverRefreshed: string;
    lastTested: string;
    /** After the relative time: ": fungerade". */
    lastTestResult: (ok: boolean) => string;
    /** "Förnya senast 9 december 2026": when the refresh token must be renewed by (renderer/src/companies/renew-by-text.ts). */
    renewBy: (date: string) => string;
    /** The tooltip of a renew-by date within 7 days (or passed). */
    renewSoon: string;
    /** A service account kept alive by its client credentials: no date. */
    renewNotNeeded: string;
    /** Above a list filtered from an alert notification: how many it shows. */
    shownFromAlert: (count: number) => string;
    /** Clears the alert's filter. */
    showAll: string;
    statusLabel: string;
    statuses: Record<ConnectionStatus, string>;
    fortnoxSaid: string;
    actions: {
      test: string;
      testing: string;
      reconnect: string;
      reconnectOtherScopes: string;
      /** For an access-only connection (offline access was off): reconnect with it on. */
      reconnectOffline: string;
      disconnect: string;
      copy: string;
    };
    /** Before the relative time at which an access-only connection's access token ends. */
    accessOnlyEnds: string;
    testOk: (company: string | null) => string;
    testFailed: string;
    copied: string;
    copyFailed: string;
    requestFailed: string;
    /** For the live region, so a screen reader hears which company a result belongs to. */
    announce: (company: string, text: string) => string;
    dialog: {
      title: (company: string) => string;
      body: string;
      confirm: string;
      cancel: string;
    };
    disconnected: (company: string) => string;
    disconnectedLocally: (company: string) => string;
    removeInFortnox: string;
    disconnectFailed: (company: string) => string;
    disconnecting: (company: string) => string;
    dismiss: string;
  };
  /** The company table, its detail pane and bulk actions (renderer/src/i18n/company-table-messages.ts). */
  companyTable: CompanyTableMessages;
  /** Damaged records and unknown connections, listed above the companies (issue 7, findings 3 and 7). */
  attention: {
    heading: string;
    intro: string;
    listLabel: string;
    damagedTitle: (company: string | null) => string;
    damagedBody: string;
    /** Before the stored field paths that could not be read, inside "Technical details". */
    damagedFields: string;
    damagedNoTokens: string;
    unknownTitle: (company: string) => string;
    unknownBody: string;
    unknownUnreadable: string;
    /** The name used in the disconnect dialog and notice for a damaged record without name or tenant id. */
    damagedUnnamed: string;
    restore: string;
    restoring: string;
    restored: (company: string) => string;
    restoreFailed: Record<RestoreFailure, string>;
    disconnect: string;
    dialogBody: string;
    dialogBodyNoTokens: string;
    omitted: (count: number) => string;
  };
  settings: {
    heading: string;
    loading: string;
    loadFailed: string;
    retry: string;
    clientHeading: string;
    clientIntro: string;
    clientIdLabel: string;
    redirectUriLabel: string;
    redirectUriHint: string;
    fromEnvironment: (variable: string) => string;
    lockedByManaged: string;
    allLocked: string;
    save: string;
    saving: string;
    saved: string;
    notSaved: string;
    tooLong: (fieldName: string, max: number, length: number) => string;
    secretHeading: string;
    secretIntro: string;
    secretLabel: string;
    secretSaved: (date: string) => string;
    secretFromEnvironment: (variable: string) => string;
    secretManaged: string;
    secretNotSet: string;
    secretSave: string;
    secretRemove: string;
    secretSavedNow: string;
    secretSavedMemory: string;
    secretNotSaved: string;
    secretRemoved: string;
    secretNotRemoved: string;
    secretEmpty: string;
    secretTooLong: (max: number, length: number) => string;
    secretWhitespace: string;
    storageHeading: string;
    requestFailed: string;
  };
  /** The local API section of Settings, and its status line (also shown in the Tools view). */
  localApi: {
    heading: string;
    intro: string;
    enabledLabel: string;
    portLabel: string;
    portHint: (defaultPort: number) => string;
    portInvalid: (typed: string, defaultPort: number) => string;
    lockedByManaged: string;
    save: string;
    saving: string;
    saved: string;
    savedSessionOnly: string;
    notSavedLocked: string;
    requestFailed: string;
    statusLabel: string;
    starting: string;
    running: (url: string) => string;
    portInUse: (port: number) => string;
    portInUseHelp: string;
    offByUser: string;
    offByManaged: string;
    failed: (port: number, code: string) => string;
    failedHelp: string;
    retry: string;
    retrying: string;
    unknown: string;
  };
  /** Buttons that open one of main's fixed help pages in the browser. */
  help: {
    /** The button for each page: the developer portal (Get started), managing integrations (after a disconnect Fortnox was not told of), scopes (the scope picker). */
    labels: Record<HelpTarget, string>;
    opensInBrowser: string;
    failed: string;
  };
  /** First start: the Settings view presented as Get started. */
  setup: {
    heading: string;
    intro: readonly string[];
    checklistHeading: string;
    steps: Record<SetupStep, string>;
    stepStates: Record<'done' | 'todo', string>;
    doneHeading: string;
    doneBody: string;
    doneButton: string;
  };
  /** The error view shown instead of a blank window when the UI itself fails. */
  crash: {
    heading: string;
    body: string;
    reload: string;
    reloadFailed: string;
  };
  support: {
    heading: string;
    /** What the diagnostics contain, and that no secret does. */
    includes: string;
  };
  /** "Copy diagnostics", in Settings and in the error view alike (renderer/src/common/use-copy-diagnostics.ts). */
  diagnostics: {
    button: string;
    copying: string;
    copied: string;
    copyFailed: string;
    requestFailed: string;
  };
  /** The summary of a <details> element that holds what only support needs. */
  technicalDetails: string;
  about: {
    heading: string;
    description: string;
    simulator: string;
    realFortnox: string;
  };
  /** The Tools view: keys for tools on this computer (renderer/src/i18n/tools-messages.ts). */
  tools: ToolsMessages;
  /** Update states: the banner uses `downloading` and `downloaded`, About all of them. */
  updates: {
    downloading: (version: string | null) => string;
    downloaded: (version: string | null) => string;
    disabled: string;
    idle: string;
    upToDate: (checkedAt: string) => string;
    checking: string;
    failed: string;
    unknown: string;
  };
  /** Settings and Get started: start the app at login, so it runs in the tray (issue 8, item 6). */
  startAtLogin: {
    heading: string;
    label: string;
    description: string;
    loading: string;
    readFailed: string;
    changeFailed: string;
    /** A note for the states the checkbox alone cannot tell (on and off need none). */
    notes: Record<Exclude<StartAtLoginStatus, 'on' | 'off'>, string>;
  };
  activity: ActivityMessages;
  /** The client list and the import of organisation numbers (issue 9 item 2). */
  clients: ClientsMessages;
}

/** The Activity view's texts (the local API's audit log, issue 8 item 5). */
/** The scope profiles' texts (issue 9 item 4). */
export interface ScopeProfileMessages {
  /** "Välj alla" left these out: deletevoucher and the scopes not on Fortnox's scopes page. */
  selectAllLeavesOut: (labels: string) => string;
  ownTag: string;
  managedTag: string;
  managedName: string;
  saveAs: string;
  rename: string;
  remove: string;
  nameLabel: string;
  saveNew: string;
  saveRename: string;
  cancel: string;
  nameMissing: string;
  nameTooLong: (max: number, length: number) => string;
  problems: { name_invalid: string; name_taken: string; too_many: (max: number) => string; not_found: string; locked: string; not_saved: string };
  saved: (name: string) => string;
  renamed: (name: string) => string;
  removed: (name: string) => string;
  removeDialog: { title: (name: string) => string; body: string; confirm: string; cancel: string };
  locked: (name: string) => string;
  lockedShort: string;
  summaryHeading: string;
  summaryProfile: (name: string) => string;
  summaryCustom: string;
  summaryNone: string;
  /** "Läsa och ändra Bokföring, Valutor och Projekt." */
  summaryScopes: (labels: readonly string[]) => string;
  summaryDeleteVoucher: string;
  details: string;
  wireNamesHeading: string;
  requestHeading: string;
  requestNote: string;
  deleteVoucher: { title: string; body: string; confirm: string; cancel: string };
  refusedTag: string;
  refusedNamed: (labels: string) => string;
  refusedUnknown: string;
  removeAndRetry: string;
  settingsHeading: string;
  settingsIntro: string;
  settingsLabel: string;
  settingsNone: string;
  settingsSave: string;
  settingsSaved: string;
  settingsManaged: string;
  settingsManagedLocked: string;
  loadFailed: string;
}

export interface ActivityMessages {
  heading: string;
  intro: string;
  companyFilter: string;
  allCompanies: string;
  keyFilter: string;
  allKeys: string;
  revokedKey: (name: string) => string;
  periodFilter: string;
  periods: Record<ActivityPeriod, string>;
  refresh: string;
  exportCsv: string;
  exporting: string;
  exported: (rows: number) => string;
  exportTruncated: (rows: number) => string;
  exportCancelled: string;
  exportFailed: string;
  noResponse: string;
  loading: string;
  loadFailed: string;
  retry: string;
  emptyHeading: string;
  emptyBody: string;
  noMatch: string;
  showMore: string;
  loadingMore: string;
  shownCount: (count: number, more: boolean) => string;
  damaged: (count: number) => string;
  /** Under the list when it holds as many rows as it may: the export has them all. */
  shownLimit: (max: number) => string;
  listLabel: string;
  columns: { time: string; company: string; key: string; request: string; status: string; duration: string; bytes: string };
  kinds: Record<AuditKind, string>;
  unknownKey: string;
  unknownCompany: (tenantId: string) => string;
  noCompany: string;
  /** Said of an answer that was cut off before its end. */
  cutOff: string;
  /** Said of a line that counts a minute's refusals of requests without a valid key. */
  refusalCount: (count: number) => string;
  /** Entries the log could not keep (writes not keeping up, or the day's files full) since the app started. */
  dropped: (count: number) => string;
  /** A company in the filter that is in the log but no longer connected. */
  disconnectedCompany: (name: string | null, tenantId: string) => string;
  /** Short texts of the local API's error codes, beside a refusal's status. */
  errorCodes: LocalApiErrorTexts;
}

type StorageFile = StorageState['problems'][number]['file'];
type RestoreFailure = Extract<RestoreResult, { ok: false }>['reason'];
type StorageProblemKind = StorageState['problems'][number]['kind'];

// One formatter each: toLocaleString builds a new one per call, which shows up when typing in the
// company search re-renders the counts on every keystroke.
const svNumbers = new Intl.NumberFormat('sv-SE');
const enNumbers = new Intl.NumberFormat('en-GB');
const svNumber = (value: number) => svNumbers.format(value);
const svPlural = new Intl.PluralRules('sv-SE');
const enPlural = new Intl.PluralRules('en-GB');
const enNumber = (value: number) => enNumbers.format(value);
const svLists = new Intl.ListFormat('sv-SE', { type: 'conjunction' });
const enLists = new Intl.ListFormat('en-GB', { type: 'conjunction' });
/** "A, B och C" */
const svList = (items: readonly string[]) => svLists.format(items);
/** "A, B and C" */
const enList = (items: readonly string[]) => enLists.format(items);

const sv: Messages = {
  documentTitle: 'Fortnox Connector',
  shell: svShell,
  appTitle: 'Fortnox Connector',
  appSubtitle: 'Anslut en klients Fortnox-företag till integrationen',
  languageLabel: 'Språk / Language',
  languageNames: { sv: 'Svenska', en: 'English' },
  simulatorBadge: 'Simulator',
  simulatorExplanation: 'Simulatorläge: ingen riktig Fortnox kontaktas.',
  version: (version) => `Version ${version}`,
  noConnector: 'Sidan måste öppnas i appen Fortnox Connector. Anslutningen till appen saknas.',
  appInfoFailed: 'Appens inställningar kunde inte läsas. Starta om appen och försök igen.',
  starting: 'Startar …',
  justNow: 'nyss',
  fileChooser: { choose: 'Välj fil…', none: 'Ingen fil vald' },
  config: {
    heading: 'Inställningarna behöver rättas',
    intro: 'Du kan inte ansluta förrän de här problemen är lösta:',
    fieldNames: {
      clientId: 'Klient-id (client id)',
      redirectUri: 'Omdirigeringsadressen (redirect URI)',
      authorizeUrl: 'Inloggningsadressen (authorize URL)',
      tokenUrl: 'Tokenadressen (token URL)',
      apiBaseUrl: 'API-adressen (API base URL)',
      signInOrigins: 'Inställningen för tillåtna inloggningsadresser (sign-in origins)',
      signInFrameOrigins: 'Inställningen för tillåtna ramadresser i inloggningen (sign-in frame origins)',
      settingsFile: `Inställningsfilen (${SETTINGS_FILE_NAME})`,
      clientSecret: 'Klienthemligheten (client secret)',
      managedFile: 'Den hanterade konfigurationsfilen från IT-avdelningen',
      managedPolicy: 'IT-avdelningens policy i Windows-registret',
      firmServer: 'Byråns server',
    },
    problems: {
      missing: (name) => `${name} saknas.`,
      invalid_url: (name) => `${name} är ingen giltig fullständig adress (URL).`,
      not_https: (name) =>
        `${name} måste använda https. Vanlig http godtas bara för adresser på den här datorn.`,
      forbidden_url_part: (name) =>
        `${name} får inte innehålla #fragment, användarnamn eller lösenord.`,
      invalid_format: (name) => `${name} innehåller tecken eller har en längd som inte kan stämma.`,
      unreadable_file: (name, field) =>
        field === 'managedPolicy'
          ? `${name} kunde inte läsas.`
          : field === 'settingsFile' || field === 'managedFile'
          ? `${name} finns men kunde inte läsas.`
          : `${name} kunde inte läsas eftersom inställningsfilen inte gick att läsa.`,
      invalid_file: (name, field) =>
        field === 'managedPolicy'
          ? `${name} har ett värde med okänt namn eller fel typ.`
          : field === 'settingsFile' || field === 'managedFile'
          ? `${name} är inte giltig JSON eller har inte den form som väntas.`
          : `${name} kunde inte läsas eftersom inställningsfilen inte är giltig JSON eller har fel form.`,
      file_too_large: (name, field) =>
        field === 'settingsFile' || field === 'managedFile'
          ? `${name} är större än 1 MiB, vilket ingen inställningsfil kan vara, och lästes inte.`
          : `${name} kunde inte läsas eftersom inställningsfilen är för stor.`,
      not_a_file: (name, field) =>
        field === 'settingsFile' || field === 'managedFile'
          ? `${name} är ingen vanlig fil (till exempel en mapp, en namngiven pipe eller en länk till en enhet) och lästes inte.`
          : `${name} kunde inte läsas eftersom inställningsfilen inte är en vanlig fil.`,
      locked: (name) => `${name} är låst av IT-avdelningens hanterade konfiguration och kan inte ändras i appen.`,
      not_protected: (name) =>
        `${name} är inte skyddad och används inte: den måste ägas av root (macOS, Linux) eller av Administratörer eller SYSTEM (Windows) och får inte kunna ändras av någon annan.`,
    },
    fix: (names, problem, source, field, packaged) => {
      if (field === 'managedFile' && problem === 'not_protected')
        return 'Be IT-avdelningen skydda filen (ägare root eller Administratörer, skrivbar bara för dem) eller ta bort den.';
      if (field === 'managedFile') return 'Be IT-avdelningen rätta den hanterade konfigurationsfilen.';
      if (field === 'managedPolicy') return 'Be IT-avdelningen rätta policyn under HKLM\\SOFTWARE\\Policies\\Fortnox Connector.';
      if (problem === 'locked') return 'Be IT-avdelningen om värdet behöver ändras.';
      if (source === 'managed') return 'Värdet kommer från IT-avdelningens hanterade konfiguration; be IT-avdelningen rätta det.';
      if (field === 'firmServer') return 'Logga in under Inställningar.';
      if (names === null) {
        if (problem === 'unreadable_file')
          return `Kontrollera att ${SETTINGS_FILE_NAME} i appens datamapp går att läsa, eller ta bort filen.`;
        if (problem === 'file_too_large' || problem === 'not_a_file')
          return `Ta bort ${SETTINGS_FILE_NAME} i appens datamapp och ange inställningarna igen.`;
        return `Rätta ${SETTINGS_FILE_NAME} i appens datamapp: den ska vara ett JSON-objekt med bara nycklarna ${SETTINGS_KEYS.join(', ')}.`;
      }
      const { environment, settingsKey } = names;
      if (settingsKey === null) {
        if (source === 'environment') return `Kontrollera miljövariabeln ${environment}.`;
        if (packaged) return 'Ange den under Inställningar i appen.';
        return `Ange den under Inställningar i appen (eller i miljövariabeln ${environment}).`;
      }
      if (problem === 'missing' || source === 'default')
        return `Ange ${environment} eller lägg till ${settingsKey} i inställningsfilen.`;
      if (source === 'environment') return `Kontrollera miljövariabeln ${environment}.`;
      return `Kontrollera ${settingsKey} i inställningsfilen.`;
    },
    sourceLabel: 'Källa',
    sources: {
      managed: 'hanterad konfiguration (IT-avdelningen)',
      environment: 'miljövariabel',
      'settings-file': 'inställningsfilen',
      default: 'standardvärde',
    },
  },
  picker: {
    heading: 'Välj behörigheter',
    intro:
      'Välj vad integrationen ska få göra i företagets Fortnox. Varje behörighet ger både läs- och skrivrätt; Fortnox har inga behörigheter som bara ger läsrätt. Företaget behöver också licens för respektive modul.',
    filterLabel: 'Filtrera behörigheter',
    filterPlaceholder: 'till exempel faktura',
    matchCount: (count) => (count === 1 ? '1 behörighet visas' : `${count} behörigheter visas`),
    noMatch: (query) => `Inga behörigheter matchar ”${query}”.`,
    clearFilter: 'Rensa filtret',
    presetsHeading: 'Snabbval',
    presetsIntro: 'Ett snabbval ersätter det du har valt.',
    presetScopes: (scopes) => `Väljer: ${scopes}`,
    clearAll: 'Rensa alla',
    selectAllVisible: 'Välj alla',
    selectAllName: (group) => `Välj alla i ${group}`,
    groupCount: (selected, total) => `${selected} av ${total} valda`,
    notOnScopesPage: 'Saknas på Fortnox behörighetssida',
    notOnScopesPageExplanation:
      'Behörigheten finns i ett Fortnox-SDK men inte på Fortnox sida om behörigheter; det är inte bekräftat att Fortnox godtar den.',
  },
  scopeProfiles: {
    selectAllLeavesOut: (labels) =>
      `Välj alla tar inte med ${labels} (saknas på Fortnox behörighetssida eller raderar verifikationer); kryssa i dem en och en om integrationen behöver dem.`,
    ownTag: 'egen',
    managedTag: 'IT-avdelningen',
    managedName: 'IT-avdelningens profil',
    saveAs: 'Spara som profil …',
    rename: 'Byt namn …',
    remove: 'Ta bort profilen',
    nameLabel: 'Profilens namn',
    saveNew: 'Spara profilen',
    saveRename: 'Spara namnet',
    cancel: 'Avbryt',
    nameMissing: 'Ge profilen ett namn.',
    nameTooLong: (max, length) => `Namnet får vara högst ${max} tecken (nu ${length}).`,
    problems: {
      name_invalid: 'Namnet ska vara en rad med 1–60 vanliga tecken.',
      name_taken: 'Det finns redan en profil med det namnet. Välj ett annat.',
      too_many: (max) => `Du kan ha högst ${max} egna profiler. Ta bort en innan du sparar en ny.`,
      not_found: 'Profilen finns inte längre.',
      locked: 'Behörigheterna är låsta av IT-avdelningen.',
      not_saved: 'Profilen kunde inte sparas i inställningsfilen. Försök igen.',
    },
    saved: (name) => `Profilen ”${name}” sparades.`,
    renamed: (name) => `Profilen heter nu ”${name}”.`,
    removed: (name) => `Profilen ”${name}” togs bort.`,
    removeDialog: {
      title: (name) => `Ta bort profilen ”${name}”?`,
      body: 'Profilen tas bort ur appen. Företag som redan är anslutna behåller sina behörigheter.',
      confirm: 'Ta bort profilen',
      cancel: 'Avbryt',
    },
    locked: (name) =>
      `IT-avdelningen har låst behörigheterna till profilen ”${name}” i den hanterade konfigurationen, så att alla företag ansluts med samma behörigheter. De kan inte ändras här; be IT-avdelningen om något behöver ändras.`,
    lockedShort: 'Låst av IT-avdelningen',
    summaryHeading: 'Det här får integrationen göra',
    summaryProfile: (name) => `Profil: ${name}`,
    summaryCustom: 'Egna val (ingen profil)',
    summaryNone: 'Ingen behörighet är vald.',
    summaryScopes: (labels) => `Läsa och ändra ${svList(labels)} i företagets Fortnox.`,
    summaryDeleteVoucher: 'Den får också radera verifikationer.',
    details: 'Detaljer',
    wireNamesHeading: 'Behörigheterna som begärs (parametern scope)',
    requestHeading: 'Så skickas begäran till Fortnox',
    requestNote: 'Adressens övriga delar (klient-id, omdirigeringsadress och en engångskod, state) läggs till när inloggningsfönstret öppnas.',
    deleteVoucher: {
      title: 'Låta integrationen radera verifikationer?',
      body: 'Behörigheten deletevoucher låter integrationen radera verifikationer i företagets bokföring. En raderad verifikation går inte att få tillbaka, och en bokföring rättas normalt med en ny verifikation i stället. Välj den bara om integrationen verkligen måste kunna radera.',
      confirm: 'Ja, låt den radera verifikationer',
      cancel: 'Avbryt',
    },
    refusedTag: 'Fortnox godtog inte den här behörigheten',
    refusedNamed: (labels) => `Fortnox godtog inte ${labels}. Behörigheten är inte aktiverad för integrationen i Fortnox utvecklarportal.`,
    refusedUnknown: 'Fortnox sa inte vilken behörighet det gällde. Jämför behörigheterna under Detaljer med dem som är aktiverade för integrationen i Fortnox utvecklarportal.',
    removeAndRetry: 'Ta bort den och försök igen',
    settingsHeading: 'Standardprofil',
    settingsIntro: 'Profilen som Anslut börjar med tills du väljer en annan. Appen minns sedan den du använde senast.',
    settingsLabel: 'Profil att börja med',
    settingsNone: 'Ingen (bara företagsinformation)',
    settingsSave: 'Spara standardprofilen',
    settingsSaved: 'Standardprofilen sparades.',
    settingsManaged: 'IT-avdelningens hanterade konfiguration bestämmer profilen att börja med, så den kan inte ändras här.',
    settingsManagedLocked: 'IT-avdelningen har låst behörigheterna i den hanterade konfigurationen, så alla företag ansluts med samma profil.',
    loadFailed: 'Profilerna kunde inte läsas. Snabbvalen fungerar ändå.',
  },
  connect: {
    heading: 'Anslutning',
    selectedCount: (selected, total) => `${selected} av ${total} valda`,
    optionsLegend: 'Alternativ',
    offlineLabel: 'Offlineåtkomst',
    offlineDescription:
      'Låter integrationen fortsätta arbeta när ingen är inloggad: Fortnox lämnar ut en förnyelsetoken (refresh token).',
    serviceLabel: 'Servicekonto',
    serviceDescription:
      'Kopplar integrationen till ett servicekonto i stället för till din användare. Bara en systemadministratör i företaget kan godkänna det, och det finns ett servicekonto per integration och företag.',
    companyInfoWarning:
      'Utan companyinformation kan appen inte se vilket företag som anslöts. Välj den om du inte har ett särskilt skäl.',
    addCompanyInfo: 'Välj companyinformation igen',
    signInAt: 'Du loggar in hos Fortnox på',
    button: 'Anslut till Fortnox',
    reconnectNotice: (company) =>
      `Du ansluter ${company} igen. Behörigheterna som företaget begärde senast är förvalda; ändra dem och tryck på knappen nedan.`,
    reconnectButton: (company) => `Anslut ${company} igen`,
    cancelReconnect: 'Anslut ett annat företag i stället',
    blockers: {
      loading: 'Läser in appens inställningar …',
      'app-info-failed': 'Det går inte att ansluta: appens inställningar kunde inte läsas.',
      'config-invalid': 'Det går inte att ansluta förrän inställningarna är rättade (se överst).',
      'no-scopes': 'Välj minst en behörighet för att kunna ansluta.',
      'signing-in': 'En inloggning pågår redan. Använd knapparna under Status ovan.',
      starting: 'Öppnar inloggningsfönstret …',
      exchanging: 'Fortnox har godkänt och appen hämtar nycklarna. Vänta tills det är klart.',
    },
  },
  flow: {
    heading: 'Status',
    idle: 'Inte ansluten ännu. Välj behörigheter och tryck på Anslut till Fortnox.',
    signingInHeading: 'Logga in i Fortnox i fönstret som öppnades',
    signInLocation: 'Inloggningsfönstret visar',
    signInLocationSecure: 'säker anslutning (https)',
    signInLocationInsecure: '(okrypterad anslutning, http)',
    signInLocationPending: 'ingen adress ännu',
    signingInHelp: 'Välj företaget och godkänn behörigheterna där.',
    signingInServiceAccount:
      'Logga in som systemadministratör i företaget; bara en sådan kan godkänna ett servicekonto.',
    timeLeft: 'Tid kvar',
    requestedScopes: 'Begärda behörigheter:',
    showWindow: 'Visa inloggningsfönstret',
    startOver: 'Börja om',
    startOverHint: 'Börja om stänger fönstret och öppnar ett nytt med de behörigheter som är valda nu.',
    startOverHintReconnect: 'Börja om stänger fönstret och öppnar ett nytt för samma företag, med samma behörigheter.',
    reconnecting: (company) => `Anslut igen: ${company}`,
    cancel: 'Avbryt',
    succeededHeading: 'Ansluten till Fortnox',
    approvedScopes: 'Fortnox godkände de här behörigheterna:',
    serviceAccountYes: 'Anslutningen använder ett servicekonto.',
    serviceAccountNo: 'Anslutningen använder din egen Fortnox-användare, inte ett servicekonto.',
    fortnoxSaid: 'Fortnox svarade:',
    details: 'Detaljer:',
    blockedAddress: 'Adressen som stoppades:',
    tryAgain: 'Försök igen',
    selectionKept: 'Dina val finns kvar.',
    requestFailed: 'Appen svarade inte. Försök igen; startar det inte, starta om appen.',
    alreadySigningIn:
      'En inloggning pågår redan, så appen visade det fönstret i stället. Avsluta eller avbryt den inloggningen först.',
    exchanging: 'Fortnox godkände. Hämtar nycklar och företagsuppgifter…',
    connectedCompany: (name, organizationNumber, tenantId) =>
      name === null
        ? `Företaget med databasnummer ${tenantId}`
        : organizationNumber === null
          ? name
          : `${name}, org.nr ${organizationNumber}`,
    reconnected: 'Den befintliga anslutningen för företaget uppdaterades.',
    scopesDifferHeading: 'Fortnox beviljade inte exakt det som begärdes',
    scopesNotGranted: 'Begärdes men beviljades inte:',
    scopesNotRequested: 'Beviljades utan att ha begärts:',
    showCompanies: 'Visa anslutna företag',
    wrongCompany: (actual, expected) => `Du loggade in på ${actual}, inte ${expected}`,
    addOtherInstead: (company) => `Lägg till ${company} i stället`,
    reconnectOtherInstead: (company) => `Anslut ${company} igen i stället`,
    discardOther: 'Nej, spara inte',
    otherHeldHint:
      'Inget sparades. Välj inom fem minuter; annars återkallas inloggningen hos Fortnox.',
    otherDiscarded: (company) => `Inloggningen på ${company} sparades inte och har återkallats hos Fortnox.`,
    otherKeepFailed: (company) => `${company} kunde inte läggas till. Anslut företaget på vanligt sätt i stället.`,
    errors: {
      config_invalid: {
        title: 'Inställningarna är inte klara',
        body: 'Inloggningsfönstret öppnades inte eftersom appens Fortnox-inställningar saknas eller är felaktiga. Se problemen överst.',
      },
      state_mismatch: {
        title: 'Svaret hör inte till den här inloggningen',
        body: 'Svaret från Fortnox hör inte till den här inloggningen. Inget sparades; försök igen.',
      },
      access_denied: {
        title: 'Du avböjde anslutningen i Fortnox',
        body: 'Inget anslöts. Var det ett misstag kan du försöka igen och godkänna på Fortnox sida.',
      },
      invalid_scope: {
        title: 'En behörighet är inte aktiverad för integrationen',
        body: 'Integrationen har inte alla valda behörigheter aktiverade i Fortnox utvecklarportal. Aktivera dem där, eller ta bort dem ur urvalet, och försök igen.',
      },
      invalid_request: {
        title: 'Fortnox avvisade inloggningsbegäran',
        body: 'Fortnox godtog inte begäran. Kontrollera appens inställningar, till exempel omdirigeringsadressen, och försök igen.',
      },
      unauthorized_client: {
        title: 'Fortnox godtar inte integrationen',
        body: 'Fortnox känner inte igen integrationens klient-id eller låter den inte ansluta. Kontrollera klient-id och att integrationen är inställd på OAuth2 i Fortnox utvecklarportal.',
      },
      service_account_not_allowed: {
        title: 'Integrationen tillåter inte servicekonton',
        body: 'Slå på servicekonto (”Endast administratör”) för integrationen i Fortnox utvecklarportal, eller anslut utan servicekonto.',
      },
      server_error: {
        title: 'Fortnox har ett tillfälligt fel',
        body: 'Fortnox kunde inte behandla inloggningen just nu. Vänta en stund och försök igen.',
      },
      provider_error: {
        title: 'Fortnox svarade med ett okänt fel',
        body: 'Fortnox svarade med ett fel som appen inte känner till. Inget sparades.',
      },
      no_code: {
        title: 'Fortnox-kontot verkar vara låst',
        body: 'Fortnox skickade varken ett godkännande eller ett fel. Så gör Fortnox när kontot är låst, till exempel på grund av en obetald faktura från Fortnox. Logga in direkt i Fortnox för att se orsaken och försök sedan igen.',
      },
      window_closed: {
        title: 'Inloggningsfönstret stängdes',
        body: 'Fönstret stängdes innan anslutningen godkändes. Inget sparades.',
      },
      load_failed: {
        title: 'Fortnox inloggningssida gick inte att läsa in',
        body: 'Kontrollera internetanslutningen och försök igen.',
      },
      navigation_blocked: {
        title: 'Inloggningssidan försökte lämna Fortnox',
        body: 'Sidan försökte öppna en adress utanför Fortnox, så appen stoppade inloggningen för din säkerhet. Inget sparades.',
      },
      timeout: {
        title: 'Inloggningen blev inte klar inom 10 minuter',
        body: 'Ett godkännande från Fortnox gäller bara i 10 minuter, så inloggningen stoppades. Inget sparades; försök igen.',
      },
      superseded: {
        title: 'Inloggningen ersattes',
        body: 'Den här inloggningen ersattes av en ny när du började om.',
      },
      cancelled: {
        title: 'Inloggningen avbröts',
        body: 'Du avbröt inloggningen. Inget sparades.',
      },
      app_quit: {
        title: 'Appen stängdes under inloggningen',
        body: 'Appen stängdes medan inloggningsfönstret var öppet. Inget sparades; försök igen.',
      },
      exchange_failed: {
        title: 'Fortnox godkände, men anslutningen kunde inte slutföras',
        body: 'Appen kunde inte hämta nycklarna eller företagsuppgifterna från Fortnox. Inget sparades; försök igen.',
      },
      wrong_company: {
        title: 'Fel företag',
        body: 'Inloggningen gällde ett annat företag än det du ansluter igen, så den befintliga anslutningen är orörd. Försök igen och välj rätt företag i Fortnox.',
      },
    },
  },
  nav: {
    label: 'Huvudmeny',
    views: {
      companies: 'Företag',
      connect: 'Anslut',
      batch: 'Anslut flera',
      tools: 'Verktyg',
      settings: 'Inställningar',
      activity: 'Aktivitet',
      clients: 'Klienter',
    },
  },
  issues: {
    invalid_grant:
      'Fortnox godtar inte längre anslutningens inloggning: förnyelsetoken har redan använts, har gått ut eller har återkallats. Anslut företaget igen och logga in i Fortnox på nytt.',
    refresh_token_expired:
      'Anslutningen förnyades inte inom 45 dagar, så förnyelsetoken har gått ut. Anslut företaget igen.',
    revoked:
      'Anslutningen har tagits bort i Fortnox (under Hantera integrationer). Anslut företaget igen om integrationen ska fortsätta.',
    invalid_client:
      'Fortnox godtar inte integrationens klient-id eller klienthemlighet. Kontrollera dem under Inställningar.',
    client_secret_missing:
      'Ingen klienthemlighet är angiven, så appen kan inte hämta nycklar från Fortnox. Ange den under Inställningar.',
    rate_limited:
      'Fortnox tar emot för många anrop just nu (HTTP 429). Appen väntar och försöker igen av sig själv.',
    network: 'Appen fick ingen kontakt med Fortnox. Kontrollera internetanslutningen; appen försöker igen.',
    timeout: 'Fortnox svarade inte i tid. Försök igen om en stund.',
    server_error: 'Fortnox har ett tillfälligt serverfel. Försök igen om en stund.',
    invalid_response: 'Svaret från Fortnox gick inte att tolka. Försök igen om en stund.',
    oauth_error: 'Fortnox avvisade begäran med ett inloggningsfel.',
    missing_scope:
      'Anslutningen saknar en behörighet som behövs. Välj Ändra behörigheter… och lägg till den (till exempel companyinformation).',
    no_license:
      'Företaget saknar licens i Fortnox för en av behörigheterna. Företaget behöver beställa licensen (och integrationslicensen) i Fortnox.',
    unauthorized: 'Fortnox godtog inte åtkomsttoken. Appen förnyar den; fortsätter felet, anslut företaget igen.',
    undecryptable:
      'Nycklarna för anslutningen går inte att läsa på den här datorn, till exempel efter att nyckelringen återställts. Anslut företaget igen.',
    unknown_company:
      'Fortnox talade inte om vilket företag anslutningen gäller. Försök igen; fortsätter det, kontakta Fortnox.',
    tenant_mismatch:
      'Nycklarna och företagsuppgifterna från Fortnox gällde olika företag, så anslutningen sparades inte och nycklarna återkallades. Försök igen; fortsätter det, kontakta Fortnox.',
    refresh_token_missing:
      'Offlineåtkomst begärdes, men Fortnox skickade ingen förnyelsetoken. Utan den skulle anslutningen sluta fungera inom en timme, så den sparades inte. Försök igen; fortsätter det, kontakta Fortnox.',
    access_only_ended:
      'Anslutningen gjordes utan offlineåtkomst och slutade fungera när åtkomsttoken gick ut efter en timme. Anslut igen med offlineåtkomst.',
    response_too_large:
      'Svaret från Fortnox var orimligt stort och lästes inte. Försök igen om en stund; fortsätter det, kontrollera att appen verkligen har kontakt med Fortnox (proxyinställningar eller angivna adresser).',
    firm_server_key_missing: 'Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.',
    firm_key_scope_required:
      'Byråns server kräver en integrationsnyckels behörighet för anropet, och inloggningen räcker inte. Kontakta byråns IT.',
    firm_signed_out: 'Byråns server godtar inte längre inloggningen. Logga in igen under Inställningar.',
    firm_role_required: 'Ditt konto på byråns server får inte göra det här. Kontakta byråns administratör.',
    firm_redirect_uri_not_allowed:
      'Byråns server tar inte emot inloggningar med den här omdirigeringsadressen. Kontakta byråns IT.',
    firm_request_refused:
      'Byråns server avvisade begäran från appen. Appen och servern kan ha olika versioner; uppdatera appen eller kontakta byråns IT.',
    firm_server_error: 'Något gick fel på byråns server. Försök igen om en stund, eller kontakta byråns IT.',
    firm_too_many_requests: 'Byråns server tar emot för många förfrågningar just nu. Vänta en stund och försök igen.',
    firm_company_not_found: 'Byråns server har inte det här företaget längre. Listan uppdateras.',
  },
  storage: {
    memoryHeading: 'Nycklarna sparas bara under den här sessionen',
    memoryReasons: {
      basic_text:
        'Datorn har ingen nyckelring som appen kan kryptera med (Linux föll tillbaka på lagringen ”basic_text”, som inte skyddar något). Installera eller lås upp GNOME Keyring (gnome-keyring) eller KWallet och starta om appen. Tills dess måste företagen anslutas igen varje gång appen startas.',
      unavailable:
        'Den här datorn erbjuder ingen riktig kryptering, så nycklar och klienthemlighet sparas inte på disk. När appen startas om måste företagen anslutas igen.',
      error:
        'Krypteringen på den här datorn gav ett fel, så nycklar och klienthemlighet sparas inte på disk. När appen startas om måste företagen anslutas igen.',
      none: 'Nycklar och klienthemlighet sparas inte på disk. När appen startas om måste företagen anslutas igen.',
    },
    memoryToolKeys: 'Nycklar som du skapar för verktyg slutar också att fungera när appen startas om.',
    problemsHeading: 'En fil med appens uppgifter var skadad',
    fileNames: {
      companies: 'Filen med anslutna företag',
      secrets: 'Filen med sparade nycklar',
    },
    problems: {
      corrupt: (file, backup) =>
        backup === null ? `${file} var skadad.` : `${file} var skadad och har sparats undan som ${backup}.`,
      unreadable: (file, backup) =>
        backup === null
          ? `${file} gick inte att läsa.`
          : `${file} gick inte att läsa och har sparats undan som ${backup}.`,
      newer_version: (file, backup) =>
        backup === null
          ? `${file} är skriven av en nyare version av appen.`
          : `${file} är skriven av en nyare version av appen och har sparats undan som ${backup}.`,
      too_large: (file) =>
        `${file} är orimligt stor och lästes inte. Den har lämnats orörd; flytta eller ta bort den och starta om appen.`,
      not_a_file: (file) =>
        `${file} är ingen vanlig fil (till exempel en mapp, en namngiven pipe eller en länk till en enhet) och lästes inte. Ta bort den och starta om appen.`,
    },
    consequences: {
      companies: 'Anslutningarna i den visas inte och måste anslutas igen.',
      secrets:
        'Anslutningarna vars nycklar fanns i den måste anslutas igen, och en sparad klienthemlighet måste anges igen.',
    },
    encrypted: 'Nycklar och klienthemlighet sparas krypterat med operativsystemets nyckelring.',
  },
  companies: {
    heading: 'Anslutna företag',
    loading: 'Läser in anslutna företag …',
    loadFailed: 'Listan över anslutna företag kunde inte läsas.',
    retry: 'Försök läsa igen',
    listLabel: 'Anslutna företag',
    count: (shown, total) =>
      shown === total
        ? total === 1
          ? '1 företag'
          : `${svNumber(total)} företag`
        : `Visar ${svNumber(shown)} av ${svNumber(total)} företag`,
    filterLabel: 'Sök företag',
    filterPlaceholder: 'namn, organisationsnummer, databasnummer eller behörighet',
    statusFilterLabel: 'Status',
    statusAll: (count) => `Alla (${svNumber(count)})`,
    statusOption: (status, count) => `${status} (${svNumber(count)})`,
    sortLabel: 'Sortera',
    sortOptions: {
      'attention-asc': 'Det som behöver åtgärdas först, sedan namn',
      'name-asc': 'Namn A–Ö',
      'name-desc': 'Namn Ö–A',
      'status-asc': 'Status, det som behöver åtgärdas först',
      'connected-desc': 'Ansluten, senast först',
      'connected-asc': 'Ansluten, äldst först',
      'refreshed-desc': 'Senast förnyad, senast först',
      'refreshed-asc': 'Senast förnyad, äldst först',
    },
    noMatch: 'Inga företag matchar sökningen.',
    clearFilters: 'Visa alla företag',
    emptyHeading: 'Inga företag är anslutna ännu',
    emptyBody: [
      'Fortnox Connector kopplar dina klienters Fortnox-företag till integrationen. Du loggar in i Fortnox, väljer företaget och godkänner behörigheterna.',
      'Sedan håller appen anslutningen vid liv genom att förnya nycklarna i tid, och här ser du varje anslutet företag och dess status.',
    ],
    emptyButton: 'Anslut ett företag',
    unnamed: 'Namn saknas',
    companyWithTenant: (tenantId) => `företaget med databasnummer ${tenantId}`,
    organizationNumber: 'Org.nr',
    noOrganizationNumber: 'saknas',
    tenantId: 'Databasnummer',
    accountTypes: { user: 'Användare', service: 'Servicekonto' },
    keptAliveBy: {
      client_credentials: 'Förnyas med servicekontots inloggning, utan 45-dagarsgräns',
      refresh_token: 'Förnyas med förnyelsetoken: servicekontots inloggning nekades',
    },
    scopes: 'Behörigheter:',
    noScopes: 'inga',
    notGranted: 'Begärda men inte beviljade:',
    notRequested: 'Beviljade utan att ha begärts:',
    connectedAt: 'Ansluten',
    lastRefreshed: 'Senast förnyad',
    neverRefreshed: 'Inte förnyad ännu',
    lastTested: 'Testad',
    lastTestResult: (ok) => (ok ? ': fungerade' : ': misslyckades'),
    renewBy: (date) => `Förnya senast ${date}`,
    renewSoon:
      'Anslutningen upphör om den inte förnyas före detta datum. Låt appen vara igång med internetanslutning så förnyas den, annars behöver företaget anslutas igen.',
    renewNotNeeded: 'Förnya senast: behövs inte (servicekontots inloggning)',
    shownFromAlert: (count) => (count === 1 ? 'Visar företaget från aviseringen.' : `Visar de ${count} företagen från aviseringen.`),
    showAll: 'Visa alla',
    statusLabel: 'Status:',
    statuses: {
      active: 'Aktiv',
      refreshing: 'Förnyas',
      needs_reconnect: 'Behöver anslutas igen',
      error: 'Fel',
      access_only: 'Utan offlineåtkomst',
    },
    fortnoxSaid: 'Fortnox svarade:',
    accessOnlyEnds: 'Förnyas inte (ingen offlineåtkomst); slutar fungera',
    actions: {
      test: 'Testa anslutning',
      testing: 'Testar …',
      reconnect: 'Anslut igen',
      reconnectOtherScopes: 'Ändra behörigheter…',
      reconnectOffline: 'Anslut igen med offlineåtkomst',
      disconnect: 'Koppla från',
      copy: 'Kopiera uppgifter',
    },
    testOk: (company) => (company === null ? 'Anslutningen fungerar.' : `Anslutningen fungerar: ${company}`),
    testFailed: 'Testet misslyckades:',
    copied: 'Kopierat',
    copyFailed: 'Uppgifterna kunde inte kopieras.',
    requestFailed: 'Appen svarade inte. Försök igen.',
    announce: (company, text) => `${company}: ${text}`,
    dialog: {
      title: (company) => `Koppla från ${company}?`,
      body: 'Appen ber Fortnox återkalla anslutningen och tar bort nycklarna från den här datorn. Integrationen kan sedan inte längre arbeta med företaget förrän någon ansluter det igen.',
      confirm: 'Koppla från',
      cancel: 'Avbryt',
    },
    disconnected: (company) => `${company} är frånkopplat, och Fortnox har återkallat anslutningen.`,
    disconnectedLocally: (company) =>
      `${company} togs bort från appen, men Fortnox kunde inte meddelas.`,
    removeInFortnox:
      'Ta bort integrationen i Fortnox också: logga in i företaget och ta bort den under Hantera integrationer. Annars ser Fortnox den fortfarande som ansluten.',
    disconnectFailed: (company) => `${company} kunde inte kopplas från. Anslutningen finns kvar.`,
    disconnecting: (company) => `Kopplar från ${company} …`,
    dismiss: 'Stäng meddelandet',
  },
  companyTable: svCompanyTable,
  attention: {
    heading: 'Behöver åtgärdas',
    intro: 'De här anslutningarna kunde inte läsas in som vanliga företag. Koppla från dem, eller återställ en okänd anslutning.',
    listLabel: 'Anslutningar som behöver åtgärdas',
    damagedTitle: (company) => (company === null ? 'Skadad post: okänt företag' : `Skadad post: ${company}`),
    damagedBody: 'Uppgifterna om företaget på den här datorn är skadade och kan inte användas. Koppla från och anslut företaget igen.',
    damagedFields: 'Fält som inte kunde läsas:',
    damagedNoTokens: 'Inga nycklar finns kvar för posten, så Fortnox kan inte meddelas härifrån.',
    unknownTitle: (company) => `Okänd anslutning: ${company}`,
    unknownBody: 'Nycklar till Fortnox finns sparade, men uppgifterna om företaget saknas. Återställ för att fråga Fortnox vilket företag det är, eller koppla från.',
    unknownUnreadable: 'Nycklarna kan inte läsas på den här datorn, så anslutningen kan bara tas bort.',
    damagedUnnamed: 'det skadade företaget',
    restore: 'Återställ',
    restoring: 'Återställer …',
    restored: (company) => `${company} är återställt och visas nu bland de anslutna företagen.`,
    restoreFailed: {
      not_found: 'Anslutningen finns inte längre.',
      tenant_mismatch: 'Nycklarna hör till ett annat företag än det de är sparade under, så de återställs inte. Koppla från anslutningen.',
      fortnox: 'Fortnox kunde inte säga vilket företag det är.',
      not_saved: 'Företaget kunde inte sparas på den här datorn. Försök igen.',
    },
    disconnect: 'Koppla från',
    dialogBody: 'Appen ber Fortnox återkalla anslutningen och tar bort nycklarna och posten från den här datorn.',
    dialogBodyNoTokens: 'Posten tas bort från den här datorn. Fortnox kan inte meddelas eftersom inga nycklar finns kvar.',
    omitted: (count) =>
      `${svNumber(count)} ${svPlural.select(count) === 'one' ? 'anslutning' : 'anslutningar'} visas inte: appen visar högst ${svNumber(MAX_LISTED_COMPANIES)} företag. De som behöver åtgärdas visas först.`,
  },
  settings: {
    heading: 'Inställningar',
    loading: 'Läser in inställningarna …',
    loadFailed: 'Inställningarna kunde inte läsas.',
    retry: 'Försök läsa igen',
    clientHeading: 'Integrationen i Fortnox',
    clientIntro: 'Värdena finns hos integrationen i Fortnox utvecklarportal.',
    clientIdLabel: 'Klient-id (client id)',
    redirectUriLabel: 'Omdirigeringsadress (redirect URI)',
    redirectUriHint: 'Måste vara exakt samma adress som är registrerad för integrationen i Fortnox utvecklarportal.',
    fromEnvironment: (variable) => `Anges av miljövariabeln ${variable} och kan inte ändras här.`,
    lockedByManaged: 'Låst av IT-avdelningens hanterade konfiguration och kan inte ändras här.',
    allLocked:
      'Båda värdena är låsta av miljövariabler eller av IT-avdelningens hanterade konfiguration och kan inte ändras här.',
    save: 'Spara inställningarna',
    saving: 'Sparar …',
    saved: 'Inställningarna sparades.',
    notSaved: 'Inställningarna sparades inte. Rätta det som står vid fälten; det du skrev finns kvar.',
    tooLong: (fieldName, max, length) => `${fieldName} är för lång: högst ${max} tecken, nu ${length}.`,
    secretHeading: 'Klienthemlighet (client secret)',
    secretIntro:
      'Appen behöver klienthemligheten för att hämta och förnya nycklar hos Fortnox. Den visas aldrig igen när den väl är sparad.',
    secretLabel: 'Ny klienthemlighet',
    secretSaved: (date) => `Sparad ${date}`,
    secretFromEnvironment: (variable) =>
      `Anges av miljövariabeln ${variable}. Ta bort variabeln om du vill spara en hemlighet här i stället.`,
    secretManaged:
      'Anges av IT-avdelningens hanterade konfiguration. Hemligheten går att läsa för alla användare på den här datorn. Skriv hellre in klienthemligheten här: då sparas den krypterad bara för din användare och används i stället.',
    secretNotSet: 'Ingen klienthemlighet är sparad.',
    secretSave: 'Spara hemligheten',
    secretRemove: 'Ta bort hemligheten',
    secretSavedNow: 'Klienthemligheten sparades krypterat.',
    secretSavedMemory:
      'Klienthemligheten gäller bara under den här sessionen, eftersom datorn inte erbjuder kryptering. Ange den igen när appen har startats om.',
    secretNotSaved: 'Klienthemligheten kunde inte sparas. Det du skrev finns kvar; försök igen.',
    secretRemoved: 'Klienthemligheten togs bort.',
    secretNotRemoved: 'Klienthemligheten kunde inte tas bort. Försök igen.',
    secretEmpty: 'Skriv in klienthemligheten innan du sparar.',
    secretTooLong: (max, length) => `Klienthemligheten är för lång: högst ${max} tecken, nu ${length}.`,
    secretWhitespace:
      'Klienthemligheten börjar eller slutar med mellanslag. Ta bort dem; en klienthemlighet från Fortnox har inga mellanslag.',
    storageHeading: 'Lagring av nycklar',
    requestFailed: 'Appen svarade inte. Det du skrev finns kvar; försök igen.',
  },
  localApi: {
    heading: 'Lokalt API',
    intro:
      'Program på den här datorn, till exempel skript, Excel och AI-assistenter, kan hämta data från Fortnox genom appen med en nyckel som du skapar under Verktyg. API:et tar bara emot anrop från den här datorn (127.0.0.1).',
    enabledLabel: 'Lokalt API påslaget',
    portLabel: 'Port',
    portHint: (defaultPort) => `Lämna tomt för standardporten ${defaultPort}. Tillåtna portar är 1024–65535.`,
    portInvalid: (typed, defaultPort) =>
      `”${typed}” är ingen port som går att använda. Skriv ett heltal mellan 1024 och 65535, eller lämna fältet tomt för standardporten ${defaultPort}.`,
    lockedByManaged: 'Låst av IT-avdelningens hanterade konfiguration och kan inte ändras här.',
    save: 'Spara det lokala API:ets inställningar',
    saving: 'Sparar …',
    saved: 'Sparat. Det lokala API:et har startats om med de nya inställningarna.',
    savedSessionOnly:
      'Ändringen gäller tills appen avslutas: inställningsfilen kunde inte läsas, så den skrevs inte över.',
    notSavedLocked: 'Inställningen är låst av IT-avdelningen och ändrades inte.',
    requestFailed: 'Appen svarade inte. Det du skrev finns kvar; försök igen.',
    statusLabel: 'Status',
    starting: 'Startar …',
    running: (url) => `Körs på ${url}`,
    portInUse: (port) =>
      `Port ${port} används redan av ett annat program, så det lokala API:et kunde inte starta. Verktyg som är inställda på den här porten kan skicka sina nycklar till det programmet.`,
    portInUseHelp:
      'Välj en annan port här och spara, och ange sedan den nya adressen i dina verktyg. Känner du igen programmet som använder porten kan du i stället avsluta det och välja Försök igen.',
    offByUser: 'Avstängt. Program på datorn kan inte nå Fortnox genom appen.',
    offByManaged: 'Avstängt av din IT-avdelning.',
    failed: (port, code) => `Det lokala API:et kunde inte starta på port ${port} (${code}).`,
    failedHelp: 'Välj Försök igen, eller välj en annan port och spara. Kvarstår felet: kopiera diagnostiken under Support och skicka den till den som hjälper dig.',
    retry: 'Försök igen',
    retrying: 'Försöker …',
    unknown: 'Läser av det lokala API:ets status …',
  },
  help: {
    labels: {
      'developer-portal': 'Så skaffar du klient-id och hemlighet i Fortnox utvecklarportal',
      'manage-integrations': 'Öppna Fortnox hjälp om integrationer',
      scopes: 'Om behörigheter hos Fortnox',
    },
    opensInBrowser: 'Öppnas i webbläsaren.',
    failed: 'Sidan kunde inte öppnas i webbläsaren. Försök igen.',
  },
  setup: {
    heading: 'Kom igång',
    intro: [
      'Fortnox Connector ansluter dina klienters Fortnox-företag till en integration: den app som din byrå har registrerat i Fortnox utvecklarportal.',
      'Innan du kan ansluta ett företag behöver appen integrationens klient-id, omdirigeringsadress och klienthemlighet. De finns hos integrationen i utvecklarportalen; fyll i dem nedan och spara.',
    ],
    checklistHeading: 'Det här behövs',
    steps: {
      clientId: 'Klient-id (client id)',
      redirectUri: 'Omdirigeringsadress (redirect URI)',
      clientSecret: 'Klienthemlighet (client secret)',
    },
    stepStates: { done: 'klart', todo: 'återstår' },
    doneHeading: 'Klart: integrationen är inställd',
    doneBody: 'Nu kan du ansluta dina klienters Fortnox-företag.',
    doneButton: 'Anslut ett företag',
  },
  crash: {
    heading: 'Något gick fel',
    body: 'Fönstret kunde inte visas. Dina anslutningar och inställningar påverkas inte. Ladda om fönstret; om felet kommer tillbaka, kopiera diagnostiken och skicka den till supporten.',
    reload: 'Ladda om',
    reloadFailed: 'Fönstret kunde inte laddas om. Stäng appen och starta den igen.',
  },
  support: {
    heading: 'Support',
    includes:
      'Kopierar version, operativsystem, inställningarna utan hemligheter och de senaste raderna i loggen, att klistra in i ett mejl till supporten. Inga hemligheter eller nycklar tas med.',
  },
  diagnostics: {
    button: 'Kopiera diagnostik',
    copying: 'Kopierar …',
    copied: 'Kopierat',
    copyFailed: 'Diagnostiken kunde inte kopieras. Försök igen.',
    requestFailed: 'Appen svarade inte. Försök igen.',
  },
  technicalDetails: 'Teknisk information',
  about: {
    heading: 'Om Fortnox Connector',
    description: 'Ansluter dina klienters Fortnox-företag till integrationen och håller anslutningarna vid liv.',
    simulator: 'Kör mot Fortnox-simulatorn: ingen riktig Fortnox kontaktas.',
    realFortnox: 'Kör mot den riktiga Fortnox, inte simulatorn.',
  },
  tools: svTools,
  updates: {
    downloading: (version) => (version === null ? 'Hämtar uppdatering …' : `Hämtar uppdatering (version ${version}) …`),
    downloaded: (version) =>
      version === null
        ? 'En uppdatering är hämtad och installeras när du avslutar appen.'
        : `En uppdatering (version ${version}) är hämtad och installeras när du avslutar appen.`,
    disabled: 'Uppdateringar är avstängda i utvecklingsläge.',
    idle: 'Appen söker efter uppdateringar av sig själv.',
    upToDate: (checkedAt) => `Appen är uppdaterad (kontrollerat ${checkedAt}).`,
    checking: 'Söker efter uppdateringar …',
    failed: 'Det gick inte att söka efter uppdateringar just nu. Appen försöker igen senare.',
    unknown: 'Ingen uppgift om uppdateringar ännu.',
  },
  startAtLogin: {
    heading: 'Körs i bakgrunden',
    label: 'Starta vid inloggning',
    description:
      'Appen startar när du loggar in på datorn och ligger i systemfältet (menyraden på Mac), så att anslutningarna hålls vid liv och verktyg kan använda dem även när fönstret är stängt. Att stänga fönstret avslutar inte appen; avsluta med Avsluta i ikonens meny.',
    loading: 'Läser inställningen …',
    readFailed: 'Inställningen för start vid inloggning kunde inte läsas.',
    changeFailed: 'Inställningen kunde inte ändras. Försök igen; på Linux måste mappen ~/.config/autostart gå att skriva i.',
    notes: {
      requires_approval:
        'macOS väntar på ditt godkännande: öppna Systeminställningar > Allmänt > Inloggningsobjekt och slå på Fortnox Connector.',
      not_found: 'macOS hittar inte appen. Flytta Fortnox Connector till mappen Program och försök igen.',
      unsupported: 'Här kan appen inte starta sig själv vid inloggning (till exempel i en utvecklingskörning).',
    },
  },
  activity: {
    heading: 'Aktivitet',
    intro:
      'Varje åtkomsttoken som ett verktyg har fått, varje anrop till Fortnox genom appen och varje nekad begäran. Sparas på den här datorn i 90 dagar, aldrig med tokens, nycklar, innehåll eller frågeparametrar.',
    companyFilter: 'Företag',
    allCompanies: 'Alla företag',
    keyFilter: 'Nyckel',
    allKeys: 'Alla nycklar',
    revokedKey: (name) => `${name} (återkallad)`,
    periodFilter: 'Period',
    periods: { day: 'Senaste dygnet', week: 'Senaste 7 dagarna', month: 'Senaste 30 dagarna', all: 'Alla (90 dagar)' },
    refresh: 'Uppdatera',
    exportCsv: 'Exportera CSV',
    exporting: 'Exporterar …',
    exported: (rows) => `${svNumber(rows)} ${svPlural.select(rows) === 'one' ? 'rad' : 'rader'} sparades.`,
    exportTruncated: (rows) => `Bara de ${svNumber(rows)} senaste raderna sparades. Välj ett snävare filter för att få med resten.`,
    exportCancelled: 'Ingen fil sparades.',
    exportFailed: 'Filen kunde inte sparas. Välj en annan plats och försök igen.',
    noResponse: 'Appen svarade inte. Försök igen.',
    loading: 'Hämtar aktivitet …',
    loadFailed: 'Aktiviteten kunde inte hämtas.',
    retry: 'Försök igen',
    emptyHeading: 'Ingen aktivitet ännu',
    emptyBody: 'När ett verktyg hämtar en åtkomsttoken eller anropar Fortnox genom appen visas det här.',
    noMatch: 'Ingen aktivitet matchar filtret.',
    showMore: 'Visa fler',
    loadingMore: 'Hämtar fler …',
    shownCount: (count, more) =>
      `${svNumber(count)} ${svPlural.select(count) === 'one' ? 'händelse' : 'händelser'} visas${more ? ', det finns fler' : ''}.`,
    damaged: (count) => `${svNumber(count)} skadade ${svPlural.select(count) === 'one' ? 'rad' : 'rader'} i loggen hoppades över.`,
    shownLimit: (max) => `Listan visar högst ${svNumber(max)} händelser. Exportera CSV för att få med alla.`,
    listLabel: 'Aktivitet, senaste först',
    columns: { time: 'Tid', company: 'Företag', key: 'Nyckel', request: 'Begäran', status: 'Status', duration: 'Varaktighet', bytes: 'Data in / ut' },
    kinds: { token: 'Åtkomsttoken', proxy: 'Fortnox-anrop', other: 'Lokalt API' },
    unknownKey: 'Okänd nyckel',
    unknownCompany: (tenantId) => `Databasnummer ${tenantId}`,
    noCompany: '–',
    cutOff: 'avbrutet',
    refusalCount: (count) => `${svNumber(count)} gånger den minuten`,
    dropped: (count) => `${svNumber(count)} händelser kunde inte sparas i loggen sedan appen startade (för många på kort tid). Anrop med giltig nyckel har företräde.`,
    disconnectedCompany: (name, tenantId) => (name === null ? `Databasnummer ${tenantId} (frånkopplat)` : `${name} (databasnummer ${tenantId}, frånkopplat)`),
    errorCodes: svLocalApiErrors,
  },
  clients: svClients,
};

const en: Messages = {
  documentTitle: 'Fortnox Connector',
  shell: enShell,
  appTitle: 'Fortnox Connector',
  appSubtitle: "Connect a client's Fortnox company to the integration",
  languageLabel: 'Språk / Language',
  languageNames: { sv: 'Svenska', en: 'English' },
  simulatorBadge: 'Simulator',
  simulatorExplanation: 'Simulator mode: no real Fortnox is contacted.',
  version: (version) => `Version ${version}`,
  noConnector: 'This page must be opened in the Fortnox Connector app. The connection to the app is missing.',
  appInfoFailed: "The app's settings could not be read. Restart the app and try again.",
  starting: 'Starting …',
  justNow: 'just now',
  fileChooser: { choose: 'Choose file…', none: 'No file chosen' },
  config: {
    heading: 'The settings need fixing',
    intro: 'You cannot connect until these problems are solved:',
    fieldNames: {
      clientId: 'Client id',
      redirectUri: 'The redirect URI',
      authorizeUrl: 'The authorize URL',
      tokenUrl: 'The token URL',
      apiBaseUrl: 'The API base URL',
      signInOrigins: 'The sign-in origins setting',
      signInFrameOrigins: 'The sign-in frame origins setting',
      settingsFile: `The settings file (${SETTINGS_FILE_NAME})`,
      clientSecret: 'The client secret',
      managedFile: 'The managed configuration file from your IT department',
      managedPolicy: "Your IT department's policy in the Windows registry",
      firmServer: 'Firm server',
    },
    problems: {
      missing: (name) => `${name} is missing.`,
      invalid_url: (name) => `${name} is not a valid absolute address (URL).`,
      not_https: (name) =>
        `${name} must use https. Plain http is only accepted for addresses on this computer.`,
      forbidden_url_part: (name) => `${name} must not contain a #fragment, a user name or a password.`,
      invalid_format: (name) => `${name} has characters or a length that cannot be right.`,
      unreadable_file: (name, field) =>
        field === 'managedPolicy'
          ? `${name} could not be read.`
          : field === 'settingsFile' || field === 'managedFile'
          ? `${name} exists but could not be read.`
          : `${name} could not be read because the settings file could not be read.`,
      invalid_file: (name, field) =>
        field === 'managedPolicy'
          ? `${name} has a value with an unknown name or of the wrong type.`
          : field === 'settingsFile' || field === 'managedFile'
          ? `${name} is not valid JSON or does not have the expected shape.`
          : `${name} could not be read because the settings file is not valid JSON or has the wrong shape.`,
      file_too_large: (name, field) =>
        field === 'settingsFile' || field === 'managedFile'
          ? `${name} is larger than 1 MiB, which no settings file can be, and was not read.`
          : `${name} could not be read because the settings file is too large.`,
      not_a_file: (name, field) =>
        field === 'settingsFile' || field === 'managedFile'
          ? `${name} is not an ordinary file (for example a folder, a named pipe or a link to a device) and was not read.`
          : `${name} could not be read because the settings file is not an ordinary file.`,
      locked: (name) => `${name} is locked by your IT department's managed configuration and cannot be changed in the app.`,
      not_protected: (name) =>
        `${name} is not protected and is not used: it must be owned by root (macOS, Linux) or by Administrators or SYSTEM (Windows) and be writable by no one else.`,
    },
    fix: (names, problem, source, field, packaged) => {
      if (field === 'managedFile' && problem === 'not_protected')
        return 'Ask your IT department to protect the file (owner root or Administrators, writable only by them) or to remove it.';
      if (field === 'managedFile') return 'Ask your IT department to correct the managed configuration file.';
      if (field === 'managedPolicy') return 'Ask your IT department to correct the policy under HKLM\\SOFTWARE\\Policies\\Fortnox Connector.';
      if (problem === 'locked') return 'Ask your IT department if the value needs to change.';
      if (source === 'managed') return "The value comes from your IT department's managed configuration; ask them to correct it.";
      if (field === 'firmServer') return 'Sign in under Settings.';
      if (names === null) {
        if (problem === 'unreadable_file')
          return `Check that ${SETTINGS_FILE_NAME} in the app's data folder can be read, or remove the file.`;
        if (problem === 'file_too_large' || problem === 'not_a_file')
          return `Delete ${SETTINGS_FILE_NAME} in the app's data folder and enter the settings again.`;
        return `Correct ${SETTINGS_FILE_NAME} in the app's data folder: it must be a JSON object with only the keys ${SETTINGS_KEYS.join(', ')}.`;
      }
      const { environment, settingsKey } = names;
      if (settingsKey === null) {
        if (source === 'environment') return `Check the environment variable ${environment}.`;
        if (packaged) return 'Enter it under Settings in the app.';
        return `Enter it under Settings in the app (or in the environment variable ${environment}).`;
      }
      if (problem === 'missing' || source === 'default')
        return `Set ${environment} or add ${settingsKey} to the settings file.`;
      if (source === 'environment') return `Check the environment variable ${environment}.`;
      return `Check ${settingsKey} in the settings file.`;
    },
    sourceLabel: 'Source',
    sources: {
      managed: 'managed configuration (IT department)',
      environment: 'environment variable',
      'settings-file': 'settings file',
      default: 'default value',
    },
  },
  picker: {
    heading: 'Choose scopes',
    intro:
      "Choose what the integration may do in the company's Fortnox. Every scope gives both read and write access; Fortnox has no read-only scopes. The company also needs the licence for each module.",
    filterLabel: 'Filter scopes',
    filterPlaceholder: 'for example invoice',
    matchCount: (count) => (count === 1 ? '1 scope shown' : `${count} scopes shown`),
    noMatch: (query) => `No scopes match “${query}”.`,
    clearFilter: 'Clear filter',
    presetsHeading: 'Quick picks',
    presetsIntro: 'A quick pick replaces your current selection.',
    presetScopes: (scopes) => `Selects: ${scopes}`,
    clearAll: 'Clear all',
    selectAllVisible: 'Select all',
    selectAllName: (group) => `Select all in ${group}`,
    groupCount: (selected, total) => `${selected} of ${total} selected`,
    notOnScopesPage: "Not on Fortnox's scopes page",
    notOnScopesPageExplanation:
      "This scope is in a Fortnox SDK but not on Fortnox's scopes page; it is not confirmed that Fortnox accepts it.",
  },
  scopeProfiles: {
    selectAllLeavesOut: (labels) =>
      `Select all leaves out ${labels} (missing from Fortnox's scopes page, or deleting vouchers); tick them one by one if the integration needs them.`,
    ownTag: 'own',
    managedTag: 'IT department',
    managedName: "IT department's profile",
    saveAs: 'Save as profile …',
    rename: 'Rename …',
    remove: 'Delete profile',
    nameLabel: 'Profile name',
    saveNew: 'Save profile',
    saveRename: 'Save name',
    cancel: 'Cancel',
    nameMissing: 'Give the profile a name.',
    nameTooLong: (max, length) => `The name can be at most ${max} characters (now ${length}).`,
    problems: {
      name_invalid: 'The name must be one line of 1–60 ordinary characters.',
      name_taken: 'A profile with that name already exists. Choose another.',
      too_many: (max) => `You can have at most ${max} profiles of your own. Delete one before you save a new one.`,
      not_found: 'The profile no longer exists.',
      locked: 'The scopes are locked by your IT department.',
      not_saved: 'The profile could not be saved in the settings file. Try again.',
    },
    saved: (name) => `Profile “${name}” saved.`,
    renamed: (name) => `The profile is now called “${name}”.`,
    removed: (name) => `Profile “${name}” deleted.`,
    removeDialog: {
      title: (name) => `Delete profile “${name}”?`,
      body: 'The profile is removed from the app. Companies already connected keep their scopes.',
      confirm: 'Delete profile',
      cancel: 'Cancel',
    },
    locked: (name) =>
      `Your IT department has locked the scopes to profile “${name}” in the managed configuration, so that every company is connected with the same scopes. They cannot be changed here; ask your IT department if something needs to change.`,
    lockedShort: 'Locked by your IT department',
    summaryHeading: 'What the integration may do',
    summaryProfile: (name) => `Profile: ${name}`,
    summaryCustom: 'Your own choice (no profile)',
    summaryNone: 'No scope is selected.',
    summaryScopes: (labels) => `Read and change ${enList(labels)} in the company's Fortnox.`,
    summaryDeleteVoucher: 'It may also delete vouchers.',
    details: 'Details',
    wireNamesHeading: 'Scopes requested (the scope parameter)',
    requestHeading: 'How the request is sent to Fortnox',
    requestNote: 'The rest of the address (client id, redirect URI and a one-time code, state) is added when the sign-in window opens.',
    deleteVoucher: {
      title: 'Let the integration delete vouchers?',
      body: "The deletevoucher scope lets the integration delete vouchers from the company's bookkeeping. A deleted voucher cannot be brought back, and bookkeeping is normally corrected with a new voucher instead. Choose it only if the integration really must be able to delete.",
      confirm: 'Yes, let it delete vouchers',
      cancel: 'Cancel',
    },
    refusedTag: 'Fortnox did not accept this scope',
    refusedNamed: (labels) => `Fortnox did not accept ${labels}. The scope is not enabled for the integration in Fortnox's Developer Portal.`,
    refusedUnknown: "Fortnox did not say which scope it was. Compare the scopes under Details with those enabled for the integration in Fortnox's Developer Portal.",
    removeAndRetry: 'Remove it and try again',
    settingsHeading: 'Default profile',
    settingsIntro: 'The profile Connect starts with until you choose another. The app then remembers the one you used last.',
    settingsLabel: 'Profile to start with',
    settingsNone: 'None (company information only)',
    settingsSave: 'Save default profile',
    settingsSaved: 'Default profile saved.',
    settingsManaged: "Your IT department's managed configuration sets the profile to start with, so it cannot be changed here.",
    settingsManagedLocked: 'Your IT department has locked the scopes in the managed configuration, so every company is connected with the same profile.',
    loadFailed: 'The profiles could not be read. The quick picks still work.',
  },
  connect: {
    heading: 'Connection',
    selectedCount: (selected, total) => `${selected} of ${total} selected`,
    optionsLegend: 'Options',
    offlineLabel: 'Offline access',
    offlineDescription:
      'Lets the integration keep working when nobody is signed in: Fortnox issues a refresh token.',
    serviceLabel: 'Service account',
    serviceDescription:
      'Connects the integration to a service account instead of your own user. Only a system administrator of the company can approve it, and there is one service account per integration and company.',
    companyInfoWarning:
      'Without companyinformation the app cannot tell which company was connected. Keep it unless you have a particular reason.',
    addCompanyInfo: 'Select companyinformation again',
    signInAt: 'You sign in to Fortnox at',
    button: 'Connect to Fortnox',
    reconnectNotice: (company) =>
      `You are reconnecting ${company}. The scopes the company requested last time are preselected; change them and press the button below.`,
    reconnectButton: (company) => `Reconnect ${company}`,
    cancelReconnect: 'Connect another company instead',
    blockers: {
      loading: "Loading the app's settings …",
      'app-info-failed': "You cannot connect: the app's settings could not be read.",
      'config-invalid': 'You cannot connect until the settings are fixed (see the top of the page).',
      'no-scopes': 'Choose at least one scope to connect.',
      'signing-in': 'A sign-in is already in progress. Use the buttons under Status above.',
      starting: 'Opening the sign-in window …',
      exchanging: 'Fortnox has approved and the app is fetching the keys. Wait until it is done.',
    },
  },
  flow: {
    heading: 'Status',
    idle: 'Not connected yet. Choose scopes and press Connect to Fortnox.',
    signingInHeading: 'Sign in to Fortnox in the window that opened',
    signInLocation: 'The sign-in window shows',
    signInLocationSecure: 'secure connection (https)',
    signInLocationInsecure: '(unencrypted connection, http)',
    signInLocationPending: 'no address yet',
    signingInHelp: 'Choose the company and approve the access there.',
    signingInServiceAccount:
      'Sign in as a system administrator of the company; only they can approve a service account.',
    timeLeft: 'Time left',
    requestedScopes: 'Requested scopes:',
    showWindow: 'Show sign-in window',
    startOver: 'Start over',
    startOverHint: 'Start over closes the window and opens a new one with the scopes selected now.',
    startOverHintReconnect: 'Start over closes the window and opens a new one for the same company, with the same scopes.',
    reconnecting: (company) => `Reconnect: ${company}`,
    cancel: 'Cancel',
    succeededHeading: 'Connected to Fortnox',
    approvedScopes: 'Fortnox approved these scopes:',
    serviceAccountYes: 'The connection uses a service account.',
    serviceAccountNo: 'The connection uses your own Fortnox user, not a service account.',
    fortnoxSaid: 'Fortnox said:',
    details: 'Details:',
    blockedAddress: 'Blocked address:',
    tryAgain: 'Try again',
    selectionKept: 'Your selection is kept.',
    requestFailed: 'The app did not respond. Try again; if nothing happens, restart the app.',
    alreadySigningIn:
      'A sign-in is already in progress, so the app showed that window instead. Finish or cancel that sign-in first.',
    exchanging: 'Fortnox approved. Fetching keys and company details…',
    connectedCompany: (name, organizationNumber, tenantId) =>
      name === null
        ? `The company with database number ${tenantId}`
        : organizationNumber === null
          ? name
          : `${name}, org. no. ${organizationNumber}`,
    reconnected: "The company's existing connection was updated.",
    scopesDifferHeading: 'Fortnox did not grant exactly what was requested',
    scopesNotGranted: 'Requested but not granted:',
    scopesNotRequested: 'Granted without being requested:',
    showCompanies: 'Show connected companies',
    wrongCompany: (actual, expected) => `You signed in to ${actual}, not ${expected}`,
    addOtherInstead: (company) => `Add ${company} instead`,
    reconnectOtherInstead: (company) => `Reconnect ${company} instead`,
    discardOther: "No, don't save it",
    otherHeldHint: 'Nothing was saved. Choose within five minutes; otherwise the sign-in is revoked at Fortnox.',
    otherDiscarded: (company) => `The sign-in to ${company} was not saved and has been revoked at Fortnox.`,
    otherKeepFailed: (company) => `${company} could not be added. Connect the company the usual way instead.`,
    errors: {
      config_invalid: {
        title: 'The settings are not complete',
        body: "The sign-in window was not opened because the app's Fortnox settings are missing or invalid. See the problems at the top.",
      },
      state_mismatch: {
        title: 'The answer does not belong to this sign-in',
        body: 'The answer from Fortnox does not belong to this sign-in. Nothing was saved; try again.',
      },
      access_denied: {
        title: 'You declined the connection in Fortnox',
        body: "Nothing was connected. If that was a mistake, try again and approve on Fortnox's page.",
      },
      invalid_scope: {
        title: 'A scope is not enabled for the integration',
        body: "The integration does not have one of the selected scopes enabled in Fortnox's developer portal. Enable it there, or remove it from the selection, and try again.",
      },
      invalid_request: {
        title: 'Fortnox rejected the sign-in request',
        body: "Fortnox did not accept the request. Check the app's settings, such as the redirect URI, and try again.",
      },
      unauthorized_client: {
        title: 'Fortnox does not accept the integration',
        body: "Fortnox does not recognise the integration's client id or does not let it connect. Check the client id and that the integration is set to OAuth2 in Fortnox's developer portal.",
      },
      service_account_not_allowed: {
        title: 'The integration does not allow service accounts',
        body: "Turn on service accounts (\u201cOnly administrator\u201d) for the integration in Fortnox's developer portal, or connect without a service account.",
      },
      server_error: {
        title: 'Fortnox has a temporary problem',
        body: 'Fortnox could not handle the sign-in just now. Wait a moment and try again.',
      },
      provider_error: {
        title: 'Fortnox answered with an unknown error',
        body: 'Fortnox answered with an error this app does not know. Nothing was saved.',
      },
      no_code: {
        title: 'The Fortnox account seems to be locked',
        body: 'Fortnox sent back neither an approval nor an error. Fortnox does that when the account is locked, for example because of an unpaid invoice from Fortnox. Sign in to Fortnox directly to see why, then try again.',
      },
      window_closed: {
        title: 'The sign-in window was closed',
        body: 'The window was closed before the connection was approved. Nothing was saved.',
      },
      load_failed: {
        title: "Fortnox's sign-in page could not be loaded",
        body: 'Check the internet connection and try again.',
      },
      navigation_blocked: {
        title: 'The sign-in page tried to leave Fortnox',
        body: 'The page tried to open an address outside Fortnox, so the app stopped the sign-in for your safety. Nothing was saved.',
      },
      timeout: {
        title: 'The sign-in was not finished within 10 minutes',
        body: 'An approval from Fortnox is only valid for 10 minutes, so the sign-in was stopped. Nothing was saved; try again.',
      },
      superseded: {
        title: 'The sign-in was replaced',
        body: 'This sign-in was replaced by a new one when you started over.',
      },
      cancelled: {
        title: 'The sign-in was cancelled',
        body: 'You cancelled the sign-in. Nothing was saved.',
      },
      app_quit: {
        title: 'The app was closed during the sign-in',
        body: 'The app was closed while the sign-in window was open. Nothing was saved; try again.',
      },
      exchange_failed: {
        title: 'Fortnox approved, but the connection could not be completed',
        body: 'The app could not fetch the keys or the company details from Fortnox. Nothing was saved; try again.',
      },
      wrong_company: {
        title: 'Wrong company',
        body: 'The sign-in was for another company than the one you are reconnecting, so its existing connection is untouched. Try again and choose the right company in Fortnox.',
      },
    },
  },
  nav: {
    label: 'Main menu',
    views: {
      companies: 'Companies',
      connect: 'Connect',
      batch: 'Connect several',
      tools: 'Tools',
      settings: 'Settings',
      activity: 'Activity',
      clients: 'Clients',
    },
  },
  issues: {
    invalid_grant:
      'Fortnox no longer accepts this connection: its refresh token was already used, has expired or was revoked. Sign in to Fortnox again to reconnect the company.',
    refresh_token_expired:
      'The connection was not renewed within 45 days, so its refresh token has expired. Reconnect the company.',
    revoked:
      'The connection was removed in Fortnox (under Manage integrations). Reconnect the company if the integration should continue.',
    invalid_client:
      "Fortnox does not accept the integration's client id or client secret. Check them under Settings.",
    client_secret_missing:
      'No client secret is set, so the app cannot fetch keys from Fortnox. Enter it under Settings.',
    rate_limited: 'Fortnox is receiving too many requests right now (HTTP 429). The app waits and retries by itself.',
    network: 'The app could not reach Fortnox. Check the internet connection; the app will try again.',
    timeout: 'Fortnox did not answer in time. Try again in a while.',
    server_error: 'Fortnox has a temporary server error. Try again in a while.',
    invalid_response: "Fortnox's answer could not be understood. Try again in a while.",
    oauth_error: 'Fortnox rejected the request with a sign-in error.',
    missing_scope:
      'The connection lacks a scope that is needed. Choose Change scopes… and add it (for example companyinformation).',
    no_license:
      'The company has no Fortnox licence for one of the scopes. The company needs to order the licence (and the integration licence) in Fortnox.',
    unauthorized: 'Fortnox did not accept the access token. The app renews it; if the error continues, reconnect the company.',
    undecryptable:
      "The connection's keys cannot be read on this computer, for example after the keychain was reset. Reconnect the company.",
    unknown_company: 'Fortnox did not say which company the connection belongs to. Try again; if it continues, contact Fortnox.',
    tenant_mismatch:
      "The keys and company details from Fortnox named different companies, so the connection was not saved and the keys were revoked. Try again; if it continues, contact Fortnox.",
    refresh_token_missing:
      'Offline access was requested, but Fortnox sent no refresh token. Without one the connection would stop working within an hour, so it was not saved. Try again; if it continues, contact Fortnox.',
    access_only_ended:
      'The connection was made without offline access and stopped working when its access token ended after one hour. Reconnect with offline access.',
    response_too_large:
      "Fortnox's answer was unreasonably large and was not read. Try again in a while; if it continues, check that the app really reaches Fortnox (proxy settings or configured addresses).",
    firm_server_key_missing: "Your firm's server cannot read its keys right now. Contact IT.",
    firm_key_scope_required:
      "Your firm's server needs an integration key's right for this call, and the sign-in is not enough. Contact your firm's IT.",
    firm_signed_out: "Your firm's server no longer accepts the sign-in. Sign in again under Settings.",
    firm_role_required: "Your account on your firm's server may not do this. Contact your firm's administrator.",
    firm_redirect_uri_not_allowed: "Your firm's server does not accept sign-ins with this redirect URI. Contact your firm's IT.",
    firm_request_refused:
      "Your firm's server refused the app's request. The app and the server may be different versions; update the app or contact your firm's IT.",
    firm_server_error: "Something went wrong on your firm's server. Try again in a while, or contact your firm's IT.",
    firm_too_many_requests: "Your firm's server is getting too many requests right now. Wait a while and try again.",
    firm_company_not_found: "Your firm's server no longer has this company. The list is updated.",
  },
  storage: {
    memoryHeading: 'Keys are kept for this session only',
    memoryReasons: {
      basic_text:
        'This computer has no keyring the app can encrypt with (Linux fell back to the “basic_text” storage, which protects nothing). Install or unlock GNOME Keyring (gnome-keyring) or KWallet and restart the app. Until then, the companies must be reconnected every time the app starts.',
      unavailable:
        'This computer offers no real encryption, so keys and the client secret are not saved to disk. When the app restarts, the companies must be reconnected.',
      error:
        "This computer's encryption failed, so keys and the client secret are not saved to disk. When the app restarts, the companies must be reconnected.",
      none: 'Keys and the client secret are not saved to disk. When the app restarts, the companies must be reconnected.',
    },
    memoryToolKeys: 'Keys you make for tools also stop working when the app restarts.',
    problemsHeading: "A file with the app's data was damaged",
    fileNames: {
      companies: 'The file of connected companies',
      secrets: 'The file of saved keys',
    },
    problems: {
      corrupt: (file, backup) =>
        backup === null ? `${file} was damaged.` : `${file} was damaged and was kept aside as ${backup}.`,
      unreadable: (file, backup) =>
        backup === null ? `${file} could not be read.` : `${file} could not be read and was kept aside as ${backup}.`,
      newer_version: (file, backup) =>
        backup === null
          ? `${file} was written by a newer version of the app.`
          : `${file} was written by a newer version of the app and was kept aside as ${backup}.`,
      too_large: (file) =>
        `${file} is unreasonably large and was not read. It was left untouched; move or delete it and restart the app.`,
      not_a_file: (file) =>
        `${file} is not an ordinary file (for example a folder, a named pipe or a link to a device) and was not read. Delete it and restart the app.`,
    },
    consequences: {
      companies: 'The connections in it are not shown and must be reconnected.',
      secrets:
        'The connections whose keys were in it must be reconnected, and a saved client secret must be entered again.',
    },
    encrypted: "Keys and the client secret are saved encrypted with the operating system's keyring.",
  },
  companies: {
    heading: 'Connected companies',
    loading: 'Loading connected companies …',
    loadFailed: 'The list of connected companies could not be read.',
    retry: 'Try reading again',
    listLabel: 'Connected companies',
    count: (shown, total) =>
      shown === total
        ? total === 1
          ? '1 company'
          : `${enNumber(total)} companies`
        : `Showing ${enNumber(shown)} of ${enNumber(total)} companies`,
    filterLabel: 'Search companies',
    filterPlaceholder: 'name, organisation number, database number or scope',
    statusFilterLabel: 'Status',
    statusAll: (count) => `All (${enNumber(count)})`,
    statusOption: (status, count) => `${status} (${enNumber(count)})`,
    sortLabel: 'Sort',
    sortOptions: {
      'attention-asc': 'Needs attention first, then name',
      'name-asc': 'Name A–Z',
      'name-desc': 'Name Z–A',
      'status-asc': 'Status, what needs attention first',
      'connected-desc': 'Connected, newest first',
      'connected-asc': 'Connected, oldest first',
      'refreshed-desc': 'Last refreshed, newest first',
      'refreshed-asc': 'Last refreshed, oldest first',
    },
    noMatch: 'No companies match the search.',
    clearFilters: 'Show all companies',
    emptyHeading: 'No companies are connected yet',
    emptyBody: [
      "Fortnox Connector connects your clients' Fortnox companies to the integration. You sign in to Fortnox, choose the company and approve the scopes.",
      'The app then keeps the connection alive by renewing the keys in time, and here you see every connected company and its status.',
    ],
    emptyButton: 'Connect a company',
    unnamed: 'Name missing',
    companyWithTenant: (tenantId) => `the company with database number ${tenantId}`,
    organizationNumber: 'Org. no.',
    noOrganizationNumber: 'missing',
    tenantId: 'Database number',
    accountTypes: { user: 'User', service: 'Service account' },
    keptAliveBy: {
      client_credentials: "Kept alive with the service account's credentials, no 45-day limit",
      refresh_token: "Kept alive with the refresh token: the service account's credentials were refused",
    },
    scopes: 'Scopes:',
    noScopes: 'none',
    notGranted: 'Requested but not granted:',
    notRequested: 'Granted without being requested:',
    connectedAt: 'Connected',
    lastRefreshed: 'Last refreshed',
    neverRefreshed: 'Not refreshed yet',
    lastTested: 'Tested',
    lastTestResult: (ok) => (ok ? ': worked' : ': failed'),
    renewBy: (date) => `Renew by ${date}`,
    renewSoon:
      'The connection ends unless it is renewed before this date. Keep the app running and online so it is renewed, or the company will need reconnecting.',
    renewNotNeeded: 'Renew by: not needed (service account sign-in)',
    shownFromAlert: (count) => (count === 1 ? 'Showing the company from the notification.' : `Showing the ${count} companies from the notification.`),
    showAll: 'Show all',
    statusLabel: 'Status:',
    statuses: {
      active: 'Active',
      refreshing: 'Refreshing',
      needs_reconnect: 'Needs reconnecting',
      access_only: 'No offline access',
      error: 'Error',
    },
    accessOnlyEnds: 'Not refreshed (no offline access); stops working',
    fortnoxSaid: 'Fortnox said:',
    actions: {
      test: 'Test connection',
      testing: 'Testing …',
      reconnect: 'Reconnect',
      reconnectOtherScopes: 'Change scopes…',
      reconnectOffline: 'Reconnect with offline access',
      disconnect: 'Disconnect',
      copy: 'Copy details',
    },
    testOk: (company) => (company === null ? 'The connection works.' : `The connection works: ${company}`),
    testFailed: 'The test failed:',
    copied: 'Copied',
    copyFailed: 'The details could not be copied.',
    requestFailed: 'The app did not respond. Try again.',
    announce: (company, text) => `${company}: ${text}`,
    dialog: {
      title: (company) => `Disconnect ${company}?`,
      body: 'The app asks Fortnox to revoke the connection and removes the keys from this computer. The integration can then no longer work with the company until someone connects it again.',
      confirm: 'Disconnect',
      cancel: 'Cancel',
    },
    disconnected: (company) => `${company} is disconnected, and Fortnox has revoked the connection.`,
    disconnectedLocally: (company) => `${company} was removed from the app, but Fortnox could not be told.`,
    removeInFortnox:
      'Remove the integration in Fortnox as well: sign in to the company and remove it under Manage integrations. Otherwise Fortnox still sees it as connected.',
    disconnectFailed: (company) => `${company} could not be disconnected. The connection is still there.`,
    disconnecting: (company) => `Disconnecting ${company} …`,
    dismiss: 'Dismiss',
  },
  companyTable: enCompanyTable,
  attention: {
    heading: 'Needs attention',
    intro: 'These connections could not be read as ordinary companies. Disconnect them, or restore an unknown connection.',
    listLabel: 'Connections that need attention',
    damagedTitle: (company) => (company === null ? 'Damaged record: unknown company' : `Damaged record: ${company}`),
    damagedBody: 'What this computer stores about the company is damaged and cannot be used. Disconnect and connect the company again.',
    damagedFields: 'Fields that could not be read:',
    damagedNoTokens: 'No keys are left for this record, so Fortnox cannot be told from here.',
    unknownTitle: (company) => `Unknown connection: ${company}`,
    unknownBody: 'Keys to Fortnox are stored, but what company they belong to is missing. Restore to ask Fortnox which company it is, or disconnect.',
    unknownUnreadable: 'The keys cannot be read on this computer, so the connection can only be removed.',
    damagedUnnamed: 'the damaged company',
    restore: 'Restore',
    restoring: 'Restoring …',
    restored: (company) => `${company} is restored and now listed with the connected companies.`,
    restoreFailed: {
      not_found: 'The connection no longer exists.',
      tenant_mismatch: 'The keys belong to another company than the one they are stored under, so they are not restored. Disconnect the connection.',
      fortnox: 'Fortnox could not tell which company it is.',
      not_saved: 'The company could not be saved on this computer. Try again.',
    },
    disconnect: 'Disconnect',
    dialogBody: 'The app asks Fortnox to revoke the connection and removes the keys and the record from this computer.',
    dialogBodyNoTokens: 'The record is removed from this computer. Fortnox cannot be told because no keys are left.',
    omitted: (count) =>
      `${enNumber(count)} ${enPlural.select(count) === 'one' ? 'connection is' : 'connections are'} not shown: the app shows at most ${enNumber(MAX_LISTED_COMPANIES)} companies. Those that need attention come first.`,
  },
  settings: {
    heading: 'Settings',
    loading: 'Loading the settings …',
    loadFailed: 'The settings could not be read.',
    retry: 'Try reading again',
    clientHeading: 'The integration in Fortnox',
    clientIntro: "The values are on the integration's page in Fortnox's developer portal.",
    clientIdLabel: 'Client id',
    redirectUriLabel: 'Redirect URI',
    redirectUriHint: "Must be exactly the address registered for the integration in Fortnox's developer portal.",
    fromEnvironment: (variable) => `Set by the environment variable ${variable}; it cannot be changed here.`,
    lockedByManaged: "Locked by your IT department's managed configuration; it cannot be changed here.",
    allLocked:
      "Both values are locked by environment variables or by your IT department's managed configuration and cannot be changed here.",
    save: 'Save settings',
    saving: 'Saving …',
    saved: 'The settings were saved.',
    notSaved: 'The settings were not saved. Correct what is shown by the fields; what you typed is kept.',
    tooLong: (fieldName, max, length) => `${fieldName} is too long: at most ${max} characters, now ${length}.`,
    secretHeading: 'Client secret',
    secretIntro:
      'The app needs the client secret to fetch and renew keys at Fortnox. It is never shown again once it is saved.',
    secretLabel: 'New client secret',
    secretSaved: (date) => `Saved ${date}`,
    secretFromEnvironment: (variable) =>
      `Set by the environment variable ${variable}. Remove the variable if you want to save a secret here instead.`,
    secretManaged:
      "Set by your IT department's managed configuration, which every user of this computer can read. Prefer entering the client secret here: it is then kept encrypted for your user only and used instead.",
    secretNotSet: 'No client secret is saved.',
    secretSave: 'Save secret',
    secretRemove: 'Remove secret',
    secretSavedNow: 'The client secret was saved encrypted.',
    secretSavedMemory:
      'The client secret is kept for this session only, because this computer offers no encryption. Enter it again after the app restarts.',
    secretNotSaved: 'The client secret could not be saved. What you typed is kept; try again.',
    secretRemoved: 'The client secret was removed.',
    secretNotRemoved: 'The client secret could not be removed. Try again.',
    secretEmpty: 'Type the client secret before saving.',
    secretTooLong: (max, length) => `The client secret is too long: at most ${max} characters, now ${length}.`,
    secretWhitespace:
      'The client secret begins or ends with a space. Remove it; a client secret from Fortnox has no spaces.',
    storageHeading: 'Key storage',
    requestFailed: 'The app did not respond. What you typed is kept; try again.',
  },
  localApi: {
    heading: 'Local API',
    intro:
      'Programs on this computer, such as scripts, Excel and AI assistants, can get data from Fortnox through the app with a key you create under Tools. The API only accepts calls from this computer (127.0.0.1).',
    enabledLabel: 'Local API turned on',
    portLabel: 'Port',
    portHint: (defaultPort) => `Leave empty for the default port ${defaultPort}. Ports 1024–65535 are allowed.`,
    portInvalid: (typed, defaultPort) =>
      `“${typed}” is not a port that can be used. Type a whole number from 1024 to 65535, or leave the field empty for the default port ${defaultPort}.`,
    lockedByManaged: "Locked by your IT department's managed configuration and cannot be changed here.",
    save: 'Save local API settings',
    saving: 'Saving …',
    saved: 'Saved. The local API was restarted with the new settings.',
    savedSessionOnly: 'The change holds until the app quits: the settings file could not be read, so it was not overwritten.',
    notSavedLocked: 'The setting is locked by your IT department and was not changed.',
    requestFailed: 'The app did not respond. What you typed is kept; try again.',
    statusLabel: 'Status',
    starting: 'Starting …',
    running: (url) => `Running on ${url}`,
    portInUse: (port) =>
      `Port ${port} is already used by another program, so the local API could not start. Tools set up for this port may be sending their keys to that program.`,
    portInUseHelp:
      'Choose another port here and save, then give your tools the new address. If you recognise the program using the port, you can instead quit it and choose Try again.',
    offByUser: 'Turned off. Programs on this computer cannot reach Fortnox through the app.',
    offByManaged: 'Turned off by your IT department.',
    failed: (port, code) => `The local API could not start on port ${port} (${code}).`,
    failedHelp: 'Choose Try again, or choose another port and save. If it keeps failing, copy the diagnostics under Support and send them to whoever helps you.',
    retry: 'Try again',
    retrying: 'Trying …',
    unknown: "Reading the local API's status …",
  },
  help: {
    labels: {
      'developer-portal': "How to get the client id and secret in Fortnox's developer portal",
      'manage-integrations': "Open Fortnox's help on integrations",
      scopes: 'About scopes at Fortnox',
    },
    opensInBrowser: 'Opens in your browser.',
    failed: 'The page could not be opened in the browser. Try again.',
  },
  setup: {
    heading: 'Get started',
    intro: [
      "Fortnox Connector connects your clients' Fortnox companies to an integration: the app your firm has registered in Fortnox's developer portal.",
      "Before you can connect a company, the app needs the integration's client id, redirect URI and client secret. They are on the integration's page in the developer portal; enter them below and save.",
    ],
    checklistHeading: 'What is needed',
    steps: {
      clientId: 'Client id',
      redirectUri: 'Redirect URI',
      clientSecret: 'Client secret',
    },
    stepStates: { done: 'done', todo: 'to do' },
    doneHeading: 'Done: the integration is set up',
    doneBody: "You can now connect your clients' Fortnox companies.",
    doneButton: 'Connect a company',
  },
  crash: {
    heading: 'Something went wrong',
    body: 'This window could not be shown. Your connections and settings are not affected. Reload the window; if it happens again, copy the diagnostics and send them to support.',
    reload: 'Reload',
    reloadFailed: 'The window could not be reloaded. Quit the app and start it again.',
  },
  support: {
    heading: 'Support',
    includes:
      'Copies the version, operating system, the settings without secrets and the last lines of the log, to paste into an email to support. No secrets or keys are included.',
  },
  diagnostics: {
    button: 'Copy diagnostics',
    copying: 'Copying …',
    copied: 'Copied',
    copyFailed: 'The diagnostics could not be copied. Try again.',
    requestFailed: 'The app did not respond. Try again.',
  },
  technicalDetails: 'Technical details',
  about: {
    heading: 'About Fortnox Connector',
    description: "Connects your clients' Fortnox companies to the integration and keeps the connections alive.",
    simulator: 'Runs against the Fortnox simulator: no real Fortnox is contacted.',
    realFortnox: 'Runs against the real Fortnox, not the simulator.',
  },
  tools: enTools,
  updates: {
    downloading: (version) => (version === null ? 'Downloading an update …' : `Downloading an update (version ${version}) …`),
    downloaded: (version) =>
      version === null
        ? 'An update has been downloaded and installs when you quit the app.'
        : `An update (version ${version}) has been downloaded and installs when you quit the app.`,
    disabled: 'Updates are turned off in development mode.',
    idle: 'The app looks for updates by itself.',
    upToDate: (checkedAt) => `The app is up to date (checked ${checkedAt}).`,
    checking: 'Looking for updates …',
    failed: 'Looking for updates failed just now. The app tries again later.',
    unknown: 'No update information yet.',
  },
  startAtLogin: {
    heading: 'Running in the background',
    label: 'Start at login',
    description:
      'The app starts when you log in to the computer and sits in the notification area (the menu bar on a Mac), so your connections stay alive and tools can use them even with the window closed. Closing the window does not quit the app; quit with Quit in the icon’s menu.',
    loading: 'Reading the setting …',
    readFailed: 'The start-at-login setting could not be read.',
    changeFailed: 'The setting could not be changed. Try again; on Linux the folder ~/.config/autostart must be writable.',
    notes: {
      requires_approval:
        'macOS is waiting for your approval: open System Settings > General > Login Items and turn Fortnox Connector on.',
      not_found: 'macOS cannot find the app. Move Fortnox Connector to the Applications folder and try again.',
      unsupported: 'The app cannot start itself at login here (for example in a development run).',
    },
  },
  activity: {
    heading: 'Activity',
    intro:
      'Every access token a tool was given, every call to Fortnox through the app and every refused request. Kept on this computer for 90 days, never with tokens, keys, content or query parameters.',
    companyFilter: 'Company',
    allCompanies: 'All companies',
    keyFilter: 'Key',
    allKeys: 'All keys',
    revokedKey: (name) => `${name} (revoked)`,
    periodFilter: 'Period',
    periods: { day: 'Last 24 hours', week: 'Last 7 days', month: 'Last 30 days', all: 'All (90 days)' },
    refresh: 'Refresh',
    exportCsv: 'Export CSV',
    exporting: 'Exporting …',
    exported: (rows) => `${enNumber(rows)} ${enPlural.select(rows) === 'one' ? 'row' : 'rows'} saved.`,
    exportTruncated: (rows) => `Only the latest ${enNumber(rows)} rows were saved. Choose a narrower filter to get the rest.`,
    exportCancelled: 'No file was saved.',
    exportFailed: 'The file could not be saved. Choose another place and try again.',
    noResponse: 'The app did not answer. Try again.',
    loading: 'Loading activity …',
    loadFailed: 'The activity could not be loaded.',
    retry: 'Try again',
    emptyHeading: 'No activity yet',
    emptyBody: 'When a tool gets an access token or calls Fortnox through the app, it shows here.',
    noMatch: 'No activity matches the filter.',
    showMore: 'Show more',
    loadingMore: 'Loading more …',
    shownCount: (count, more) => `${enNumber(count)} ${enPlural.select(count) === 'one' ? 'event' : 'events'} shown${more ? ', there are more' : ''}.`,
    damaged: (count) => `${enNumber(count)} damaged ${enPlural.select(count) === 'one' ? 'line' : 'lines'} in the log were skipped.`,
    shownLimit: (max) => `The list shows at most ${enNumber(max)} events. Export CSV to get them all.`,
    listLabel: 'Activity, newest first',
    columns: { time: 'Time', company: 'Company', key: 'Key', request: 'Request', status: 'Status', duration: 'Duration', bytes: 'Data in / out' },
    kinds: { token: 'Access token', proxy: 'Fortnox call', other: 'Local API' },
    unknownKey: 'Unknown key',
    unknownCompany: (tenantId) => `Database number ${tenantId}`,
    noCompany: '–',
    cutOff: 'cut off',
    refusalCount: (count) => `${count.toLocaleString('en')} times that minute`,
    dropped: (count) => `${count.toLocaleString('en')} events could not be kept in the log since the app started (too many at once). Calls with a valid key come first.`,
    disconnectedCompany: (name, tenantId) => (name === null ? `Database number ${tenantId} (disconnected)` : `${name} (database number ${tenantId}, disconnected)`),
    errorCodes: enLocalApiErrors,
  },
  clients: enClients,
};

/** All UI texts, per language. */
export const MESSAGES: Record<Language, Messages> = { sv, en };

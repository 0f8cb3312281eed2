import type {
  ConfigField,
  ConfigProblemCode,
  ConfigSource,
} from '../../../shared/config-problems';
import type { FlowErrorCode } from '../../../shared/flow-errors';
import type { ConnectBlocker } from '../connect-blocker';
import { CONFIG_FIELD_NAMES, SETTINGS_FILE_NAME, SETTINGS_KEYS } from './config-field-names';
import type { Language } from './language';

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

export interface Messages {
  documentTitle: string;
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
  config: {
    heading: string;
    intro: string;
    fieldNames: Record<ConfigField, string>;
    /** The sentence saying what is wrong; gets the field's display name and the field itself. */
    problems: Record<ConfigProblemCode, (fieldName: string, field: ConfigField) => string>;
    /** The sentence saying how to fix it. */
    fix: (names: ConfigFieldNames, problem: ConfigProblemCode, source: ConfigSource) => string;
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
  connect: {
    heading: string;
    selectedCount: (selected: number, total: number) => string;
    scopeStringHeading: string;
    scopeStringEmpty: string;
    alsoSent: string;
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
  };
  flow: {
    heading: string;
    idle: string;
    signingInHeading: string;
    signingInHelp: string;
    signingInServiceAccount: string;
    timeLeft: string;
    requestedScopes: string;
    showWindow: string;
    startOver: string;
    startOverHint: string;
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
    errors: Record<FlowErrorCode, FlowErrorText>;
  };
}

const sv: Messages = {
  documentTitle: 'Fortnox Connector',
  appTitle: 'Fortnox Connector',
  appSubtitle: 'Anslut en klients Fortnox-företag till integrationen',
  languageLabel: 'Språk / Language',
  languageNames: { sv: 'Svenska', en: 'English' },
  simulatorBadge: 'Simulator',
  simulatorExplanation: 'Simulatorläge: ingen riktig Fortnox kontaktas.',
  version: (version) => `Version ${version}`,
  noConnector: 'Sidan måste öppnas i appen Fortnox Connector. Anslutningen till appen saknas.',
  appInfoFailed: 'Appens inställningar kunde inte läsas. Starta om appen och försök igen.',
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
      settingsFile: `Inställningsfilen (${SETTINGS_FILE_NAME})`,
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
        field === 'settingsFile'
          ? `${name} finns men kunde inte läsas.`
          : `${name} kunde inte läsas eftersom inställningsfilen inte gick att läsa.`,
      invalid_file: (name, field) =>
        field === 'settingsFile'
          ? `${name} är inte giltig JSON eller har inte den form som väntas.`
          : `${name} kunde inte läsas eftersom inställningsfilen inte är giltig JSON eller har fel form.`,
    },
    fix: (names, problem, source) => {
      if (names === null) {
        if (problem === 'unreadable_file')
          return `Kontrollera att ${SETTINGS_FILE_NAME} i appens datamapp går att läsa, eller ta bort filen.`;
        return `Rätta ${SETTINGS_FILE_NAME} i appens datamapp: den ska vara ett JSON-objekt med bara nycklarna ${SETTINGS_KEYS.join(', ')}.`;
      }
      const { environment, settingsKey } = names;
      if (problem === 'missing' || source === 'default')
        return `Ange ${environment} eller lägg till ${settingsKey} i inställningsfilen.`;
      if (source === 'environment') return `Kontrollera miljövariabeln ${environment}.`;
      return `Kontrollera ${settingsKey} i inställningsfilen.`;
    },
    sourceLabel: 'Källa',
    sources: {
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
    presetsHeading: 'Förval',
    presetsIntro: 'Ett förval ersätter det du har valt.',
    presetScopes: (scopes) => `Väljer: ${scopes}`,
    clearAll: 'Rensa alla',
    selectAllVisible: 'Välj alla',
    selectAllName: (group) => `Välj alla i ${group}`,
    groupCount: (selected, total) => `${selected} av ${total} valda`,
    notOnScopesPage: 'Saknas på Fortnox behörighetssida',
    notOnScopesPageExplanation:
      'Behörigheten finns i ett Fortnox-SDK men inte på Fortnox sida om behörigheter; det är inte bekräftat att Fortnox godtar den.',
  },
  connect: {
    heading: 'Anslutning',
    selectedCount: (selected, total) => `${selected} av ${total} valda`,
    scopeStringHeading: 'Scope-strängen som begärs',
    scopeStringEmpty: 'Ingen behörighet är vald.',
    alsoSent: 'Dessutom skickas:',
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
    blockers: {
      loading: 'Läser in appens inställningar …',
      'app-info-failed': 'Det går inte att ansluta: appens inställningar kunde inte läsas.',
      'config-invalid': 'Det går inte att ansluta förrän inställningarna är rättade (se överst).',
      'no-scopes': 'Välj minst en behörighet för att kunna ansluta.',
      'signing-in': 'En inloggning pågår redan. Använd knapparna under Status ovan.',
      starting: 'Öppnar inloggningsfönstret …',
    },
  },
  flow: {
    heading: 'Status',
    idle: 'Inte ansluten ännu. Välj behörigheter och tryck på Anslut till Fortnox.',
    signingInHeading: 'Logga in i Fortnox i fönstret som öppnades',
    signingInHelp: 'Välj företaget och godkänn behörigheterna där.',
    signingInServiceAccount:
      'Logga in som systemadministratör i företaget; bara en sådan kan godkänna ett servicekonto.',
    timeLeft: 'Tid kvar',
    requestedScopes: 'Begärda behörigheter:',
    showWindow: 'Visa inloggningsfönstret',
    startOver: 'Börja om',
    startOverHint: 'Börja om stänger fönstret och öppnar ett nytt med de behörigheter som är valda nu.',
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
        title: 'Fortnox skickade varken godkännande eller fel',
        body: 'Det händer när Fortnox-kontot är låst, till exempel på grund av en obetald faktura från Fortnox. Logga in direkt i Fortnox för att se orsaken och försök sedan igen.',
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
    },
  },
};

const en: Messages = {
  documentTitle: 'Fortnox Connector',
  appTitle: 'Fortnox Connector',
  appSubtitle: "Connect a client's Fortnox company to the integration",
  languageLabel: 'Språk / Language',
  languageNames: { sv: 'Svenska', en: 'English' },
  simulatorBadge: 'Simulator',
  simulatorExplanation: 'Simulator mode: no real Fortnox is contacted.',
  version: (version) => `Version ${version}`,
  noConnector: 'This page must be opened in the Fortnox Connector app. The connection to the app is missing.',
  appInfoFailed: "The app's settings could not be read. Restart the app and try again.",
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
      settingsFile: `The settings file (${SETTINGS_FILE_NAME})`,
    },
    problems: {
      missing: (name) => `${name} is missing.`,
      invalid_url: (name) => `${name} is not a valid absolute address (URL).`,
      not_https: (name) =>
        `${name} must use https. Plain http is only accepted for addresses on this computer.`,
      forbidden_url_part: (name) => `${name} must not contain a #fragment, a user name or a password.`,
      invalid_format: (name) => `${name} has characters or a length that cannot be right.`,
      unreadable_file: (name, field) =>
        field === 'settingsFile'
          ? `${name} exists but could not be read.`
          : `${name} could not be read because the settings file could not be read.`,
      invalid_file: (name, field) =>
        field === 'settingsFile'
          ? `${name} is not valid JSON or does not have the expected shape.`
          : `${name} could not be read because the settings file is not valid JSON or has the wrong shape.`,
    },
    fix: (names, problem, source) => {
      if (names === null) {
        if (problem === 'unreadable_file')
          return `Check that ${SETTINGS_FILE_NAME} in the app's data folder can be read, or remove the file.`;
        return `Correct ${SETTINGS_FILE_NAME} in the app's data folder: it must be a JSON object with only the keys ${SETTINGS_KEYS.join(', ')}.`;
      }
      const { environment, settingsKey } = names;
      if (problem === 'missing' || source === 'default')
        return `Set ${environment} or add ${settingsKey} to the settings file.`;
      if (source === 'environment') return `Check the environment variable ${environment}.`;
      return `Check ${settingsKey} in the settings file.`;
    },
    sourceLabel: 'Source',
    sources: {
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
    presetsHeading: 'Presets',
    presetsIntro: 'A preset replaces your current selection.',
    presetScopes: (scopes) => `Selects: ${scopes}`,
    clearAll: 'Clear all',
    selectAllVisible: 'Select all',
    selectAllName: (group) => `Select all in ${group}`,
    groupCount: (selected, total) => `${selected} of ${total} selected`,
    notOnScopesPage: "Not on Fortnox's scopes page",
    notOnScopesPageExplanation:
      "This scope is in a Fortnox SDK but not on Fortnox's scopes page; it is not confirmed that Fortnox accepts it.",
  },
  connect: {
    heading: 'Connection',
    selectedCount: (selected, total) => `${selected} of ${total} selected`,
    scopeStringHeading: 'Scope string that will be requested',
    scopeStringEmpty: 'No scope is selected.',
    alsoSent: 'Also sent:',
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
    blockers: {
      loading: "Loading the app's settings …",
      'app-info-failed': "You cannot connect: the app's settings could not be read.",
      'config-invalid': 'You cannot connect until the settings are fixed (see the top of the page).',
      'no-scopes': 'Choose at least one scope to connect.',
      'signing-in': 'A sign-in is already in progress. Use the buttons under Status above.',
      starting: 'Opening the sign-in window …',
    },
  },
  flow: {
    heading: 'Status',
    idle: 'Not connected yet. Choose scopes and press Connect to Fortnox.',
    signingInHeading: 'Sign in to Fortnox in the window that opened',
    signingInHelp: 'Choose the company and approve the access there.',
    signingInServiceAccount:
      'Sign in as a system administrator of the company; only they can approve a service account.',
    timeLeft: 'Time left',
    requestedScopes: 'Requested scopes:',
    showWindow: 'Show sign-in window',
    startOver: 'Start over',
    startOverHint: 'Start over closes the window and opens a new one with the scopes selected now.',
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
        title: 'Fortnox sent back neither an approval nor an error',
        body: 'This happens when the Fortnox account is locked, for example because of an unpaid invoice from Fortnox. Sign in to Fortnox directly to see why, then try again.',
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
    },
  },
};

/** All UI texts, per language. */
export const MESSAGES: Record<Language, Messages> = { sv, en };

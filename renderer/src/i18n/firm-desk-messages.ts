import type { FirmAuditEntry, FirmDeskProblem } from '../../../shared/firm-desk';
import type { Language } from './language';

/*
 * The Tools and Activity views in firm mode (issue 10 items 5 and 6), in Swedish and English. Not
 * part of messages.ts: they load with the lazily loaded firm views (the initial bundle is at its
 * budget); the `FirmDeskMessages` type makes a missing translation a compile error here too.
 */

type AuditAction = FirmAuditEntry['action'];

export interface FirmDeskMessages {
  /** Why a call to the firm server did not work, with what to do. */
  problems: Record<FirmDeskProblem, string>;
  tools: {
    intro: string;
    signedOut: string;
    /** Shown to an accountant: admins manage the firm's keys. */
    adminsOnly: string;
    /** One sentence, when the local API is on. */
    localApiForwarded: string;
    loading: string;
    retry: string;
    created: {
      heading: (name: string) => string;
      warning: string;
      keyLabel: string;
      copyKey: string;
      copied: string;
      copyFailed: string;
      copyTooLate: string;
      serverHint: (url: string) => string;
      done: string;
    };
    revoked: (name: string) => string;
    revokeFailed: (name: string, problem: string) => string;
  };
  activity: {
    intro: string;
    retention: (days: number) => string;
    signedOut: string;
    columns: { time: string; who: string; what: string; company: string; status: string };
    actions: Record<AuditAction, string>;
    actorKinds: Record<'user' | 'key', string>;
    nobody: string;
    noCompany: string;
    empty: string;
    noMatch: string;
    exported: (rows: number) => string;
    exportCancelled: string;
  };
}

export const svFirmDesk: FirmDeskMessages = {
  problems: {
    off: 'Byråns server används inte längre. Vyn visar den här datorns uppgifter igen när du öppnar den på nytt.',
    signed_out: 'Du är inte inloggad på byråns server. Logga in under Inställningar och försök igen.',
    role_required: 'Bara byråns administratörer får göra det här.',
    unreachable: 'Byråns server gick inte att nå. Kontrollera nätverket och försök igen. Det du har fyllt i finns kvar.',
    invalid_request: 'Servern godtog inte uppgifterna. Kontrollera fälten och försök igen.',
    too_many_keys: 'Servern har redan så många nycklar som den får ha. Återkalla en nyckel som inte används och försök igen.',
    not_found: 'Nyckeln finns inte längre på servern.',
    rate_limited: 'Servern får för många förfrågningar just nu. Vänta en stund och försök igen.',
    not_saved: 'Filen kunde inte sparas där du valde. Välj en annan plats och försök igen.',
    server_error: 'Något gick fel på byråns server. Försök igen om en stund, eller kontakta byråns IT.',
    server_key_missing: 'Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.',
    key_scope_required: 'Byråns server kräver en integrationsnyckels behörighet för det här, och inloggningen räcker inte. Kontakta byråns IT.',
    request_refused: 'Byråns server avvisade begäran från appen. Appen och servern kan ha olika versioner; uppdatera appen eller kontakta byråns IT.',
  },
  tools: {
    intro: 'Integrationsnycklar ger byråns program och verktyg tillgång till Fortnox via byråns server. De gäller för hela byrån.',
    signedOut: 'Logga in på byråns server under Inställningar för att se byråns nycklar.',
    adminsOnly: 'Byråns integrationsnycklar hanteras av byråns administratörer. Be en administratör om en nyckel till ditt verktyg.',
    localApiForwarded: 'Verktyg på den här datorn använder sina lokala nycklar, och deras anrop går vidare till byråns server under din inloggning.',
    loading: 'Hämtar byråns nycklar …',
    retry: 'Försök igen',
    created: {
      heading: (name) => `Nyckeln ”${name}” är skapad`,
      warning: 'Kopiera nyckeln nu. Den visas bara den här gången och sparas inte på den här datorn.',
      keyLabel: 'Integrationsnyckel',
      copyKey: 'Kopiera nyckeln',
      copied: 'Kopierad.',
      copyFailed: 'Kunde inte kopiera. Markera nyckeln och kopiera den själv.',
      copyTooLate: 'Nyckeln är för gammal för att kopieras härifrån. Markera den och kopiera den själv.',
      serverHint: (url) => `Verktyget anropar byråns server på ${url} med nyckeln, på samma sätt som det lokala API:et.`,
      done: 'Klar',
    },
    revoked: (name) => `Nyckeln ”${name}” är återkallad.`,
    revokeFailed: (name, problem) => `Nyckeln ”${name}” återkallades inte. ${problem}`,
  },
  activity: {
    intro:
      'Byråns logg: varje token som lämnats ut, varje anrop via servern, varje anslutning, ny anslutning och frånkoppling, med vem (användare eller nyckel), vad och när. Nyaste först.',
    retention: (days) => `Servern sparar loggen i ${days} dagar.`,
    signedOut: 'Logga in på byråns server under Inställningar för att se byråns logg.',
    columns: { time: 'Tid', who: 'Vem', what: 'Vad', company: 'Företag', status: 'Status' },
    actions: {
      token: 'Åtkomsttoken',
      proxy: 'Anrop till Fortnox',
      connect: 'Anslutning',
      reconnect: 'Ny anslutning',
      disconnect: 'Frånkoppling',
      test: 'Test',
      refused: 'Nekad',
      sign_in: 'Inloggning',
      key_created: 'Nyckel skapad',
      key_revoked: 'Nyckel återkallad',
      sessions_revoked: 'Inloggningar avslutade',
      pairing_code_created: 'Parkopplingskod skapad',
      orphan_revoked: 'Oanvänd token återkallad',
    },
    actorKinds: { user: 'Användare', key: 'Nyckel' },
    nobody: 'Okänd',
    noCompany: '–',
    empty: 'Loggen är tom.',
    noMatch: 'Inget i loggen för det här företaget.',
    exported: (rows) => `Sparade ${rows} ${rows === 1 ? 'rad' : 'rader'}.`,
    exportCancelled: 'Exporten avbröts.',
  },
};

export const enFirmDesk: FirmDeskMessages = {
  problems: {
    off: "Your firm's server is no longer used. The view shows this computer's data again when you open it anew.",
    signed_out: "You are not signed in to your firm's server. Sign in under Settings and try again.",
    role_required: "Only your firm's administrators may do this.",
    unreachable: "Your firm's server could not be reached. Check the network and try again. What you filled in is kept.",
    invalid_request: 'The server did not accept the details. Check the fields and try again.',
    too_many_keys: 'The server already holds as many keys as it may. Revoke a key that is not used and try again.',
    not_found: 'The key no longer exists on the server.',
    rate_limited: 'The server is getting too many requests right now. Wait a moment and try again.',
    not_saved: 'The file could not be saved where you chose. Choose another place and try again.',
    server_error: "Something went wrong on your firm's server. Try again in a while, or contact your firm's IT.",
    server_key_missing: "Your firm's server cannot read its keys right now. Contact IT.",
    key_scope_required: "Your firm's server needs an integration key's right for this, and the sign-in is not enough. Contact your firm's IT.",
    request_refused: "Your firm's server refused the app's request. The app and the server may be different versions; update the app or contact your firm's IT.",
  },
  tools: {
    intro: "Integration keys give your firm's programs and tools access to Fortnox through your firm's server. They apply to the whole firm.",
    signedOut: "Sign in to your firm's server under Settings to see your firm's keys.",
    adminsOnly: "Your firm's integration keys are managed by your firm's administrators. Ask an administrator for a key for your tool.",
    localApiForwarded: "Tools on this computer use their local keys, and their calls are forwarded to your firm's server under your sign-in.",
    loading: "Loading your firm's keys …",
    retry: 'Try again',
    created: {
      heading: (name) => `The key “${name}” is created`,
      warning: 'Copy the key now. It is shown only this once and is not kept on this computer.',
      keyLabel: 'Integration key',
      copyKey: 'Copy the key',
      copied: 'Copied.',
      copyFailed: 'Could not copy. Select the key and copy it yourself.',
      copyTooLate: 'The key is too old to be copied from here. Select it and copy it yourself.',
      serverHint: (url) => `The tool calls your firm's server at ${url} with the key, the same way as the local API.`,
      done: 'Done',
    },
    revoked: (name) => `The key “${name}” is revoked.`,
    revokeFailed: (name, problem) => `The key “${name}” was not revoked. ${problem}`,
  },
  activity: {
    intro:
      "Your firm's log: every token handed out, every call through the server, every connection, reconnection and disconnection, with who (user or key), what and when. Newest first.",
    retention: (days) => `The server keeps the log for ${days} days.`,
    signedOut: "Sign in to your firm's server under Settings to see your firm's log.",
    columns: { time: 'Time', who: 'Who', what: 'What', company: 'Company', status: 'Status' },
    actions: {
      token: 'Access token',
      proxy: 'Call to Fortnox',
      connect: 'Connection',
      reconnect: 'Reconnection',
      disconnect: 'Disconnection',
      test: 'Test',
      refused: 'Refused',
      sign_in: 'Sign-in',
      key_created: 'Key created',
      key_revoked: 'Key revoked',
      sessions_revoked: 'Sign-ins ended',
      pairing_code_created: 'Pairing code created',
      orphan_revoked: 'Unused token revoked',
    },
    actorKinds: { user: 'User', key: 'Key' },
    nobody: 'Unknown',
    noCompany: '–',
    empty: 'The log is empty.',
    noMatch: 'Nothing in the log for this company.',
    exported: (rows) => `Saved ${rows} ${rows === 1 ? 'row' : 'rows'}.`,
    exportCancelled: 'The export was cancelled.',
  },
};

/** The firm views' texts by language. */
export const FIRM_DESK_MESSAGES: Record<Language, FirmDeskMessages> = { sv: svFirmDesk, en: enFirmDesk };

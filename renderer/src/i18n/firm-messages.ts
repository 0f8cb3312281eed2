import type { FirmConnectionState, FirmProblem } from '../../../shared/firm-mode';

import type { Language } from './language';

/*
 * Firm mode's texts in Settings (issue 10 item 5), in Swedish and English. Not part of messages.ts:
 * they load with the lazily loaded section (the initial bundle is at its budget); the
 * `FirmMessages` type makes a missing translation a compile error here too.
 */

export interface FirmMessages {
  heading: string;
  intro: string;
  useLabel: string;
  useHint: string;
  urlLabel: string;
  urlHint: string;
  save: string;
  saved: string;
  locked: string;
  signInHeading: string;
  signIn: string;
  signInHint: string;
  signingIn: string;
  cancel: string;
  pairingLabel: string;
  pairingHint: string;
  pair: string;
  signedInAs: (name: string | null, email: string) => string;
  roles: Record<'admin' | 'accountant', string>;
  signOut: string;
  signedOut: string;
  states: Record<FirmConnectionState, string>;
  problems: Record<FirmProblem, string>;
  failed: string;
  leftovers: LeftoverMessages;
}

/** The notice about this computer's own connections and client secret, unused while firm mode is on. */
export interface LeftoverMessages {
  heading: string;
  /** What is left over: `companies` own connections and/or a stored client secret. */
  notice: (companies: number, secret: boolean) => string;
  letGo: string;
  letGoTitle: (companies: number) => string;
  letGoBody: string;
  letGoConfirm: string;
  progress: (done: number, total: number, name: string) => string;
  letGoDone: (removed: number) => string;
  failedHeading: (failed: number) => string;
  failedRow: (name: string, reason: string) => string;
  removeAnyway: string;
  removeAnywayTitle: (failed: number) => string;
  removeAnywayBody: string;
  removeAnywayConfirm: string;
  keptNote: string;
  removeSecret: string;
  removeSecretTitle: string;
  removeSecretBody: string;
  removeSecretConfirm: string;
  secretRemoved: string;
  secretNotRemoved: string;
  cancel: string;
  unnamed: (tenantId: string) => string;
}

export const svFirm: FirmMessages = {
  heading: 'Byråns server',
  intro:
    'Med byråns server hör anslutningarna till byrån: klienthemligheten och Fortnox-nycklarna finns bara på servern, och alla på byrån ser samma företag.',
  useLabel: 'Använd byråns server',
  useHint: 'Företagslistan, anslutningar, tester och frånkopplingar går då via servern.',
  urlLabel: 'Serverns adress',
  urlHint: 'Till exempel https://connector.byran.se. Adressen får du av byråns administratör.',
  save: 'Spara adressen',
  saved: 'Adressen är sparad.',
  locked: 'IT-avdelningen har ställt in byråns server. Den kan inte ändras här.',
  signInHeading: 'Logga in',
  signIn: 'Logga in i webbläsaren',
  signInHint: 'Inloggningen öppnas i din vanliga webbläsare med byråns konto.',
  signingIn: 'Fortsätt inloggningen i webbläsaren och kom sedan tillbaka hit.',
  cancel: 'Avbryt',
  pairingLabel: 'Parkopplingskod',
  pairingHint: 'En engångskod från byråns administratör, till exempel ABCD-EFGH-JKLM.',
  pair: 'Logga in med koden',
  signedInAs: (name, email) => (name ? `Inloggad som ${name} (${email}).` : `Inloggad som ${email}.`),
  roles: { admin: 'Administratör', accountant: 'Redovisningskonsult' },
  signOut: 'Logga ut',
  signedOut: 'Du är utloggad från byråns server.',
  states: {
    off: 'Byråns server används inte.',
    signed_out: 'Inte inloggad.',
    connecting: 'Ansluter till servern …',
    live: 'Ansluten. Listan uppdateras direkt.',
    reconnecting: 'Förbindelsen bröts. Ansluter igen …',
  },
  problems: {
    invalid_url: 'Adressen är ingen giltig fullständig adress (URL).',
    not_https: 'Adressen måste börja med https://.',
    forbidden_url_part: 'Adressen får inte innehålla användarnamn, lösenord, frågedel (?) eller #.',
    locked: 'IT-avdelningen har ställt in byråns server. Den kan inte ändras här.',
    not_configured: 'Ange först serverns adress.',
    unreachable: 'Servern gick inte att nå. Kontrollera adressen och nätverket och försök igen.',
    oidc_not_offered: 'Byrån loggar in med parkopplingskoder. Be administratören om en kod.',
    provider_unreachable: 'Byråns inloggningstjänst gick inte att nå. Försök igen om en stund.',
    provider_refused: 'Inloggningen avbröts eller nekades i webbläsaren.',
    invalid_answer: 'Svaret från inloggningen hörde inte till den här inloggningen. Försök igen.',
    timeout: 'Inget svar kom från webbläsaren i tid. Försök igen.',
    cancelled: 'Inloggningen avbröts.',
    browser_failed: 'Webbläsaren kunde inte öppnas.',
    sign_in_refused: 'Servern godtog inte inloggningen. Kontakta byråns administratör om ditt konto ska ha åtkomst.',
    pairing_code_invalid: 'Koden är fel, redan använd eller för gammal. Be administratören om en ny.',
    identity_bound: 'Ditt konto loggar in via byråns inloggningstjänst. Logga in med den i stället för med en kod.',
    too_many_attempts: 'För många försök. Vänta en stund och försök igen.',
    server_key_missing: 'Byråns server kan inte läsa sina nycklar just nu. Kontakta IT.',
    server_error: 'Något gick fel på byråns server. Försök igen om en stund, eller kontakta byråns IT.',
    request_refused: 'Byråns server avvisade begäran från appen. Appen och servern kan ha olika versioner; uppdatera appen eller kontakta byråns IT.',
  },
  failed: 'Något gick fel. Försök igen.',
  leftovers: {
    heading: 'Kvar på den här datorn',
    notice: (companies, secret) => {
      const own = companies === 1 ? '1 egen anslutning' : `${companies} egna anslutningar`;
      const held = companies > 0 && secret ? `${own} och en sparad klienthemlighet` : companies > 0 ? own : 'en sparad klienthemlighet';
      return `Den här datorn har fortfarande ${held}. ${companies + (secret ? 1 : 0) > 1 ? 'De' : 'Den'} används inte medan byråns server används.`;
    },
    letGo: 'Koppla från dem',
    letGoTitle: (companies) => (companies === 1 ? 'Koppla från 1 egen anslutning?' : `Koppla från ${companies} egna anslutningar?`),
    letGoBody:
      'Varje anslutning återkallas i Fortnox med den här datorns klienthemlighet och tas sedan bort från datorn. Byråns anslutningar påverkas inte.',
    letGoConfirm: 'Koppla från',
    progress: (done, total, name) => `Kopplar från ${done} av ${total}: ${name} …`,
    letGoDone: (removed) => (removed === 1 ? '1 anslutning är frånkopplad och borttagen.' : `${removed} anslutningar är frånkopplade och borttagna.`),
    failedHeading: (failed) =>
      failed === 1 ? 'Fortnox kunde inte meddelas för 1 anslutning. Den finns kvar på datorn:' : `Fortnox kunde inte meddelas för ${failed} anslutningar. De finns kvar på datorn:`,
    failedRow: (name, reason) => `${name}: ${reason}`,
    removeAnyway: 'Ta bort dem ändå',
    removeAnywayTitle: (failed) => (failed === 1 ? 'Ta bort 1 anslutning som Fortnox inte kunde meddelas?' : `Ta bort ${failed} anslutningar som Fortnox inte kunde meddelas?`),
    removeAnywayBody:
      'Nycklarna tas bort från datorn, men anslutningen kan finnas kvar i Fortnox. Ta då bort integrationen i Fortnox under Hantera integrationer.',
    removeAnywayConfirm: 'Ta bort',
    keptNote: 'Anslutningarna finns kvar på datorn. Du kan försöka igen senare.',
    removeSecret: 'Ta bort klienthemligheten',
    removeSecretTitle: 'Ta bort klienthemligheten från den här datorn?',
    removeSecretBody:
      'Den sparade klienthemligheten tas bort. Egna anslutningar som finns kvar kan då inte längre återkallas härifrån, och utan byråns server måste hemligheten anges igen.',
    removeSecretConfirm: 'Ta bort',
    secretRemoved: 'Klienthemligheten är borttagen från den här datorn.',
    secretNotRemoved: 'Ingen egen klienthemlighet fanns att ta bort.',
    cancel: 'Avbryt',
    unnamed: (tenantId) => `Företag ${tenantId}`,
  },
};

export const enFirm: FirmMessages = {
  heading: "Your firm's server",
  intro:
    "With your firm's server the connections belong to the firm: the client secret and the Fortnox tokens stay on the server, and everyone at the firm sees the same companies.",
  useLabel: "Use my firm's server",
  useHint: 'The company list, connecting, tests and disconnecting then go through the server.',
  urlLabel: "Server's address",
  urlHint: "For example https://connector.firm.com. Your firm's administrator gives you the address.",
  save: 'Save address',
  saved: 'The address is saved.',
  locked: "Your IT department has set your firm's server. It cannot be changed here.",
  signInHeading: 'Sign in',
  signIn: 'Sign in in the browser',
  signInHint: "Sign-in opens in your usual browser with your firm's account.",
  signingIn: 'Continue signing in in the browser, then come back here.',
  cancel: 'Cancel',
  pairingLabel: 'Pairing code',
  pairingHint: "A one-time code from your firm's administrator, for example ABCD-EFGH-JKLM.",
  pair: 'Sign in with the code',
  signedInAs: (name, email) => (name ? `Signed in as ${name} (${email}).` : `Signed in as ${email}.`),
  roles: { admin: 'Administrator', accountant: 'Accountant' },
  signOut: 'Sign out',
  signedOut: "You are signed out of your firm's server.",
  states: {
    off: "Your firm's server is not used.",
    signed_out: 'Not signed in.',
    connecting: 'Connecting to the server …',
    live: 'Connected. The list updates at once.',
    reconnecting: 'The connection was lost. Connecting again …',
  },
  problems: {
    invalid_url: 'The address is not a valid full address (URL).',
    not_https: 'The address must start with https://.',
    forbidden_url_part: 'The address may not contain a user name, password, query (?) or #.',
    locked: "Your IT department has set your firm's server. It cannot be changed here.",
    not_configured: "Enter the server's address first.",
    unreachable: 'The server could not be reached. Check the address and the network and try again.',
    oidc_not_offered: 'Your firm signs in with pairing codes. Ask your administrator for a code.',
    provider_unreachable: "Your firm's sign-in service could not be reached. Try again in a while.",
    provider_refused: 'The sign-in was cancelled or refused in the browser.',
    invalid_answer: 'The sign-in answer did not belong to this sign-in. Try again.',
    timeout: 'No answer came back from the browser in time. Try again.',
    cancelled: 'The sign-in was cancelled.',
    browser_failed: 'The browser could not be opened.',
    sign_in_refused: "The server did not accept the sign-in. Ask your firm's administrator whether your account should have access.",
    pairing_code_invalid: 'The code is wrong, already used or too old. Ask your administrator for a new one.',
    identity_bound: "Your account signs in with your firm's identity provider. Sign in with it instead of a code.",
    too_many_attempts: 'Too many attempts. Wait a while and try again.',
    server_key_missing: "Your firm's server cannot read its keys right now. Contact IT.",
    server_error: "Something went wrong on your firm's server. Try again in a while, or contact your firm's IT.",
    request_refused: "Your firm's server refused the app's request. The app and the server may be different versions; update the app or contact your firm's IT.",
  },
  failed: 'Something went wrong. Try again.',
  leftovers: {
    heading: 'Left on this computer',
    notice: (companies, secret) => {
      const own = companies === 1 ? '1 connection of its own' : `${companies} connections of its own`;
      const held = companies > 0 && secret ? `${own} and a stored client secret` : companies > 0 ? own : 'a stored client secret';
      return `This computer still holds ${held}. ${companies + (secret ? 1 : 0) > 1 ? 'They are' : 'It is'} not used while your firm's server is.`;
    },
    letGo: 'Disconnect them',
    letGoTitle: (companies) => (companies === 1 ? 'Disconnect 1 connection of your own?' : `Disconnect ${companies} connections of your own?`),
    letGoBody:
      "Each connection is revoked at Fortnox with this computer's client secret and then removed from the computer. Your firm's connections are not affected.",
    letGoConfirm: 'Disconnect',
    progress: (done, total, name) => `Disconnecting ${done} of ${total}: ${name} …`,
    letGoDone: (removed) => (removed === 1 ? '1 connection is disconnected and removed.' : `${removed} connections are disconnected and removed.`),
    failedHeading: (failed) =>
      failed === 1 ? 'Fortnox could not be told for 1 connection. It is still on this computer:' : `Fortnox could not be told for ${failed} connections. They are still on this computer:`,
    failedRow: (name, reason) => `${name}: ${reason}`,
    removeAnyway: 'Remove them anyway',
    removeAnywayTitle: (failed) => (failed === 1 ? 'Remove 1 connection Fortnox could not be told of?' : `Remove ${failed} connections Fortnox could not be told of?`),
    removeAnywayBody:
      'The tokens are removed from this computer, but the connection may remain at Fortnox. Then remove the integration in Fortnox under Manage integrations.',
    removeAnywayConfirm: 'Remove',
    keptNote: 'The connections are still on this computer. You can try again later.',
    removeSecret: 'Remove the client secret',
    removeSecretTitle: 'Remove the client secret from this computer?',
    removeSecretBody:
      "The stored client secret is removed. Connections of your own that are left can then no longer be revoked from here, and without your firm's server the secret must be entered again.",
    removeSecretConfirm: 'Remove',
    secretRemoved: 'The client secret is removed from this computer.',
    secretNotRemoved: 'There was no client secret of its own to remove.',
    cancel: 'Cancel',
    unnamed: (tenantId) => `Company ${tenantId}`,
  },
};

/** Firm mode's texts by language. */
export const FIRM_MESSAGES: Record<Language, FirmMessages> = { sv: svFirm, en: enFirm };

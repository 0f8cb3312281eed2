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
    too_many_attempts: 'För många försök. Vänta en stund och försök igen.',
  },
  failed: 'Något gick fel. Försök igen.',
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
    too_many_attempts: 'Too many attempts. Wait a while and try again.',
  },
  failed: 'Something went wrong. Try again.',
};

/** Firm mode's texts by language. */
export const FIRM_MESSAGES: Record<Language, FirmMessages> = { sv: svFirm, en: enFirm };

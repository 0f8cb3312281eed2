import type { BatchRefusal } from '../../../shared/batch-contract';
import type { Language } from './language';

/*
 * The batch connect's texts ("Anslut flera företag", issue 9 item 1), in Swedish and English. Kept
 * apart from messages.ts on purpose: the batch view is loaded on first show (App.tsx), and its texts
 * travel in its chunk, outside the initial bundle's size budget. The `BatchMessages` type makes a
 * missing translation a compile error; the sidebar's label stays in messages.ts.
 */

/** Every text of the batch view. */
export interface BatchMessages {
  heading: string;
  intro: string;
  listLabel: string;
  listHint: string;
  /** The file is larger than an import may be. */
  fileTooLarge: string;
  fileUnreadable: string;
  /** "12 företag att ansluta". */
  ready: (count: number) => string;
  problemsHeading: (count: number) => string;
  /** The list has more companies than one batch takes: how many, the limit, and what to do. */
  tooMany: (count: number, max: number) => string;
  scopesSummary: (count: number) => string;
  /** "Behörigheter: Bokföring (5 valda)". */
  scopesProfile: (profile: string, count: number) => string;
  changeScopes: string;
  noScopes: string;
  start: string;
  /** Start without a list: connect whatever companies the user picks in Fortnox. */
  startOpen: string;
  startOpenHint: string;
  refusals: Record<BatchRefusal, string>;
  startFailed: string;
  /** "37 av 120 anslutna". */
  progress: (done: number, total: number) => string;
  /** Open mode: "5 anslutna". */
  progressOpen: (done: number) => string;
  /** After the progress: what else happened ("2 hoppades över, 1 misslyckades"). */
  progressDetails: (skipped: number, failed: number, notOnList: number) => string;
  /** "Välj Företag AB (556677-8899) i Fortnox". */
  pickInFortnox: (company: string) => string;
  pickAnyInFortnox: string;
  /** Said while the code is exchanged. */
  exchanging: (company: string) => string;
  oneLoginHint: string;
  skip: string;
  retry: string;
  stop: string;
  done: string;
  newLogin: string;
  newLoginHint: string;
  failedHeading: (company: string) => string;
  pausedHint: string;
  /** The question about a company not on the list. */
  unexpectedHeading: string;
  unexpected: (company: string) => string;
  keep: string;
  discard: string;
  discardHint: string;
  stoppedHeading: string;
  finishedHeading: string;
  /** "Klart: 118 anslutna, 2 hoppades över". */
  summary: (connected: number, skipped: number, failed: number) => string;
  newBatch: string;
  entriesHeading: string;
  /** An entry's name as shown: its name and organisation number, or whatever is known. */
  entryLabel: (name: string | null, orgNumber: string | null, tenantId: string | null) => string;
  /** Beside an entry whose company Fortnox names otherwise than the list: "Namn i Fortnox: X". */
  fortnoxName: (name: string) => string;
  states: {
    waiting: string;
    current: string;
    connected: string;
    updated: string;
    skipped: string;
    failed: string;
    notOnList: string;
    kept: string;
    discarded: string;
    expired: string;
  };
  retryEntry: (company: string) => string;
  skipEntry: (company: string) => string;
}

const svCount = new Intl.NumberFormat('sv-SE');
const enCount = new Intl.NumberFormat('en-GB');

const label = (name: string | null, orgNumber: string | null, tenantId: string | null, database: string): string => {
  if (name !== null && orgNumber !== null) return `${name} (${orgNumber})`;
  if (name !== null) return name;
  if (orgNumber !== null) return orgNumber;
  return `${database} ${tenantId ?? '–'}`;
};

/** Joins the non-empty parts with commas: "2 hoppades över, 1 misslyckades". */
const parts = (items: (string | false)[]): string => items.filter((item): item is string => item !== false).join(', ');

export const svBatch: BatchMessages = {
  heading: 'Anslut flera företag',
  intro:
    'Klistra in organisationsnumren för de företag du vill ansluta, eller välj en CSV-fil. Du loggar in i Fortnox en gång; sedan väljer du bara företaget och godkänner, ett i taget.',
  listLabel: 'Organisationsnummer, ett per rad',
  listHint: 'Ett namn får stå efter numret, åtskilt med semikolon, tabb eller komma. En rubrikrad går bra.',
  fileTooLarge: 'Filen är för stor. En lista får vara högst 1 MB.',
  fileUnreadable: 'Filen kunde inte läsas. Välj en textfil eller CSV-fil.',
  ready: (count) => (count === 1 ? '1 företag att ansluta' : `${svCount.format(count)} företag att ansluta`),
  problemsHeading: (count) => (count === 1 ? '1 rad togs inte med:' : `${svCount.format(count)} rader togs inte med:`),
  tooMany: (count, max) =>
    `Listan har ${svCount.format(count)} företag, men en omgång tar högst ${svCount.format(max)} företag. Dela upp listan: anslut de första ${svCount.format(max)} nu och resten i nästa omgång.`,
  scopesSummary: (count) => (count === 1 ? 'Behörigheter: 1 vald' : `Behörigheter: ${svCount.format(count)} valda`),
  scopesProfile: (profile, count) => `Behörigheter: ${profile} (${count === 1 ? '1 vald' : `${svCount.format(count)} valda`})`,
  changeScopes: 'Ändra behörigheter…',
  noScopes: 'Välj minst en behörighet först.',
  start: 'Anslut företagen',
  startOpen: 'Anslut de företag jag väljer i Fortnox',
  startOpenHint: 'Utan lista: varje företag du väljer i Fortnox ansluts, tills du trycker Klar.',
  refusals: {
    config_invalid: 'Integrationen är inte inställd. Gå till Inställningar först.',
    already_running: 'En inloggning pågår redan. Avsluta den först.',
  },
  startFailed: 'Det gick inte att starta. Försök igen.',
  progress: (done, total) => `${svCount.format(done)} av ${svCount.format(total)} anslutna`,
  progressOpen: (done) => (done === 1 ? '1 ansluten' : `${svCount.format(done)} anslutna`),
  progressDetails: (skipped, failed, notOnList) =>
    parts([
      skipped > 0 && `${svCount.format(skipped)} hoppades över`,
      failed > 0 && `${svCount.format(failed)} misslyckades`,
      notOnList > 0 && `${svCount.format(notOnList)} utanför listan`,
    ]),
  pickInFortnox: (company) => `Välj ${company} i Fortnox`,
  pickAnyInFortnox: 'Välj ett företag i Fortnox',
  exchanging: (company) => `Ansluter ${company}…`,
  oneLoginHint: 'Fortnox-fönstret är öppet. Du behöver bara logga in första gången.',
  skip: 'Hoppa över',
  retry: 'Försök igen',
  stop: 'Stoppa',
  done: 'Klar',
  newLogin: 'Använd en annan Fortnox-inloggning',
  newLoginHint: 'Loggar ut ur Fortnox i appen och öppnar inloggningen igen för samma företag.',
  failedHeading: (company) => `${company} anslöts inte`,
  pausedHint: 'Försök igen, hoppa över företaget eller stoppa.',
  unexpectedHeading: 'Ett företag som inte finns i listan',
  unexpected: (company) => `Fortnox returnerade ${company}, som inte finns i listan. Vill du behålla anslutningen?`,
  keep: 'Behåll',
  discard: 'Släpp',
  discardHint: 'Släpper du den återkallas behörigheten i Fortnox direkt.',
  stoppedHeading: 'Stoppad',
  finishedHeading: 'Klart',
  summary: (connected, skipped, failed) =>
    parts([
      `${svCount.format(connected)} anslutna`,
      skipped > 0 && `${svCount.format(skipped)} hoppades över`,
      failed > 0 && `${svCount.format(failed)} misslyckades`,
    ]),
  newBatch: 'Ny lista',
  entriesHeading: 'Företagen',
  entryLabel: (name, orgNumber, tenantId) => label(name, orgNumber, tenantId, 'Databas'),
  fortnoxName: (name) => `Namn i Fortnox: ${name}`,
  states: {
    waiting: 'Väntar',
    current: 'Pågår',
    connected: 'Ansluten',
    updated: 'Uppdaterad',
    skipped: 'Överhoppad',
    failed: 'Misslyckades',
    notOnList: 'Inte i listan',
    kept: 'Inte i listan, behållen',
    discarded: 'Inte i listan, släppt',
    expired: 'Inte i listan, släppt (tiden gick ut)',
  },
  retryEntry: (company) => `Försök igen med ${company}`,
  skipEntry: (company) => `Hoppa över ${company}`,
};

export const enBatch: BatchMessages = {
  heading: 'Connect several companies',
  intro:
    'Paste the organisation numbers of the companies you want to connect, or choose a CSV file. You sign in to Fortnox once; after that you only pick the company and approve, one at a time.',
  listLabel: 'Organisation numbers, one per line',
  listHint: 'A name may follow the number, separated by a semicolon, tab or comma. A header row is fine.',
  fileTooLarge: 'The file is too large. A list may be at most 1 MB.',
  fileUnreadable: 'The file could not be read. Choose a text or CSV file.',
  ready: (count) => (count === 1 ? '1 company to connect' : `${enCount.format(count)} companies to connect`),
  problemsHeading: (count) => (count === 1 ? '1 line was left out:' : `${enCount.format(count)} lines were left out:`),
  tooMany: (count, max) =>
    `The list has ${enCount.format(count)} companies, but a batch takes at most ${enCount.format(max)} companies. Split the list: connect the first ${enCount.format(max)} now and the rest in the next batch.`,
  scopesSummary: (count) => (count === 1 ? 'Scopes: 1 chosen' : `Scopes: ${enCount.format(count)} chosen`),
  scopesProfile: (profile, count) => `Scopes: ${profile} (${enCount.format(count)} chosen)`,
  changeScopes: 'Change scopes…',
  noScopes: 'Choose at least one scope first.',
  start: 'Connect the companies',
  startOpen: 'Connect the companies I pick in Fortnox',
  startOpenHint: 'Without a list: every company you pick in Fortnox is connected, until you press Done.',
  refusals: {
    config_invalid: 'The integration is not set up. Go to Settings first.',
    already_running: 'A sign-in is already under way. Finish it first.',
  },
  startFailed: 'Could not start. Try again.',
  progress: (done, total) => `${enCount.format(done)} of ${enCount.format(total)} connected`,
  progressOpen: (done) => `${enCount.format(done)} connected`,
  progressDetails: (skipped, failed, notOnList) =>
    parts([
      skipped > 0 && `${enCount.format(skipped)} skipped`,
      failed > 0 && `${enCount.format(failed)} failed`,
      notOnList > 0 && `${enCount.format(notOnList)} not on the list`,
    ]),
  pickInFortnox: (company) => `Pick ${company} in Fortnox`,
  pickAnyInFortnox: 'Pick a company in Fortnox',
  exchanging: (company) => `Connecting ${company}…`,
  oneLoginHint: 'The Fortnox window is open. You only need to sign in the first time.',
  skip: 'Skip',
  retry: 'Try again',
  stop: 'Stop',
  done: 'Done',
  newLogin: 'Use another Fortnox login',
  newLoginHint: 'Signs out of Fortnox in the app and opens the sign-in again for the same company.',
  failedHeading: (company) => `${company} was not connected`,
  pausedHint: 'Try again, skip the company or stop.',
  unexpectedHeading: 'A company that is not on the list',
  unexpected: (company) => `Fortnox returned ${company}, which is not on the list. Keep the connection?`,
  keep: 'Keep',
  discard: 'Let go',
  discardHint: 'If you let it go, the access is revoked in Fortnox at once.',
  stoppedHeading: 'Stopped',
  finishedHeading: 'Done',
  summary: (connected, skipped, failed) =>
    parts([
      `${enCount.format(connected)} connected`,
      skipped > 0 && `${enCount.format(skipped)} skipped`,
      failed > 0 && `${enCount.format(failed)} failed`,
    ]),
  newBatch: 'New list',
  entriesHeading: 'The companies',
  entryLabel: (name, orgNumber, tenantId) => label(name, orgNumber, tenantId, 'Database'),
  fortnoxName: (name) => `Name in Fortnox: ${name}`,
  states: {
    waiting: 'Waiting',
    current: 'In progress',
    connected: 'Connected',
    updated: 'Updated',
    skipped: 'Skipped',
    failed: 'Failed',
    notOnList: 'Not on the list',
    kept: 'Not on the list, kept',
    discarded: 'Not on the list, let go',
    expired: 'Not on the list, let go (time ran out)',
  },
  retryEntry: (company) => `Try ${company} again`,
  skipEntry: (company) => `Skip ${company}`,
};

/** The batch view's texts in each language. */
export const BATCH_MESSAGES: Record<Language, BatchMessages> = { sv: svBatch, en: enBatch };

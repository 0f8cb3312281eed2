import type { BatchRefusal } from '../../../shared/batch-contract';
import type { ClientFileProblem } from '../../../shared/client-contract';
import type { ClientImportFailure, ClientLineProblem, ClientLineReason } from '../../../shared/client-import';
import { CLIENT_IMPORT_MAX_ROWS } from '../../../shared/client-import-limits';
import { CLIENT_LIST_MAX, type ClientState } from '../../../shared/client-list-rules';

/*
 * The client list's texts (issue 9 item 2) and those of a pasted or imported list of organisation
 * numbers (used by the batch too), in Swedish and English. Kept beside messages.ts, which includes
 * them as `messages.clients`; the `ClientsMessages` type makes a missing translation a compile error.
 */

/** How a list of organisation numbers that was read is explained, line by line and as a whole. */
export interface ClientImportTexts {
  /** Why one line was not taken, after its number (`duplicate` names the first line). */
  reasons: Record<Exclude<ClientLineReason, 'duplicate'>, string>;
  duplicate: (firstLine: number) => string;
  /** One problem as a sentence: the line, the number as written, the reason. */
  problem: (problem: ClientLineProblem) => string;
  /** Why the whole list was refused. */
  failures: Record<ClientImportFailure, string>;
  heading: string;
  textLabel: string;
  textHint: string;
  /** After a file was chosen: its name, read into the box. */
  fileRead: (name: string) => string;
  fileUnreadable: string;
  button: string;
  busy: string;
  /** What an import did: added, already on the list. */
  result: (added: number, alreadyListed: number) => string;
  /** Lines that were not taken, before their list. */
  problemsHeading: (count: number) => string;
  overLimit: (count: number) => string;
  /** After the first problems shown: how many more were not. */
  moreProblems: (count: number) => string;
  notStored: string;
}

/** Every text of the client list. */
export interface ClientsMessages {
  import: ClientImportTexts;
  heading: string;
  intro: string;
  /** `clients.json` could not be read at start: a heading and, per reason, what happened and where the file is. */
  fileProblem: {
    heading: string;
    /** `backupPath`: where a damaged file was moved (null when it is left where it was, at `filePath`). */
    body: Record<ClientFileProblem['kind'], (filePath: string, backupPath: string | null) => string>;
  };
  /** "37 av 120 anslutna". */
  connectedOf: (connected: number, total: number) => string;
  states: Record<ClientState, string>;
  stateFilter: string;
  allStates: (count: number) => string;
  stateOption: (state: string, count: number) => string;
  searchLabel: string;
  searchPlaceholder: string;
  shownCount: (shown: number, total: number) => string;
  listLabel: string;
  columns: { name: string; orgNumber: string; state: string };
  noName: string;
  remove: string;
  removeLabel: (client: string) => string;
  removed: (client: string) => string;
  removeFailed: string;
  emptyHeading: string;
  emptyBody: string;
  noMatch: string;
  exportCsv: string;
  exporting: string;
  exported: (rows: number) => string;
  exportCancelled: string;
  exportFailed: string;
  loading: string;
  loadFailed: string;
  retry: string;
  noResponse: string;
  /** Starts a batch for the clients not connected yet. */
  connectMissing: (count: number) => string;
  connectMissingHint: (scopes: number) => string;
  changeScopes: string;
  batchStarted: (count: number) => string;
  /** More clients are missing than one batch takes: the first ones were taken. */
  batchCapped: (taken: number, missing: number) => string;
  batchRefused: Record<BatchRefusal, string>;
}

const svNumbers = new Intl.NumberFormat('sv-SE');
const enNumbers = new Intl.NumberFormat('en-GB');
const sv = (value: number) => svNumbers.format(value);
const en = (value: number) => enNumbers.format(value);
const enPlural = new Intl.PluralRules('en-GB');
const enCount = (count: number, one: string, other: string) => `${en(count)} ${enPlural.select(count) === 'one' ? one : other}`;
const svCount = (count: number, one: string, other: string) => `${sv(count)} ${count === 1 ? one : other}`;

const svReasons: ClientImportTexts['reasons'] = {
  empty: 'organisationsnummer saknas',
  not_digits: 'får bara innehålla siffror och bindestreck',
  wrong_length: 'ska ha 10 siffror (12 med sekelsiffrorna 16, 19 eller 20)',
  bad_century: 'ett nummer med 12 siffror börjar med 16, 19 eller 20',
  bad_vat_suffix: 'ett momsregistreringsnummer slutar på 01',
  bad_check_digit: 'kontrollsiffran stämmer inte; en siffra är fel eller två har bytt plats',
  unclosed_quote: 'ett citattecken (") stängs aldrig, så resten av texten kunde inte läsas',
};

const enReasons: ClientImportTexts['reasons'] = {
  empty: 'the organisation number is missing',
  not_digits: 'may contain only digits and hyphens',
  wrong_length: 'must have 10 digits (12 with the century digits 16, 19 or 20)',
  bad_century: 'a 12-digit number starts with 16, 19 or 20',
  bad_vat_suffix: 'a VAT number ends in 01',
  bad_check_digit: 'the check digit does not match; a digit is wrong or two have swapped places',
  unclosed_quote: 'a quotation mark (") is never closed, so the rest of the text could not be read',
};

/** Swedish. */
export const svClients: ClientsMessages = {
  import: {
    reasons: svReasons,
    duplicate: (firstLine) => `finns redan på rad ${svNumbers.format(firstLine)}`,
    problem: ({ line, reason, value, firstLine }) => {
      const why = reason === 'duplicate' ? `finns redan på rad ${svNumbers.format(firstLine ?? 0)}` : svReasons[reason];
      return value === '' ? `Rad ${svNumbers.format(line)}: ${why}.` : `Rad ${svNumbers.format(line)}: ${value} – ${why}.`;
    },
    failures: {
      empty: 'Listan är tom. Klistra in organisationsnummer, ett per rad, eller välj en CSV-fil.',
      too_large: 'Listan är för stor (högst 1 MB). Dela upp den och importera delarna var för sig.',
      too_many_rows: `Listan har fler än ${svNumbers.format(CLIENT_IMPORT_MAX_ROWS)} klienter. Dela upp den och importera delarna var för sig.`,
    },
    heading: 'Lägg till klienter',
    textLabel: 'Organisationsnummer',
    textHint: 'Ett per rad, gärna med namn: 556677-8899;Norr AB. Eller välj en CSV-fil.',
    fileRead: (name) => `${name} är inläst. Tryck Importera för att lägga till klienterna.`,
    fileUnreadable: 'Filen kunde inte läsas. Spara den som CSV (UTF-8) och försök igen.',
    button: 'Importera',
    busy: 'Importerar …',
    result: (added, alreadyListed) =>
      alreadyListed === 0
        ? `${svCount(added, 'klient lades till', 'klienter lades till')}.`
        : `${svCount(added, 'klient lades till', 'klienter lades till')}, ${svCount(alreadyListed, 'fanns redan', 'fanns redan')} i listan.`,
    problemsHeading: (count) => `${svCount(count, 'rad', 'rader')} kunde inte läsas:`,
    overLimit: (count) => `${svCount(count, 'klient', 'klienter')} fick inte plats: listan rymmer högst ${sv(CLIENT_LIST_MAX)} klienter.`,
    moreProblems: (count) => `… och ${svCount(count, 'rad', 'rader')} till.`,
    notStored: 'Listan kunde inte sparas på datorn. Den finns kvar tills du avslutar appen.',
  },
  heading: 'Klienter',
  intro: 'Byråns klienter och om deras Fortnox-företag är anslutna. Organisationsnummer som du importerar här eller i Anslut flera företag hamnar i listan.',
  fileProblem: {
    heading: 'Den sparade klientlistan kunde inte läsas',
    body: {
      corrupt: (filePath, backupPath) =>
        backupPath === null
          ? `Filen med klientlistan var skadad och kunde inte flyttas undan. Den ligger kvar orörd i ${filePath}. Listan visas tom, och ändringar sparas inte förrän filen har flyttats eller tagits bort.`
          : `Filen med klientlistan var skadad. Den har sparats undan som ${backupPath}, och listan började om tom. Importera klienterna igen.`,
      unreadable: (filePath) =>
        `Filen med klientlistan gick inte att läsa. Den ligger kvar orörd i ${filePath}. Listan visas tom, och ändringar sparas inte förrän appen kan läsa filen.`,
      newer_version: (filePath) =>
        `Filen med klientlistan är sparad av en nyare version av appen. Den ligger kvar orörd i ${filePath}. Listan visas tom, och ändringar sparas inte. Uppdatera appen för att se klienterna igen.`,
      too_large: (filePath) =>
        `Filen med klientlistan är orimligt stor och lästes inte. Den ligger kvar orörd i ${filePath}. Flytta eller ta bort den och starta om appen.`,
      not_a_file: (filePath) =>
        `I stället för filen med klientlistan finns något som inte är en vanlig fil (${filePath}). Det har lämnats orört. Ta bort det och starta om appen.`,
    },
  },
  connectedOf: (connected, total) => `${sv(connected)} av ${sv(total)} anslutna`,
  states: { not_connected: 'Inte ansluten', connected: 'Ansluten', needs_reconnect: 'Behöver anslutas igen', skipped: 'Hoppades över' },
  stateFilter: 'Visa',
  allStates: (count) => `Alla (${sv(count)})`,
  stateOption: (state, count) => `${state} (${sv(count)})`,
  searchLabel: 'Sök',
  searchPlaceholder: 'Namn eller organisationsnummer',
  shownCount: (shown, total) => (shown === total ? svCount(total, 'klient', 'klienter') : `Visar ${sv(shown)} av ${svCount(total, 'klient', 'klienter')}`),
  listLabel: 'Klienter',
  columns: { name: 'Namn', orgNumber: 'Organisationsnummer', state: 'Status' },
  noName: 'Namn saknas',
  remove: 'Ta bort',
  removeLabel: (client) => `Ta bort ${client} ur klientlistan`,
  removed: (client) => `${client} togs bort ur klientlistan.`,
  removeFailed: 'Klienten kunde inte tas bort. Försök igen.',
  emptyHeading: 'Inga klienter ännu',
  emptyBody: 'Lägg till byråns klienter med deras organisationsnummer ovan, så ser du vilka som saknar anslutning.',
  noMatch: 'Inga klienter matchar filtret.',
  exportCsv: 'Exportera CSV',
  exporting: 'Exporterar …',
  exported: (rows) => `${svCount(rows, 'rad', 'rader')} sparades.`,
  exportCancelled: 'Ingen fil sparades.',
  exportFailed: 'Filen kunde inte sparas. Välj en annan plats och försök igen.',
  loading: 'Läser klientlistan …',
  loadFailed: 'Klientlistan kunde inte läsas.',
  retry: 'Försök igen',
  noResponse: 'Appen svarade inte. Försök igen.',
  connectMissing: (count) => `Anslut de som saknas (${sv(count)})`,
  connectMissingHint: (scopes) => `Startar Anslut flera företag för klienterna som inte är anslutna, med ${svCount(scopes, 'behörighet', 'behörigheter')} som är valda under Anslut.`,
  changeScopes: 'Ändra behörigheter …',
  batchStarted: (count) => `Anslutningen av ${svCount(count, 'klient', 'klienter')} har startat. Logga in i Fortnox-fönstret som öppnades och välj företaget där.`,
  batchCapped: (taken, missing) => `En omgång tar högst ${sv(taken)} företag: de första ${sv(taken)} av ${sv(missing)} togs med.`,
  batchRefused: {
    config_invalid: 'Appens inställningar för Fortnox är inte klara. Gå till Inställningar och rätta dem först.',
    already_running: 'En anslutning pågår redan. Gör klart eller avbryt den först.',
  },
};

/** English. */
export const enClients: ClientsMessages = {
  import: {
    reasons: enReasons,
    duplicate: (firstLine) => `already on line ${enNumbers.format(firstLine)}`,
    problem: ({ line, reason, value, firstLine }) => {
      const why = reason === 'duplicate' ? `already on line ${enNumbers.format(firstLine ?? 0)}` : enReasons[reason];
      return value === '' ? `Line ${enNumbers.format(line)}: ${why}.` : `Line ${enNumbers.format(line)}: ${value} – ${why}.`;
    },
    failures: {
      empty: 'The list is empty. Paste organisation numbers, one a line, or choose a CSV file.',
      too_large: 'The list is too large (at most 1 MB). Split it and import the parts one at a time.',
      too_many_rows: `The list has more than ${enNumbers.format(CLIENT_IMPORT_MAX_ROWS)} clients. Split it and import the parts one at a time.`,
    },
    heading: 'Add clients',
    textLabel: 'Organisation numbers',
    textHint: 'One a line, ideally with a name: 556677-8899;Norr AB. Or choose a CSV file.',
    fileRead: (name) => `${name} has been read. Press Import to add the clients.`,
    fileUnreadable: 'The file could not be read. Save it as CSV (UTF-8) and try again.',
    button: 'Import',
    busy: 'Importing …',
    result: (added, alreadyListed) =>
      alreadyListed === 0
        ? `${enCount(added, 'client', 'clients')} added.`
        : `${enCount(added, 'client', 'clients')} added, ${en(alreadyListed)} already on the list.`,
    problemsHeading: (count) => `${enCount(count, 'line', 'lines')} could not be read:`,
    overLimit: (count) => `${enCount(count, 'client', 'clients')} did not fit: the list holds at most ${en(CLIENT_LIST_MAX)} clients.`,
    moreProblems: (count) => `… and ${enCount(count, 'more line', 'more lines')}.`,
    notStored: 'The list could not be saved on this computer. It is kept until you quit the app.',
  },
  heading: 'Clients',
  intro: "The firm's clients and whether their Fortnox companies are connected. Organisation numbers you import here or in Connect several companies go on the list.",
  fileProblem: {
    heading: 'The saved client list could not be read',
    body: {
      corrupt: (filePath, backupPath) =>
        backupPath === null
          ? `The client list file was damaged and could not be moved aside. It is left untouched at ${filePath}. The list is shown empty, and changes are not saved until the file has been moved or removed.`
          : `The client list file was damaged. It has been kept aside as ${backupPath}, and the list started again empty. Import the clients again.`,
      unreadable: (filePath) =>
        `The client list file could not be read. It is left untouched at ${filePath}. The list is shown empty, and changes are not saved until the app can read the file.`,
      newer_version: (filePath) =>
        `The client list file was saved by a newer version of the app. It is left untouched at ${filePath}. The list is shown empty, and changes are not saved. Update the app to see the clients again.`,
      too_large: (filePath) =>
        `The client list file is unreasonably large and was not read. It is left untouched at ${filePath}. Move or remove it and restart the app.`,
      not_a_file: (filePath) =>
        `Where the client list file should be, there is something that is not a regular file (${filePath}). It has been left alone. Remove it and restart the app.`,
    },
  },
  connectedOf: (connected, total) => `${en(connected)} of ${en(total)} connected`,
  states: { not_connected: 'Not connected', connected: 'Connected', needs_reconnect: 'Needs reconnecting', skipped: 'Skipped' },
  stateFilter: 'Show',
  allStates: (count) => `All (${en(count)})`,
  stateOption: (state, count) => `${state} (${en(count)})`,
  searchLabel: 'Search',
  searchPlaceholder: 'Name or organisation number',
  shownCount: (shown, total) => (shown === total ? enCount(total, 'client', 'clients') : `Showing ${en(shown)} of ${enCount(total, 'client', 'clients')}`),
  listLabel: 'Clients',
  columns: { name: 'Name', orgNumber: 'Organisation number', state: 'Status' },
  noName: 'No name',
  remove: 'Remove',
  removeLabel: (client) => `Remove ${client} from the client list`,
  removed: (client) => `${client} was removed from the client list.`,
  removeFailed: 'The client could not be removed. Try again.',
  emptyHeading: 'No clients yet',
  emptyBody: "Add the firm's clients with their organisation numbers above to see which ones are not connected.",
  noMatch: 'No clients match the filter.',
  exportCsv: 'Export CSV',
  exporting: 'Exporting …',
  exported: (rows) => `${enCount(rows, 'row', 'rows')} saved.`,
  exportCancelled: 'No file was saved.',
  exportFailed: 'The file could not be saved. Choose another place and try again.',
  loading: 'Reading the client list …',
  loadFailed: 'The client list could not be read.',
  retry: 'Try again',
  noResponse: 'The app did not answer. Try again.',
  connectMissing: (count) => `Connect the missing ones (${en(count)})`,
  connectMissingHint: (scopes) => `Starts Connect several companies for the clients that are not connected, with the ${enCount(scopes, 'scope', 'scopes')} chosen under Connect.`,
  changeScopes: 'Change scopes …',
  batchStarted: (count) => `Connecting ${enCount(count, 'client', 'clients')} has started. Sign in in the Fortnox window that opened and pick the company there.`,
  batchCapped: (taken, missing) => `One run takes at most ${en(taken)} companies: the first ${en(taken)} of ${en(missing)} were taken.`,
  batchRefused: {
    config_invalid: "The app's Fortnox settings are not complete. Go to Settings and correct them first.",
    already_running: 'A connection is already in progress. Finish or cancel it first.',
  },
};

import type { ClientImportFailure, ClientLineProblem, ClientLineReason } from '../../../shared/client-import';
import { CLIENT_IMPORT_MAX_ROWS } from '../../../shared/client-import-limits';

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
}

/** Every text of the client list. */
export interface ClientsMessages {
  import: ClientImportTexts;
}

const svNumbers = new Intl.NumberFormat('sv-SE');
const enNumbers = new Intl.NumberFormat('en-GB');

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
  },
};

/**
 * Swedish organisation numbers (organisationsnummer) and the personal identity numbers
 * (personnummer, samordningsnummer) a sole trader's company is registered under, as an accountant
 * types or pastes them. Hand-written: the format and its check digit are a few lines of Swedish
 * rules (Skatteverket SKV 707 and 709, Bolagsverket) that no kept library in our dependencies covers.
 */

/** Why a text is not an organisation number; each has a Swedish and English message in the renderer. */
export type OrgNumberError =
  /** Nothing but white space. */
  | 'empty'
  /** Characters other than digits and one separator in the usual place. */
  | 'not_digits'
  /** Not 10 digits (or 12 with a century prefix). */
  | 'wrong_length'
  /** 12 digits that do not start with 16, 19 or 20. */
  | 'bad_century'
  /** An `SE…` VAT number that does not end in `01`. */
  | 'bad_vat_suffix'
  /** The last digit does not match the Luhn check of the other nine. */
  | 'bad_check_digit';

/** Every {@link OrgNumberError}, for tests and exhaustive message tables. */
export const ORG_NUMBER_ERRORS: readonly OrgNumberError[] = [
  'empty',
  'not_digits',
  'wrong_length',
  'bad_century',
  'bad_vat_suffix',
  'bad_check_digit',
];

/** A legal person's organisation number, or a natural person's identity number (a sole trader). */
export type OrgNumberKind = 'organisation' | 'person';

/** The outcome of {@link parseOrgNumber}. */
export type OrgNumberResult =
  | { ok: true; orgNumber: string; kind: OrgNumberKind }
  | { ok: false; error: OrgNumberError };

/** The canonical form every stored and compared number has: `NNNNNN-NNNN`. */
export const CANONICAL_ORG_NUMBER = /^[0-9]{6}-[0-9]{4}$/;

/** Longest text looked at: anything longer is `wrong_length` without further work. */
const MAX_INPUT = 40;

/**
 * Hyphen look-alikes a word processor or a web page puts where the user typed "-": the Unicode
 * hyphens and dashes U+2010–U+2015 and the minus sign U+2212.
 */
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * Reads `text` as an organisation or personal identity number and returns it as `NNNNNN-NNNN`.
 * Accepted: `5566778899`, `556677-8899` (spaces or hyphens anywhere), `556677+8899` (a person over 100), the
 * 12-digit forms with a century prefix (`16556677-8899` for organisations, `19800101-1234` and
 * `20…` for persons), the VAT form `SE556677889901`, and Excel's `="5566778899"` (used to keep a
 * leading zero), each with white space around it.
 */
export function parseOrgNumber(text: string): OrgNumberResult {
  let value = text.trim();
  if (value === '') return fail('empty');
  if (value.length > MAX_INPUT) return fail('wrong_length');
  const excelText = /^="(.*)"$/.exec(value);
  if (excelText) value = (excelText[1] ?? '').trim();
  if (value === '') return fail('empty');
  value = value.replace(DASHES, '-');

  // The VAT number (momsregistreringsnummer) is "SE", the ten digits, then "01".
  const vat = /^SE\s?([0-9][0-9\s-]*[0-9])$/i.exec(value);
  if (vat) {
    const digits = (vat[1] ?? '').replace(/[\s-]/g, '');
    if (digits.length !== 12) return fail('wrong_length');
    if (!digits.endsWith('01')) return fail('bad_vat_suffix');
    return checked(digits.slice(0, 10));
  }

  // Separators are ignored wherever they are (the check digit catches a misplaced digit); what is
  // left must be digits only.
  const digits = value.replace(/[\s+-]/g, '');
  if (!/^[0-9]+$/.test(digits)) return fail('not_digits');
  if (digits.length === 10) return checked(digits);
  if (digits.length === 12) {
    // Skatteverket writes organisation numbers with a "16" century prefix; persons have 19 or 20.
    const century = digits.slice(0, 2);
    if (century !== '16' && century !== '19' && century !== '20') return fail('bad_century');
    return checked(digits.slice(2));
  }
  return fail('wrong_length');
}

/** The canonical `NNNNNN-NNNN` form of `text`, or undefined when it is not a valid number. */
export function canonicalOrgNumber(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const result = parseOrgNumber(text);
  return result.ok ? result.orgNumber : undefined;
}

/**
 * True when the ten digits end in the Luhn check digit of the first nine (the "mod 10" rule of
 * SKV 707: alternate digits doubled from the left, digit sums added, the total a multiple of 10).
 */
export function hasValidCheckDigit(tenDigits: string): boolean {
  if (!/^[0-9]{10}$/.test(tenDigits)) return false;
  let sum = 0;
  for (let index = 0; index < 10; index += 1) {
    let digit = tenDigits.charCodeAt(index) - 48;
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function checked(tenDigits: string): OrgNumberResult {
  if (!hasValidCheckDigit(tenDigits)) return fail('bad_check_digit');
  // The third digit is the "month" of a person's number (0 or 1); organisations have 2 or more.
  const kind: OrgNumberKind = Number(tenDigits[2]) >= 2 ? 'organisation' : 'person';
  return { ok: true, orgNumber: `${tenDigits.slice(0, 6)}-${tenDigits.slice(6)}`, kind };
}

function fail(error: OrgNumberError): OrgNumberResult {
  return { ok: false, error };
}

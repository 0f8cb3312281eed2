/**
 * The column names a client list's header row may use, in Swedish and English: the ones Fortnox,
 * Visma, Excel templates and accountants' own sheets put over organisation numbers and names.
 * Compared after {@link headerKey}, so "Org.nr", "Org nr" and "ORGNR" are the same.
 */

const NUMBER_HEADERS = new Set([
  'organisationsnummer',
  'organisationsnr',
  'orgnummer',
  'orgnr',
  'orgno',
  'organisationnumber',
  'organizationnumber',
  'orgnumber',
  'organizationno',
  'organisationno',
  'corporateidentitynumber',
  'companynumber',
  'companyregistrationnumber',
  'registrationnumber',
  'personnummer',
  'personnr',
  'personorganisationsnummer',
  'organisationspersonnummer',
  'identitetsnummer',
  'personalidentitynumber',
  'momsregistreringsnummer',
  'momsregnr',
  'momsnr',
  'vatnumber',
  'vatno',
  'vatnr',
]);

const NAME_HEADERS = new Set([
  'namn',
  'name',
  'företag',
  'företagsnamn',
  'företagetsnamn',
  'bolag',
  'bolagsnamn',
  'kund',
  'kundnamn',
  'klient',
  'klientnamn',
  'organisation',
  'organization',
  'company',
  'companyname',
  'client',
  'clientname',
  'customer',
  'customername',
]);

/** A header cell reduced to lower-case letters: punctuation, digits and spaces removed. */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-zåäöéü]/g, '');
}

/** True when `cell` is a known name for the column of organisation numbers. */
export function isNumberHeader(cell: string): boolean {
  return NUMBER_HEADERS.has(headerKey(cell));
}

/** True when `cell` is a known name for the column of company names. */
export function isNameHeader(cell: string): boolean {
  return NAME_HEADERS.has(headerKey(cell));
}

/** The number and name columns when `cells` is a header row that names the number column. */
export function findHeaderColumns(cells: readonly string[]): { number: number; name: number | undefined } | undefined {
  const number = cells.findIndex(isNumberHeader);
  if (number === -1) return undefined;
  const name = cells.findIndex((cell, column) => column !== number && isNameHeader(cell));
  return { number, name: name === -1 ? undefined : name };
}

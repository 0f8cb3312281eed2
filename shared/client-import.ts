import Papa from 'papaparse';
import { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS, utf8Length } from './client-import-limits';
import { findHeaderColumns, isNumberHeader } from './client-import-headers';
import { parseOrgNumber, type OrgNumberError } from './org-number';
import { COMPANY_NAME_MAX } from './text-limits';
import { cleanText } from './untrusted-text';

export { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS } from './client-import-limits';

/** One client read from the list: its canonical organisation number and the name given beside it. */
export interface ImportedClient {
  orgNumber: string;
  name?: string;
}

/** Why one line was not taken: the number's own problem, a repeat, or a quote left open. */
export type ClientLineReason = OrgNumberError | 'duplicate' | 'unclosed_quote';

/** A line that was not taken, for the list of problems shown under the import box. */
export interface ClientLineProblem {
  /** 1-based line of the text where the row starts (a header and empty lines count). */
  line: number;
  reason: ClientLineReason;
  /** The number as written on that line, cleaned and cut, so the user can find it. */
  value: string;
  /** For `duplicate`: the line where the number was first given. */
  firstLine?: number | undefined;
}

/** Why the whole text was refused. */
export type ClientImportFailure = 'empty' | 'too_large' | 'too_many_rows';

/** The outcome of {@link parseClientList}. */
export type ClientImportResult =
  | { ok: true; clients: ImportedClient[]; problems: ClientLineProblem[]; headerLine: boolean }
  | { ok: false; error: ClientImportFailure };

/** Longest echo of a bad number in a problem (the field as written is untrusted and unbounded). */
export const PROBLEM_VALUE_MAX = 40;

const DELIMITERS = [';', '\t', ','] as const;
type Delimiter = (typeof DELIMITERS)[number];
/** How many rows decide the delimiter and the number column. */
const SAMPLE_ROWS = 50;

/**
 * Reads a pasted list or a CSV file's text into clients. Accepts one column of numbers, or rows of
 * a number and a name separated by `;`, tab or `,` (the one that yields numbers is chosen), with or
 * without a header row (recognised by its Swedish or English column names, or by a cell without
 * digits where the numbers are). A UTF-8 byte-order mark, CRLF line ends and empty lines are
 * ignored; a repeated number is reported once per repeat, the first kept. Names are plain text: a
 * name like `=HYPERLINK(…)` is kept as written (the CSV export escapes it again).
 */
export function parseClientList(input: string): ClientImportResult {
  if (input.length > CLIENT_IMPORT_MAX_BYTES || utf8Length(input) > CLIENT_IMPORT_MAX_BYTES) {
    return { ok: false, error: 'too_large' };
  }
  // One line end everywhere, so that line numbers can be counted on "\n" alone.
  const text = input.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { ok: false, error: 'empty' };

  const delimiter = chooseDelimiter(text);
  const rows = readRows(text, delimiter);
  if (rows === 'too_many_rows') return { ok: false, error: 'too_many_rows' };
  if (rows.length === 0) return { ok: false, error: 'empty' };

  const columns = chooseColumns(rows);
  const dataRows = columns.headerLine ? rows.slice(1) : rows;
  if (dataRows.length === 0) return { ok: false, error: 'empty' };
  if (dataRows.length > CLIENT_IMPORT_MAX_ROWS) return { ok: false, error: 'too_many_rows' };

  const clients: ImportedClient[] = [];
  const problems: ClientLineProblem[] = [];
  const firstLines = new Map<string, number>();
  for (const row of dataRows) {
    const written = row.cells[columns.number] ?? '';
    const value = cleanText(written, PROBLEM_VALUE_MAX) ?? '';
    if (row.unclosedQuote) {
      problems.push({ line: row.line, reason: 'unclosed_quote', value });
      continue;
    }
    const parsed = parseOrgNumber(written);
    if (!parsed.ok) {
      problems.push({ line: row.line, reason: parsed.error, value });
      continue;
    }
    const firstLine = firstLines.get(parsed.orgNumber);
    if (firstLine !== undefined) {
      problems.push({ line: row.line, reason: 'duplicate', value, firstLine });
      continue;
    }
    firstLines.set(parsed.orgNumber, row.line);
    const name = columns.name === undefined ? undefined : readName(row.cells[columns.name]);
    clients.push(name === undefined ? { orgNumber: parsed.orgNumber } : { orgNumber: parsed.orgNumber, name });
  }
  return { ok: true, clients, problems, headerLine: columns.headerLine };
}

interface SourceRow {
  line: number;
  cells: string[];
  unclosedQuote: boolean;
}

/** The non-empty rows with the line each starts on; stops (and says so) past the row limit. */
function readRows(text: string, delimiter: Delimiter): SourceRow[] | 'too_many_rows' {
  const rows: SourceRow[] = [];
  let tooMany = false;
  let line = 1;
  let counted = 0; // the offset up to which "\n"s have been counted into `line`
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    step: (result, parser) => {
      line += countNewlines(text, counted, rowStart);
      counted = rowStart;
      const cells = result.data;
      if (cells.some((cell) => cell.trim() !== '')) {
        // A header and at most the limit of data rows; one more means the list is too long.
        if (rows.length > CLIENT_IMPORT_MAX_ROWS + 1) {
          tooMany = true;
          parser.abort();
          return;
        }
        rows.push({ line, cells, unclosedQuote: result.errors.some((error) => error.type === 'Quotes') });
      }
      rowStart = result.meta.cursor;
    },
  });
  return tooMany ? 'too_many_rows' : rows;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/**
 * The delimiter under which the most of the first rows hold an organisation number (or a number
 * column's header) in a cell of their own, then the one that splits the most rows; ties go to `;`
 * (Swedish Excel), then tab (pasted from a spreadsheet), then `,`. Papa Parse's own guess is not
 * used: with a single row it cannot tell "556677-8899;Firma, AB" apart.
 */
function chooseDelimiter(text: string): Delimiter {
  let best: Delimiter = ';';
  let bestScore = [-1, -1];
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { delimiter, newline: '\n', preview: SAMPLE_ROWS }).data;
    const withNumber = rows.filter((cells) => cells.some((cell) => parseOrgNumber(cell).ok || isNumberHeader(cell))).length;
    const split = rows.filter((cells) => cells.length > 1).length;
    const [bestNumber = -1, bestSplit = -1] = bestScore;
    if (withNumber > bestNumber || (withNumber === bestNumber && split > bestSplit)) {
      best = delimiter;
      bestScore = [withNumber, split];
    }
  }
  return best;
}

interface Columns {
  number: number;
  name: number | undefined;
  headerLine: boolean;
}

/** Which column holds the numbers and which the names, and whether the first row is a header. */
function chooseColumns(rows: readonly SourceRow[]): Columns {
  const first = rows[0]?.cells ?? [];
  const named = findHeaderColumns(first);
  if (named) return { number: named.number, name: named.name, headerLine: true };

  // No known header: the numbers are in the column where most of the first rows parse.
  const width = Math.max(...rows.slice(0, SAMPLE_ROWS).map((row) => row.cells.length));
  let number = 0;
  let mostValid = 0;
  for (let column = 0; column < width; column += 1) {
    const valid = rows.slice(0, SAMPLE_ROWS).filter((row) => parseOrgNumber(row.cells[column] ?? '').ok).length;
    if (valid > mostValid) {
      number = column;
      mostValid = valid;
    }
  }
  // A first row without a single digit where the numbers are is a header in words we do not know.
  const headerLine = rows.length > 1 && !/[0-9]/.test(first[number] ?? '');
  const others = Array.from({ length: width }, (_, column) => column).filter((column) => column !== number);
  return { number, name: others[0], headerLine };
}

/**
 * The name as plain text. One leading apostrophe before a formula character is dropped: it is how
 * our own CSV export (and spreadsheets) escape such a cell, so an exported list reads back as it was.
 */
function readName(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const unescaped = /^'[=+\-@\t\r]/.test(cell.trimStart()) ? cell.trimStart().slice(1) : cell;
  return cleanText(unescaped, COMPANY_NAME_MAX);
}

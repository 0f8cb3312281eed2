import { describe, expect, it } from 'vitest';
import { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS, parseClientList, type ClientImportResult } from '../../../shared/client-import';

function accepted(result: ClientImportResult) {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result;
}

describe('parseClientList', () => {
  it('reads one column of numbers in any accepted form, canonical and in order', () => {
    const result = accepted(parseClientList('5566778899\n556123-4567\n16559876-5435\n'));
    expect(result.clients).toEqual([{ orgNumber: '556677-8899' }, { orgNumber: '556123-4567' }, { orgNumber: '559876-5435' }]);
    expect(result.problems).toEqual([]);
    expect(result.headerLine).toBe(false);
  });

  it('reads a Swedish Excel export: a header, semicolons, quoted cells, CRLF, a BOM and trailing empty lines', () => {
    const text = '\ufeff"Organisationsnummer";"Namn"\r\n"556677-8899";"Bokföringsbyrån ""Norr"" AB"\r\n"556123-4567";"Café Söder AB"\r\n\r\n\r\n';
    const result = accepted(parseClientList(text));
    expect(result.headerLine).toBe(true);
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Bokföringsbyrån "Norr" AB' },
      { orgNumber: '556123-4567', name: 'Café Söder AB' },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('reads comma-separated rows with a comma inside a quoted name', () => {
    const result = accepted(parseClientList('Org.nr,Name\n556677-8899,"Andersson, Berg & Co AB"\n5561234567,Plain AB\n'));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Andersson, Berg & Co AB' },
      { orgNumber: '556123-4567', name: 'Plain AB' },
    ]);
  });

  it('reads tab-separated rows pasted from a spreadsheet', () => {
    const result = accepted(parseClientList('Företag\tOrgnr\nFirma Ett AB\t5566778899\nFirma Två AB\t5561234567'));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Firma Ett AB' },
      { orgNumber: '556123-4567', name: 'Firma Två AB' },
    ]);
  });

  it('chooses the semicolon when a single row also holds a comma in its unquoted name', () => {
    const result = accepted(parseClientList('556677-8899;Firma, AB'));
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Firma, AB' }]);
  });

  it('chooses the comma when the name holds a semicolon', () => {
    const result = accepted(parseClientList('556677-8899,Firma; AB\n5561234567,Två'));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Firma; AB' },
      { orgNumber: '556123-4567', name: 'Två' },
    ]);
  });

  it.each([
    ['Organization number;Name'],
    ['Org nr;Namn'],
    ['ORGNR;FÖRETAGSNAMN'],
    ['Person-/organisationsnummer;Kundnamn'],
    ['VAT number;Company'],
  ])('recognises the header %j', (header) => {
    const result = accepted(parseClientList(`${header}\n556677-8899;Firma AB`));
    expect(result.headerLine).toBe(true);
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Firma AB' }]);
  });

  it('finds the number and name columns by their header among other columns', () => {
    const text = 'Kundnummer;Ort;Namn;Organisationsnummer\n1;Umeå;Firma Ett AB;5566778899\n2;Luleå;Firma Två AB;5561234567\n';
    const result = accepted(parseClientList(text));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Firma Ett AB' },
      { orgNumber: '556123-4567', name: 'Firma Två AB' },
    ]);
  });

  it('takes a first row without digits in the number column as a header in words it does not know', () => {
    const result = accepted(parseClientList('Nummer;Benämning\n556677-8899;Firma AB'));
    expect(result.headerLine).toBe(true);
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Firma AB' }]);
  });

  it('finds the number column without a header when the names come first', () => {
    const result = accepted(parseClientList('Firma Ett AB;5566778899\nFirma Två AB;5561234567'));
    expect(result.headerLine).toBe(false);
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Firma Ett AB' },
      { orgNumber: '556123-4567', name: 'Firma Två AB' },
    ]);
  });

  it('reports a bad first line as an error, not as a header, when it holds digits', () => {
    const result = accepted(parseClientList('556677-8898;Fel AB\n5561234567;Rätt AB'));
    expect(result.headerLine).toBe(false);
    expect(result.problems).toEqual([{ line: 1, reason: 'bad_check_digit', value: '556677-8898' }]);
    expect(result.clients).toEqual([{ orgNumber: '556123-4567', name: 'Rätt AB' }]);
  });

  it('reports each bad line with the line number it has in the text, counting the header and empty lines', () => {
    const text = 'Orgnr;Namn\n5566778899;Ett\n\n556677-889;Kort\nabc;Bokstäver\n  \n5561234567;Två\n185566778899;Sekel\n;Ingen\n';
    const result = accepted(parseClientList(text));
    expect(result.clients.map((client) => client.orgNumber)).toEqual(['556677-8899', '556123-4567']);
    expect(result.problems).toEqual([
      { line: 4, reason: 'wrong_length', value: '556677-889' },
      { line: 5, reason: 'not_digits', value: 'abc' },
      { line: 8, reason: 'bad_century', value: '185566778899' },
      { line: 9, reason: 'empty', value: '' },
    ]);
  });

  it('counts the lines of a quoted name that spans lines', () => {
    const result = accepted(parseClientList('5566778899;"Firma\nmed radbrytning"\n5561234568;Fel'));
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Firma med radbrytning' }]);
    expect(result.problems).toEqual([{ line: 3, reason: 'bad_check_digit', value: '5561234568' }]);
  });

  it('reports a quote left open on the line where it starts', () => {
    const result = accepted(parseClientList('5566778899;Ett\n5561234567;"Öppen\n5598765435;Tre'));
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Ett' }]);
    expect(result.problems).toEqual([{ line: 2, reason: 'unclosed_quote', value: '5561234567' }]);
  });

  it('keeps the first of repeated numbers and reports each repeat with the first line', () => {
    const result = accepted(parseClientList('5566778899;Ett\n556677-8899;Igen\n5561234567;Två\n16556677-8899;Tredje'));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Ett' },
      { orgNumber: '556123-4567', name: 'Två' },
    ]);
    expect(result.problems).toEqual([
      { line: 2, reason: 'duplicate', value: '556677-8899', firstLine: 1 },
      { line: 4, reason: 'duplicate', value: '16556677-8899', firstLine: 1 },
    ]);
  });

  it('keeps a formula-looking name as plain text', () => {
    const result = accepted(parseClientList('5566778899;"=HYPERLINK(""http://evil.example"",""Klicka"")"\n5561234567;+46 SEK;x'));
    expect(result.clients[0]).toEqual({ orgNumber: '556677-8899', name: '=HYPERLINK("http://evil.example","Klicka")' });
    expect(result.clients[1]).toEqual({ orgNumber: '556123-4567', name: '+46 SEK' });
  });

  it("reads back a name its own CSV export escaped with an apostrophe", () => {
    const result = accepted(parseClientList("5566778899;'=SUM(A1)\n5561234567;'Quoted AB"));
    expect(result.clients).toEqual([
      { orgNumber: '556677-8899', name: '=SUM(A1)' },
      { orgNumber: '556123-4567', name: "'Quoted AB" },
    ]);
  });

  it('cleans names of control and bidirectional characters and leaves no name when nothing is left', () => {
    const result = accepted(parseClientList('5566778899;Firma\u202e AB\u0007\n5561234567;   \n'));
    expect(result.clients).toEqual([{ orgNumber: '556677-8899', name: 'Firma AB' }, { orgNumber: '556123-4567' }]);
  });

  it('cuts a very long name and a very long bad number', () => {
    const result = accepted(parseClientList(`5566778899;${'N'.repeat(500)}\n${'9'.repeat(100)};x`));
    expect(result.clients[0]?.name).toHaveLength(200);
    expect(result.problems[0]?.value).toHaveLength(40);
  });

  it.each([[''], ['   \n\r\n\t'], ['\ufeff'], ['Organisationsnummer;Namn\r\n']])('refuses %j as empty', (text) => {
    expect(parseClientList(text)).toEqual({ ok: false, error: 'empty' });
  });

  it('accepts exactly the largest size and refuses one byte more, counted as UTF-8', () => {
    const line = '5566778899;Ö\n'; // 14 bytes as UTF-8, 13 UTF-16 units
    const fill = (bytes: number) => `5566778899\n${' '.repeat(bytes - 11)}`;
    expect(parseClientList(fill(CLIENT_IMPORT_MAX_BYTES)).ok).toBe(true);
    expect(parseClientList(fill(CLIENT_IMPORT_MAX_BYTES + 1))).toEqual({ ok: false, error: 'too_large' });
    const multiByte = line.repeat(Math.ceil(CLIENT_IMPORT_MAX_BYTES / 14) + 1);
    expect(multiByte.length).toBeLessThan(CLIENT_IMPORT_MAX_BYTES + 100_000);
    expect(parseClientList(multiByte)).toEqual({ ok: false, error: 'too_large' });
  });

  it('accepts the largest number of rows, with a header, and refuses one more', () => {
    const rows = (count: number) => Array.from({ length: count }, () => '5566778899').join('\n');
    const atLimit = accepted(parseClientList(`Orgnr\n${rows(CLIENT_IMPORT_MAX_ROWS)}`));
    expect(atLimit.clients).toHaveLength(1);
    expect(atLimit.problems).toHaveLength(CLIENT_IMPORT_MAX_ROWS - 1);
    expect(parseClientList(`Orgnr\n${rows(CLIENT_IMPORT_MAX_ROWS + 1)}`)).toEqual({ ok: false, error: 'too_many_rows' });
    expect(parseClientList(rows(CLIENT_IMPORT_MAX_ROWS + 50))).toEqual({ ok: false, error: 'too_many_rows' });
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalOrgNumber, hasValidCheckDigit, parseOrgNumber } from '../../../shared/org-number';

describe('parseOrgNumber', () => {
  it.each([
    ['5566778899', '556677-8899'],
    ['556677-8899', '556677-8899'],
    ['  556677-8899  ', '556677-8899'],
    ['\t5566778899\u00a0', '556677-8899'],
    ['556677 8899', '556677-8899'],
    ['556677 - 8899', '556677-8899'],
    ['556677\u20138899', '556677-8899'],
    ['556677\u22128899', '556677-8899'],
    ['16556677-8899', '556677-8899'],
    ['165566778899', '556677-8899'],
    ['SE556677889901', '556677-8899'],
    ['se 556677-8899 01', '556677-8899'],
    ['="5566778899"', '556677-8899'],
    ['="0501011233"', '050101-1233'],
  ])('reads %j as %j', (text, expected) => {
    expect(parseOrgNumber(text)).toEqual({ ok: true, orgNumber: expected, kind: expect.any(String) });
  });

  it('reads an organisation number (third digit 2 or more) as an organisation', () => {
    expect(parseOrgNumber('212000-0142')).toEqual({ ok: true, orgNumber: '212000-0142', kind: 'organisation' });
  });

  it.each([['811218-9876'], ['8112189876'], ['19811218-9876'], ['198112189876'], ['811218+9876']])(
    'reads the personal identity number %j of a sole trader as a person',
    (text) => {
      expect(parseOrgNumber(text)).toEqual({ ok: true, orgNumber: '811218-9876', kind: 'person' });
    },
  );

  it('reads a person born in the 2000s with the 20 prefix', () => {
    expect(parseOrgNumber('20050101-1233')).toEqual({ ok: true, orgNumber: '050101-1233', kind: 'person' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['=""', 'empty'],
    ['556677-889', 'wrong_length'],
    ['55667788990', 'wrong_length'],
    ['5566778899012345', 'wrong_length'],
    ['1'.repeat(41), 'wrong_length'],
    ['556677-889O', 'not_digits'],
    ['Firma AB', 'not_digits'],
    ['5.56678E+09', 'not_digits'],
    ['-', 'not_digits'],
    ['556677/8899', 'not_digits'],
    ['185566778899', 'bad_century'],
    ['21556677-8899', 'bad_century'],
    ['SE556677889902', 'bad_vat_suffix'],
    ['SE5566778899', 'wrong_length'],
    ['556677-8898', 'bad_check_digit'],
    ['5566778890', 'bad_check_digit'],
    ['16556677-8898', 'bad_check_digit'],
    ['811218-9875', 'bad_check_digit'],
  ])('refuses %j as %s', (text, error) => {
    expect(parseOrgNumber(text)).toEqual({ ok: false, error });
  });

  it('finds a swapped pair of digits through the check digit', () => {
    expect(parseOrgNumber('556677-8989')).toEqual({ ok: false, error: 'bad_check_digit' });
  });
});

describe('hasValidCheckDigit', () => {
  it.each([['5566778899'], ['5560360793'], ['8112189876'], ['2120000142']])('accepts %s', (digits) => {
    expect(hasValidCheckDigit(digits)).toBe(true);
  });

  it.each([['5566778898'], ['556677889'], ['556677-889'], ['55667788999']])('refuses %s', (digits) => {
    expect(hasValidCheckDigit(digits)).toBe(false);
  });
});

describe('canonicalOrgNumber', () => {
  it('gives the canonical form of a valid number and nothing for the rest', () => {
    expect(canonicalOrgNumber('5566778899')).toBe('556677-8899');
    expect(canonicalOrgNumber('556677-8898')).toBeUndefined();
    expect(canonicalOrgNumber(null)).toBeUndefined();
    expect(canonicalOrgNumber(undefined)).toBeUndefined();
  });
});

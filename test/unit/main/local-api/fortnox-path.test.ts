import { describe, expect, it } from 'vitest';
import { normalizeFortnoxTarget } from '../../../../main/local-api/fortnox-path';

describe('Fortnox path normalisation for the proxy', () => {
  it('accepts paths under /3/ and /api/ and keeps the query as sent', () => {
    expect(normalizeFortnoxTarget('/3/invoices?page=2&limit=100')).toEqual({
      ok: true,
      path: '/3/invoices',
      query: 'page=2&limit=100',
    });
    expect(normalizeFortnoxTarget('/3/invoices/123')).toEqual({
      ok: true,
      path: '/3/invoices/123',
      query: '',
    });
    expect(normalizeFortnoxTarget('/api/time/registrations-v2')).toEqual({
      ok: true,
      path: '/api/time/registrations-v2',
      query: '',
    });
  });

  it('re-encodes each segment, so a decoded character cannot become syntax', () => {
    expect(normalizeFortnoxTarget('/3/articles/ART%201')).toEqual({
      ok: true,
      path: '/3/articles/ART%201',
      query: '',
    });
    expect(normalizeFortnoxTarget('/3/articles/%C3%A5')).toEqual({
      ok: true,
      path: '/3/articles/%C3%A5',
      query: '',
    });
  });

  it('refuses dot segments', () => {
    for (const target of ['/3/../oauth-v1/token', '/3/invoices/..', '/3/./invoices', '/api/../../etc']) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'dot_segment',
      });
    }
  });

  it('refuses encoded dots, slashes and backslashes, in either case', () => {
    for (const target of [
      '/3/%2e%2e/oauth-v1',
      '/3/.%2E/x',
      '/3/invoices%2f..%2f..%2fx',
      '/3/invoices%2F1',
      '/3/a%5cb',
      '/3/a%5Cb',
      '/3/a\\..\\b',
      '/3/a%00b',
    ]) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'encoded_separator',
      });
    }
  });

  it('refuses double encoding (an encoded percent sign)', () => {
    for (const target of ['/3/%252e%252e/x', '/3/invoices%252f1', '/3/%25']) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'encoded_separator',
      });
    }
  });

  it('refuses absolute and protocol-relative URLs', () => {
    for (const target of ['http://attacker.example/3/invoices', '//attacker.example/3/invoices', '/https://attacker.example/3/x', 'https:/attacker.example']) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'absolute_url',
      });
    }
  });

  it('refuses anything outside the API paths', () => {
    for (const target of ['/oauth-v1/token', '/3', '/api', '/4/invoices', '/API/x', '/apix/y']) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'outside_api',
      });
    }
  });

  it('refuses empty segments, fragments, spaces, control characters and broken escapes', () => {
    for (const target of ['/3//invoices', '/3/invoices#x', '/3/in voices', '/3/in\nvoices', '/3/%zz', '3/invoices', '', '/3/invoices?x=%zz']) {
      expect(normalizeFortnoxTarget(target)).toEqual({
        ok: false,
        problem: 'malformed',
      });
    }
  });

  it('refuses an overlong target', () => {
    expect(normalizeFortnoxTarget(`/3/${'a'.repeat(5000)}`)).toEqual({
      ok: false,
      problem: 'too_long',
    });
  });
});

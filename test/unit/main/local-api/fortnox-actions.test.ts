import { describe, expect, it } from 'vitest';
import { FORTNOX_ACTION_SEGMENTS, fortnoxPathActs } from '../../../../main/local-api/fortnox-actions';

describe('Fortnox paths that act', () => {
  it.each([...FORTNOX_ACTION_SEGMENTS])('counts a path ending in %s as an action, whatever its case', (action) => {
    expect(fortnoxPathActs(`/3/invoices/7/${action}`)).toBe(true);
    expect(fortnoxPathActs(`/3/offers/7/${action.toUpperCase()}`)).toBe(true);
    expect(fortnoxPathActs(`/3/orders/7/${action}.json`)).toBe(true);
  });

  it('counts percent-encoded letters of an action as the action', () => {
    expect(fortnoxPathActs('/3/invoices/7/%65mail')).toBe(true);
  });

  it('lets reads through: lists, documents, previews, archive files and print templates', () => {
    for (const path of ['/3/invoices', '/3/invoices/7', '/3/invoices/7/preview', '/3/orders/7/preview', '/3/archive/f00d', '/3/printtemplates', '/api/time/registrations']) {
      expect([path, fortnoxPathActs(path)]).toEqual([path, false]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ToolKeyView } from '../../../../shared/ipc-contract';
import { filterKeys, keyPage, KEYS_PER_PAGE, keyState, sortKeys, upsertKey } from '../../../../renderer/src/tools/key-list';

const NOW = 1_000_000;

function key(id: string, patch: Partial<ToolKeyView> = {}): ToolKeyView {
  return { id, name: id, companies: 'all', right: 'read', createdAt: 0, expiresAt: null, lastUsedAt: null, revokedAt: null, ...patch };
}

describe('the key list', () => {
  it('marks a key expired from its expiry on, and revoked over expired', () => {
    expect(keyState(key('a', { expiresAt: NOW + 1 }), NOW)).toBe('active');
    expect(keyState(key('a', { expiresAt: NOW }), NOW)).toBe('expired');
    expect(keyState(key('a', { expiresAt: NOW - 1, revokedAt: 5 }), NOW)).toBe('revoked');
    expect(keyState(key('a'), NOW)).toBe('active');
  });

  it('lists usable keys first, then expired, then revoked, newest first within each', () => {
    const keys = [
      key('revoked', { createdAt: 9, revokedAt: 10 }),
      key('old', { createdAt: 1 }),
      key('expired', { createdAt: 8, expiresAt: NOW - 1 }),
      key('new', { createdAt: 5 }),
    ];
    expect(sortKeys(keys, NOW).map((each) => each.id)).toEqual(['new', 'old', 'expired', 'revoked']);
  });

  it('finds keys by every word of their name, whatever the case', () => {
    const keys = [key('a', { name: 'Excel momsrapport' }), key('b', { name: 'Power BI' })];
    expect(filterKeys(keys, 'EXCEL moms').map((each) => each.id)).toEqual(['a']);
    expect(filterKeys(keys, '  ')).toBe(keys);
    expect(filterKeys(keys, 'python')).toEqual([]);
  });

  it('adds a new key first and replaces a known one in place', () => {
    const keys = [key('a'), key('b')];
    expect(upsertKey(keys, key('c')).map((each) => each.id)).toEqual(['c', 'a', 'b']);
    expect(upsertKey(keys, key('b', { name: 'renamed' }))[1]?.name).toBe('renamed');
  });

  it('shows a long list a page at a time, and clamps a page past the end to the last one', () => {
    const keys = Array.from({ length: 120 }, (_, index) => key(`k${index}`));

    const first = keyPage(keys, 0);
    expect([first.rows.length, first.page, first.pages, first.rows[0]?.id]).toEqual([KEYS_PER_PAGE, 0, 3, 'k0']);
    const last = keyPage(keys, 2);
    expect([last.rows.length, last.rows[0]?.id, last.rows.at(-1)?.id]).toEqual([20, 'k100', 'k119']);
    expect(keyPage(keys, 7).page).toBe(2);
    expect(keyPage(keys.slice(0, 100), 2)).toMatchObject({ page: 1, pages: 2 });
    expect(keyPage([], 3)).toEqual({ rows: [], page: 0, pages: 1 });
  });
});

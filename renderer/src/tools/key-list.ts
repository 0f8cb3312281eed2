import type { ToolKeyView } from '../../../shared/ipc-contract';

/** Where a key stands: usable, past its expiry, or revoked. */
export type KeyState = 'active' | 'expired' | 'revoked';

/** A key's state at `now`. */
export function keyState(key: ToolKeyView, now: number): KeyState {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && now >= key.expiresAt) return 'expired';
  return 'active';
}

const STATE_ORDER: Record<KeyState, number> = { active: 0, expired: 1, revoked: 2 };

/** The keys as listed: usable ones first, then expired, then revoked; newest first within each. */
export function sortKeys(keys: readonly ToolKeyView[], now: number): ToolKeyView[] {
  return [...keys].sort(
    (a, b) => STATE_ORDER[keyState(a, now)] - STATE_ORDER[keyState(b, now)] || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
  );
}

/** The keys whose name contains every word of `query` (case-insensitive). */
export function filterKeys(keys: readonly ToolKeyView[], query: string): readonly ToolKeyView[] {
  const words = query.toLocaleLowerCase('sv').split(/\s+/).filter(Boolean);
  if (words.length === 0) return keys;
  return keys.filter((key) => {
    const name = key.name.toLocaleLowerCase('sv');
    return words.every((word) => name.includes(word));
  });
}

/** The list with one key replaced (or added first, when new). */
export function upsertKey(keys: readonly ToolKeyView[], key: ToolKeyView): ToolKeyView[] {
  const at = keys.findIndex((each) => each.id === key.id);
  return at < 0 ? [key, ...keys] : keys.map((each, index) => (index === at ? key : each));
}

/** Rows shown per page of the key list (the list may hold up to MAX_TOOL_KEYS). */
export const KEYS_PER_PAGE = 50;

/** One page of the list: its rows, and the page (clamped into range) of how many. */
export interface KeyPage {
  rows: readonly ToolKeyView[];
  /** Zero-based. */
  page: number;
  pages: number;
}

/** The keys on page `page` (zero-based, clamped, so a removal on the last page never leaves it empty). */
export function keyPage(keys: readonly ToolKeyView[], page: number, perPage = KEYS_PER_PAGE): KeyPage {
  const pages = Math.max(1, Math.ceil(keys.length / perPage));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { rows: keys.slice(at * perPage, (at + 1) * perPage), page: at, pages };
}

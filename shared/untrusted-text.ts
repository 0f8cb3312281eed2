/**
 * The one sanitiser for text that comes from Fortnox or from a stored file (company names,
 * `error_description`, API error messages). Used wherever such text is stored, sent over IPC,
 * shown or copied, so a hostile name cannot reorder what the user reads (bidirectional overrides,
 * "Trojan Source"), break lines in a copied text, or smuggle terminal escape sequences.
 * Hand-written: it is a few lines and security-critical, and no kept library draws this line.
 */

/**
 * Characters that are removed: C0 and C1 control characters (U+0085 NEL among them), DEL, the
 * line and paragraph separators U+2028/U+2029, the bidirectional embeddings and overrides
 * U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E/U+200F and U+061C, and the
 * byte-order mark U+FEFF. They are replaced with a space, then runs of white space are collapsed.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** True when {@link cleanText} would leave `text` as it is (so it is not empty either). */
export function isCleanText(text: string): boolean {
  return cleanText(text, text.length) === text;
}

/**
 * `text` without unsafe characters, white space collapsed and trimmed, cut to `max` UTF-16 units
 * (the last one an ellipsis when cut, never half a surrogate pair). Undefined when nothing is left.
 */
export function cleanText(text: string | null | undefined, max: number): string | undefined {
  if (text === null || text === undefined) return undefined;
  const cleaned = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return undefined;
  if (cleaned.length <= max) return cleaned;
  // Cut in UTF-16 units, as zod's `max` counts, but never between the halves of a surrogate pair.
  let head = cleaned.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head.trimEnd()}…`;
}

/** A character `encodeURIComponent` changes (all but its unreserved set). */
const NEEDS_URL_ENCODING = /[^A-Za-z0-9\-_.!~*'()]/;

/**
 * The secret values main currently holds (tokens, codes, states, the client secret). The logger
 * replaces every occurrence of one of them, so a secret that slips into a message by mistake is
 * still never written: pattern-based redaction alone cannot recognise an opaque refresh token.
 *
 * Values are indexed by their last `MIN_LENGTH` characters, so scrubbing a line costs one map
 * look-up per position of the line, however many secrets are tracked (a firm with 1,000 companies
 * holds over 2,000 tokens), instead of sorting and searching for every secret on every line. The
 * last characters, not the first: every JWT access token starts with the same `eyJhbGci`, while
 * their ends (the signature) differ.
 */
export class KnownSecrets {
  private readonly values = new Set<string>();
  /** Tracked values by their last `MIN_LENGTH` characters, each list longest first. */
  private readonly bySuffix = new Map<string, string[]>();
  /**
   * Values `add` has fully tracked (itself and its URL encoding): adding one again, as every vault
   * read does on each local API request, is a single look-up instead of scanning a 1 KB token.
   * Emptied by every `remove`, so a value forgotten in any form is tracked in full again.
   */
  private readonly added = new Set<string>();

  /** Shorter strings are not tracked: they would mask ordinary words and cannot be credentials here. */
  static readonly MIN_LENGTH = 8;

  /**
   * Starts masking `value` and its URL-encoded form (as it appears in URLs and form bodies). A
   * Basic header carries base64(id:secret), which the logger's pattern redaction masks instead.
   */
  add(value: string | undefined): void {
    if (!value || value.length < KnownSecrets.MIN_LENGTH || this.added.has(value)) return;
    this.track(value);
    // Most tokens (JWTs, base64url) are their own URL encoding: nothing more to compute or track.
    // Tokens are added again on every vault read, so this is on each local API request's path.
    if (NEEDS_URL_ENCODING.test(value)) this.track(encodeURIComponent(value));
    this.added.add(value);
  }

  /** Stops masking `value` (after a disconnect or a settled sign-in, so the set does not grow forever). */
  remove(value: string | undefined): void {
    if (!value) return;
    this.added.clear();
    this.untrack(value);
    if (NEEDS_URL_ENCODING.test(value)) this.untrack(encodeURIComponent(value));
  }

  /** How many values are tracked. */
  get size(): number {
    return this.values.size;
  }

  /**
   * Replaces every tracked value in `text`. Where occurrences overlap (one secret starting inside
   * another), the whole covered stretch becomes one `[redacted]`, so no head or tail is left behind.
   */
  scrub(text: string): string {
    const min = KnownSecrets.MIN_LENGTH;
    if (this.values.size === 0 || text.length < min) return text;
    const found: [start: number, end: number][] = [];
    for (let end = min; end <= text.length; end += 1) {
      const candidates = this.bySuffix.get(text.slice(end - min, end));
      const match = candidates?.find((value) => value.length <= end && text.startsWith(value, end - value.length));
      if (match !== undefined) found.push([end - match.length, end]);
    }
    // `found` is ordered by end; merging from the last one back needs no sort.
    const regions: [start: number, end: number][] = [];
    for (let k = found.length - 1; k >= 0; k -= 1) {
      const [start, end] = found[k]!;
      const first = regions[0];
      if (first && end > first[0]) first[0] = Math.min(first[0], start);
      else regions.unshift([start, end]);
    }
    if (regions.length === 0) return text;
    let out = '';
    let copied = 0;
    for (const [start, end] of regions) {
      out += `${text.slice(copied, start)}[redacted]`;
      copied = end;
    }
    return out + text.slice(copied);
  }

  private track(value: string): void {
    if (this.values.has(value)) return;
    this.values.add(value);
    const key = value.slice(-KnownSecrets.MIN_LENGTH);
    const bucket = this.bySuffix.get(key) ?? [];
    const at = bucket.findIndex((other) => other.length < value.length);
    bucket.splice(at < 0 ? bucket.length : at, 0, value);
    this.bySuffix.set(key, bucket);
  }

  private untrack(value: string): void {
    if (!this.values.delete(value)) return;
    const key = value.slice(-KnownSecrets.MIN_LENGTH);
    const bucket = this.bySuffix.get(key)?.filter((other) => other !== value) ?? [];
    if (bucket.length > 0) this.bySuffix.set(key, bucket);
    else this.bySuffix.delete(key);
  }
}

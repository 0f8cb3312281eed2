/**
 * The secret values main currently holds (tokens, codes, states, the client secret). The logger
 * replaces every occurrence of one of them, so a secret that slips into a message by mistake is
 * still never written: pattern-based redaction alone cannot recognise an opaque refresh token.
 */
export class KnownSecrets {
  private readonly values = new Set<string>();

  /** Shorter strings are not tracked: they would mask ordinary words and cannot be credentials here. */
  static readonly MIN_LENGTH = 8;

  /**
   * Starts masking `value` and its URL-encoded form (as it appears in URLs and form bodies). A
   * Basic header carries base64(id:secret), which the logger's pattern redaction masks instead.
   */
  add(value: string | undefined): void {
    if (!value || value.length < KnownSecrets.MIN_LENGTH) return;
    this.values.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.values.add(encoded);
  }

  /** Stops masking `value` (after a disconnect, so the set does not grow forever). */
  remove(value: string | undefined): void {
    if (!value) return;
    this.values.delete(value);
    this.values.delete(encodeURIComponent(value));
  }

  /** How many values are tracked. */
  get size(): number {
    return this.values.size;
  }

  /** Replaces every tracked value in `text`; longer values first, so a prefix never leaves a tail. */
  scrub(text: string): string {
    if (this.values.size === 0 || text.length < KnownSecrets.MIN_LENGTH) return text;
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join('[redacted]');
    }
    return out;
  }
}

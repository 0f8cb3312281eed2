/**
 * Percent-encodes a query value per RFC 3986: a space becomes `%20`, never `+`
 * (`URLSearchParams` would write `+`, which Fortnox's scope parser is not documented to accept).
 * Shared so that the scope request the picker shows is byte for byte the one main sends.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

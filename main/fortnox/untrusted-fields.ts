import { GRANTED_SCOPE_PATTERN, MAX_EPOCH_MS, MAX_GRANTED_SCOPES } from '../../shared/company-record';
import { cleanText } from '../../shared/untrusted-text';
import type { KnownSecrets } from '../logging/known-secrets';
import { redact } from '../logging/logger';

/**
 * Normalisers for values Fortnox sends (token answers, access-token claims, company
 * information), applied where they enter the app so that whatever is stored fits the one company
 * record schema (shared/company-record.ts). Each returns a usable value instead of failing the
 * whole answer: a code exchange cannot be repeated, so refusing it over one odd field would lose
 * the connection.
 */

/** Fortnox access tokens live an hour (fortnox.md section 3); a longer `expires_in` is cut to a day. */
export const MAX_EXPIRES_IN_SECONDS = 24 * 60 * 60;

/**
 * The well-formed, distinct scope strings (at most 64) and how many others were dropped: a scope
 * with `/`, spaces or over 64 characters cannot be one of Fortnox's and is not kept.
 */
export function normaliseGrantedScopes(values: readonly unknown[]): { scopes: string[]; dropped: number } {
  const scopes: string[] = [];
  let dropped = 0;
  for (const value of values) {
    if (typeof value !== 'string' || !GRANTED_SCOPE_PATTERN.test(value) || scopes.length >= MAX_GRANTED_SCOPES) dropped += 1;
    else if (!scopes.includes(value)) scopes.push(value);
  }
  return { scopes, dropped };
}

/** `expires_in` as whole seconds between 0 and a day (a negative or absurd value is clamped). */
export function clampExpiresInSeconds(value: number): number {
  if (!Number.isFinite(value)) return value > 0 ? MAX_EXPIRES_IN_SECONDS : 0;
  return Math.min(MAX_EXPIRES_IN_SECONDS, Math.max(0, Math.floor(value)));
}

/** A time in epoch milliseconds as a whole number between 1970 and the end of year 9999. */
export function clampEpochMs(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(MAX_EPOCH_MS, Math.max(0, Math.floor(value)));
}

/**
 * Fortnox's own words (an `error_description`, an API error message) made safe to store, send
 * and show: known secrets (a refresh token Fortnox echoes back) and anything that looks like a
 * credential are masked, then the text is cleaned and cut.
 */
export function fortnoxText(value: string | null | undefined, max: number, secrets?: KnownSecrets): string | undefined {
  if (value === null || value === undefined) return undefined;
  const scrub = (text: string) => redact(secrets ? secrets.scrub(text) : text);
  // Masked before and after cleaning, and before cutting, so no part of a secret survives a cut.
  const cleaned = cleanText(scrub(value), Number.MAX_SAFE_INTEGER);
  return cleaned === undefined ? undefined : cleanText(scrub(cleaned), max);
}

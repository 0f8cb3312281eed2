import { z } from 'zod';
import { epochMsSchema } from './company-record';
import { FIRM_ROLES, PAIRING_CODE_PATTERN } from './firm-api';
import { isCleanText } from './untrusted-text';

/**
 * Firm mode in the IPC contract (issue 10 item 5): what Settings shows of the firm server and
 * what it can ask main to do. The session secret, the identity provider's tokens and any Fortnox
 * token never appear here: strict objects, no field for them.
 */

/** Where firm mode is: off, on but signed out, or signed in with the live list connecting, live, waiting to reconnect. */
export const FIRM_CONNECTION_STATES = ['off', 'signed_out', 'connecting', 'live', 'reconnecting'] as const;
export type FirmConnectionState = (typeof FIRM_CONNECTION_STATES)[number];

/** Why signing in (or saving the URL) did not work. */
export const FIRM_PROBLEMS = [
  /** The URL is not a URL, not https (loopback excepted), or carries credentials, a query or a fragment. */
  'invalid_url',
  'not_https',
  'forbidden_url_part',
  /** The managed configuration sets the URL. */
  'locked',
  /** Firm mode is off: no URL. */
  'not_configured',
  /** The server could not be reached, did not answer in time, or answered outside the contract. */
  'unreachable',
  /** The firm signs in with pairing codes only. */
  'oidc_not_offered',
  /** The identity provider could not be reached. */
  'provider_unreachable',
  /** The user declined at the identity provider, or it refused. */
  'provider_refused',
  /** The provider's answer failed the checks (state, nonce, PKCE, ID token). */
  'invalid_answer',
  /** No answer came back from the browser in time. */
  'timeout',
  /** The sign-in was cancelled. */
  'cancelled',
  /** The browser could not be opened. */
  'browser_failed',
  /** The server refused the identity provider's token, or the account has no role. */
  'sign_in_refused',
  /** The pairing code is unknown, used or expired. */
  'pairing_code_invalid',
  /** The pairing code was made for someone who signs in with the firm's identity provider (`identity_bound`). */
  'identity_bound',
  /** Too many attempts; try again later. */
  'too_many_attempts',
  /** The server cannot read its encryption keys (`server_key_missing`). */
  'server_key_missing',
  /** The server failed inside (`internal_error`, or Fortnox behind it). */
  'server_error',
  /** The server refused the request as one it does not take (an app and server that do not match). */
  'request_refused',
] as const;
export type FirmProblem = (typeof FIRM_PROBLEMS)[number];

const displayText = (max: number) => z.string().max(max).refine(isCleanText, 'one line of printable text');

/** Firm mode as Settings shows it. */
export const firmViewSchema = z.strictObject({
  /** The server's URL (null: firm mode is off). */
  url: z.string().max(2000).nullable(),
  /** The managed configuration sets the URL; it cannot be changed or turned off here. */
  locked: z.boolean(),
  state: z.enum(FIRM_CONNECTION_STATES),
  /** Who is signed in. */
  user: z
    .strictObject({ name: displayText(200).nullable(), email: displayText(320), role: z.enum(FIRM_ROLES), sessionExpiresAt: epochMsSchema })
    .nullable(),
  /** How this firm signs in, once the server has said (null: not asked yet, or unreachable). */
  signIn: z.strictObject({ oidc: z.boolean(), pairing: z.boolean() }).nullable(),
  /** A system-browser sign-in is waiting for the user. */
  signingIn: z.boolean(),
  /** The server's Fortnox client is known, so Connect can open Fortnox's sign-in. */
  connectReady: z.boolean(),
});
export type FirmView = z.output<typeof firmViewSchema>;

/** `firm:save`: the URL as typed; empty turns firm mode off. */
export const saveFirmServerSchema = z.strictObject({ url: z.string().max(2000) });

/** What saving, signing in, pairing or signing out answers: the view after it, or why not. */
export const firmResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), view: firmViewSchema }),
  z.strictObject({ ok: z.literal(false), problem: z.enum(FIRM_PROBLEMS), view: firmViewSchema }),
]);
export type FirmResult = z.output<typeof firmResultSchema>;

/** `firm:pair`: a pairing code an admin gave (typed with or without dashes, any case; main normalises it). */
export const firmPairSchema = z.strictObject({ code: z.string().max(40) });

/** Normalises a typed pairing code: upper case, dashes and spaces dropped, grouped 4-4-4; null when it cannot be one. */
export function normalizePairingCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 12) return null;
  const code = `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
  return PAIRING_CODE_PATTERN.test(code) ? code : null;
}

import { cleanText } from './untrusted-text';

/**
 * The integration's name as the firm calls it ("Byråns Fortnox-koppling"), shown in the window's
 * header and title instead of the app's name. Set in Settings or by the managed configuration
 * (which wins and locks it). Plain TypeScript, so the renderer can check a name as it is typed.
 */

/** The longest name, in UTF-16 units: the compact header has room for about this much. */
export const INTEGRATION_NAME_MAX = 60;

/** Why a name was refused. */
export type IntegrationNameProblem = 'too_long';

/**
 * A name as it is kept: control and bidirectional-override characters removed, white space
 * collapsed and trimmed (cleanText). Null clears the name (an empty field); too long is refused
 * rather than cut, so the user sees what is stored.
 */
export function normalizeIntegrationName(raw: string): { ok: true; name: string | null } | { ok: false; problem: IntegrationNameProblem } {
  const cleaned = cleanText(raw, Number.MAX_SAFE_INTEGER) ?? null;
  if (cleaned !== null && cleaned.length > INTEGRATION_NAME_MAX) return { ok: false, problem: 'too_long' };
  return { ok: true, name: cleaned };
}

/** True when `name` is a name as it is kept (what the stored and managed values must be). */
export function isNormalIntegrationName(name: string): boolean {
  const normalized = normalizeIntegrationName(name);
  return normalized.ok && normalized.name === name;
}

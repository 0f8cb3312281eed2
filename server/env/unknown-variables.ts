import type { Env } from './secret-variables';

/**
 * Every `FORTNOX_*`, `OIDC_*`, `ENCRYPTION_*` and `METRICS_*` variable the server reads. Any other name with one
 * of these prefixes is most likely a typo (`OIDC_ADMIN_EMAIL`), which would otherwise be ignored
 * in silence: an administrator list that never applies, a key file that is never read.
 */
export const SERVER_PREFIXED_VARIABLES = [
  'FORTNOX_CLIENT_ID',
  'FORTNOX_CLIENT_SECRET',
  'FORTNOX_CLIENT_SECRET_FILE',
  'FORTNOX_AUTH_URL',
  'FORTNOX_API_URL',
  'FORTNOX_REDIRECT_URIS',
  'FORTNOX_USE_SIMULATOR',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_ADMIN_EMAILS',
  'OIDC_ADMIN_GROUPS',
  'OIDC_ACCOUNTANT_GROUPS',
  'OIDC_ACCOUNTANT_EMAIL_DOMAINS',
  'OIDC_DESKTOP_CLIENT_ID',
  'OIDC_DESKTOP_CLIENT_SECRET',
  'OIDC_DESKTOP_CLIENT_SECRET_FILE',
  'OIDC_SCOPES',
  'OIDC_API_SCOPE',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEY_FILE',
  'ENCRYPTION_OLD_KEYS',
  'ENCRYPTION_OLD_KEYS_FILE',
  'METRICS_TOKEN',
  'METRICS_TOKEN_FILE',
] as const;

const PREFIX = /^(FORTNOX|OIDC|ENCRYPTION|METRICS)_/;

/**
 * The desktop app's variables (main/config/fortnox-config.ts CONFIG_ENV and its own switches). The
 * URL ones mean the operator wants to configure something, so they are problems with the server's
 * name; the app's switches only get a notice (a machine may run both).
 */
const DESKTOP_VARIABLES: Record<string, { use?: string; example?: string }> = {
  FORTNOX_REDIRECT_URI: { use: 'FORTNOX_REDIRECT_URIS (a comma-separated list)', example: 'FORTNOX_REDIRECT_URIS=http://127.0.0.1:41819/callback' },
  FORTNOX_AUTHORIZE_URL: { use: 'FORTNOX_AUTH_URL (the base of /auth, /token and /revoke)', example: 'FORTNOX_AUTH_URL=https://apps.fortnox.se/oauth-v1/' },
  FORTNOX_TOKEN_URL: { use: 'FORTNOX_AUTH_URL (the base of /auth, /token and /revoke)', example: 'FORTNOX_AUTH_URL=https://apps.fortnox.se/oauth-v1/' },
  FORTNOX_API_BASE_URL: { use: 'FORTNOX_API_URL', example: 'FORTNOX_API_URL=https://api.fortnox.se/3/' },
  FORTNOX_SIGN_IN_ORIGINS: {},
  FORTNOX_SIGN_IN_FRAME_ORIGINS: {},
  FORTNOX_CONNECTOR_USER_DATA: {},
  FORTNOX_CONNECTOR_ENFORCE_SWITCHES: {},
};

/** A name with a server prefix that the server does not read. */
export interface UnknownVariable {
  variable: string;
  /** `problem` stops the start; `notice` is logged (the desktop app's own switches). */
  severity: 'problem' | 'notice';
  problem: string;
  example: string;
}

/** Edit distance between two short names (insert, delete, substitute, each 1). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The known name closest to `name`, if it is close enough to be what was meant. */
function closest(name: string): string | undefined {
  let best: { known: string; cost: number } | undefined;
  for (const known of SERVER_PREFIXED_VARIABLES) {
    const cost = distance(name, known);
    if (cost <= 3 && (!best || cost < best.cost)) best = { known, cost };
  }
  // A singular/plural slip (OIDC_ADMIN_EMAIL) or a missing word prefix is close in meaning even when the distance is larger.
  return best?.known ?? SERVER_PREFIXED_VARIABLES.find((known) => known.startsWith(name) || name.startsWith(known));
}

/** Every set variable with a server prefix that the server does not read, and what was probably meant. */
export function unknownVariables(env: Env): UnknownVariable[] {
  const known = new Set<string>(SERVER_PREFIXED_VARIABLES);
  const found: UnknownVariable[] = [];
  for (const name of Object.keys(env).sort()) {
    // Names are compared as given: environment variables are case-sensitive on Linux.
    if (!PREFIX.test(name.toUpperCase()) || known.has(name) || !env[name]?.trim()) continue;
    const shown = /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : 'A variable with an unusual name';
    const desktop = DESKTOP_VARIABLES[name];
    if (desktop && !desktop.use) {
      found.push({ variable: shown, severity: 'notice', problem: "is the desktop app's setting; the server does not read it", example: '' });
    } else if (desktop?.use) {
      found.push({ variable: shown, severity: 'problem', problem: `is the desktop app's name; the server reads ${desktop.use}`, example: desktop.example ?? '' });
    } else {
      const meant = closest(name.toUpperCase());
      found.push({
        variable: shown,
        severity: 'problem',
        problem: meant ? `is not a variable the server reads; did you mean ${meant}?` : 'is not a variable the server reads (a typo?)',
        example: meant ? `rename it to ${meant}` : `one of ${SERVER_PREFIXED_VARIABLES.filter((k) => k.split('_')[0] === name.toUpperCase().split('_')[0]).join(', ')}`,
      });
    }
  }
  return found;
}

/** The parts of the configured redirect URI that a callback must match exactly. */
export interface RedirectTarget {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
  /** Query parameters the registered URI itself carries; a callback must repeat them. */
  fixedQuery: [string, string][];
}

/** What a callback to the redirect URI carried. Values are untrusted. */
export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** `code`, `state` or `error` appeared more than once: the answer is ambiguous and refused. */
  ambiguous: boolean;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `connect.example.se.` (a fully qualified name with its root dot) is the same host. */
function canonicalHost(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

function effectivePort(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol] || '';
}

/** Parses the configured redirect URI once, so each candidate URL costs one `new URL`. */
export function parseRedirectTarget(redirectUri: string): RedirectTarget {
  const url = new URL(redirectUri);
  return {
    protocol: url.protocol,
    hostname: canonicalHost(url.hostname),
    port: effectivePort(url),
    pathname: url.pathname,
    fixedQuery: [...url.searchParams.entries()],
  };
}

/**
 * Returns the callback's parameters when `candidate` is the redirect URI, else null.
 * Matching is by parsed parts, never by string prefix: the scheme, host, effective port and path
 * must be equal (a percent-encoded path is a different path), no user info may be present (a
 * `user@host` form is a classic look-alike), and only the query is read: a code in the #fragment is
 * ignored, because Fortnox returns it in the query and a fragment never reaches a server anyway.
 */
export function matchRedirect(candidate: string, target: RedirectTarget): CallbackParams | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (
    url.protocol !== target.protocol ||
    canonicalHost(url.hostname) !== target.hostname ||
    effectivePort(url) !== target.port ||
    url.pathname !== target.pathname ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return null;
  }
  for (const [name, value] of target.fixedQuery) {
    if (url.searchParams.get(name) !== value) return null;
  }
  const params: CallbackParams = { ambiguous: false };
  const read = (name: string): string | undefined => {
    const all = url.searchParams.getAll(name);
    if (all.length > 1) params.ambiguous = true;
    return all[0];
  };
  const code = read('code');
  const state = read('state');
  const error = read('error');
  const errorDescription = url.searchParams.get('error_description') ?? undefined;
  if (code !== undefined) params.code = code;
  if (state !== undefined) params.state = state;
  if (error !== undefined) params.error = error;
  if (errorDescription !== undefined) params.errorDescription = errorDescription;
  return params;
}

/** How many rounds of percent-decoding a near-miss check undoes (`%252F` is `%2F` is `/`). */
const MAX_DECODE_ROUNDS = 3;

/** A path folded the way a sloppy server might read it: decoded, lower-case, `\` as `/`, no empty segments. */
function foldPath(pathname: string): string {
  let path = pathname;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break;
    }
    if (decoded === path) break;
    path = decoded;
  }
  return path.toLowerCase().replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/\/+$/, '');
}

/**
 * True when `candidate` is the redirect URI or a near miss of it: the redirect host (any case, with
 * or without trailing dots, behind user info) with any scheme or port, and a path that, folded
 * (percent-decoded, lower-cased, `\` as `/`, slashes collapsed), starts with the redirect path. A
 * request like that from a subframe or a sub-resource could carry a code to the redirect host or
 * fake a callback, so the sign-in window cancels it; only an exact match in a main-frame request is
 * ever a callback. Hand-written: no library defines this security boundary for us.
 */
export function isNearRedirect(candidate: string, target: RedirectTarget): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  if (host === '' || host !== target.hostname.toLowerCase().replace(/\.+$/, '')) return false;
  return foldPath(url.pathname).startsWith(foldPath(target.pathname));
}

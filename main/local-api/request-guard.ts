import type { LocalApiErrorCode } from '../../shared/local-api-errors';

/**
 * The checks every request to the local API passes before routing (token-service.md section 3).
 * Pure functions over what Node hands us (`rawHeaders`, so repeated headers are seen as repeated),
 * each refusing one way a web page or a confused client could reach the server.
 */

/** The parts of a request the guard looks at. */
export interface GuardedRequest {
  method: string;
  /** The request target exactly as sent (Node's `req.url`, not decoded). */
  rawUrl: string;
  /** Node's `req.rawHeaders`: name, value, name, value, ... */
  rawHeaders: readonly string[];
}

/** Why the guard refused a request, as the API answers it. */
export interface GuardRefusal {
  status: 400 | 403;
  code: LocalApiErrorCode;
}

/** Every value of the header `name` (case-insensitive), in the order sent. */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let at = 0; at + 1 < rawHeaders.length; at += 2) {
    if (rawHeaders[at]?.toLowerCase() === wanted) values.push(rawHeaders[at + 1] ?? '');
  }
  return values;
}

/** The `Host` values this server answers to: the loopback names with its port, nothing else. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * DNS rebinding: a page on `attacker.example` whose name now resolves to 127.0.0.1 reaches us with
 * `Host: attacker.example:<port>`. Exactly one Host, naming a loopback address and our port,
 * is accepted; a missing or empty one is refused (the hole Ollama PR #17721 closed).
 */
export function hostAllowed(rawHeaders: readonly string[], port: number): boolean {
  const hosts = headerValues(rawHeaders, 'host');
  if (hosts.length !== 1) return false;
  const host = (hosts[0] ?? '').trim().toLowerCase();
  return allowedHosts(port).includes(host);
}

/**
 * Browsers add `Origin` to cross-origin and every non-GET request, and the full `Sec-Fetch-*` set
 * (Site, Mode, Dest) to every request to a trustworthy origin such as 127.0.0.1; the tools this
 * API serves send none of them. Refused: any `Origin` (even `null`); `Sec-Fetch-Site` other than
 * `none`; any `Sec-Fetch-Dest` or `Sec-Fetch-User` other than `none`; `Sec-Fetch-Mode` other than
 * `none`, except a lone `Sec-Fetch-Mode: cors` with no `Sec-Fetch-Site`: Node's, Deno's and Bun's
 * fetch (undici) always add exactly that and cannot leave it out (checked here on Node 20), while
 * a browser never sends Mode without Site. A typed-in URL (`Site: none`, `Mode: navigate`) is refused.
 */
export function fromBrowser(rawHeaders: readonly string[]): boolean {
  if (headerValues(rawHeaders, 'origin').length > 0) return true;
  const site = headerValues(rawHeaders, 'sec-fetch-site').map(normalized);
  if (site.some((value) => value !== 'none')) return true;
  for (const name of ['sec-fetch-dest', 'sec-fetch-user']) {
    if (headerValues(rawHeaders, name).some((value) => normalized(value) !== 'none')) return true;
  }
  const modes = headerValues(rawHeaders, 'sec-fetch-mode').map(normalized);
  const fetchLibrary = site.length === 0 && modes.length === 1 && modes[0] === 'cors';
  return !fetchLibrary && modes.some((value) => value !== 'none');
}

function normalized(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * The request target must be a path (`/v1/...`): an absolute URL (`GET http://host/...`, the
 * proxy form) or a protocol-relative `//host/...` is refused before routing.
 */
export function targetIsPath(rawUrl: string): boolean {
  return rawUrl.startsWith('/') && !rawUrl.startsWith('//') && !rawUrl.includes('\\');
}

/**
 * Runs the checks every route shares, in order: Host, browser headers, preflight, request target.
 * Undefined: the request may go on (to authentication, unless it is the health route).
 */
export function guardRequest(request: GuardedRequest, port: number): GuardRefusal | undefined {
  if (!hostAllowed(request.rawHeaders, port)) return { status: 403, code: 'host_not_allowed' };
  if (fromBrowser(request.rawHeaders)) return { status: 403, code: 'browser_request_refused' };
  // A CORS preflight is never granted: no Access-Control-* header is ever sent (token-service.md section 3).
  if (request.method.toUpperCase() === 'OPTIONS') return { status: 403, code: 'method_not_allowed' };
  if (!targetIsPath(request.rawUrl)) return { status: 400, code: 'invalid_request' };
  return undefined;
}

/** Longest `Authorization` value looked at; a key is 40 characters. */
const AUTHORIZATION_MAX = 256;

/**
 * The key in `Authorization: Bearer <key>`, or undefined when there is not exactly one such
 * header in that form. The key's own format is checked later (`checkToolKeyFormat`).
 */
export function bearerKey(rawHeaders: readonly string[]): string | undefined {
  const values = headerValues(rawHeaders, 'authorization');
  if (values.length !== 1) return undefined;
  const value = values[0] ?? '';
  if (value.length > AUTHORIZATION_MAX) return undefined;
  const match = /^Bearer +(\S+)$/i.exec(value.trim());
  return match?.[1];
}

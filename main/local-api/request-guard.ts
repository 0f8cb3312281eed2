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
  /** `inspectHeaders(rawHeaders)`, when the caller has it already (the server reads the key from it too). */
  facts?: HeaderFacts;
}

/**
 * What the checks need of a request's headers, gathered in one pass over `rawHeaders` (names
 * compared case-insensitively, repeated headers counted) instead of one pass per header name.
 */
export interface HeaderFacts {
  /** How many `Host` headers, and the last one's value. */
  hosts: number;
  host: string;
  /** The verdict of `fromBrowser`. */
  fromBrowser: boolean;
  /** How many `Authorization` headers, and the last one's value. */
  authorizations: number;
  authorization: string;
  /**
   * The request may have a body for Fastify to parse: a `Content-Type` or `Transfer-Encoding`
   * header, or a `Content-Length` other than `0` (Fastify's own test for "no body to parse").
   */
  mayHaveBody: boolean;
}

/** Gathers the `HeaderFacts` of a request in one pass. */
export function inspectHeaders(rawHeaders: readonly string[]): HeaderFacts {
  let hosts = 0;
  let host = '';
  let authorizations = 0;
  let authorization = '';
  let origin = false;
  let sites = 0;
  let siteOtherThanNone = false;
  let destOrUserOtherThanNone = false;
  let modes = 0;
  let firstMode = '';
  let modeOtherThanNone = false;
  let mayHaveBody = false;
  for (let at = 0; at + 1 < rawHeaders.length; at += 2) {
    const value = rawHeaders[at + 1] ?? '';
    switch (rawHeaders[at]?.toLowerCase()) {
      case 'host':
        hosts += 1;
        host = value;
        break;
      case 'authorization':
        authorizations += 1;
        authorization = value;
        break;
      case 'origin':
        origin = true;
        break;
      case 'sec-fetch-site':
        sites += 1;
        if (normalized(value) !== 'none') siteOtherThanNone = true;
        break;
      case 'sec-fetch-dest':
      case 'sec-fetch-user':
        if (normalized(value) !== 'none') destOrUserOtherThanNone = true;
        break;
      case 'sec-fetch-mode': {
        const mode = normalized(value);
        if (modes === 0) firstMode = mode;
        modes += 1;
        if (mode !== 'none') modeOtherThanNone = true;
        break;
      }
      case 'content-type':
      case 'transfer-encoding':
        mayHaveBody = true;
        break;
      case 'content-length':
        if (value !== '0') mayHaveBody = true;
        break;
      default:
        break;
    }
  }
  const fetchLibrary = sites === 0 && modes === 1 && firstMode === 'cors';
  const browser = origin || siteOtherThanNone || destOrUserOtherThanNone || (!fetchLibrary && modeOtherThanNone);
  return { hosts, host, fromBrowser: browser, authorizations, authorization, mayHaveBody };
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
  return hostAllowedBy(inspectHeaders(rawHeaders), port);
}

/** The allowed Host values of the last port asked about (a server has one port): not built per request. */
let allowedFor = { port: Number.NaN, hosts: [] as string[] };

function hostAllowedBy(facts: HeaderFacts, port: number): boolean {
  if (facts.hosts !== 1) return false;
  if (allowedFor.port !== port) allowedFor = { port, hosts: allowedHosts(port) };
  return allowedFor.hosts.includes(facts.host.trim().toLowerCase());
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
  return inspectHeaders(rawHeaders).fromBrowser;
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
  const facts = request.facts ?? inspectHeaders(request.rawHeaders);
  if (!hostAllowedBy(facts, port)) return { status: 403, code: 'host_not_allowed' };
  if (facts.fromBrowser) return { status: 403, code: 'browser_request_refused' };
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
  return bearerKeyOf(inspectHeaders(rawHeaders));
}

/** `bearerKey` from headers already inspected. */
export function bearerKeyOf(facts: HeaderFacts): string | undefined {
  if (facts.authorizations !== 1) return undefined;
  const value = facts.authorization;
  if (value.length > AUTHORIZATION_MAX) return undefined;
  const match = /^Bearer +(\S+)$/i.exec(value.trim());
  return match?.[1];
}

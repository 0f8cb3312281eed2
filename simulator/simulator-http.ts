import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route answers, as a value, so one place writes it (and fault injection can wrap it). */
export interface RouteResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** Fault injection only: drop the connection without answering (the client sees a reset). */
  resetConnection?: true;
  /** Fault injection only: bytes sent instead of `body` (a compressed body). */
  rawBody?: Buffer;
  /** Fault injection only: send the headers and body but never end the response (a lying Content-Length). */
  holdOpen?: true;
  /** Fault injection only: send nothing and leave the request open (closed with the simulator). */
  noAnswer?: true;
}

/** One incoming request, with the parts routes need already parsed. */
export interface RouteRequest {
  method: string;
  /** The full URL as the simulator's origin sees it. */
  url: URL;
  headers: IncomingMessage['headers'];
  cookies: ReadonlyMap<string, string>;
  /** The body parsed as `application/x-www-form-urlencoded` (read once, on demand). */
  form(): Promise<URLSearchParams>;
  /** The body as text (read once, on demand; shares the read with `form`). */
  text(): Promise<string>;
}

/** A route table entry; `methods` empty means any method; a `path` ending in `/*` matches every path below it. */
export interface Route {
  methods: readonly string[];
  path: string;
  handle(request: RouteRequest): Promise<RouteResult> | RouteResult;
}

/** Headers every HTML page gets: no caching of login pages, no framing, no scripts. */
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
};

/** An HTML response. */
export function htmlResult(status: number, body: string, headers: Record<string, string | string[]> = {}): RouteResult {
  return { status, headers: { ...HTML_HEADERS, ...headers }, body };
}

/** A JSON response. */
export function jsonResult(status: number, value: unknown): RouteResult {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}

/** A 302 to `location`, as Fortnox answers at the end of an authorization. */
export function redirectResult(location: string, headers: Record<string, string | string[]> = {}): RouteResult {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...headers }, body: '' };
}

/** Adds a header to a result, keeping earlier values of the same name (for Set-Cookie). */
export function withHeader(result: RouteResult, name: string, value: string): RouteResult {
  const existing = result.headers[name];
  const merged = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  return { ...result, headers: { ...result.headers, [name]: merged } };
}

/** Parses a Cookie header into name/value pairs (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Thrown when a form body is larger than a login form could ever be. */
export class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // already refused; keep draining so the 413 can be read
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new BodyTooLargeError('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Wraps Node's request into a `RouteRequest` relative to `origin`. */
export function toRouteRequest(request: IncomingMessage, origin: string): RouteRequest {
  let body: Promise<string> | undefined;
  const text = () => (body ??= readBody(request));
  return {
    method: request.method ?? 'GET',
    url: new URL(request.url ?? '/', origin),
    headers: request.headers,
    cookies: parseCookies(request.headers.cookie),
    form: () => text().then((read) => new URLSearchParams(read)),
    text,
  };
}

/** Finds the route for a request: a route, `method-not-allowed`, or `undefined` for an unknown path. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): Route | 'method-not-allowed' | undefined {
  const onPath = routes.filter((route) => route.path === path || (route.path.endsWith('/*') && (path === route.path.slice(0, -2) || path.startsWith(route.path.slice(0, -1)))));
  if (onPath.length === 0) return undefined;
  return onPath.find((route) => route.methods.length === 0 || route.methods.includes(method)) ?? 'method-not-allowed';
}

/** Writes a result to Node's response. */
export function writeResult(response: ServerResponse, result: RouteResult): void {
  if (result.noAnswer === true) return;
  if (result.resetConnection === true) {
    response.socket?.destroy();
    return;
  }
  response.writeHead(result.status, result.headers);
  const body = result.rawBody ?? result.body;
  if (result.holdOpen === true) response.write(body);
  else response.end(body);
}

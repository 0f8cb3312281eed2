import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { Timers } from '../connect/connect-flow';
import { RateLimitWaitExceededError, type SlidingWindowLimiter } from '../fortnox/rate-limiter';
import type { AccessTokenSource } from './access-token-source';
import { LocalApiError } from './local-api-error';
import { proxiedLocation } from './proxied-location';

/** Default cap on a proxied answer's body (issue 8 item 1). */
export const DEFAULT_PROXY_RESPONSE_LIMIT_BYTES = 100 * 1024 * 1024;
/** Default cap on a proxied request's body, kept in memory so a 401 can be retried. */
export const DEFAULT_PROXY_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Default bound on waiting for the shared per-company rate limit (issue 8 item 3). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/**
 * Request headers a tool may pass to Fortnox: content negotiation and conditional GETs (Fortnox's
 * ETag/Last-Modified and 304 pass back unchanged). Everything else is dropped: Authorization (the
 * tool's key; the app adds its own token), Cookie, Host, Origin, Forwarded/X-Forwarded-*, hop-by-hop.
 */
export const FORWARDED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'accept-language', 'if-none-match', 'if-modified-since']);

/** The shortest wait before retrying a Fortnox 429, so a `Retry-After: 0` cannot make a busy loop. */
const MIN_RATE_LIMIT_RETRY_MS = 1000;

/**
 * Answer headers never passed back: hop-by-hop (RFC 9110 section 7.6.1), cookies, CORS, and the
 * length (the answer is streamed on, capped, and may be cut). Fortnox is asked for no encoding
 * (`accept-encoding: identity`); a `content-encoding` it sends anyway passes back with its bytes.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'set-cookie',
  'set-cookie2',
  'content-length',
]);

/** Thrown when Fortnox answers 429 or the queue is full past the bound: the tool gets 429 with Retry-After. */
export class ProxyRateLimitedError extends LocalApiError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited');
  }
}

/** What the proxy needs. */
export interface FortnoxProxyDeps {
  /** The configured API base (`https://api.fortnox.se/3/`); its origin is where `/3/…` and `/api/…` go. */
  apiBaseUrl: () => string;
  tokens: AccessTokenSource;
  /**
   * The same per-company limiter the connections service uses: the app and every tool share it.
   * Only `acquire` is used, so the firm server passes its fleet-wide limiter (`FortnoxRequestSlots`).
   */
  limiter: Pick<SlidingWindowLimiter, 'acquire'>;
  now: () => number;
  timers: Timers;
  /** How Fortnox is called: `createNodeHttpTransport().send`, one per local API server. */
  transport: ProxyTransport;
  responseLimitBytes?: number;
  rateLimitWaitMs?: number;
}

/** One proxied call, already authorised and with its path normalised. */
export interface ProxyCall {
  tenantId: string;
  method: string;
  /** A normalised path (`/3/…` or `/api/…`) and its raw query (without `?`). */
  path: string;
  query: string;
  rawHeaders: readonly string[];
  body: Buffer | undefined;
  /**
   * Whether the tool's key is still valid (not revoked or expired): asked again after the queue wait
   * and before a 401 retry. The desktop answers at once; the firm server asks its database.
   */
  keyStillValid?: () => boolean | Promise<boolean>;
}

/** The answer to stream back. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Readable | undefined;
}

/** One request to Fortnox, as the proxy sends it. */
export interface TransportRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** Fortnox's answer as it arrives: the body not yet read. */
export interface TransportAnswer {
  status: number;
  /** Header names in lower case; a repeated header's values joined with ', ' (set-cookie is dropped anyway). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Readable;
}

/** Sends one request; rejects when no answer came (connection refused, reset, TLS failure). Never follows a redirect. */
export type ProxyTransport = (request: TransportRequest) => Promise<TransportAnswer>;

/** A Fortnox connection silent this long is given up (undici's default header and body timeouts). */
const FORTNOX_IDLE_TIMEOUT_MS = 300_000;
/** A connection to Fortnox not made within this is given up (as undici's connect timeout). */
const FORTNOX_CONNECT_TIMEOUT_MS = 10_000;
/** An idle kept-alive connection is closed after this, before Fortnox would close it under us. */
const FORTNOX_KEEP_ALIVE_MS = 4_000;

/**
 * The methods passed on to Fortnox: those its API uses. TRACE would echo the request, with the
 * app's token, back to the tool; CONNECT and unknown methods have no business here.
 */
export const PROXIED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A transport and what it holds open (its kept-alive connections). */
export interface ClosableTransport {
  send: ProxyTransport;
  /** Closes every kept-alive connection (the local API stops). */
  close(): void;
}

/**
 * Fortnox over Node's http/https client with kept-alive connections, one pool per local API
 * server. Hand-picked over the global `fetch` (undici): per call it costs far less (no
 * Request/Response, AbortSignal or web streams), which was most of the proxy's added latency
 * (bench/local-api-bench.ts), and it never follows a redirect nor decodes a body behind the
 * tool's back. No cap on connections: the in-flight caps per key and per company bound them, and
 * a pool cap would let one tool's slow downloads hold every other call in its queue.
 */
export function createNodeHttpTransport(times: { keepAliveMs?: number; connectTimeoutMs?: number; idleTimeoutMs?: number } = {}): ClosableTransport {
  const agentOptions = { keepAlive: true, timeout: times.keepAliveMs ?? FORTNOX_KEEP_ALIVE_MS };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const send: ProxyTransport = (request) =>
    new Promise((resolve, reject) => {
      if (!PROXIED_METHODS.has(request.method)) return reject(new Error(`${request.method} is not passed on to Fortnox`));
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = { ...request.headers, 'accept-encoding': 'identity' };
      if (request.body !== undefined) headers['content-length'] = String(request.body.length);
      const sent = (secure ? https : http).request(
        url,
        // `timeout` arms the idle timer as soon as a connection is assigned, also while connecting.
        { method: request.method, headers, agent: secure ? httpsAgent : httpAgent, timeout: times.idleTimeoutMs ?? FORTNOX_IDLE_TIMEOUT_MS },
        (response) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: response }),
      );
      // Kept for the whole exchange: an error after the answer began (a reset mid-body) must not be
      // an unhandled 'error' event; the answer's stream reports it to the pipeline.
      sent.on('error', reject);
      sent.on('timeout', () => sent.destroy(new Error('Fortnox did not answer in time')));
      // A connection that is not made in time (a black-holed address) is given up well before the OS would.
      const connecting = setTimeout(() => sent.destroy(new Error('no connection to Fortnox')), times.connectTimeoutMs ?? FORTNOX_CONNECT_TIMEOUT_MS);
      sent.once('socket', (socket) => {
        if (!socket.connecting) return clearTimeout(connecting);
        // For https, connected means the TLS handshake is done too.
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connecting));
      });
      sent.once('close', () => clearTimeout(connecting));
      sent.end(request.body);
    });
  return {
    send,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Error answers (401, 429) read to their end to keep their connection are at most this big; larger or undeclared ones end it instead. */
const DRAINED_ANSWER_MAX_BYTES = 64 * 1024;

/** Drops an answer the tool will not get: read to its end when it is small and declared, otherwise its connection is closed. */
function discard(answer: TransportAnswer): void {
  const declared = Number(headerText(answer.headers['content-length']) ?? Number.NaN);
  if (Number.isFinite(declared) && declared <= DRAINED_ANSWER_MAX_BYTES) answer.body.resume();
  else answer.body.destroy();
}

/** A header's value as one string (repeated values joined, as `fetch`'s Headers does). */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The header names a `Connection` header lists (RFC 9110 section 7.6.1): hop-by-hop for this
 * connection only, so never passed on, whatever their name (`Connection: close, Accept-Language`).
 */
export function connectionNamedHeaders(values: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (const value of values) {
    for (const token of value.split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') named.add(name);
    }
  }
  return named;
}

/** The request headers a tool may pass on (`FORWARDED_REQUEST_HEADERS`, less those its `Connection` names), from the raw headers. */
export function forwardedHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  let connection: string[] | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    if (name === 'connection') (connection ??= []).push(rawHeaders[i + 1] ?? '');
    else if (FORWARDED_REQUEST_HEADERS.has(name)) headers[name] = rawHeaders[i + 1] ?? '';
  }
  if (connection) for (const name of connectionNamedHeaders(connection)) delete headers[name];
  return headers;
}

/** The wait a Retry-After header asks for (delta-seconds or an HTTP date, RFC 9110 section 10.2.3), at least one second; nothing or junk: one second. */
function retryAfterMs(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  if (/^\d{1,6}$/.test(value)) return Math.max(MIN_RATE_LIMIT_RETRY_MS, Number(value) * 1000);
  const date = value.length <= 64 ? Date.parse(value) : Number.NaN;
  if (/[a-z]/i.test(value) && Number.isFinite(date)) return Math.max(MIN_RATE_LIMIT_RETRY_MS, date - now);
  return MIN_RATE_LIMIT_RETRY_MS;
}

/** A stream that passes at most `limit` bytes and then fails (the tool sees a cut answer, never more). */
function capped(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) return callback(new Error('proxied answer exceeds its size cap'));
      callback(null, chunk);
    },
  });
}

/**
 * Throws `unauthorized` when the call's key no longer works. A synchronous answer (the desktop's)
 * is used as it is, without waiting a turn; only a promise (the firm server's database) is awaited.
 */
function refuseEndedKey(call: ProxyCall): void | Promise<void> {
  const valid = call.keyStillValid ? call.keyStillValid() : true;
  if (valid === true) return undefined;
  if (valid === false) throw new LocalApiError('unauthorized');
  return valid.then((still) => {
    if (!still) throw new LocalApiError('unauthorized');
  });
}

/**
 * Calls Fortnox for a tool: waits for the company's shared rate-limit slot (bounded), adds the
 * app's access token, retries once after a refresh when Fortnox answers 401 and after Retry-After
 * when it answers 429 (within the same bound), and returns the answer as a capped stream.
 * Hand-written because it is the security boundary between tools and Fortnox (issue 8 item 4).
 */
export async function proxyFortnoxCall(deps: FortnoxProxyDeps, call: ProxyCall): Promise<ProxyAnswer> {
  const send = deps.transport;
  // A second check behind the route's: TRACE and other methods are never sent on.
  if (!PROXIED_METHODS.has(call.method)) throw new LocalApiError('method_not_allowed');
  const deadline = deps.now() + (deps.rateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  const limit = deps.responseLimitBytes ?? DEFAULT_PROXY_RESPONSE_LIMIT_BYTES;
  const apiOrigin = new URL(deps.apiBaseUrl()).origin;
  const url = `${apiOrigin}${call.path}${call.query === '' ? '' : `?${call.query}`}`;
  const headers = forwardedHeaders(call.rawHeaders);
  let token = (await deps.tokens.accessToken(call.tenantId)).accessToken;
  let refreshed = false;
  for (;;) {
    try {
      await deps.limiter.acquire(call.tenantId, deadline);
    } catch (error) {
      if (error instanceof RateLimitWaitExceededError) throw new ProxyRateLimitedError(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      throw error;
    }
    // A key revoked (or expired) while this call waited in the queue stops here, before Fortnox.
    const ended = refuseEndedKey(call);
    if (ended) await ended;
    let response: TransportAnswer;
    try {
      response = await send({
        url,
        method: call.method,
        headers: { ...headers, authorization: `Bearer ${token}` },
        body: call.body !== undefined && call.body.length > 0 ? call.body : undefined,
      });
    } catch {
      throw new LocalApiError('fortnox_unavailable');
    }
    if (response.status === 401 && !refreshed && deps.tokens.rejected) {
      // Dropped: read to its end when small, so its kept-alive connection serves the retry.
      discard(response);
      const endedMeanwhile = refuseEndedKey(call);
      if (endedMeanwhile) await endedMeanwhile;
      refreshed = true;
      token = await deps.tokens.rejected(call.tenantId, token);
      continue;
    }
    if (response.status === 429) {
      const wait = retryAfterMs(headerText(response.headers['retry-after']) ?? null, deps.now());
      discard(response);
      if (deps.now() + wait > deadline) throw new ProxyRateLimitedError(Math.max(1, Math.ceil(wait / 1000)));
      await new Promise<void>((resolve) => deps.timers.set(resolve, wait));
      continue;
    }
    const declared = Number(headerText(response.headers['content-length']) ?? '0');
    if (declared > limit) {
      // Not read: its connection is closed rather than drained of a body past the cap.
      response.body.destroy();
      throw new LocalApiError('response_too_large');
    }
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      const text = headerText(value);
      if (text !== undefined && !DROPPED_RESPONSE_HEADERS.has(name) && !name.startsWith('access-control-')) out[name] = text;
    }
    // Headers Fortnox's `Connection` names are hop-by-hop too (RFC 9110 section 7.6.1).
    const connection = response.headers.connection;
    if (connection !== undefined) for (const name of connectionNamedHeaders([connection].flat())) delete out[name];
    if (out.location !== undefined) {
      const location = proxiedLocation(out.location, apiOrigin, url, call.tenantId);
      if (location === undefined) delete out.location;
      else out.location = location;
    }
    let body: Readable | undefined;
    if (call.method !== 'HEAD') {
      const cut = capped(limit);
      // pipeline: an error on either side (a cut connection, the cap) destroys both.
      pipeline(response.body, cut, () => undefined);
      body = cut;
    } else {
      response.body.resume();
    }
    return { status: response.status, headers: out, body };
  }
}

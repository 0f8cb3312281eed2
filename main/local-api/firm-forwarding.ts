import { Readable } from 'node:stream';
import { localApiErrorBodySchema } from '../../shared/local-api-errors';
import type { HttpBodyStream } from '../fortnox/fortnox-http';
import type { Logger } from '../logging/logger';
import { DEFAULT_PROXY_RESPONSE_LIMIT_BYTES } from './fortnox-proxy';
import { encodeKeyScope, KEY_SCOPE_HEADER, type KeyScope } from './key-scope';
import { LocalApiError, LOCAL_API_ERRORS } from './local-api-error';

/**
 * The local API in firm mode (issue 10 item 5): this computer holds no Fortnox token, so a tool's
 * call is forwarded to the firm server under the accountant's session, with the LOCAL key's scope
 * (`X-Connector-Key-Scope`): the server gives the intersection of the session and the local key
 * (server/http/tool-access.ts). The tool keeps presenting its local key to the local API, which
 * checks it first as always. A signed-out app and an unreachable server are typed errors of the
 * local API (`firm_signed_out` 401, `firm_server_unreachable` 503); the session is never logged,
 * never in an answer, and never reaches the tool.
 */

/** Where firm mode is, for forwarding: off (the local API serves this computer's companies), signed out, or the server and the session. */
export type FirmForwardState = { kind: 'off' } | { kind: 'signed_out' } | { kind: 'signed_in'; baseUrl: string; session: string };

/**
 * The slice of `fetch` forwarding uses (Electron's `net.fetch` in the app, so the firm server is
 * reached as the app's other calls to it are; Node's in tests). Unlike `HttpFetch`, a body may be
 * bytes (a proxied upload).
 */
export type ForwardFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal; redirect: 'error' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; body: HttpBodyStream | null }>;

/** The wait for the server's answer to begin: its proxy may queue a call for the company's rate limit (30 s) before Fortnox answers. */
export const FORWARD_HEADERS_TIMEOUT_MS = 90_000;
/** Most a JSON answer of the server (companies, token, error) may hold. */
export const FORWARD_JSON_MAX_BYTES = 16 * 1024 * 1024;

/** Answer headers passed back to the tool (the server's answer already dropped hop-by-hop headers, cookies and CORS). */
const PASSED_BACK_HEADERS = [
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'etag',
  'last-modified',
  'expires',
  'vary',
  'retry-after',
  'www-authenticate',
] as const;

/** Collaborators of forwarding. */
export interface FirmForwardingDeps {
  /** Read per request: firm mode can be turned on or off, and the accountant sign in or out, while the local API runs. */
  state: () => FirmForwardState;
  fetch: ForwardFetch;
  /** The server refused the session (401 on a forwarded call): firm mode signs out. */
  sessionRefused: () => void;
  log: Logger;
  timeoutMs?: number;
  /** Cap on a proxied answer streamed back (default the local proxy's 100 MB). */
  responseLimitBytes?: number;
}

/** One forwarded request. */
export interface ForwardRequest {
  method: string;
  /** The `/v1/...` path as the local API received it (already checked), without the query. */
  path: string;
  /** The query without `?` ('' for none). */
  query?: string;
  /** Request headers passed on (content negotiation, conditional GETs, the content type). */
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** The local key's scope; null for health (no key). */
  scope: KeyScope | null;
  /** Stream the answer (the Fortnox proxy) instead of reading it whole. */
  stream?: boolean;
}

/** The server's answer as the local API passes it back. */
export interface ForwardAnswer {
  status: number;
  headers: Record<string, string>;
  /** Read whole (JSON routes). */
  text?: string;
  /** Streamed, capped (the proxy); undefined for HEAD or no body. */
  body?: Readable;
}

/** A body stream read whole, up to `limit` bytes (more: the stream is cancelled and undefined returned). */
async function readWhole(body: HttpBodyStream | null, limit: number): Promise<string | undefined> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A body stream as a Node stream that fails past `limit` bytes (the tool sees a cut answer, never more); `done` runs once it has ended either way. */
function cappedReadable(body: HttpBodyStream, limit: number, done: () => void): Readable {
  const reader = body.getReader();
  let size = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    done();
  };
  return new Readable({
    read() {
      reader.read().then(
        ({ done: finished, value }) => {
          if (finished) {
            end();
            this.push(null);
            return;
          }
          size += value?.byteLength ?? 0;
          if (size > limit) {
            void reader.cancel().catch(() => undefined);
            end();
            this.destroy(new Error('forwarded answer exceeds its size cap'));
            return;
          }
          this.push(value ? Buffer.from(value) : Buffer.alloc(0));
        },
        (error: unknown) => {
          end();
          this.destroy(error instanceof Error ? error : new Error('forwarded answer failed'));
        },
      );
    },
    destroy(error, callback) {
      void reader.cancel().catch(() => undefined);
      end();
      callback(error);
    },
  });
}

/** Whether an answer is the server's own refusal of the credential (not a 401 Fortnox passed through the proxy). */
function isCredentialRefusal(status: number, text: string | undefined): boolean {
  if (status !== 401 || text === undefined) return false;
  try {
    const parsed = localApiErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.error.code === 'unauthorized' && parsed.data.error.message === LOCAL_API_ERRORS.unauthorized.message;
  } catch {
    return false;
  }
}

/** Forwards the local API's calls to the firm server in firm mode. */
export class FirmForwarding {
  constructor(private readonly deps: FirmForwardingDeps) {}

  /** Firm mode is on: the local API forwards every /v1 call and uses nothing of this computer's connections. */
  active(): boolean {
    return this.deps.state().kind !== 'off';
  }

  /**
   * Sends one request to the firm server and returns its answer. Throws `LocalApiError` with
   * `firm_signed_out` (nobody signed in, or the server refused the session: firm mode then signs
   * out) or `firm_server_unreachable` (no answer in time, a network failure, or a non-contract
   * failure of the server itself on a JSON route).
   */
  async forward(request: ForwardRequest): Promise<ForwardAnswer> {
    const state = this.deps.state();
    if (state.kind === 'off') throw new LocalApiError('internal_error');
    if (state.kind === 'signed_out') throw new LocalApiError('firm_signed_out');
    const url = new URL(request.path.replace(/^\/+/, ''), state.baseUrl);
    if (request.query) url.search = request.query;
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.scope !== null) {
      headers.authorization = `Bearer ${state.session}`;
      headers[KEY_SCOPE_HEADER] = encodeKeyScope(request.scope);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deps.timeoutMs ?? FORWARD_HEADERS_TIMEOUT_MS);
    let response: Awaited<ReturnType<ForwardFetch>>;
    try {
      response = await this.deps.fetch(url.href, {
        method: request.method,
        headers,
        ...(request.body !== undefined && request.body.byteLength > 0 ? { body: request.body } : {}),
        signal: controller.signal,
        redirect: 'error',
      });
    } catch (error) {
      clearTimeout(timer);
      // The route pattern only: a path names a company and a Fortnox path, a query may hold anything.
      this.deps.log.warn('firm server could not be reached for a tool', { route: request.stream ? 'proxy' : request.path.replace(/\/\d+(?=\/|$)/g, '/:id'), error: error instanceof Error ? error.name : typeof error });
      throw new LocalApiError('firm_server_unreachable');
    }
    const passed: Record<string, string> = {};
    for (const name of PASSED_BACK_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    // A redirect the server's proxy passed on names a local API path (`/v1/companies/...`), as here; anything else is dropped.
    const location = response.headers.get('location');
    if (location !== null && /^\/v1\/companies\/[0-9]{1,20}\/fortnox\/[^\\]*$/.test(location)) passed.location = location;

    // The server's own refusal of the session: signed out here too.
    if (response.status === 401) {
      const text = await readWhole(response.body, 64 * 1024).catch(() => undefined);
      clearTimeout(timer);
      if (isCredentialRefusal(response.status, text)) {
        this.deps.log.info('firm server refused the session on a forwarded tool call');
        this.deps.sessionRefused();
        throw new LocalApiError('firm_signed_out');
      }
      return { status: response.status, headers: passed, text: text ?? '' };
    }
    if (request.stream) {
      clearTimeout(timer);
      if (request.method === 'HEAD' || !response.body) {
        if (response.body) void response.body.getReader().cancel().catch(() => undefined);
        return { status: response.status, headers: passed };
      }
      return { status: response.status, headers: passed, body: cappedReadable(response.body, this.deps.responseLimitBytes ?? DEFAULT_PROXY_RESPONSE_LIMIT_BYTES, () => undefined) };
    }
    let text: string | undefined;
    try {
      text = await readWhole(response.body, FORWARD_JSON_MAX_BYTES);
    } catch {
      text = undefined;
    } finally {
      clearTimeout(timer);
    }
    if (text === undefined) throw new LocalApiError('firm_server_unreachable');
    // A failure that is not one of the contract's (a reverse proxy's 502 page, a server starting): the server is not there for the tool.
    if (response.status >= 500 && !localApiErrorBodySchema.safeParse(safeJson(text)).success) {
      this.deps.log.warn('firm server failed a forwarded tool call', { status: response.status });
      throw new LocalApiError('firm_server_unreachable');
    }
    return { status: response.status, headers: passed, text };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

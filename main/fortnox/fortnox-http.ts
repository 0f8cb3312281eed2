/** The body of a response as a stream of bytes: the part of a WHATWG `ReadableStream` we use. */
export interface HttpBodyStream {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/**
 * The slice of `fetch` the Fortnox clients use: Electron's `net.fetch` in the app, Node's in tests.
 * The body is taken only as a stream, so that no caller can read an answer without a size limit.
 */
export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: 'error' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; body: HttpBodyStream | null }>;

/** Most a token or revoke answer may hold: a few KB in practice (a JWT access token and a refresh token). */
export const TOKEN_RESPONSE_MAX_BYTES = 1024 * 1024;

/** Most a resource-API answer may hold (after decompression). */
export const API_RESPONSE_MAX_BYTES = 8 * 1024 * 1024;

/** A parsed HTTP answer: its status, content type and body text. Never logged. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: string;
}

/** Why an HTTP call produced no usable answer. */
export class TransportError extends Error {
  constructor(readonly reason: 'timeout' | 'network' | 'response_too_large') {
    super(
      reason === 'timeout'
        ? 'Fortnox did not answer in time'
        : reason === 'network'
          ? 'Fortnox could not be reached'
          : 'Fortnox sent an answer larger than the limit',
    );
    this.name = 'TransportError';
  }
}

/**
 * Reads a body of at most `maxBytes`, counting bytes as they arrive and cancelling the stream as
 * soon as the count passes the limit. Both fetchers hand over the body already decoded (Node's
 * fetch, undici, decodes gzip/deflate/br as the Fetch standard requires; Electron's `net.fetch`
 * reads through Chromium's network stack, which decodes Content-Encoding before the bytes reach
 * JavaScript, see sindresorhus/got#717), so the count bounds the decompressed size: a small gzip
 * bomb is stopped after `maxBytes` of output, never inflated in full.
 */
async function readBoundedBody(body: HttpBodyStream | null, maxBytes: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined) continue;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TransportError('response_too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Default time limit for one call to Fortnox. */
export const DEFAULT_HTTP_TIMEOUT_MS = 20_000;

/**
 * Sends one request with a time limit and reads at most `maxBytes` of answer. Network failures,
 * time-outs and oversized answers become a `TransportError` whose message says nothing about the
 * request (its body may carry a code or a refresh token). A Content-Length over the limit is
 * refused before any of the body is read.
 */
export async function sendHttp(
  fetcher: HttpFetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number = DEFAULT_HTTP_TIMEOUT_MS,
  maxBytes: number = API_RESPONSE_MAX_BYTES,
): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // redirect 'error': a 307/308 would resend a body holding a code or refresh token elsewhere.
    const response = await fetcher(url, { ...init, signal: controller.signal, redirect: 'error' });
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      throw new TransportError('response_too_large');
    }
    const body = await readBoundedBody(response.body, maxBytes);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  } catch (error) {
    if (error instanceof TransportError) {
      controller.abort();
      throw error;
    }
    throw new TransportError(controller.signal.aborted ? 'timeout' : 'network');
  } finally {
    clearTimeout(timer);
  }
}

/** Parses a JSON body, or returns undefined when it is not JSON (an HTML error page, a cut body). */
export function parseJsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Milliseconds to wait from a Retry-After header (seconds or an HTTP date). Fortnox does not
 * document the header (fortnox.md section 9, UNCONFIRMED), so callers fall back to their own backoff.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10 * 60 * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - now, 10 * 60 * 1000));
}

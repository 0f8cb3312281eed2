/** The slice of `fetch` the Fortnox clients use: Electron's `net.fetch` in the app, Node's in tests. */
export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: 'error' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** A parsed HTTP answer: its status, content type and body text. Never logged. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: string;
}

/** Why an HTTP call produced no answer. */
export class TransportError extends Error {
  constructor(readonly reason: 'timeout' | 'network') {
    super(reason === 'timeout' ? 'Fortnox did not answer in time' : 'Fortnox could not be reached');
    this.name = 'TransportError';
  }
}

/** Default time limit for one call to Fortnox. */
export const DEFAULT_HTTP_TIMEOUT_MS = 20_000;

/**
 * Sends one request with a time limit. Network failures and time-outs become a `TransportError`
 * whose message says nothing about the request (its body may carry a code or a refresh token).
 */
export async function sendHttp(
  fetcher: HttpFetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number = DEFAULT_HTTP_TIMEOUT_MS,
): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // redirect 'error': a 307/308 would resend a body holding a code or refresh token elsewhere.
    const response = await fetcher(url, { ...init, signal: controller.signal, redirect: 'error' });
    const body = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  } catch {
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

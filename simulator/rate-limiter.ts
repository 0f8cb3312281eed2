import { jsonResult, type RouteResult } from './simulator-http';

/** Fortnox's limit: 25 requests per 5-second sliding window per client id and tenant (fortnox.md section 9). */
export const RATE_LIMIT_REQUESTS = 25;
/** The sliding window of the rate limit, in milliseconds. */
export const RATE_LIMIT_WINDOW_MS = 5_000;

/**
 * A 429 like Fortnox's. The body is not documented (nor are Retry-After or X-RateLimit-* headers,
 * fortnox.md section 9), so the simulator sends neither header and a small JSON message.
 */
export function tooManyRequestsResult(): RouteResult {
  return jsonResult(429, { message: 'Too Many Requests' });
}

/**
 * A sliding-window limiter on the injected clock. Only admitted requests count, so a caller that
 * backs off gets through again as soon as its oldest admitted request leaves the window.
 */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly limit = RATE_LIMIT_REQUESTS,
    private readonly windowMs = RATE_LIMIT_WINDOW_MS,
  ) {}

  /** Admits one request for `key` and returns true, or returns false when the window is full. */
  tryAdmit(key: string): boolean {
    const now = this.now();
    const recent = (this.admitted.get(key) ?? []).filter((at) => at > now - this.windowMs);
    const admit = recent.length < this.limit;
    if (admit) recent.push(now);
    this.admitted.set(key, recent);
    return admit;
  }
}

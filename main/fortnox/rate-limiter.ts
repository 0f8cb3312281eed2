import type { Timers } from '../connect/connect-flow';

/**
 * Fortnox allows 25 requests per 5-second sliding window per client and company (fortnox.md
 * section 9). An SDK still saw 429s at exactly 25 and settled on 24, so the app keeps that margin.
 */
export const FORTNOX_RATE_LIMIT = { requests: 24, windowMs: 5_000 } as const;

/** Thrown by `acquire` when a slot would come later than the caller's deadline; no slot is taken. */
export class RateLimitWaitExceededError extends Error {
  override readonly name = 'RateLimitWaitExceededError';
  constructor(readonly retryAfterMs: number) {
    super('The rate-limit queue wait would exceed its bound');
  }
}

/**
 * A sliding-window limiter per key (tenant id). `acquire` resolves when a request may be sent and
 * records it; waiting requests are served in arrival order.
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly limit: number = FORTNOX_RATE_LIMIT.requests,
    private readonly windowMs: number = FORTNOX_RATE_LIMIT.windowMs,
  ) {}

  /** How long a request for `key` would have to wait right now (0 = may go now). */
  delayFor(key: string): number {
    const now = this.now();
    const times = (this.sent.get(key) ?? []).filter((time) => time > now - this.windowMs);
    this.sent.set(key, times);
    if (times.length < this.limit) return 0;
    const oldest = times[times.length - this.limit] ?? now;
    return Math.max(0, oldest + this.windowMs - now);
  }

  /**
   * Waits for a slot for `key`, then records the request. With `deadline` (epoch ms), rejects with
   * `RateLimitWaitExceededError` instead of waiting past it, and the next in line moves up.
   */
  acquire(key: string, deadline?: number): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(() => this.take(key, deadline));
    this.queues.set(key, mine.catch(() => undefined));
    return mine;
  }

  private async take(key: string, deadline?: number): Promise<void> {
    for (;;) {
      const wait = this.delayFor(key);
      if (wait === 0) break;
      if (deadline !== undefined && this.now() + wait > deadline) throw new RateLimitWaitExceededError(wait);
      await new Promise<void>((resolve) => this.timers.set(resolve, wait));
    }
    this.sent.get(key)?.push(this.now());
  }
}

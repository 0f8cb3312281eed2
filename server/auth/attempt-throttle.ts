/** How many failed sign-in or pairing attempts one client address may make. */
export interface AttemptPolicy {
  /** Failures allowed in one window; the next attempt is refused until the window ends. */
  maxFailures: number;
  /** The window starts at a client's first failure. */
  windowMs: number;
  /** At most this many addresses are tracked (the least recently failed forgotten first), so memory stays bounded. */
  maxTracked: number;
}

/**
 * Ten failures per address in 15 minutes. A pairing code has 60 random bits and lives 15 minutes,
 * so this is a second layer that keeps a guesser's log and audit noise small, not what makes
 * guessing hopeless.
 */
export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { maxFailures: 10, windowMs: 15 * 60_000, maxTracked: 10_000 };

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Counts failed attempts per client address and says when an address must wait (`too_many_attempts`
 * with Retry-After). After the desktop's BadKeyThrottle (main/local-api/bad-key-throttle.ts), but it
 * refuses instead of delaying: a refused attempt is not checked at all. Per process: with several
 * replicas each keeps its own count, so an address gets at most replicas × maxFailures tries per
 * window, which the codes' entropy makes harmless. A success does not reset the count (a client
 * with one good code or token must not be able to clear its guesses at others).
 */
export class AttemptThrottle {
  private readonly clients = new Map<string, Window>();

  constructor(
    private readonly now: () => number,
    private readonly policy: AttemptPolicy = DEFAULT_ATTEMPT_POLICY,
  ) {}

  /** Milliseconds `client` must wait before its next attempt is looked at (0: it may try now). */
  blockedFor(client: string): number {
    const window = this.current(client);
    if (!window || window.failures < this.policy.maxFailures) return 0;
    return window.startedAt + this.policy.windowMs - this.now();
  }

  /** Records a failed attempt from `client`. */
  failure(client: string): void {
    const now = this.now();
    const window = this.current(client);
    this.clients.delete(client);
    this.clients.set(client, window ? { failures: window.failures + 1, startedAt: window.startedAt } : { failures: 1, startedAt: now });
    while (this.clients.size > this.policy.maxTracked) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
  }

  /** How many addresses are tracked (tests). */
  get tracked(): number {
    return this.clients.size;
  }

  private current(client: string): Window | undefined {
    const window = this.clients.get(client);
    if (window && this.now() - window.startedAt >= this.policy.windowMs) {
      this.clients.delete(client);
      return undefined;
    }
    return window;
  }
}

/** Whole seconds for a Retry-After header (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

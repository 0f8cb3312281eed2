/** How answers to bad keys are slowed down. */
export interface ThrottlePolicy {
  /** Bad keys a client may send before its answers are held back. */
  freeFailures: number;
  /** The hold for the first bad key past the free ones; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A client with no bad key for this long starts afresh. */
  forgetAfterMs: number;
  /** At most this many clients are tracked (the oldest forgotten first), so memory stays bounded. */
  maxTracked: number;
}

/** Three free tries, then 250 ms doubling to at most 5 s; forgotten after a minute of calm. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  forgetAfterMs: 60_000,
  maxTracked: 1_024,
};

interface Failures {
  count: number;
  lastAt: number;
}

/**
 * Slows down repeated bad keys from one client (one TCP connection: remote address and port), so
 * a program guessing keys over a kept-alive connection gets ever slower answers. Keys have about
 * 178 random bits, so this is a second layer, not what makes guessing hopeless. The clock is
 * injected; the caller holds the answer for the returned time on its own timers.
 */
export class BadKeyThrottle {
  private readonly clients = new Map<string, Failures>();

  constructor(
    private readonly now: () => number,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Records a bad key from `client` and returns how long to hold its 401 answer (0: none). */
  failure(client: string): number {
    const now = this.now();
    const previous = this.clients.get(client);
    const count = previous && now - previous.lastAt < this.policy.forgetAfterMs ? previous.count + 1 : 1;
    // Re-inserted so that the map's order is least recently failed first.
    this.clients.delete(client);
    this.clients.set(client, { count, lastAt: now });
    while (this.clients.size > this.policy.maxTracked) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
    return this.delayFor(count);
  }

  /** A good key from `client`: it starts afresh. */
  success(client: string): void {
    this.clients.delete(client);
  }

  /** How many clients are tracked (tests). */
  get tracked(): number {
    return this.clients.size;
  }

  private delayFor(count: number): number {
    const over = count - this.policy.freeFailures;
    if (over <= 0) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
  }
}

import { createHash } from 'node:crypto';

/** How many failed sign-in or pairing attempts are allowed, and from whom. */
export interface AttemptPolicy {
  /** Failures of one credential from one address in one window; the next attempt with it is refused until the window ends. */
  maxFailures: number;
  /** A window starts at its first failure. */
  windowMs: number;
  /** At most this many (address, credential) pairs are tracked (the least recently failed forgotten first), so memory stays bounded. */
  maxTracked: number;
  /**
   * Failed guessable attempts (pairing codes) from everyone together in one window; past it every
   * pairing attempt is refused until the window ends. Default 1,000.
   */
  globalMaxFailures?: number;
}

/**
 * Ten failures of one credential per address in 15 minutes; a thousand failed pairing codes in
 * 15 minutes from everyone. A pairing code has 60 random bits and lives 15 minutes, so this is a
 * second layer that keeps a guesser's log and audit noise small, not what makes guessing hopeless.
 */
export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { maxFailures: 10, windowMs: 15 * 60_000, maxTracked: 10_000, globalMaxFailures: 1_000 };

interface Window {
  failures: number;
  startedAt: number;
}

/** What was presented: a pairing code (guessable, 60 bits) or a provider token (signed; nothing to guess). */
export interface Attempt {
  /** The client's address (request.ip, which honours only the proxies TRUST_PROXY names). */
  address: string;
  /** What the client presented; only a hash of it is kept. Empty when nothing usable was presented. */
  credential: string;
  guessable: boolean;
}

/**
 * Counts failed sign-in attempts and says when one must wait (`too_many_attempts` with
 * Retry-After). It refuses instead of delaying: a refused attempt is not checked (nor counted).
 *
 * Keyed by address *and* credential (security review item D): a whole firm behind one NAT address
 * shares request.ip, so counting per address alone let one colleague's desktop, retrying a wrong
 * code or an expired token, lock every colleague out. Now that client's repeated credential is
 * refused after `maxFailures`, and a colleague presenting another credential is not affected. A
 * guesser varies the credential, so the per-pair count cannot stop guessing: the global cap on
 * guessable failures does, whatever addresses they come from (a spoofed or rotating address gains
 * nothing). It pauses pairing for everyone while it holds, which only a real guessing attack
 * reaches; provider tokens have no global cap (they are signed, and a cap would let anyone stop
 * every sign-in). Per process: with several replicas each keeps its own counts. A success does
 * not reset a count (one good code must not clear guesses at others).
 */
export class AttemptThrottle {
  private readonly pairs = new Map<string, Window>();
  private global: Window | undefined;

  constructor(
    private readonly now: () => number,
    private readonly policy: AttemptPolicy = DEFAULT_ATTEMPT_POLICY,
  ) {}

  /** Milliseconds `attempt` must wait before it is looked at (0: it may try now). */
  blockedFor(attempt: Attempt): number {
    const globalMax = this.policy.globalMaxFailures ?? DEFAULT_ATTEMPT_POLICY.globalMaxFailures!;
    const global = this.currentGlobal();
    if (attempt.guessable && global && global.failures >= globalMax) return global.startedAt + this.policy.windowMs - this.now();
    const window = this.current(keyOf(attempt));
    if (!window || window.failures < this.policy.maxFailures) return 0;
    return window.startedAt + this.policy.windowMs - this.now();
  }

  /** Records a failed attempt. */
  failure(attempt: Attempt): void {
    const now = this.now();
    if (attempt.guessable) {
      const global = this.currentGlobal();
      this.global = global ? { failures: global.failures + 1, startedAt: global.startedAt } : { failures: 1, startedAt: now };
    }
    const key = keyOf(attempt);
    const window = this.current(key);
    this.pairs.delete(key);
    this.pairs.set(key, window ? { failures: window.failures + 1, startedAt: window.startedAt } : { failures: 1, startedAt: now });
    while (this.pairs.size > this.policy.maxTracked) {
      const oldest = this.pairs.keys().next().value;
      if (oldest === undefined) break;
      this.pairs.delete(oldest);
    }
  }

  /** How many (address, credential) pairs are tracked (tests). */
  get tracked(): number {
    return this.pairs.size;
  }

  private current(key: string): Window | undefined {
    const window = this.pairs.get(key);
    if (window && this.now() - window.startedAt >= this.policy.windowMs) {
      this.pairs.delete(key);
      return undefined;
    }
    return window;
  }

  private currentGlobal(): Window | undefined {
    if (this.global && this.now() - this.global.startedAt >= this.policy.windowMs) this.global = undefined;
    return this.global;
  }
}

/** The map key: the address and a short hash of the credential (never the credential itself). */
function keyOf(attempt: Attempt): string {
  const digest = createHash('sha256').update(attempt.credential, 'utf8').digest('base64url').slice(0, 22);
  return `${attempt.guessable ? 'p' : 'o'}\n${attempt.address}\n${digest}`;
}

/** Whole seconds for a Retry-After header (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

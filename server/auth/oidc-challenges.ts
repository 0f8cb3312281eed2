import { decodeJwt } from 'jose';
import { randomToken, type RandomBytes } from '../../main/connect/random-token';
import { OIDC_NONCE_PATTERN } from '../../shared/firm-api';
import type { Queryable } from '../db/database';
import { addressGroup } from './address-group';
import { AttemptThrottle, type AttemptPolicy } from './attempt-throttle';
import { secretHash } from './auth-secrets';

/**
 * Sign-in challenges (issue 10 item 4): the nonce that binds an ID token to one sign-in this server
 * started. The desktop asks for one (`POST /v1/sessions/oidc-challenge`), puts it in its
 * authorization request, and the provider writes it into the ID token's `nonce` claim. The server
 * accepts an ID token only when that claim is an outstanding challenge, taken once (see
 * oidc-verifier.ts `verifyIdToken`). So an ID token the desktop's client id got anywhere else (a
 * log, another flow, an earlier sign-in) opens no session, which is why ID tokens were refused
 * before this existed. Google issues opaque access tokens, so this is how a Google firm signs in.
 *
 * The nonce is 32 random bytes from the CSPRNG (256 bits, base64url); only its SHA-256 is stored,
 * in the database so that any replica can take it. It is taken by one `DELETE … RETURNING`: of two
 * concurrent uses exactly one gets the row (on PostgreSQL the second waits for the first's row lock
 * and then finds nothing).
 */

/** A challenge is valid this long: the time to sign in at the provider, as for a pairing code. */
export const OIDC_CHALLENGE_LIFETIME_MS = 10 * 60_000;
/** Random bytes in a nonce (43 base64url characters). */
export const OIDC_NONCE_BYTES = 32;
/**
 * Most challenges kept in the database, from everyone together: anyone may ask for one without
 * signing in, so the table must stay bounded whatever the addresses. Reaching it never refuses a
 * new challenge (that would let anyone stop every sign-in by asking for 10,000): the expired and
 * then the oldest rows make room instead. A flood must then outpace this many sign-ins within the
 * minute or two a real one takes at the provider to end that one early, across many addresses,
 * since each (IPv6: each /64) is held to CHALLENGE_POLICY.
 */
export const MAX_OUTSTANDING_CHALLENGES = 10_000;
/**
 * Challenges one address, or one IPv6 /64 (address-group.ts), may ask for (per replica): a whole
 * firm behind one NAT address signing in on a Monday morning stays far below it; a loop does not.
 */
export const CHALLENGE_POLICY: AttemptPolicy = { maxFailures: 120, windowMs: 10 * 60_000, maxTracked: 10_000 };

/** A new challenge: the nonce (shown once, never stored) and when it ends. */
export interface IssuedChallenge {
  nonce: string;
  expiresAt: number;
}

export interface OidcChallengesOptions {
  db: Queryable;
  now: () => number;
  random: RandomBytes;
  policy?: AttemptPolicy;
  maxOutstanding?: number;
}

/** Issues, takes and forgets sign-in challenges over the `oidc_challenges` table. */
export class OidcChallenges {
  private readonly perAddress: AttemptThrottle;

  constructor(private readonly options: OidcChallengesOptions) {
    this.perAddress = new AttemptThrottle(options.now, options.policy ?? CHALLENGE_POLICY);
  }

  /**
   * A new challenge for a client at `address` (request.ip), or how many milliseconds it must wait
   * when that address (IPv6: its /64) asked for too many. Never refused because of everyone else:
   * a full table makes room by dropping the expired and then the oldest challenges.
   */
  async issue(address: string): Promise<IssuedChallenge | { retryAfterMs: number }> {
    const asked = { address: addressGroup(address), credential: '', guessable: false };
    const wait = this.perAddress.blockedFor(asked);
    if (wait > 0) return { retryAfterMs: wait };
    this.perAddress.failure(asked);
    const at = this.options.now();
    await this.makeRoom();
    const nonce = randomToken(this.options.random, OIDC_NONCE_BYTES);
    const expiresAt = at + OIDC_CHALLENGE_LIFETIME_MS;
    await this.options.db.query('INSERT INTO oidc_challenges (nonce_sha256, created_at, expires_at) VALUES ($1, $2, $3)', [
      secretHash(nonce),
      new Date(at),
      new Date(expiresAt),
    ]);
    return { nonce, expiresAt };
  }

  /**
   * Takes the challenge `nonce` (an ID token's `nonce` claim): true once for an outstanding one,
   * false when it is malformed, unknown, used or expired (one answer for all).
   */
  async consume(nonce: string): Promise<boolean> {
    if (!OIDC_NONCE_PATTERN.test(nonce)) return false;
    const { rows } = await this.options.db.query<{ nonce_sha256: string }>(
      'DELETE FROM oidc_challenges WHERE nonce_sha256 = $1 AND expires_at > $2 RETURNING nonce_sha256',
      [secretHash(nonce), new Date(this.options.now())],
    );
    return rows.length === 1;
  }

  /**
   * Keeps the table below its cap before an insert: when it is full, deletes the expired rows and,
   * if that is not enough, the oldest outstanding ones (the flood's, unless it has stopped). Two
   * replicas doing this at once can leave it a few rows over; the next issue trims it again.
   */
  private async makeRoom(): Promise<void> {
    const max = this.options.maxOutstanding ?? MAX_OUTSTANDING_CHALLENGES;
    const { rows } = await this.options.db.query<{ held: string | number }>('SELECT count(*) AS held FROM oidc_challenges');
    if (Number(rows[0]?.held ?? 0) < max) return;
    await this.deleteExpired();
    // Newest first by expires_at (created_at plus the fixed lifetime, and indexed); all past the newest max - 1 go.
    await this.options.db.query(
      'DELETE FROM oidc_challenges WHERE nonce_sha256 IN (SELECT nonce_sha256 FROM oidc_challenges ORDER BY expires_at DESC, nonce_sha256 OFFSET $1)',
      [max - 1],
    );
  }

  /**
   * Uses up the challenge named by the `nonce` of an ID token that came with a sign-in decided by
   * something else (a JWT access token for this API): the desktop asked for that challenge for this
   * sign-in, so it must not stay usable for ten more minutes. The token is decoded, not verified:
   * deleting a row is all this does, and naming a row takes its 256-bit nonce. True when one was taken.
   */
  async consumeIdTokenNonce(idToken: string): Promise<boolean> {
    let nonce: unknown;
    try {
      nonce = decodeJwt(idToken)['nonce'];
    } catch {
      return false;
    }
    return typeof nonce === 'string' ? this.consume(nonce) : false;
  }

  /** Deletes expired challenges (the background prune); returns how many. */
  async deleteExpired(): Promise<number> {
    const { rowCount } = await this.options.db.query('DELETE FROM oidc_challenges WHERE expires_at <= $1', [new Date(this.options.now())]);
    return rowCount;
  }
}

import type { RandomBytes } from '../../main/connect/random-token';
import type { FirmRole, FirmUser } from '../../shared/firm-api';
import type { Database, Queryable } from '../db/database';
import { PairingIdentityBoundError } from './pairing-codes';
import { generateSessionToken, generateUserId, isPairingCodeShape, isSessionTokenShape, sameHash, secretHash } from './auth-secrets';
import type { VerifiedIdentity } from './oidc-verifier';

/**
 * Server sessions of the desktop app in firm mode (issue 10 item 4), and the one-time pairing codes
 * that start one without the identity provider. A session secret is `fxs_` + 32 random bytes; the
 * server keeps its SHA-256 only. Lifetimes:
 * - absolute: 14 days from sign-in, whatever the use (a stolen secret stops working by then);
 * - idle: 24 hours without a request ends it (a laptop left for a weekend signs in again);
 * - revoked: signing out (`DELETE /v1/sessions/current`) or an admin ends it at once.
 * Each session keeps the role its sign-in gave, so a role taken away in the provider's groups ends
 * with the session, at the latest 14 days later; revoke the user's sessions to end it now.
 * Times come from the injected clock and are passed to SQL as parameters (one clock for the
 * process, and tests move it); replicas' clocks are assumed to agree within seconds.
 */

/** A session ends this long after sign-in. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 14 * 24 * 60 * 60_000;
/** A session ends after this long without a request. */
export const SESSION_IDLE_TIMEOUT_MS = 24 * 60 * 60_000;
/** `last_used_at` is written at most this often per session (not one write per request). */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** A new session: the only time its secret leaves the server. */
export interface NewSession {
  session: string;
  expiresAt: number;
  user: FirmUser;
}

/** Who a presented session secret belongs to. */
export interface AuthenticatedSession {
  sessionId: number;
  user: FirmUser;
  /** When the session ends at the latest (the idle timeout may end it sooner). */
  expiresAt: number;
}

export interface SessionStoreOptions {
  db: Database;
  now: () => number;
  random: RandomBytes;
}

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: FirmRole;
}

interface SessionRow {
  id: number;
  token_sha256: string;
  role: FirmRole;
  expires_at: Date;
  last_used_at: Date;
  revoked_at: Date | null;
  user_id: string;
  email: string;
  name: string | null;
}

/** Epoch milliseconds of a timestamptz as either adapter returns it. */
export function epochMs(value: Date | string | number): number {
  return value instanceof Date ? value.getTime() : new Date(value).getTime();
}

/**
 * A sign-in whose identity cannot be given a user without merging two: another user (another
 * provider identity, or a pairing-code user when the provider does not vouch for the address)
 * already has its e-mail address. Nothing is changed; an admin decides (revoke and remove the old
 * user, or correct the address at the provider). The message names no address.
 */
export class IdentityConflictError extends Error {
  override readonly name = 'IdentityConflictError';
  constructor() {
    super('Another user already has this e-mail address');
  }
}

/**
 * A user made or renewed by a pairing code: found by the e-mail the admin made the code for; null
 * when that address's user is bound to an identity-provider subject (security review M2): a code
 * must not re-role or sign in as such a user, or it would take the account over without the
 * provider. The update's WHERE makes the check and the change one statement (no race with a
 * concurrent first provider sign-in that binds the user).
 */
async function upsertPairedUser(db: Queryable, user: { id: string; email: string; name: string | null; role: FirmRole }, at: Date): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, email, name, role, created_at, last_sign_in_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (email) DO UPDATE SET
       name = COALESCE(EXCLUDED.name, users.name),
       role = EXCLUDED.role,
       last_sign_in_at = EXCLUDED.last_sign_in_at
     WHERE users.oidc_subject IS NULL
     RETURNING id, email, name, role`,
    [user.id, user.email, user.name, user.role, at],
  );
  return rows[0] ?? null;
}

/**
 * The user bound to the provider's (issuer, subject), created or updated; throws
 * {@link IdentityConflictError} rather than merge. Rules (security review item A):
 * - the user is found by (issuer, subject) only; a new address at the provider updates its e-mail
 *   (the same user), unless another user has that address;
 * - an unbound user with the same address (one a pairing code made) is bound only when the
 *   provider vouches for the address (`emailVerified`); never a user bound to another identity;
 * - a new identity whose address nobody has gets a new user.
 * The insert does nothing on any unique clash (the address, or the identity inserted by a
 * concurrent first sign-in), and the lookups then run again once.
 */
async function bindOidcUser(db: Queryable, identity: VerifiedIdentity, newId: () => string, at: Date): Promise<UserRow> {
  const email = identity.email.toLowerCase();
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const bound = await db.query<UserRow>(
      `SELECT id, email, name, role FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE`,
      [identity.issuer, identity.subject],
    );
    const existing = bound.rows[0];
    if (existing) {
      if (existing.email !== email) {
        const holder = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
        if (holder.rows.length > 0) throw new IdentityConflictError();
      }
      const { rows } = await db.query<UserRow>(
        `UPDATE users SET email = $2, name = COALESCE($3, name), role = $4, last_sign_in_at = $5
         WHERE id = $1 RETURNING id, email, name, role`,
        [existing.id, email, identity.name, identity.role, at],
      );
      if (!rows[0]) throw new Error('The user could not be stored');
      return rows[0];
    }
    const sameAddress = await db.query<UserRow & { oidc_subject: string | null }>(
      'SELECT id, email, name, role, oidc_subject FROM users WHERE email = $1 FOR UPDATE',
      [email],
    );
    const holder = sameAddress.rows[0];
    if (holder) {
      if (holder.oidc_subject !== null || !identity.emailVerified) throw new IdentityConflictError();
      const { rows } = await db.query<UserRow>(
        `UPDATE users SET oidc_issuer = $2, oidc_subject = $3, name = COALESCE($4, name), role = $5, last_sign_in_at = $6
         WHERE id = $1 AND oidc_subject IS NULL RETURNING id, email, name, role`,
        [holder.id, identity.issuer, identity.subject, identity.name, identity.role, at],
      );
      if (rows[0]) return rows[0];
      continue;
    }
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (id, email, name, role, oidc_issuer, oidc_subject, created_at, last_sign_in_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT DO NOTHING
       RETURNING id, email, name, role`,
      [newId(), email, identity.name, identity.role, identity.issuer, identity.subject, at],
    );
    if (rows[0]) return rows[0];
  }
  throw new IdentityConflictError();
}

/** Sessions and pairing-code redemption over the `users`, `sessions` and `pairing_codes` tables. */
export class SessionStore {
  constructor(private readonly options: SessionStoreOptions) {}

  /**
   * Starts a session for an identity the provider's token proved (see oidc-verifier.ts), for the
   * user bound to its (issuer, subject); throws {@link IdentityConflictError} rather than merge users.
   */
  async signInWithOidc(identity: VerifiedIdentity): Promise<NewSession> {
    return this.options.db.transaction(async (tx) => {
      const at = new Date(this.options.now());
      const user = await bindOidcUser(tx, identity, () => generateUserId(this.options.random), at);
      return this.createSession(tx, user, identity.role, 'oidc', null, at);
    });
  }

  /**
   * Redeems a pairing code and starts a session for the person it was made for; null when the code
   * is unknown, used or expired (one answer for all three). The code is taken by one atomic
   * `UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING`: two redemptions of one code
   * race to one session (on PostgreSQL the second waits for the first's row lock, then finds it
   * used). The session is created in the same transaction, so a failure leaves the code unused.
   * Throws {@link PairingIdentityBoundError} when the address's user is bound to an identity
   * provider (the user is left as it was, the code is used up: it can never succeed).
   */
  async redeemPairingCode(code: string, deviceName: string): Promise<NewSession | null> {
    if (!isPairingCodeShape(code)) return null;
    const outcome = await this.options.db.transaction(async (tx): Promise<NewSession | null | 'identity_bound'> => {
      const at = new Date(this.options.now());
      const { rows } = await tx.query<{ email: string; name: string | null; role: FirmRole }>(
        `UPDATE pairing_codes SET used_at = $2
         WHERE code_sha256 = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING email, name, role`,
        [secretHash(code), at],
      );
      const paired = rows[0];
      if (!paired) return null;
      const user = await upsertPairedUser(tx, { id: generateUserId(this.options.random), email: paired.email, name: paired.name, role: paired.role }, at);
      if (!user) return 'identity_bound';
      return this.createSession(tx, user, paired.role, 'pairing', deviceName, at);
    });
    if (outcome === 'identity_bound') throw new PairingIdentityBoundError();
    return outcome;
  }

  /**
   * The session a presented secret belongs to, or null when it is malformed, unknown, revoked,
   * past its 14 days or unused for 24 hours (one answer for all: `session_required`). A request:
   * it counts as use (`last_used_at`, so the idle timeout starts again).
   */
  async authenticate(presented: string): Promise<AuthenticatedSession | null> {
    return this.lookUp(presented, true);
  }

  /**
   * Whether a presented secret's session is still valid, without counting as use: for checks the
   * server makes on its own, such as the event stream's heartbeat (company-events.ts), which must
   * not keep an unattended session alive past its idle timeout.
   */
  async isActive(presented: string): Promise<boolean> {
    return (await this.lookUp(presented, false)) !== null;
  }

  private async lookUp(presented: string, countsAsUse: boolean): Promise<AuthenticatedSession | null> {
    if (!isSessionTokenShape(presented)) return null;
    const hash = secretHash(presented);
    const { rows } = await this.options.db.query<SessionRow>(
      `SELECT s.id, s.token_sha256, s.role, s.expires_at, s.last_used_at, s.revoked_at, u.id AS user_id, u.email, u.name
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_sha256 = $1`,
      [hash],
    );
    const row = rows[0];
    // The index lookup is by hash; the comparison of the stored hash is constant-time all the same.
    if (!row || !sameHash(row.token_sha256, hash) || row.revoked_at !== null) return null;
    const now = this.options.now();
    const expiresAt = epochMs(row.expires_at);
    const lastUsed = epochMs(row.last_used_at);
    if (now >= expiresAt || now - lastUsed >= SESSION_IDLE_TIMEOUT_MS) return null;
    if (countsAsUse && now - lastUsed >= LAST_USED_GRANULARITY_MS) {
      await this.options.db.query('UPDATE sessions SET last_used_at = $2 WHERE id = $1 AND last_used_at < $2', [row.id, new Date(now)]);
    }
    return { sessionId: row.id, user: { id: row.user_id, email: row.email, name: row.name, role: row.role }, expiresAt };
  }

  /** The user with `id` (`usr_…`), or null. */
  async findUser(id: string): Promise<FirmUser | null> {
    const { rows } = await this.options.db.query<UserRow>('SELECT id, email, name, role FROM users WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  /** The user with `email` (compared lower-case), or null. */
  async findUserByEmail(email: string): Promise<FirmUser | null> {
    const { rows } = await this.options.db.query<UserRow>('SELECT id, email, name, role FROM users WHERE email = $1', [email.toLowerCase()]);
    return rows[0] ?? null;
  }

  /** Ends a session now; false when it was already ended or unknown. */
  async revoke(sessionId: number): Promise<boolean> {
    const { rowCount } = await this.options.db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
      sessionId,
      new Date(this.options.now()),
    ]);
    return rowCount > 0;
  }

  /** Ends every session of a user now (a role taken away, a lost laptop); returns how many. */
  async revokeAllForUser(userId: string): Promise<number> {
    const { rowCount } = await this.options.db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
      userId,
      new Date(this.options.now()),
    ]);
    return rowCount;
  }

  /**
   * Deletes sessions that ended (expired, idle or revoked) and pairing codes past their expiry more
   * than a day ago, so the tables do not grow; the background loop calls it. Returns the counts.
   */
  async deleteEnded(): Promise<{ sessions: number; pairingCodes: number }> {
    const now = this.options.now();
    const dayAgo = new Date(now - 24 * 60 * 60_000);
    const sessions = await this.options.db.query(
      'DELETE FROM sessions WHERE expires_at < $1 OR last_used_at < $2 OR revoked_at < $1',
      [dayAgo, new Date(now - SESSION_IDLE_TIMEOUT_MS - 24 * 60 * 60_000)],
    );
    const codes = await this.options.db.query('DELETE FROM pairing_codes WHERE expires_at < $1', [dayAgo]);
    return { sessions: sessions.rowCount, pairingCodes: codes.rowCount };
  }

  private async createSession(tx: Queryable, user: UserRow, role: FirmRole, method: 'oidc' | 'pairing', deviceName: string | null, at: Date): Promise<NewSession> {
    const session = generateSessionToken(this.options.random);
    const expiresAt = at.getTime() + SESSION_ABSOLUTE_LIFETIME_MS;
    await tx.query(
      `INSERT INTO sessions (token_sha256, user_id, role, method, device_name, created_at, last_used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [secretHash(session), user.id, role, method, deviceName, at, new Date(expiresAt)],
    );
    return { session, expiresAt, user: { id: user.id, email: user.email, name: user.name, role } };
  }
}

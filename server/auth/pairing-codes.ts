import type { RandomBytes } from '../../main/connect/random-token';
import { newPairingCodeSchema, type FirmRole } from '../../shared/firm-api';
import type { FirmAudit } from '../audit/firm-audit';
import type { Queryable } from '../db/database';
import { generatePairingCode, secretHash } from './auth-secrets';

/**
 * One-time pairing codes (issue 10 item 4): an admin makes one for a person (e-mail, name, role)
 * and reads it out or sends it; that person's desktop app redeems it once within 15 minutes for a
 * session (sessions.ts `redeemPairingCode`). The code itself is shown once and never stored.
 */

/** A pairing code is valid this long. */
export const PAIRING_CODE_LIFETIME_MS = 15 * 60_000;
/** Who made a code on the server's command line (`npm run server -- pairing-code …`). */
export const CLI_CREATOR = 'cli';

export interface PairingCodeRequest {
  email: string;
  name: string | null;
  role: FirmRole;
}

export interface IssuedPairingCode {
  code: string;
  expiresAt: number;
}

/** What issuing a code needs besides the database: the clock, randomness and the audit it is recorded in. */
export interface PairingCodeDeps {
  now: () => number;
  random: RandomBytes;
  audit: Pick<FirmAudit, 'record'>;
}

/**
 * The address belongs to a user bound to an identity-provider subject (security review M2): a
 * pairing code must not make, redeem into, or re-role that user (it would take the account over
 * without the provider). Such a user signs in with the provider. The message names no address.
 */
export class PairingIdentityBoundError extends Error {
  override readonly name = 'PairingIdentityBoundError';
  constructor() {
    super("This address belongs to a user who signs in with the firm's identity provider; a pairing code cannot be made or used for them");
  }
}

/**
 * The path an audit row of a code made for `email` records (the admin route's path with the
 * address, as `sessions_revoked` names its user in the path): who it was for, never the code.
 */
export function pairingCodeAuditPath(email: string): string {
  return `/v1/admin/pairing-codes/${email.toLowerCase()}`;
}

/** Whether the user with `email` (lower case) is bound to an identity provider's subject. */
async function isProviderBound(db: Queryable, email: string): Promise<boolean> {
  const { rows } = await db.query<{ bound: boolean }>('SELECT oidc_subject IS NOT NULL AS bound FROM users WHERE email = $1', [email]);
  return rows[0]?.bound === true;
}

/**
 * Stores a new code for `request`, made by `createdBy` (an admin's e-mail or {@link CLI_CREATOR}),
 * and audits it (`pairing_code_created`: who made it, for which address; never the code). The
 * e-mail is stored lower-case, as users are. Throws {@link PairingIdentityBoundError} for the
 * address of a user bound to an identity provider (nothing stored). The admin route and the
 * command line both come here, so neither can skip the check or the audit.
 */
export async function issuePairingCode(
  db: Queryable,
  request: PairingCodeRequest,
  createdBy: string,
  clock: PairingCodeDeps,
): Promise<IssuedPairingCode> {
  const email = request.email.toLowerCase();
  if (await isProviderBound(db, email)) throw new PairingIdentityBoundError();
  const at = clock.now();
  const expiresAt = at + PAIRING_CODE_LIFETIME_MS;
  // A clash of two 60-bit codes is all but impossible; a few tries make it harmless anyway.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const code = generatePairingCode(clock.random);
    const { rowCount } = await db.query(
      `INSERT INTO pairing_codes (code_sha256, email, name, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code_sha256) DO NOTHING`,
      [secretHash(code), email, request.name, request.role, createdBy, new Date(at), new Date(expiresAt)],
    );
    if (rowCount === 1) {
      await clock.audit.record({
        action: 'pairing_code_created',
        actor: { kind: 'user', name: createdBy },
        method: createdBy === CLI_CREATOR ? null : 'POST',
        path: pairingCodeAuditPath(email),
        status: 200,
      });
      return { code, expiresAt };
    }
  }
  throw new Error('No unused pairing code could be made');
}

/**
 * For the server's command line: a code for the firm's first admin, before anyone can sign in.
 * `input` is checked like the admin route's body (e-mail shape, name, role); a problem throws with
 * a message naming the field. Whoever runs it has the server's database, so no session is asked for.
 */
export async function issuePairingCodeFromCli(
  db: Queryable,
  input: { email: string; name?: string | null; role: string },
  clock: PairingCodeDeps,
): Promise<IssuedPairingCode> {
  const parsed = newPairingCodeSchema.safeParse({ email: input.email, name: input.name ?? null, role: input.role });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'input')))];
    throw new Error(`The pairing code was not made: check ${fields.join(' and ')}`);
  }
  return issuePairingCode(db, parsed.data, CLI_CREATOR, clock);
}

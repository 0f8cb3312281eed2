import type { RandomBytes } from '../../main/connect/random-token';
import { newPairingCodeSchema, type FirmRole } from '../../shared/firm-api';
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

/**
 * Stores a new code for `request`, made by `createdBy` (an admin's e-mail or {@link CLI_CREATOR}).
 * The e-mail is stored lower-case, as users are.
 */
export async function issuePairingCode(
  db: Queryable,
  request: PairingCodeRequest,
  createdBy: string,
  clock: { now: () => number; random: RandomBytes },
): Promise<IssuedPairingCode> {
  const at = clock.now();
  const expiresAt = at + PAIRING_CODE_LIFETIME_MS;
  // A clash of two 60-bit codes is all but impossible; a few tries make it harmless anyway.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const code = generatePairingCode(clock.random);
    const { rowCount } = await db.query(
      `INSERT INTO pairing_codes (code_sha256, email, name, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code_sha256) DO NOTHING`,
      [secretHash(code), request.email.toLowerCase(), request.name, request.role, createdBy, new Date(at), new Date(expiresAt)],
    );
    if (rowCount === 1) return { code, expiresAt };
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
  clock: { now: () => number; random: RandomBytes },
): Promise<IssuedPairingCode> {
  const parsed = newPairingCodeSchema.safeParse({ email: input.email, name: input.name ?? null, role: input.role });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'input')))];
    throw new Error(`The pairing code was not made: check ${fields.join(' and ')}`);
  }
  return issuePairingCode(db, parsed.data, CLI_CREATOR, clock);
}

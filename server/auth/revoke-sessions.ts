import type { FirmUser } from '../../shared/firm-api';
import type { FirmAudit } from '../audit/firm-audit';
import type { SessionStore } from './sessions';

/**
 * Ends every session of one user now and audits it (security review item B): the admin route
 * `DELETE /v1/admin/users/:id/sessions` and the command line's `revoke-sessions <e-mail>` both
 * come here, so they cannot drift apart. The audit row names who did it (an admin's e-mail, or
 * `cli`) and, in its path, the user whose sessions ended (an id, not a secret). Open event streams
 * of those sessions are closed by their next heartbeat (company-events.ts).
 */

/** The path recorded for a revocation of `userId`'s sessions (the route's pattern with the id). */
export function userSessionsPath(userId: string): string {
  return `/v1/admin/users/${userId}/sessions`;
}

export async function revokeUserSessions(
  deps: { sessions: Pick<SessionStore, 'revokeAllForUser'>; audit: Pick<FirmAudit, 'record'> },
  user: FirmUser,
  by: { actor: string; method: 'DELETE' | null },
): Promise<number> {
  const revoked = await deps.sessions.revokeAllForUser(user.id);
  await deps.audit.record({ action: 'sessions_revoked', actor: { kind: 'user', name: by.actor }, method: by.method, path: userSessionsPath(user.id), status: 200 });
  return revoked;
}

import type { ConnectionIssue } from '../../shared/connection-issues';
import type { Timers } from '../connect/connect-flow';
import type { CompanyRecord } from './company-records';
import { REFRESH_TOKEN_LIFETIME_MS } from './token-keeper';

/** A company whose connection has ended by itself, and why. */
export interface EndedConnection {
  tenantId: string;
  issue: Extract<ConnectionIssue, 'access_only_ended' | 'refresh_token_expired'>;
}

/**
 * The connections that have ended by `now` without being marked yet: an access-only connection
 * whose access token has expired (no refresh can extend it), or one whose refresh token is past
 * its 45 days.
 */
export function endedConnections(records: Iterable<CompanyRecord>, now: number): EndedConnection[] {
  const ended: EndedConnection[] = [];
  for (const record of records) {
    if (record.status === 'access_only' && record.accessTokenExpiresAt !== null && now >= record.accessTokenExpiresAt) {
      ended.push({ tenantId: record.tenantId, issue: 'access_only_ended' });
      continue;
    }
    const issued = record.refreshTokenIssuedAt ?? record.connectedAt;
    // The client-credentials grant does not depend on the refresh token: no deadline for it.
    if (record.keptAliveBy === 'client_credentials') continue;
    if (record.status !== 'needs_reconnect' && now - issued >= REFRESH_TOKEN_LIFETIME_MS) {
      ended.push({ tenantId: record.tenantId, issue: 'refresh_token_expired' });
    }
  }
  return ended;
}

/**
 * One timer per access-only connection, firing when its access token ends, so the company is
 * shown as ended at that moment rather than at the next hourly look.
 */
export class AccessOnlyExpiry {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly deps: { timers: Timers; now: () => number },
    private readonly ended: () => void,
  ) {}

  /**
   * Schedules again, from the clock as it is now, the end of every access-only connection given
   * (after the computer slept, when the old timers would fire late).
   */
  rescheduleAll(records: Iterable<CompanyRecord>): void {
    for (const record of records) if (record.status === 'access_only') this.schedule(record);
  }

  /** (Re)schedules the end of an access-only connection's access token. */
  schedule(record: CompanyRecord): void {
    if (record.accessTokenExpiresAt === null) return;
    const { tenantId } = record;
    const previous = this.timers.get(tenantId);
    if (previous !== undefined) this.deps.timers.clear(previous);
    this.timers.set(
      tenantId,
      this.deps.timers.set(
        () => {
          this.timers.delete(tenantId);
          this.ended();
        },
        Math.max(0, record.accessTokenExpiresAt - this.deps.now()),
      ),
    );
  }
}

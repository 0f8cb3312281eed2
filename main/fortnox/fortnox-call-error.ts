import type { ConnectionIssue } from '../../shared/connection-issues';

/**
 * A failed call to Fortnox, reduced to what may be shown and logged: a typed issue, the HTTP
 * status, Fortnox's error code and its description. The response body itself is never kept.
 */
export class FortnoxCallError extends Error {
  constructor(
    readonly issue: ConnectionIssue,
    readonly details: {
      status?: number;
      /** OAuth `error` value, or Fortnox's ErrorInformation code. */
      fortnoxCode?: string;
      /** Fortnox's `error_description` or ErrorInformation message (untrusted text). */
      description?: string;
      /** For rate limits: how long Fortnox asked us to wait. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(`Fortnox call failed: ${issue}${details.status ? ` (HTTP ${details.status})` : ''}`);
    this.name = 'FortnoxCallError';
  }

  /** Whether trying again later may help (rate limit, network, time-out, server error). */
  get transient(): boolean {
    return ['rate_limited', 'network', 'timeout', 'server_error'].includes(this.issue);
  }
}

import type { ConnectionIssue } from '../../shared/connection-issues';

/**
 * How much of Fortnox's own description an error keeps, raw. Not cut to the displayed length here:
 * known secrets must be masked BEFORE any cut (a token straddling the cut would lose the part that
 * identifies it), so `fortnoxText(description, max, secrets)` runs where the text is stored, sent
 * or shown.
 */
export const RAW_DESCRIPTION_MAX = 2_000;

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
      /**
       * Fortnox's `error_description` or ErrorInformation message: RAW untrusted text (at most
       * RAW_DESCRIPTION_MAX), never shown, stored or serialised as it is; see `fortnoxText`.
       */
      description?: string;
      /** For rate limits: how long Fortnox asked us to wait. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(`Fortnox call failed: ${issue}${details.status ? ` (HTTP ${details.status})` : ''}`);
    this.name = 'FortnoxCallError';
  }

  /** What `JSON.stringify` writes: the issue and status, never the raw description. */
  toJSON(): { name: string; issue: ConnectionIssue; status?: number } {
    return { name: this.name, issue: this.issue, ...(this.details.status !== undefined ? { status: this.details.status } : {}) };
  }

  /** Whether trying again later may help (rate limit, network, time-out, server error). */
  get transient(): boolean {
    return ['rate_limited', 'network', 'timeout', 'server_error'].includes(this.issue);
  }
}

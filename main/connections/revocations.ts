import type { ConnectionIssue } from '../../shared/connection-issues';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import type { TokenClient, TokenClientConfig } from '../fortnox/token-client';
import type { Logger } from '../logging/logger';

/** What revoking needs: the token client and the per-tenant rate limiter. */
export interface RevocationDeps {
  client: Pick<TokenClient, 'revoke'>;
  limiter: Pick<SlidingWindowLimiter, 'acquire'>;
  log: Logger;
}

/** Whether Fortnox accepted a revocation, and the issue when it did not. */
export interface RevocationOutcome {
  revoked: boolean;
  issue: ConnectionIssue | null;
}

/**
 * Revokes one refresh token at Fortnox, after the tenant's rate-limit slot. `config` is read
 * inside, so a missing client secret is an outcome like any other failure, never a throw.
 */
export async function revokeRefreshToken(
  deps: RevocationDeps,
  config: () => TokenClientConfig,
  refreshToken: string,
  tenantId: string,
): Promise<RevocationOutcome> {
  try {
    await deps.limiter.acquire(tenantId);
    await deps.client.revoke(config(), refreshToken);
    return { revoked: true, issue: null };
  } catch (error) {
    return { revoked: false, issue: error instanceof FortnoxCallError ? error.issue : 'network' };
  }
}

/**
 * Revocations nobody waits for (replaced, refused or let-go grants): each is only logged, and
 * `settled()` lets quitting and tests wait for those under way.
 */
export class BackgroundRevocations {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: RevocationDeps) {}

  /** Starts revoking `refreshToken` (nothing for an access-only grant, which has none). */
  start(config: () => TokenClientConfig, refreshToken: string | null, tenantId: string): void {
    if (refreshToken === null) return;
    const run = revokeRefreshToken(this.deps, config, refreshToken, tenantId).then((outcome) => {
      if (outcome.revoked) this.deps.log.info('refresh token revoked', { tenantId });
      else this.deps.log.warn('refresh token could not be revoked', { tenantId, issue: outcome.issue });
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Resolves when every revocation started so far (and any started meanwhile) has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

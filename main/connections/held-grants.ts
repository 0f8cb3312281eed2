import type { AuthorizationGrant, Timers } from '../connect/connect-flow';
import type { IdentifiedTokens } from './identify-grant';

/** How long a sign-in to the wrong company waits for "add it instead" before it is revoked. */
export const HELD_GRANT_TIMEOUT_MS = 5 * 60 * 1000;

/** A grant whose tokens were exchanged and whose company is known, not yet stored. */
export type IdentifiedGrant = IdentifiedTokens<AuthorizationGrant>;

/** One company as named to the user (never a secret). */
export interface NamedCompany {
  tenantId: string;
  companyName: string | null;
}

/** A reconnect that reached another company: what was asked for and what was signed in to. */
export interface WrongCompany {
  expected: NamedCompany;
  actual: NamedCompany;
  /** True when the company signed in to is already connected: keeping the grant reconnects it. */
  alreadyConnected: boolean;
}

interface Held {
  identified: IdentifiedGrant;
  timer: unknown;
}

/**
 * Sign-ins to another company than the one being reconnected, held in memory only (never written)
 * until the user keeps one ("add it instead") or lets it go. One per flow; each is let go by itself
 * after `HELD_GRANT_TIMEOUT_MS`, and the owner revokes whatever is let go.
 */
export class HeldGrants {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly timers: Timers,
    private readonly expired: (identified: IdentifiedGrant) => void,
    private readonly timeoutMs = HELD_GRANT_TIMEOUT_MS,
  ) {}

  /** Holds a grant under its flow id until taken or timed out. */
  hold(identified: IdentifiedGrant): void {
    const flowId = identified.grant.flowId;
    const earlier = this.take(flowId);
    if (earlier) this.expired(earlier);
    const timer = this.timers.set(() => {
      const entry = this.take(flowId);
      if (entry) this.expired(entry);
    }, this.timeoutMs);
    this.held.set(flowId, { identified, timer });
  }

  /** Removes and returns the grant held for this flow, if it is still held. */
  take(flowId: string): IdentifiedGrant | undefined {
    const entry = this.held.get(flowId);
    if (!entry) return undefined;
    this.timers.clear(entry.timer);
    this.held.delete(flowId);
    return entry.identified;
  }

  /** Removes and returns every held grant, except those of the flows in `keep`. */
  takeAll(keep: ReadonlySet<string> = new Set()): IdentifiedGrant[] {
    return [...this.held.keys()].filter((flowId) => !keep.has(flowId)).flatMap((flowId) => this.take(flowId) ?? []);
  }
}

import type { ValidAuthorizeRequest } from './authorize-request';
import { randomToken } from './random-token';

/** How long a started authorization waits for the user (login, company, consent) before it is gone. */
export const PENDING_AUTHORIZATION_LIFETIME_MS = 30 * 60 * 1000;

/** An authorization between the valid request and the final redirect. */
export interface PendingAuthorization {
  /** Random id carried in the pages' hidden `authorization_id` field. */
  id: string;
  request: ValidAuthorizeRequest;
  createdAt: number;
  /** Set once the user has logged in (or had a login session). */
  username: string | null;
  /** Set once a company is chosen. */
  tenantId: number | null;
}

/** Started authorizations by id; each ends (is removed) with its redirect to the integration. */
export class PendingAuthorizations {
  private readonly pending = new Map<string, PendingAuthorization>();

  constructor(private readonly now: () => number) {}

  /** Starts an authorization for a validated request. */
  create(request: ValidAuthorizeRequest): PendingAuthorization {
    const entry: PendingAuthorization = {
      id: randomToken(32),
      request,
      createdAt: this.now(),
      username: null,
      tenantId: null,
    };
    this.pending.set(entry.id, entry);
    return entry;
  }

  /** The live authorization for `id`, or undefined when unknown, finished or expired. */
  find(id: string | null): PendingAuthorization | undefined {
    if (id === null) return undefined;
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    if (this.now() - entry.createdAt > PENDING_AUTHORIZATION_LIFETIME_MS) {
      this.pending.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Ends an authorization so its id cannot be replayed. */
  finish(id: string): void {
    this.pending.delete(id);
  }
}

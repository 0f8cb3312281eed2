/**
 * Caps on proxied requests in flight (sent to Fortnox, waiting for the rate limit, or with a body
 * being read) per key and per company (issue 8 item 4, security review item 2). Without them one
 * key could park thousands of requests, each holding up to the body cap in memory, behind the
 * shared 25-per-5-seconds limit. A request over a cap is refused at once (429 `too_many_requests`).
 */

/** Default cap per key: well above what one tool needs (the tests run 30 at once). */
export const DEFAULT_MAX_IN_FLIGHT_PER_KEY = 50;
/** Default cap per company: what Fortnox's 25 per 5 seconds can serve within the 30 s queue bound. */
export const DEFAULT_MAX_IN_FLIGHT_PER_COMPANY = 150;

/** The caps. */
export interface InFlightCaps {
  perKey: number;
  perCompany: number;
}

/** Counts proxied requests per key and per company; `enter` gives a release function or refuses. */
export class InFlightLimits {
  private readonly byKey = new Map<string, number>();
  private readonly byCompany = new Map<string, number>();

  constructor(private readonly caps: InFlightCaps) {}

  /** Counts one more request, or answers undefined when the key or the company is at its cap. The release is idempotent. */
  enter(keyId: string, tenantId: string): (() => void) | undefined {
    const forKey = this.byKey.get(keyId) ?? 0;
    const forCompany = this.byCompany.get(tenantId) ?? 0;
    if (forKey >= this.caps.perKey || forCompany >= this.caps.perCompany) return undefined;
    this.byKey.set(keyId, forKey + 1);
    this.byCompany.set(tenantId, forCompany + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.byKey, keyId);
      decrement(this.byCompany, tenantId);
    };
  }
}

function decrement(counts: Map<string, number>, id: string): void {
  const left = (counts.get(id) ?? 1) - 1;
  if (left <= 0) counts.delete(id);
  else counts.set(id, left);
}

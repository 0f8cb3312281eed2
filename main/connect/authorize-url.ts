import type { ScopeName } from '../../shared/scope-names';
import { scopeParameter } from '../../shared/scope-string';

/** What goes into one authorization request. */
export interface AuthorizeRequest {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: readonly ScopeName[];
  offlineAccess: boolean;
  serviceAccount: boolean;
}

import { encodeQueryValue } from '../../shared/query-encoding';

export { encodeQueryValue };

/** Decodes a query parameter name; a malformed escape (`%E0`) cannot be one of ours, so it is kept as is. */
function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Builds Fortnox's authorization URL (fortnox.md section 1). `redirect_uri` is always sent, even
 * though Fortnox would fall back to the registered one, because the token call must repeat it and
 * leaving it out there fails (section 12, pitfall 2). Any query the configured URL already has is kept.
 */
export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  if (request.scopes.length === 0) throw new Error('At least one scope is required');
  const base = new URL(request.authorizeUrl);
  const params: [string, string][] = [
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['scope', scopeParameter(request.scopes)],
    ['state', request.state],
    ['response_type', 'code'],
  ];
  if (request.offlineAccess) params.push(['access_type', 'offline']);
  if (request.serviceAccount) params.push(['account_type', 'service']);
  const ours = new Set(params.map(([name]) => name));
  const kept = base.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !ours.has(decodeName(pair.split('=')[0] ?? '')));
  const query = [...kept, ...params.map(([name, value]) => `${name}=${encodeQueryValue(value)}`)].join('&');
  return `${base.origin}${base.pathname}?${query}`;
}

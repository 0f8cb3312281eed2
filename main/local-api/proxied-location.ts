import { normalizeFortnoxTarget } from './fortnox-path';

/**
 * Fortnox's `Location` as the tool may see it: one on the API's own origin under `/3/` or `/api/`
 * becomes the same path on this proxy (`/v1/companies/{n}/fortnox/...`); any other (another host,
 * another scheme, a path outside the API) is dropped, so a tool's HTTP client that follows
 * redirects never carries its `fxc_` key to another host (security review item 4).
 */
export function proxiedLocation(location: string, apiOrigin: string, requestUrl: string, tenantId: string): string | undefined {
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== apiOrigin || target.username !== '' || target.password !== '') return undefined;
  const normalised = normalizeFortnoxTarget(`${target.pathname}${target.search}`);
  if (!normalised.ok) return undefined;
  return `/v1/companies/${encodeURIComponent(tenantId)}/fortnox${normalised.path}${normalised.query === '' ? '' : `?${normalised.query}`}`;
}

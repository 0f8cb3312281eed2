import { z } from 'zod';

/**
 * The identity provider's discovery document (OpenID Connect Discovery 1.0 §4), fetched once to
 * find where its signing keys are. Only the two fields the server uses are read; the document must
 * name the configured issuer exactly (Discovery §4.3), and its size and fetch time are bounded so a
 * misbehaving provider cannot hold a sign-in or fill memory.
 */

/** Largest discovery document read (Entra's and Google's are a few kilobytes). */
export const DISCOVERY_MAX_BYTES = 64 * 1024;
/** How long fetching the discovery document may take. */
export const DISCOVERY_TIMEOUT_MS = 5_000;

const discoverySchema = z.object({
  issuer: z.string().min(1).max(500),
  jwks_uri: z.url().max(2000),
});

/** Where the keys are, and the issuer as the document spells it (what tokens carry in `iss`). */
export interface DiscoveredIssuer {
  issuer: string;
  jwksUri: URL;
}

/** Why discovery failed; the message names no secret (there is none in a discovery document). */
export class OidcDiscoveryError extends Error {
  override readonly name = 'OidcDiscoveryError';
}

/** True for the loopback hosts a test provider or a local development provider may use over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A provider URL must be HTTPS, or HTTP on a loopback address (tests, local development). */
export function isAllowedProviderUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Microsoft Entra ID's sign-in hosts (global, US government, China), v2.0 and v1 token issuers. */
const ENTRA_V2_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn']);
const ENTRA_V1_HOSTS = new Set(['sts.windows.net', 'sts.chinacloudapi.cn']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The tenant id when `issuer` is one Microsoft Entra ID tenant's issuer
 * (`https://login.microsoftonline.com/{tenant id}/v2.0` or `https://sts.windows.net/{tenant id}/`),
 * else null: `common`, `organizations`, a domain name instead of the id, or any other provider.
 */
export function entraTenantOf(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.search !== '' || url.hash !== '' || url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  const v2 = /^\/([^/]+)\/v2\.0\/?$/.exec(url.pathname);
  const v1 = /^\/([^/]+)\/?$/.exec(url.pathname);
  const tenant = ENTRA_V2_HOSTS.has(host) ? v2?.[1] : ENTRA_V1_HOSTS.has(host) ? v1?.[1] : undefined;
  return tenant !== undefined && GUID.test(tenant.toLowerCase()) ? tenant.toLowerCase() : null;
}

/** The URL of `issuer`'s discovery document: `/.well-known/openid-configuration` after its path. */
export function discoveryUrl(issuer: string): URL {
  const base = new URL(issuer);
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return new URL(`${path}.well-known/openid-configuration`, base.origin);
}

/** Reads at most `max` bytes of a response body; more is an error (the connection is cancelled). `what` names it in the error. */
export async function readBounded(response: Response, max: number, what = 'The discovery document'): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new OidcDiscoveryError(`${what} is larger than ${max} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new OidcDiscoveryError(`${what} is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether the discovery document's `issuer` is the configured one: equal, or both the same origin
 * with no path, one written with a trailing `/` (a configuration read through `new URL(...).href`
 * turns Google's `https://accounts.google.com` into `https://accounts.google.com/`). Tokens are then
 * checked against the document's spelling, which is what the provider writes into `iss`.
 */
export function isSameIssuer(configured: string, discovered: string): boolean {
  if (configured === discovered) return true;
  const bare = (text: string): string | null => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if ( url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
    return url.pathname === '/' ? url.origin : null;
  };
  const a = bare(configured);
  return a !== null && a === bare(discovered) && [configured, discovered].every((text) => text === a || text === `${a}/`);
}

/** Fetches and checks `issuer`'s discovery document. */
export async function discoverIssuer(
  issuer: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = DISCOVERY_TIMEOUT_MS,
): Promise<DiscoveredIssuer> {
  const url = discoveryUrl(issuer);
  if (!isAllowedProviderUrl(url)) throw new OidcDiscoveryError('The issuer must be an https URL (http only on a loopback address)');
  let text: string;
  try {
    const response = await fetchImpl(url, {
      redirect: 'error',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new OidcDiscoveryError(`The discovery document answered HTTP ${response.status}`);
    }
    text = await readBounded(response, DISCOVERY_MAX_BYTES);
  } catch (error) {
    if (error instanceof OidcDiscoveryError) throw error;
    throw new OidcDiscoveryError(`The discovery document could not be fetched (${error instanceof Error ? error.name : 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OidcDiscoveryError('The discovery document is not JSON');
  }
  const parsed = discoverySchema.safeParse(json);
  if (!parsed.success) throw new OidcDiscoveryError('The discovery document has no valid issuer and jwks_uri');
  if (!isSameIssuer(issuer, parsed.data.issuer)) throw new OidcDiscoveryError('The discovery document names another issuer');
  const jwksUri = new URL(parsed.data.jwks_uri);
  if (!isAllowedProviderUrl(jwksUri)) throw new OidcDiscoveryError('The jwks_uri must be an https URL (http only on a loopback address)');
  return { issuer: parsed.data.issuer, jwksUri };
}

/** Largest key set read from `jwks_uri` (a provider publishes a handful of keys, a few kilobytes). */
export const JWKS_MAX_BYTES = 256 * 1024;

/**
 * The fetch jose's remote key set uses (its `customFetch`): no redirects, and the answer read to
 * at most {@link JWKS_MAX_BYTES}, so a misbehaving or hostile `jwks_uri` cannot fill memory; the
 * time bound is jose's `timeoutDuration` (its signal is passed on). A larger answer throws an
 * {@link OidcDiscoveryError} naming the bound, which the verifier reports as the provider's trouble.
 */
export function boundedJwksFetch(fetchImpl: typeof fetch = fetch, max: number = JWKS_MAX_BYTES) {
  return async (url: string, options: { headers: Headers; method: 'GET'; redirect: 'manual'; signal: AbortSignal }): Promise<Response> => {
    const response = await fetchImpl(url, { ...options, redirect: 'error' });
    const text = await readBounded(response, max, "The identity provider's key set (jwks_uri)");
    return new Response(text, { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' } });
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { jsonResult, withHeader, type RouteResult } from './simulator-http';
import type { SimulatorClient } from './simulator-script';

/** Client id and secret as read from an `Authorization: Basic` header. */
export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/** The result of authenticating the integration on the token or revoke endpoint. */
export interface ClientAuthentication {
  /** The client id the Basic header named (even with a wrong secret); null without a readable header. */
  clientId: string | null;
  /** The client, when the header named it with its secret. */
  client: SimulatorClient | undefined;
  /** The raw header value and the decoded secret, so the simulator can list them as secrets. */
  received: string[];
}

/** `base64(clientId:clientSecret)`, the Basic credentials Fortnox expects (fortnox.md section 3). */
export function encodeBasicCredentials(clientId: string, clientSecret: string): string {
  return Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
}

/** Reads `Basic <base64(id:secret)>` (scheme case-insensitive); undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Authenticates the integration from its Basic header only. Credentials in the form body
 * (`client_secret_post`) are not accepted: the docs show only Basic (fortnox.md section 3).
 */
export function authenticateClient(
  header: string | undefined,
  clients: readonly SimulatorClient[],
): ClientAuthentication {
  const credentials = parseBasicAuth(header);
  if (credentials === undefined) return { clientId: null, client: undefined, received: header ? [header] : [] };
  const known = clients.find((client) => client.clientId === credentials.clientId);
  const client = known !== undefined && sameSecret(known.clientSecret, credentials.clientSecret) ? known : undefined;
  return { clientId: credentials.clientId, client, received: [header ?? '', credentials.clientSecret] };
}

/** An OAuth-style error, the shape Fortnox's token endpoint uses (fortnox.md sections 3 and 12). */
export function oauthErrorResult(status: number, error: string, description: string): RouteResult {
  return jsonResult(status, { error, error_description: description });
}

/** 401 `invalid_client` for a missing or wrong Basic header. */
export function invalidClientResult(): RouteResult {
  return withHeader(
    oauthErrorResult(
      401,
      'invalid_client',
      'Client authentication failed: send Authorization: Basic base64(client_id:client_secret)',
    ),
    'www-authenticate',
    'Basic realm="fortnox"',
  );
}

/** Whether a request body is form-encoded, as Fortnox's OAuth endpoints require. */
export function isFormEncoded(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

import { isScopeName, type ScopeName } from '../shared/scope-names';
import type { SimulatorClient } from './simulator-script';

/** An authorization request that passed every check and may go on to the login page. */
export interface ValidAuthorizeRequest {
  client: SimulatorClient;
  redirectUri: string;
  redirectUriSent: boolean;
  state: string;
  scopes: ScopeName[];
  serviceAccount: boolean;
  accessType: string | null;
}

/** The outcome of checking `/oauth-v1/auth` query parameters. */
export type AuthorizeValidation =
  | { kind: 'valid'; request: ValidAuthorizeRequest }
  /** Shown to the user; never a redirect, because the redirect target cannot be trusted. */
  | { kind: 'error-page'; message: string }
  | { kind: 'error-redirect'; redirectUri: string; error: string; description: string; state: string | null };

/** Fortnox's text when the client id is unknown or not switched to OAuth2 (fortnox.md section 1, S15). */
export const INVALID_CLIENT_MESSAGE = 'Auth code or ClientID supplied is invalid';
/** Fortnox's text for a redirect URI that does not match the registered one (fortnox.md section 3). */
export const REDIRECT_MISMATCH_MESSAGE = 'The redirect URI is missing or do not match';
/** Fortnox's text when the integration has "Only administrator" off (fortnox.md section 7, S15). */
export const SERVICE_ACCOUNT_NOT_ALLOWED = 'Client does not allow service account';

/**
 * Checks an authorization request the way the reference says Fortnox does (fortnox.md sections 1,
 * 2 and 7). Order matters: nothing may be redirected until the client and its redirect URI are
 * known good, and scope problems fail before login (accounted PR #1761).
 */
export function validateAuthorizeRequest(
  params: URLSearchParams,
  clients: readonly SimulatorClient[],
): AuthorizeValidation {
  const clientId = params.get('client_id');
  const client = clients.find((candidate) => candidate.clientId === clientId);
  if (client === undefined) return { kind: 'error-page', message: INVALID_CLIENT_MESSAGE };

  const requestedRedirect = params.get('redirect_uri');
  const firstRegistered = client.redirectUris[0];
  // Absent: Fortnox uses the registered URI. Present: exact string match only, no normalisation.
  const redirectUri = requestedRedirect ?? firstRegistered;
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return { kind: 'error-page', message: REDIRECT_MISMATCH_MESSAGE };
  }

  const rawState = params.get('state');
  const state = rawState === null || rawState === '' ? null : rawState;
  const fail = (error: string, description: string): AuthorizeValidation => ({
    kind: 'error-redirect',
    redirectUri,
    error,
    description,
    state,
  });

  if (params.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'Only response_type=code is supported');
  }
  // Fortnox requires state, stricter than RFC 6749 (fortnox.md section 1).
  if (state === null) return fail('invalid_request', 'The state parameter is required');

  const scopeParam = params.get('scope') ?? '';
  const requested = [...new Set(scopeParam.split(' ').filter((part) => part !== ''))];
  if (requested.length === 0) return fail('invalid_scope', 'The scope parameter is required');
  const enabled = new Set<string>(client.enabledScopes);
  const refused = requested.filter((scope) => !isScopeName(scope) || !enabled.has(scope));
  if (refused.length > 0) return fail('invalid_scope', `Invalid scope: ${refused.join(' ')}`);

  const accountType = params.get('account_type');
  if (accountType !== null && accountType !== 'service') {
    return fail('invalid_request', 'The only valid account_type is service');
  }
  const serviceAccount = accountType === 'service';
  if (serviceAccount && !client.allowServiceAccount) {
    return fail('unauthorized_client', SERVICE_ACCOUNT_NOT_ALLOWED);
  }

  return {
    kind: 'valid',
    request: {
      client,
      redirectUri,
      redirectUriSent: requestedRedirect !== null,
      state,
      scopes: requested.filter(isScopeName),
      serviceAccount,
      accessType: params.get('access_type'),
    },
  };
}

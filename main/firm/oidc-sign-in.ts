import * as oidc from 'openid-client';
import type { z } from 'zod';
import { isJwtShaped, MAX_PROVIDER_TOKEN_LENGTH, type sessionResponseSchema } from '../../shared/firm-api';
import type { Timers } from '../connect/connect-flow';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import { checkEndpointUrl, isLoopbackUrl } from '../config/fortnox-config';
import { FirmApiError, type FirmServerClient } from './firm-server-client';
import { LoopbackCallbackError, startLoopbackCallback, type LoopbackCallback, type LoopbackCallbackOptions } from './loopback-callback';

/** How long the user has to sign in in the browser before the loopback listener gives up. */
export const OIDC_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** The loopback redirect's path. */
export const OIDC_CALLBACK_PATH = '/callback';
/** Discovery and the token request may take this long (openid-client counts seconds). */
const PROVIDER_TIMEOUT_SECONDS = 15;

/** Why a sign-in with the firm's identity provider did not give a session (the server's own refusals are FirmApiErrors). */
export type OidcSignInFailure =
  /** The firm's server offers pairing codes only. */
  | 'not_offered'
  /** The provider's discovery document or token endpoint could not be reached or read. */
  | 'provider_unreachable'
  /** The provider answered the sign-in with an error (the user declined, or no access). */
  | 'provider_refused'
  /** The answer did not belong to this sign-in (state, nonce, PKCE or ID token checks failed). */
  | 'invalid_answer'
  /** No answer reached the app in time. */
  | 'timeout'
  /** A newer sign-in, sign-out or quit ended this one. */
  | 'cancelled'
  /** The browser could not be opened. */
  | 'browser_failed';

export class OidcSignInError extends Error {
  constructor(readonly reason: OidcSignInFailure) {
    super(`Sign-in with the identity provider failed (${reason})`);
    this.name = 'OidcSignInError';
  }
}

/** Collaborators of the sign-in. */
export interface OidcSignInDeps {
  client: FirmServerClient;
  /** Opens the system browser (Electron's shell.openExternal behind an https check). */
  openExternal: (url: string) => Promise<void>;
  timers: Timers;
  log: Logger;
  /** Verifier, state, nonce, code and tokens are registered here so the logger can never write one. */
  secrets?: KnownSecrets;
  /** The HTTP client openid-client uses for the provider (Electron's net.fetch in the app). */
  fetch?: typeof fetch;
  /** The loopback listener (the real one by default). */
  listen?: (options: LoopbackCallbackOptions) => Promise<LoopbackCallback>;
  timeoutMs?: number;
  /** The page the browser shows after the redirect. */
  page: LoopbackCallbackOptions['page'];
}

function providerOptions(issuer: URL, fetcher: typeof fetch | undefined): oidc.DiscoveryRequestOptions {
  return {
    timeout: PROVIDER_TIMEOUT_SECONDS,
    // Plain http only for a provider on this computer (development and tests), never elsewhere.
    ...(issuer.protocol === 'http:' && isLoopbackUrl(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
    ...(fetcher ? { [oidc.customFetch]: ((url: string, options: RequestInit) => fetcher(url, options)) as oidc.CustomFetch } : {}),
  };
}

/**
 * Signs an accountant in to the firm server through the firm's OpenID Connect provider, as RFC 8252
 * asks of a native app: the system browser (never an embedded window), authorization code with PKCE
 * (S256), `state` from a CSPRNG, and a one-shot loopback redirect on 127.0.0.1 with a random port.
 * The `nonce` is the server's (`POST /v1/sessions/oidc-challenge`): the provider writes it into the
 * ID token, and the server accepts that ID token once, for this sign-in only. openid-client checks
 * state, nonce, the ID token and the code exchange; the ID token, and the access token when it is a
 * JWT (an opaque one, as Google's, means nothing to the server), then go to `POST /v1/sessions/oidc`
 * once and are never stored. A server from before challenges (404 on the challenge) gets the access
 * token alone as before, with a nonce of the desktop's own. Resolves with the server's session;
 * `signal` cancels.
 */
export async function signInWithOidc(deps: OidcSignInDeps, signal?: AbortSignal): Promise<z.output<typeof sessionResponseSchema>> {
  const options = await deps.client.signInOptions();
  if (!options.oidc) throw new OidcSignInError('not_offered');
  const checked = checkEndpointUrl(options.oidc.issuer);
  if ('problem' in checked) throw new OidcSignInError('provider_unreachable');
  const issuer = checked.url;
  const cancelled = () => signal?.aborted === true;

  // A public client, unless the firm's provider demands its desktop client's (not confidential) secret
  // at the token endpoint even with PKCE, as Google does: then client_secret_post.
  const clientSecret = options.oidc.clientSecret;
  deps.secrets?.add(clientSecret);
  const clientAuth = clientSecret ? oidc.ClientSecretPost(clientSecret) : oidc.None();
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(issuer, options.oidc.clientId, undefined, clientAuth, providerOptions(issuer, deps.fetch));
  } catch (error) {
    deps.log.warn('identity provider discovery failed', { error: error instanceof Error ? error.name : typeof error });
    throw new OidcSignInError('provider_unreachable');
  }
  if (cancelled()) throw new OidcSignInError('cancelled');

  const nonce = await serverNonce(deps.client);
  if (cancelled()) throw new OidcSignInError('cancelled');
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  for (const value of [verifier, state, nonce.value]) deps.secrets?.add(value);
  const listen = deps.listen ?? startLoopbackCallback;
  const loopback = await listen({
    path: OIDC_CALLBACK_PATH,
    timeoutMs: deps.timeoutMs ?? OIDC_SIGN_IN_TIMEOUT_MS,
    timers: deps.timers,
    log: deps.log,
    page: deps.page,
    expectedState: state,
  });
  const onAbort = () => void loopback.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const scopes = new Set(['openid', ...options.oidc.scopes]);
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: loopback.redirectUri,
      scope: [...scopes].join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce: nonce.value,
    });
    if (cancelled()) throw new OidcSignInError('cancelled');
    try {
      await deps.openExternal(authorizationUrl.href);
    } catch {
      throw new OidcSignInError('browser_failed');
    }
    deps.log.info('identity provider sign-in opened in the browser');

    let callbackUrl: URL;
    try {
      callbackUrl = await loopback.result;
    } catch (error) {
      throw new OidcSignInError(error instanceof LoopbackCallbackError && error.reason === 'timeout' ? 'timeout' : 'cancelled');
    }
    deps.secrets?.add(callbackUrl.searchParams.get('code') ?? undefined);
    if (cancelled()) throw new OidcSignInError('cancelled');

    let accessToken: string;
    let idToken: string | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce.value,
        idTokenExpected: true,
      });
      accessToken = tokens.access_token;
      idToken = tokens.id_token;
      deps.secrets?.add(accessToken);
      deps.secrets?.add(idToken);
      deps.secrets?.add(tokens.refresh_token);
    } catch (error) {
      throw new OidcSignInError(classify(error));
    }
    if (cancelled()) throw new OidcSignInError('cancelled');
    if (!nonce.fromServer) return await deps.client.oidcSession(accessToken);
    if (idToken === undefined || idToken.length > MAX_PROVIDER_TOKEN_LENGTH) throw new OidcSignInError('invalid_answer');
    const sendAccessToken = isJwtShaped(accessToken) && accessToken.length <= MAX_PROVIDER_TOKEN_LENGTH;
    return await deps.client.oidcIdTokenSession({ idToken, ...(sendAccessToken ? { accessToken } : {}) });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await loopback.close();
  }
}

/**
 * The nonce for this sign-in: the server's challenge, or, from a server that has no challenge route
 * (it answers 404), one of the desktop's own, and the access token goes to the server alone as before.
 * The server's other refusals (too many sign-ins started, no provider) are its FirmApiErrors.
 */
async function serverNonce(client: FirmServerClient): Promise<{ value: string; fromServer: boolean }> {
  try {
    return { value: (await client.oidcChallenge()).nonce, fromServer: true };
  } catch (error) {
    if (error instanceof FirmApiError && error.status === 404) return { value: oidc.randomNonce(), fromServer: false };
    throw error;
  }
}

/** What a failure of openid-client's callback check and code exchange means for the user. */
function classify(error: unknown): OidcSignInFailure {
  if (error instanceof oidc.AuthorizationResponseError) return 'provider_refused';
  if (error instanceof oidc.ResponseBodyError) return error.error === 'access_denied' ? 'provider_refused' : 'invalid_answer';
  if (error instanceof oidc.ClientError) return 'invalid_answer';
  return 'provider_unreachable';
}

import { ACCESS_TOKEN_LIFETIME_SECONDS, type AccessTokens } from './access-tokens';
import { REDIRECT_MISMATCH_MESSAGE } from './authorize-request';
import { authenticateClient, invalidClientResult, isFormEncoded, oauthErrorResult } from './client-authentication';
import type { CodeStore } from './code-store';
import { answerWithFault, type FaultInjector } from './fault-injection';
import type { GrantRecord, GrantStore } from './grant-store';
import { jsonResult, type Route, type RouteResult } from './simulator-http';
import type { SimulatorControls } from './simulator-controls';
import { TOKEN_PATH } from './simulator-paths';
import type { SimulatorRecords, TokenOutcome, TokenRequestRecord } from './simulator-records';
import type { SimulatorClient } from './simulator-script';

/** Fortnox's text for a refresh token that is unknown, used, revoked or expired (fortnox.md section 3). */
export const INVALID_REFRESH_TOKEN_MESSAGE = 'Invalid refresh token';

/** What the token endpoint works with; shared with the rest of the simulator. */
export interface TokenEndpointDeps {
  clients: readonly SimulatorClient[];
  codes: CodeStore;
  grants: GrantStore;
  accessTokens: AccessTokens;
  controls: SimulatorControls;
  faults: FaultInjector;
  records: SimulatorRecords;
  now: () => number;
}

interface Exchange {
  outcome: TokenOutcome;
  tenantId: number | null;
  result: RouteResult;
}

function refuse(
  outcome: 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type',
  description: string,
): Exchange {
  return { outcome, tenantId: null, result: oauthErrorResult(400, outcome, description) };
}

/** An OAuth error answer with the description a test scripted (see `SimulatorControls.errorDescription`). */
function withErrorDescription(result: RouteResult, template: string | null, form: URLSearchParams): RouteResult {
  if (template === null || result.status < 400) return result;
  const body = JSON.parse(result.body) as { error: string };
  const description = template
    .replaceAll('{refresh_token}', form.get('refresh_token') ?? '')
    .replaceAll('{code}', form.get('code') ?? '');
  return { ...result, body: JSON.stringify({ ...body, error_description: description }) };
}

/**
 * `POST /oauth-v1/token` (fortnox.md section 3): Basic client authentication, the
 * `authorization_code` grant (single-use codes, 10 minutes, exact `redirect_uri`) and the
 * `refresh_token` grant (rotation, 45 days) and the `client_credentials` grant (service accounts). Errors use the OAuth `error`/`error_description` shape;
 * Fortnox does not document its status codes, so the simulator uses RFC 6749's 400 and 401.
 */
export function tokenRoute(deps: TokenEndpointDeps): Route {
  const issueTokens = (grant: GrantRecord, refreshToken: string | null): Exchange => {
    const { token } = deps.accessTokens.issue(grant);
    deps.records.addSecrets(token, refreshToken);
    const body = {
      access_token: token,
      // Left out for an access-only grant (no offline access), as a standard OAuth server does.
      ...(refreshToken === null ? {} : { refresh_token: refreshToken }),
      scope: grant.scopes.join(' '),
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      token_type: deps.controls.tokenType,
      ...deps.controls.tokenAnswerOverrides,
    };
    return { outcome: 'issued', tenantId: grant.tenantId, result: jsonResult(200, body) };
  };

  const redeemCode = (form: URLSearchParams, client: SimulatorClient): Exchange => {
    const code = form.get('code');
    if (code === null || code === '') return refuse('invalid_request', 'The code parameter is required');
    const issued = deps.codes.find(code);
    if (issued === undefined || issued.clientId !== client.clientId) {
      return refuse('invalid_grant', 'Invalid authorization code');
    }
    if (issued.used) return refuse('invalid_grant', 'The authorization code has already been used');
    if (deps.now() >= issued.expiresAt) return refuse('invalid_grant', 'The authorization code has expired');
    // Required even when the authorize request left it out (fortnox.md section 12, pitfall 2).
    if (form.get('redirect_uri') !== issued.redirectUri) return refuse('invalid_grant', REDIRECT_MISMATCH_MESSAGE);
    issued.used = true;
    const offline = issued.accessType === 'offline' || deps.controls.refreshTokenWithoutOfflineAccess;
    const grant = deps.grants.open(issued, offline);
    return issueTokens(grant, offline ? grant.refreshToken : null);
  };

  const refresh = (form: URLSearchParams, client: SimulatorClient): Exchange => {
    const token = form.get('refresh_token');
    if (token === null || token === '') return refuse('invalid_request', 'The refresh_token parameter is required');
    const grant = deps.grants.checkRefresh(token, client.clientId);
    if (typeof grant === 'string') return refuse('invalid_grant', INVALID_REFRESH_TOKEN_MESSAGE);
    return issueTokens(grant, deps.grants.rotate(grant));
  };

  // Service accounts only (fortnox.md sections 3 and 7): a live consent given with
  // account_type=service for this client and tenant; a 1-hour access token, no refresh token.
  const clientCredentials = (tenantHeader: string | undefined, client: SimulatorClient): Exchange => {
    const tenantId = /^[0-9]{1,15}$/.test(tenantHeader ?? '') ? Number(tenantHeader) : undefined;
    if (tenantId === undefined) return refuse('invalid_request', 'The TenantId header is required');
    const grant = deps.controls.refuseClientCredentials ? undefined : deps.grants.serviceConsent(client.clientId, tenantId);
    if (grant === undefined) {
      return {
        outcome: 'unauthorized_client',
        tenantId: null,
        result: oauthErrorResult(400, 'unauthorized_client', 'No service account is authorized for this tenant'),
      };
    }
    return issueTokens(grant, null);
  };

  const exchange = (
    form: URLSearchParams,
    client: SimulatorClient | undefined,
    formEncoded: boolean,
    tenantHeader: string | undefined,
  ): Exchange => {
    if (client === undefined) return { outcome: 'invalid_client', tenantId: null, result: invalidClientResult() };
    if (!formEncoded) {
      return refuse('invalid_request', 'The body must be application/x-www-form-urlencoded');
    }
    const grantType = form.get('grant_type');
    if (grantType === null || grantType === '')
      return refuse('invalid_request', 'The grant_type parameter is required');
    if (grantType === 'authorization_code') return redeemCode(form, client);
    if (grantType === 'refresh_token') return refresh(form, client);
    if (grantType === 'client_credentials') return clientCredentials(tenantHeader, client);
    return refuse('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
  };

  return {
    methods: ['POST'],
    path: TOKEN_PATH,
    async handle(request) {
      const form = await request.form();
      const auth = authenticateClient(request.headers.authorization, deps.clients);
      const formEncoded = isFormEncoded(request.headers['content-type']);
      const rawTenant = request.headers.tenantid;
      const tenantHeader = typeof rawTenant === 'string' ? rawTenant : undefined;
      const fault = deps.faults.take('token');
      const record: TokenRequestRecord = {
        at: deps.now(),
        grantType: form.get('grant_type'),
        clientId: auth.clientId,
        basicAuthValid: auth.client !== undefined,
        credentialsInBody: form.has('client_id') || form.has('client_secret'),
        formEncoded,
        code: form.get('code'),
        redirectUri: form.get('redirect_uri'),
        refreshToken: form.get('refresh_token'),
        tenantIdHeader: tenantHeader ?? null,
        outcome: 'not-handled',
        tenantId: null,
        fault: fault?.kind ?? null,
      };
      deps.records.tokenRequests.push(record);
      deps.records.addSecrets(...auth.received, record.code, record.refreshToken, form.get('client_secret'));
      return answerWithFault(fault, () => {
        const done = exchange(form, auth.client, formEncoded, tenantHeader);
        record.outcome = done.outcome;
        record.tenantId = done.tenantId;
        return withErrorDescription(done.result, deps.controls.errorDescription, form);
      });
    },
  };
}

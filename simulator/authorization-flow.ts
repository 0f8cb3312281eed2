import { renderCompanyPicker, renderConsentPage, renderErrorPage, renderLoginPage } from './authorization-pages';
import { validateAuthorizeRequest } from './authorize-request';
import type { ClientRedirector } from './client-redirect';
import type { CodeStore } from './code-store';
import { LOGIN_SESSION_COOKIE, type LoginSessions } from './login-sessions';
import type { PendingAuthorization, PendingAuthorizations } from './pending-authorizations';
import { htmlResult, withHeader, type Route, type RouteRequest, type RouteResult } from './simulator-http';
import type { SimulatorLog } from './simulator-log';
import { AUTHORIZE_PATH, COMPANY_PATH, CONSENT_PATH, LOGIN_PATH } from './simulator-paths';
import type { ParsedSimulatorScript, SimulatorCompany, SimulatorUser } from './simulator-script';

/** What the authorization pages work with; the simulator builds one set per server. */
export interface AuthorizationFlowDeps {
  script: ParsedSimulatorScript;
  log: SimulatorLog;
  codes: CodeStore;
  pending: PendingAuthorizations;
  sessions: LoginSessions;
  redirector: ClientRedirector;
}

/** Fortnox has no documented text for this; ours tells the user to start over from the integration. */
const EXPIRED_AUTHORIZATION_MESSAGE = 'Aktiveringen har avbrutits eller gått ut. Starta den igen från integrationen.';

/** Description of the redirect a service-account request by a non-administrator gets (fortnox.md section 7). */
export const SERVICE_ACCOUNT_NEEDS_ADMIN = 'Only system administrators can authorize a service account';
/** Description of the redirect when the company holds a licence for none of the requested scopes (invented). */
export const NO_LICENSED_SCOPE_DESCRIPTION = 'Det finns ingen aktiv licens för önskat scope';
/** Description of the redirect after the user presses "Neka". */
export const USER_DENIED_DESCRIPTION = 'The user denied the request';

/**
 * The browser side of Fortnox's authorization: request checks, login, company picker, consent and
 * the final redirect (fortnox.md sections 1, 2, 7 and 11).
 */
export function authorizationRoutes(deps: AuthorizationFlowDeps): Route[] {
  const { log } = deps;

  const errorPage = (status: number, message: string): RouteResult => {
    log.record({ type: 'error-page', status, message });
    return htmlResult(status, renderErrorPage(message));
  };

  const findUser = (username: string | null): SimulatorUser | undefined =>
    deps.script.users.find((user) => user.username === username);

  const selectCompany = (pending: PendingAuthorization, user: SimulatorUser, company: SimulatorCompany) => {
    const { request } = pending;
    pending.tenantId = company.tenantId;
    log.record({ type: 'company-selected', username: user.username, tenantId: company.tenantId });
    if (company.locked === true) {
      deps.pending.finish(pending.id);
      return deps.redirector.bare(request.redirectUri);
    }
    if (request.serviceAccount && !company.sysAdmin) {
      deps.pending.finish(pending.id);
      return deps.redirector.error(request.redirectUri, 'access_denied', SERVICE_ACCOUNT_NEEDS_ADMIN, request.state);
    }
    return htmlResult(
      200,
      renderConsentPage({
        authorizationId: pending.id,
        clientId: request.client.clientId,
        company,
        scopes: request.scopes,
        serviceAccount: request.serviceAccount,
      }),
    );
  };

  const afterLogin = (pending: PendingAuthorization, user: SimulatorUser): RouteResult => {
    pending.username = user.username;
    const [only, ...others] = user.companies;
    if (only !== undefined && others.length === 0) return selectCompany(pending, user, only);
    return htmlResult(200, renderCompanyPicker({ authorizationId: pending.id, companies: user.companies }));
  };

  const authorize = (request: RouteRequest): RouteResult => {
    const params = request.url.searchParams;
    log.record({ type: 'authorize-request', url: request.url.href, params: Object.fromEntries(params) });
    const validation = validateAuthorizeRequest(params, deps.script.clients);
    if (validation.kind === 'error-page') return errorPage(400, validation.message);
    if (validation.kind === 'error-redirect') {
      const { redirectUri, error, description, state } = validation;
      return deps.redirector.error(redirectUri, error, description, state);
    }
    const pending = deps.pending.create(validation.request);
    const sessionUser = findUser(deps.sessions.usernameFor(request.cookies.get(LOGIN_SESSION_COOKIE)) ?? null);
    if (sessionUser !== undefined) {
      log.record({ type: 'session-resumed', username: sessionUser.username });
      return afterLogin(pending, sessionUser);
    }
    return htmlResult(200, renderLoginPage({ authorizationId: pending.id }));
  };

  const login = async (request: RouteRequest): Promise<RouteResult> => {
    const form = await request.form();
    const pending = deps.pending.find(form.get('authorization_id'));
    if (pending === undefined) return errorPage(400, EXPIRED_AUTHORIZATION_MESSAGE);
    const username = form.get('username') ?? '';
    const user = findUser(username);
    // Plain comparison is fine here: these are scripted test passwords, not secrets.
    if (user === undefined || user.password !== form.get('password')) {
      log.record({ type: 'login', username, succeeded: false });
      return htmlResult(200, renderLoginPage({ authorizationId: pending.id, username, failed: true }));
    }
    log.record({ type: 'login', username, succeeded: true });
    return withHeader(afterLogin(pending, user), 'set-cookie', deps.sessions.start(user.username));
  };

  const pickCompany = async (request: RouteRequest): Promise<RouteResult> => {
    const form = await request.form();
    const pending = deps.pending.find(form.get('authorization_id'));
    const user = findUser(pending?.username ?? null);
    if (pending === undefined || user === undefined) return errorPage(400, EXPIRED_AUTHORIZATION_MESSAGE);
    const tenantId = Number(form.get('tenant_id'));
    const company = user.companies.find((candidate) => candidate.tenantId === tenantId);
    if (company === undefined) {
      return htmlResult(
        200,
        renderCompanyPicker({ authorizationId: pending.id, companies: user.companies, failed: true }),
      );
    }
    return selectCompany(pending, user, company);
  };

  const consent = async (request: RouteRequest): Promise<RouteResult> => {
    const form = await request.form();
    const pending = deps.pending.find(form.get('authorization_id'));
    const user = findUser(pending?.username ?? null);
    const company = user?.companies.find((candidate) => candidate.tenantId === pending?.tenantId);
    if (pending === undefined || user === undefined || company === undefined) {
      return errorPage(400, EXPIRED_AUTHORIZATION_MESSAGE);
    }
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'deny') return errorPage(400, 'Okänt svar på aktiveringen.');
    const { request: authRequest } = pending;
    const approved = decision === 'approve';
    // A scope whose module the company has no licence for is not granted (simulator-script.ts).
    const unlicensed = new Set(company.unlicensedScopes ?? []);
    const granted = authRequest.scopes.filter((scope) => !unlicensed.has(scope));
    log.record({
      type: 'consent',
      username: user.username,
      tenantId: company.tenantId,
      clientId: authRequest.client.clientId,
      scopes: [...authRequest.scopes],
      grantedScopes: approved ? granted : [],
      serviceAccount: authRequest.serviceAccount,
      approved,
    });
    deps.pending.finish(pending.id);
    if (!approved) {
      return deps.redirector.error(
        authRequest.redirectUri,
        'access_denied',
        USER_DENIED_DESCRIPTION,
        authRequest.state,
      );
    }
    if (granted.length === 0) {
      // Every token carries at least one scope (fortnox.md section 6); what Fortnox answers when
      // the company is licensed for none of them is not documented, so this error is invented.
      return deps.redirector.error(authRequest.redirectUri, 'invalid_scope', NO_LICENSED_SCOPE_DESCRIPTION, authRequest.state);
    }
    const issued = deps.codes.issue({
      clientId: authRequest.client.clientId,
      redirectUri: authRequest.redirectUri,
      redirectUriSent: authRequest.redirectUriSent,
      scopes: granted,
      tenantId: company.tenantId,
      username: user.username,
      serviceAccount: authRequest.serviceAccount,
      accessType: authRequest.accessType,
      state: authRequest.state,
    });
    return deps.redirector.code(authRequest.redirectUri, issued.code, authRequest.state);
  };

  return [
    { methods: ['GET'], path: AUTHORIZE_PATH, handle: authorize },
    { methods: ['POST'], path: LOGIN_PATH, handle: login },
    { methods: ['POST'], path: COMPANY_PATH, handle: pickCompany },
    { methods: ['POST'], path: CONSENT_PATH, handle: consent },
  ];
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokens } from './access-tokens';
import { apiRoute } from './api-access';
import { archiveEndpoint, customersEndpoint, invoicesEndpoint } from './api-resources';
import { renderAppCallbackPage } from './authorization-pages';
import { authorizationRoutes } from './authorization-flow';
import { encodeBasicCredentials } from './client-authentication';
import { ClientRedirector } from './client-redirect';
import { CodeStore, type IssuedCode } from './code-store';
import { companyInformationEndpoint } from './company-information';
import { fileAttachmentsEndpoint } from './file-attachments';
import { FaultInjector, type FaultSpec } from './fault-injection';
import { GrantStore, type GrantRecord } from './grant-store';
import { LoginSessions } from './login-sessions';
import { PendingAuthorizations } from './pending-authorizations';
import { SlidingWindowLimiter } from './rate-limiter';
import { revokeRoute } from './revoke-endpoint';
import {
  BodyTooLargeError,
  htmlResult,
  jsonResult,
  matchRoute,
  toRouteRequest,
  writeResult,
  type Route,
  type RouteResult,
} from './simulator-http';
import { createControls, type SimulatorControls } from './simulator-controls';
import { SimulatorLog, type SimulatorEvent } from './simulator-log';
import { API_BASE_PATH, APP_CALLBACK_PATH, AUTHORIZE_PATH, REVOKE_PATH, TOKEN_PATH } from './simulator-paths';
import {
  SimulatorRecords,
  type ApiRequestRecord,
  type RevocationRecord,
  type TokenRequestRecord,
} from './simulator-records';
import {
  resolveScript,
  simulatorScriptSchema,
  type ParsedSimulatorScript,
  type SimulatorScript,
} from './simulator-script';
import { tokenRoute } from './token-endpoint';
import { scriptedFrameRoutes } from './scripted-frames';

/** How a test shapes the simulator beyond its script. */
export interface FortnoxSimulatorOptions {
  /**
   * The clock (epoch milliseconds) for code, token and refresh-token lifetimes, the rate limit and
   * record stamps; tests drive it forward.
   */
  now?: () => number;
}

/** A running fake Fortnox on 127.0.0.1. */
export interface FortnoxSimulator {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `<origin>/oauth-v1/auth`. */
  readonly authorizeUrl: string;
  /** `<origin>/oauth-v1/token`. */
  readonly tokenUrl: string;
  /** `<origin>/oauth-v1/revoke`. */
  readonly revokeUrl: string;
  /** `<origin>/3/`. */
  readonly apiBaseUrl: string;
  /** `<origin>/app-callback`, the fake redirect host that a correct app never lets load. */
  readonly appCallbackUrl: string;
  /** The script as running, with `{simulator-origin}` resolved in redirect URIs. */
  readonly script: ParsedSimulatorScript;
  /** Every recorded event, oldest first (a live, read-only view). */
  readonly log: readonly SimulatorEvent[];
  /** Switches that change redirects, token responses and the API; tests set them directly. */
  readonly controls: SimulatorControls;
  /** Copies of every authorization code issued so far, oldest first. */
  issuedCodes(): IssuedCode[];
  /**
   * How many times someone logged in on the login page (with the right password). An authorization
   * in a browser that still carries the login session cookie skips the page and is not counted: a
   * batch that keeps one sign-in session for all its companies logs in exactly once.
   */
  successfulLogins(): number;
  /** How many authorizations skipped the login page because the browser was still logged in. */
  resumedSessions(): number;
  /** Queues a fault for the next `times` (default 1) requests on a route group. */
  injectFault(fault: FaultSpec): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /**
   * The customer removed the integration in Fortnox: every refresh token of the tenant dies.
   * Access tokens already issued stay valid until they expire. Returns how many grants ended.
   */
  revokeConsent(tenantId: number): number;
  /**
   * Fortnox answers 401 to every access token of the tenant issued so far (before its expiry); new
   * ones work, unless `future` is set: then every later one is refused too.
   */
  rejectAccessTokens(tenantId: number, future?: boolean): void;
  /** Copies of every grant (redeemed code and its refresh-token chain), oldest first. */
  grants(): GrantRecord[];
  /** Every request to the token endpoint, oldest first, as received. */
  tokenRequests(): TokenRequestRecord[];
  /** Successful refreshes of the tenant's grants. */
  refreshCount(tenantId: number): number;
  /** Every request to the revoke endpoint, oldest first. */
  revocations(): RevocationRecord[];
  /** Every request to the `/3/` API and the `/api/` services, oldest first, with the headers received. */
  apiRequests(): ApiRequestRecord[];
  /**
   * Every secret-bearing value issued or received: codes, access and refresh tokens, the script's
   * client secrets and their Basic credentials, and whatever secrets requests carried. None of them
   * may ever appear in the app's logs or IPC.
   */
  issuedSecrets(): string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function appCallbackRoute(log: SimulatorLog): Route {
  return {
    methods: [],
    path: APP_CALLBACK_PATH,
    handle(request) {
      log.record({ type: 'app-callback', method: request.method, url: request.url.href });
      return htmlResult(200, renderAppCallbackPage());
    },
  };
}

async function answer(routes: readonly Route[], origin: string, req: IncomingMessage): Promise<RouteResult> {
  const request = toRouteRequest(req, origin);
  const route = matchRoute(routes, request.method, request.url.pathname);
  const where = `${request.method} ${request.url.pathname}`;
  if (route === undefined) {
    return jsonResult(404, { error: 'not_found', error_description: `No simulator route for ${where}` });
  }
  if (route === 'method-not-allowed') {
    return jsonResult(405, { error: 'method_not_allowed', error_description: `Method not allowed: ${where}` });
  }
  try {
    return await route.handle(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return jsonResult(413, { error: 'invalid_request', error_description: 'Request body too large' });
    }
    return jsonResult(500, { error: 'server_error', error_description: `Simulator failure: ${String(error)}` });
  }
}

/**
 * Starts the fake Fortnox on 127.0.0.1 at a free port and resolves once it listens. The script is
 * validated first (a zod error is thrown for a bad one), so no port is opened for a broken script.
 */
export async function startFortnoxSimulator(
  script: SimulatorScript,
  options: FortnoxSimulatorOptions = {},
): Promise<FortnoxSimulator> {
  simulatorScriptSchema.parse(script);
  const now = options.now ?? Date.now;
  const log = new SimulatorLog(now);
  const codes = new CodeStore(now);
  const controls = createControls();
  const grants = new GrantStore(now);
  const accessTokens = new AccessTokens(now);
  const faults = new FaultInjector();
  const records = new SimulatorRecords();
  const routes: Route[] = [];
  let origin = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void answer(routes, origin, req).then((result) => {
      if (!res.headersSent && !res.destroyed) writeResult(res, result);
    });
  });
  const address = await listen(server);
  origin = `http://127.0.0.1:${address.port}`;
  const resolved = resolveScript(script, origin);

  const clients = resolved.clients;
  const apiDeps = { accessTokens, limiter: new SlidingWindowLimiter(now), controls, faults, records, now };
  routes.push(
    ...authorizationRoutes({
      script: resolved,
      log,
      codes,
      pending: new PendingAuthorizations(now),
      sessions: new LoginSessions(),
      redirector: new ClientRedirector(controls, log),
    }),
    appCallbackRoute(log),
    ...scriptedFrameRoutes(log, () => origin),
    tokenRoute({ clients, codes, grants, accessTokens, controls, faults, records, now }),
    revokeRoute({ clients, grants, faults, records, now }),
    apiRoute(apiDeps, companyInformationEndpoint(resolved, controls)),
    apiRoute(apiDeps, customersEndpoint()),
    apiRoute(apiDeps, invoicesEndpoint()),
    apiRoute(apiDeps, archiveEndpoint()),
    apiRoute(apiDeps, fileAttachmentsEndpoint(now)),
  );

  let closing: Promise<void> | undefined;
  return {
    origin,
    authorizeUrl: `${origin}${AUTHORIZE_PATH}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    revokeUrl: `${origin}${REVOKE_PATH}`,
    apiBaseUrl: `${origin}${API_BASE_PATH}`,
    appCallbackUrl: `${origin}${APP_CALLBACK_PATH}`,
    script: resolved,
    log: log.events,
    controls,
    issuedCodes: () => codes.list(),
    successfulLogins: () => log.events.filter((event) => event.type === 'login' && event.succeeded).length,
    resumedSessions: () => log.events.filter((event) => event.type === 'session-resumed').length,
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    revokeConsent: (tenantId) => grants.removeConsent(tenantId),
    rejectAccessTokens: (tenantId, future) => accessTokens.rejectIssued(tenantId, future),
    grants: () => grants.list(),
    tokenRequests: () => records.tokenRequests.map((record) => ({ ...record })),
    refreshCount: (tenantId) => grants.refreshCount(tenantId),
    revocations: () => records.revocations.map((record) => ({ ...record })),
    apiRequests: () => records.apiRequests.map((record) => ({ ...record })),
    issuedSecrets: () => [
      ...new Set([
        ...clients.flatMap((client) => [
          client.clientSecret,
          encodeBasicCredentials(client.clientId, client.clientSecret),
        ]),
        ...codes.list().map((issued) => issued.code),
        ...grants.allRefreshTokens(),
        ...records.secretList(),
      ]),
    ],
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

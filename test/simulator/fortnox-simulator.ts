import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderAppCallbackPage } from './authorization-pages';
import { authorizationRoutes } from './authorization-flow';
import { ClientRedirector, createControls, type SimulatorControls } from './client-redirect';
import { CodeStore, type IssuedCode } from './code-store';
import { LoginSessions } from './login-sessions';
import { PendingAuthorizations } from './pending-authorizations';
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
import { SimulatorLog, type SimulatorEvent } from './simulator-log';
import { API_BASE_PATH, APP_CALLBACK_PATH, AUTHORIZE_PATH, TOKEN_PATH } from './simulator-paths';
import {
  resolveScript,
  simulatorScriptSchema,
  type ParsedSimulatorScript,
  type SimulatorScript,
} from './simulator-script';

/** How a test shapes the simulator beyond its script. */
export interface FortnoxSimulatorOptions {
  /** The clock (epoch milliseconds) for code lifetimes and log stamps; tests drive it forward. */
  now?: () => number;
}

/** A running fake Fortnox on 127.0.0.1. */
export interface FortnoxSimulator {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `<origin>/oauth-v1/auth`. */
  readonly authorizeUrl: string;
  /** `<origin>/oauth-v1/token` (answers 404 JSON until the token endpoint is added). */
  readonly tokenUrl: string;
  /** `<origin>/3/`. */
  readonly apiBaseUrl: string;
  /** `<origin>/app-callback`, the fake redirect host that a correct app never lets load. */
  readonly appCallbackUrl: string;
  /** The script as running, with `{simulator-origin}` resolved in redirect URIs. */
  readonly script: ParsedSimulatorScript;
  /** Every recorded event, oldest first (a live, read-only view). */
  readonly log: readonly SimulatorEvent[];
  /** Switches that make the next redirects misbehave; tests set them directly. */
  readonly controls: SimulatorControls;
  /** Copies of every authorization code issued so far, oldest first. */
  issuedCodes(): IssuedCode[];
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

  // The route table. The token, revoke and /3/ API routes of the next issue are added here and
  // share `codes`, `now` and `log`.
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
  );

  let closing: Promise<void> | undefined;
  return {
    origin,
    authorizeUrl: `${origin}${AUTHORIZE_PATH}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    apiBaseUrl: `${origin}${API_BASE_PATH}`,
    appCallbackUrl: `${origin}${APP_CALLBACK_PATH}`,
    script: resolved,
    log: log.events,
    controls,
    issuedCodes: () => codes.list(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

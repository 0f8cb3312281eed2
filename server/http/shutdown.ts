import type { FastifyInstance } from 'fastify';
import type { Timers } from '../../main/connect/connect-flow';
import { stateOf } from './server-state';

/** Default time in-flight requests get to finish before their connections are closed. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/** How `closeServerApp` closes. */
export interface CloseServerAppOptions {
  timers: Timers;
  /**
   * Time between `/readyz` answering 503 and the listener closing, so load balancers stop sending
   * new requests first (about one probe period; default 0: tests, and a single replica).
   */
  drainDelayMs?: number;
  /** In-flight requests get this long to finish; then their connections are closed (default `DEFAULT_SHUTDOWN_GRACE_MS`). */
  graceMs?: number;
}

function wait(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.set(resolve, ms));
}

/**
 * Closes an app `buildServerApp` made, in this order (issue 10 item 7; firm-server.md section 3):
 * 1. `/readyz` answers 503 `shutting_down` (the replica leaves the load balancer), other routes still work;
 * 2. after `drainDelayMs`, the listener stops accepting connections; a new request on a kept-alive
 *    connection gets Fastify's 503 with `Connection: close`, idle connections are closed, and so
 *    are connections that never began a request (unused-connections.ts); every event stream is
 *    ended (company-events.ts), its connection destroyed if its reader is gone;
 * 3. in-flight requests (token requests, proxied calls, their refreshes and rate-limit waits) finish,
 *    for at most `graceMs`, after which their connections are cut;
 * 4. the app's own connections to Fortnox are closed.
 * The database and background refresh are still open throughout, since in-flight requests use
 * them; the caller stops background refresh and then closes the database (`shutdownServer`).
 */
export async function closeServerApp(app: FastifyInstance, options: CloseServerAppOptions): Promise<void> {
  const state = stateOf(app);
  state.shuttingDown = true;
  if ((options.drainDelayMs ?? 0) > 0) await wait(options.timers, options.drainDelayMs ?? 0);
  const cut = options.timers.set(() => app.server.closeAllConnections(), options.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
  try {
    // Also closes the app's own connections to Fortnox (its onClose hook).
    await app.close();
  } finally {
    options.timers.clear(cut);
  }
}

/** The parts of a running firm server that shutdown stops, besides the HTTP app. */
export interface ServerParts {
  app: FastifyInstance;
  /** The background refresh (helper "tokens"): resolves once no refresh of its own is in flight, its locks released. */
  backgroundRefresh: { stop(): Promise<void> };
  /** The database (`Database.close`): PostgreSQL's pool, or PGlite and its folder lock. */
  database: { close(): Promise<void> };
}

/**
 * Stops a firm server (SIGTERM): `closeServerApp` (readiness 503, stop accepting, finish in-flight
 * requests), then background refresh stops, then the database closes. Each waits for the one
 * before, so no request or refresh loses its connection mid-transaction.
 */
export async function shutdownServer(parts: ServerParts, options: CloseServerAppOptions): Promise<void> {
  try {
    await closeServerApp(parts.app, options);
  } finally {
    try {
      await parts.backgroundRefresh.stop();
    } finally {
      await parts.database.close();
    }
  }
}

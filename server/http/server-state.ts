import type { FastifyInstance } from 'fastify';

/** What `closeServerApp` needs of an app `buildServerApp` made. */
export interface AppState {
  /** Set first thing on shutdown: `/readyz` answers 503 from then on. */
  shuttingDown: boolean;
  /** Resolves when the audit rows of every answered tool request are written (only with the accountant routes' audit). */
  auditSettled?: () => Promise<void>;
}

const states = new WeakMap<FastifyInstance, AppState>();

/** Keeps `state` for `app` (called once, by `buildServerApp`) and returns it. */
export function appState(app: FastifyInstance, state: AppState): AppState {
  states.set(app, state);
  return state;
}

/** The state of an app `buildServerApp` made; throws for any other Fastify instance. */
export function stateOf(app: FastifyInstance): AppState {
  const state = states.get(app);
  if (!state) throw new Error('Not an app made by buildServerApp');
  return state;
}

/** Resolves when the audit rows of every request answered so far are written (tests; the app's close waits too). */
export async function toolAuditSettled(app: FastifyInstance): Promise<void> {
  await stateOf(app).auditSettled?.();
}

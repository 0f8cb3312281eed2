import type { LocalApiStatus } from '../../shared/local-api-status';
import type { Logger } from '../logging/logger';
import { LocalApiListenError, LocalApiPortInUseError, type LocalApiServer } from './local-api-server';

/** The local API's effective settings (user settings with the managed configuration over them). */
export interface LocalApiSettings {
  enabled: boolean;
  /** 0 picks a free port (the browser end-to-end harness). */
  port: number;
  /** Whether `enabled` comes from the managed configuration (then "off" is the IT department's doing). */
  enabledManaged: boolean;
}

/** Collaborators of the local API service. */
export interface LocalApiServiceDeps {
  /** Read on every `apply`, so a saved setting takes effect there. */
  settings: () => LocalApiSettings;
  /** Starts the server on a port: `startLocalApi` with the app's keys, companies and tokens. */
  start: (port: number) => Promise<LocalApiServer>;
  log: Logger;
  /** Settled before quitting: the tool keys' background save of when a key was last used. */
  keys?: { idle(): Promise<void> };
}

/** Status listeners; each gets every change, never a key or a token. */
export type LocalApiStatusListener = (status: LocalApiStatus) => void;

function sameStatus(a: LocalApiStatus, b: LocalApiStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Keeps the local API in line with its settings: `apply` starts, stops or restarts the server
 * (one change at a time, in order), `stop` closes it for quitting. A port another program holds,
 * or any other listen failure, becomes a status for the UI, never a crash.
 */
export class LocalApiService {
  private server: LocalApiServer | undefined;
  /** The port asked for when the running server was started (0 stays 0, whatever it got). */
  private serverRequestedPort: number | undefined;
  private current: LocalApiStatus = { state: 'off', by: 'user' };
  private readonly listeners = new Set<LocalApiStatusListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: LocalApiServiceDeps) {}

  /** What the local API is doing now. */
  status(): LocalApiStatus {
    return this.current;
  }

  /** Calls `listener` on every status change; returns the unsubscribe. */
  onStatus(listener: LocalApiStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Brings the server in line with the settings: starts it, stops it, or restarts it on a new
   * port; retries a port that was taken. Resolves with the resulting status (never rejects).
   */
  apply(): Promise<LocalApiStatus> {
    return this.enqueue(() => this.reconcile(false));
  }

  /** Closes the running server and starts it again from the settings (the UI's "try again"). */
  restart(): Promise<LocalApiStatus> {
    return this.enqueue(() => this.reconcile(true));
  }

  /** Closes the server for quitting; later `apply` calls do nothing. Waits for key saves too. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.enqueue(async () => {
      await this.close();
      return this.current;
    });
    await this.deps.keys?.idle();
  }

  private enqueue(step: () => Promise<LocalApiStatus>): Promise<LocalApiStatus> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reconcile(force: boolean): Promise<LocalApiStatus> {
    if (this.stopped) return this.current;
    const wanted = this.deps.settings();
    if (!wanted.enabled) {
      await this.close();
      this.publish({ state: 'off', by: wanted.enabledManaged ? 'managed' : 'user' });
      return this.current;
    }
    if (!force && this.server && this.serverRequestedPort === wanted.port) return this.current;
    await this.close();
    this.publish({ state: 'starting', port: wanted.port });
    try {
      this.server = await this.deps.start(wanted.port);
      this.serverRequestedPort = wanted.port;
      this.publish({ state: 'running', port: this.server.port });
    } catch (error) {
      if (error instanceof LocalApiPortInUseError) {
        this.deps.log.warn('local API port is taken by another program', { port: error.port });
        this.publish({ state: 'port_in_use', port: error.port });
      } else {
        const code = error instanceof LocalApiListenError ? error.code : 'UNKNOWN';
        this.deps.log.error('local API could not start', { port: wanted.port, code: /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'UNKNOWN' });
        this.publish({ state: 'failed', port: wanted.port, code: /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'UNKNOWN' });
      }
    }
    return this.current;
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.serverRequestedPort = undefined;
    if (!server) return;
    try {
      await server.close();
    } catch (error) {
      this.deps.log.warn('local API did not close cleanly', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  private publish(status: LocalApiStatus): void {
    if (sameStatus(status, this.current)) return;
    this.current = status;
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.deps.log.warn('a local API status listener failed', { error: error instanceof Error ? error.name : typeof error });
      }
    }
  }
}

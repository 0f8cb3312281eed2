import type { z } from 'zod';
import type { firmFortnoxClientSchema } from '../../shared/firm-api';
import { normalizePairingCode, type FirmConnectionState, type FirmProblem, type FirmResult, type FirmView } from '../../shared/firm-mode';
import type { AttentionRow } from '../../shared/attention-rows';
import type { CompaniesChanged, CompanySummary } from '../../shared/ipc-contract';
import { cleanText } from '../../shared/untrusted-text';
import { checkEndpointUrl, DEFAULT_EXTRA_SIGN_IN_ORIGINS, FORTNOX_PRODUCTION, type ConfigResult, type FortnoxClientConfig } from '../config/fortnox-config';
import type { Timers } from '../connect/connect-flow';
import { parseRedirectTarget } from '../connect/redirect-matcher';
import type { HttpFetch } from '../fortnox/fortnox-http';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import type { FirmForwardState } from '../local-api/firm-forwarding';
import type { SecretVault } from '../storage/secret-vault';
import { FirmConnections } from './firm-connections';
import { FirmEvents, type FirmEventsState } from './firm-events';
import { checkFirmServerUrl, FirmApiError, FirmServerClient, isFirmCallError } from './firm-server-client';
import { FirmSession } from './firm-session';
import { FIRM_CODE_SIGN_IN_PROBLEMS } from '../../shared/firm-problems';
import { OidcSignInError, signInWithOidc, type OidcSignInDeps } from './oidc-sign-in';

/** The settings firm mode reads and writes (SettingsService). */
export interface FirmSettings {
  firmServer(): { url: string | null; locked: boolean };
  saveFirmServer(url: string | null): Promise<{ ok: true; sessionOnly: boolean } | { ok: false; problem: 'locked' }>;
}

/** Collaborators of firm mode. */
export interface FirmModeDeps {
  settings: FirmSettings;
  vault: SecretVault;
  fetcher: HttpFetch;
  /** Opens the identity provider's sign-in page in the system browser. */
  openExternal: (url: string) => Promise<void>;
  /** openid-client's HTTP client for the provider (Electron's net.fetch in the app). */
  oidcFetch?: typeof fetch;
  now: () => number;
  timers: Timers;
  /** A number in [0, 1), for the reconnection jitter. */
  random: () => number;
  log: Logger;
  secrets?: KnownSecrets;
  /** Company list changes for the renderer (only while firm mode is on). */
  publishCompanies: (change: CompaniesChanged) => void;
  /** This computer's own companies, shown again when firm mode is turned off (and hidden when it is turned on). */
  local: { list(): CompanySummary[]; attention(): AttentionRow[] };
  /** Firm mode's view for the renderer, whenever it changes. */
  publishView: (view: FirmView) => void;
  /** What the server shows admins as this computer's name ("Anna's laptop"). */
  deviceName: () => string;
  /** The page the browser shows after the identity provider's redirect. */
  callbackPage: OidcSignInDeps['page'];
  /** The loopback listener, for tests. */
  listen?: OidcSignInDeps['listen'];
  /** Used by tests to shorten the wait for the browser. */
  signInTimeoutMs?: number;
  /** Firm mode was turned off: this computer's own client secret and connections are in use again. */
  localResumed?: () => Promise<void>;
}

/** The Fortnox client the server names, as the connect flow's configuration (no secret, no token endpoint in use). */
export function firmFortnoxConfig(client: z.output<typeof firmFortnoxClientSchema>): FortnoxClientConfig | null {
  const authorize = checkEndpointUrl(client.authorizeUrl);
  if ('problem' in authorize) return null;
  // The first redirect URI the sign-in window can capture (an http(s) URL it recognises).
  const redirectUri = client.redirectUris.find((uri) => {
    if ('problem' in checkEndpointUrl(uri)) return false;
    try {
      parseRedirectTarget(uri);
      return true;
    } catch {
      return false;
    }
  });
  if (!redirectUri) return null;
  return {
    clientId: client.clientId,
    redirectUri: new URL(redirectUri).href,
    authorizeUrl: authorize.url.href,
    // Never called in firm mode: the server exchanges codes and calls Fortnox.
    tokenUrl: FORTNOX_PRODUCTION.tokenUrl,
    apiBaseUrl: FORTNOX_PRODUCTION.apiBaseUrl,
    signInOrigins: [...new Set([...DEFAULT_EXTRA_SIGN_IN_ORIGINS, authorize.url.origin])],
    signInFrameOrigins: [],
  };
}

const STATE_OF_EVENTS: Record<FirmEventsState, FirmConnectionState> = {
  connecting: 'connecting',
  live: 'live',
  waiting: 'reconnecting',
  stopped: 'connecting',
};

/**
 * Firm mode (issue 10 item 5): when Settings names a firm server, the company list, connecting,
 * testing and disconnecting go through it under the accountant's session, and this computer holds
 * no client secret and no Fortnox token. Owns the session, the server client, the live list and
 * the Fortnox client configuration the server hands out.
 */
export class FirmMode {
  readonly connections: FirmConnections;
  private readonly session: FirmSession;
  private readonly events: FirmEvents;
  private client: FirmServerClient | null = null;
  private fortnox: FortnoxClientConfig | null = null;
  private signInOptions: FirmView['signIn'] = null;
  private signIn: AbortController | undefined;
  private eventsState: FirmEventsState = 'stopped';

  constructor(private readonly deps: FirmModeDeps) {
    this.session = new FirmSession({ vault: deps.vault, now: deps.now, log: deps.log, ...(deps.secrets ? { secrets: deps.secrets } : {}) });
    this.connections = new FirmConnections({
      client: () => (this.client && this.signedIn() ? this.client : null),
      now: deps.now,
      log: deps.log,
      publish: (change) => {
        if (this.active()) deps.publishCompanies(change);
      },
    });
    this.events = new FirmEvents({
      open: (signal) => {
        if (!this.client) return Promise.reject(new Error('firm mode is off'));
        return this.client.openEvents(signal);
      },
      onCompanies: (list) => this.connections.apply(list),
      onState: (state) => {
        this.eventsState = state;
        // Signed in while the server was unreachable: what could not be read then is read now.
        if (state === 'live' && !this.fortnox) void this.loadFortnox();
        this.publish();
      },
      timers: deps.timers,
      random: deps.random,
      log: deps.log,
    });
    this.session.onChange((reason) => {
      if (reason !== null) this.signedOut();
    });
  }

  /** Loads the stored session for the configured server and, when signed in, starts the live list. */
  async init(): Promise<void> {
    const url = this.url();
    this.client = url ? this.makeClient(url) : null;
    await this.session.init(url);
    // Not awaited: an unreachable server must not hold up the app's start.
    if (this.signedIn()) this.starting = this.startSignedIn();
  }

  /**
   * Resolves when the reads after the start's sign-in check and the last removal of a session from
   * the vault are done (for tests and diagnostics: nothing of firm mode still writes afterwards).
   */
  async settled(): Promise<void> {
    await this.starting;
    await this.session.settled();
  }

  private starting: Promise<void> = Promise.resolve();

  /** Firm mode is on (a server URL is set): the IPC handlers use `connections` instead of the local ones. */
  active(): boolean {
    return this.url() !== null;
  }

  /** The connect flow's configuration in firm mode: the server's Fortnox client, or why it cannot be used. */
  config(): ConfigResult {
    if (this.fortnox && this.signedIn()) {
      const sources = { clientId: 'managed', redirectUri: 'managed', authorizeUrl: 'managed', tokenUrl: 'managed', apiBaseUrl: 'managed', signInOrigins: 'managed', signInFrameOrigins: 'managed' } as const;
      return { ok: true, config: this.fortnox, sources };
    }
    return { ok: false, problems: [{ field: 'firmServer', problem: 'missing', source: 'settings-file' }] };
  }

  /** What Settings shows. */
  view(): FirmView {
    const url = this.url();
    const user = this.signedIn() ? this.session.user() : null;
    const state: FirmConnectionState = url === null ? 'off' : user === null ? 'signed_out' : STATE_OF_EVENTS[this.eventsState];
    return {
      url,
      locked: this.deps.settings.firmServer().locked,
      state,
      // Cleaned again for the window: the contract's e-mail pattern alone lets bidirectional controls through.
      user: user && {
        name: cleanText(user.name, 200) ?? null,
        email: cleanText(user.email, 320) ?? '?',
        role: user.role,
        sessionExpiresAt: this.session.expiresAt() ?? 0,
      },
      signIn: url === null ? null : this.signInOptions,
      signingIn: this.signIn !== undefined,
      connectReady: this.config().ok,
    };
  }

  /** Sets the server's URL (empty: off). A changed URL ends the session, which belonged to the old server. */
  async saveUrl(typed: string): Promise<FirmResult> {
    const trimmed = typed.trim();
    let url: string | null = null;
    if (trimmed !== '') {
      const checked = checkFirmServerUrl(trimmed);
      if (!checked.ok) return this.failed(checked.problem);
      url = checked.url;
    }
    if (url === this.url()) return { ok: true, view: await this.refreshOptions() };
    if (this.deps.settings.firmServer().locked) return this.failed('locked');
    const wasActive = this.client !== null;
    const firmShown = this.connections.list().map((company) => company.tenantId);
    // Signed in to the old server: the session ends there too (best effort), not only here.
    const previous = this.client;
    if (previous && this.signedIn()) await this.session.signOut(() => previous.signOut());
    const saved = await this.deps.settings.saveFirmServer(url);
    if (!saved.ok) return this.failed('locked');
    this.cancelSignIn();
    this.events.stop();
    this.client = url ? this.makeClient(url) : null;
    await this.session.serverChanged(url);
    this.signInOptions = null;
    this.fortnox = null;
    this.connections.clear(wasActive && url !== null);
    // The window's list changes sides: this computer's companies out (firm mode on) or back (off).
    if (!wasActive && url !== null) {
      this.deps.publishCompanies({ upserted: [], removed: this.deps.local.list().map((company) => company.tenantId), attention: [] });
    } else if (wasActive && url === null) {
      await this.deps.localResumed?.();
      this.deps.publishCompanies({ upserted: this.deps.local.list(), removed: firmShown, attention: this.deps.local.attention() });
    }
    this.deps.log.info('firm mode changed', { on: url !== null });
    this.publish();
    return { ok: true, view: await this.refreshOptions() };
  }

  /** Signs in through the firm's identity provider in the system browser. */
  async signInWithOidc(): Promise<FirmResult> {
    const client = this.client;
    if (!client) return this.failed('not_configured');
    this.cancelSignIn();
    const controller = new AbortController();
    this.signIn = controller;
    this.publish();
    try {
      const answer = await signInWithOidc(
        {
          client,
          openExternal: this.deps.openExternal,
          timers: this.deps.timers,
          log: this.deps.log,
          page: this.deps.callbackPage,
          ...(this.deps.secrets ? { secrets: this.deps.secrets } : {}),
          ...(this.deps.oidcFetch ? { fetch: this.deps.oidcFetch } : {}),
          ...(this.deps.listen ? { listen: this.deps.listen } : {}),
          ...(this.deps.signInTimeoutMs !== undefined ? { timeoutMs: this.deps.signInTimeoutMs } : {}),
        },
        controller.signal,
      );
      if (controller.signal.aborted || client !== this.client) return this.ended(controller, this.failed('cancelled'));
      await this.session.store(client.baseUrl, answer);
      await this.startSignedIn();
      return this.ended(controller, { ok: true, view: this.view() });
    } catch (error) {
      return this.ended(controller, this.failed(this.problemOf(error)));
    }
  }

  /** The system-browser sign-in `controller` is over: its answer shows it no longer waiting. */
  private ended(controller: AbortController, result: FirmResult): FirmResult {
    if (this.signIn === controller) this.signIn = undefined;
    this.publish();
    return { ...result, view: this.view() };
  }

  /** Cancels a system-browser sign-in that is waiting. */
  cancelSignIn(): boolean {
    const open = this.signIn;
    if (!open) return false;
    this.signIn = undefined;
    open.abort();
    this.publish();
    return true;
  }

  /** Signs in with a pairing code from an admin. */
  async pair(typed: string): Promise<FirmResult> {
    const client = this.client;
    if (!client) return this.failed('not_configured');
    const code = normalizePairingCode(typed);
    if (!code) return this.failed('pairing_code_invalid');
    this.deps.secrets?.add(code);
    try {
      // A computer's name as admins see it: one line of printable text (the contract refuses anything else).
      const deviceName = cleanText(this.deps.deviceName(), 100) ?? 'Fortnox Connector';
      const answer = await client.pairingSession({ code, deviceName });
      if (client !== this.client) return this.failed('cancelled');
      await this.session.store(client.baseUrl, answer);
      await this.startSignedIn();
      return { ok: true, view: this.view() };
    } catch (error) {
      return this.failed(this.problemOf(error));
    } finally {
      this.deps.secrets?.remove(code);
    }
  }

  /** Signs out (the server ends the session when it can be reached; this computer forgets it in any case). */
  async signOut(): Promise<FirmResult> {
    const client = this.client;
    this.cancelSignIn();
    await this.session.signOut(() => client?.signOut() ?? Promise.resolve());
    return { ok: true, view: this.view() };
  }

  /**
   * The server's client for the Tools and Activity views (integration keys, audit): null when firm
   * mode is off; `signedIn` false when no session is held (the views then say to sign in).
   */
  serverClient(): { client: FirmServerClient; signedIn: boolean } | null {
    const client = this.client;
    if (!client || !this.active()) return null;
    return { client, signedIn: this.signedIn() };
  }

  /**
   * For the local API's forwarding in firm mode (main/local-api/firm-forwarding.ts, main process
   * only): off, signed out, or the server and the session secret it forwards under.
   */
  toolForwarding(): FirmForwardState {
    const url = this.url();
    if (url === null) return { kind: 'off' };
    const session = this.session.bearer(url);
    return session === undefined ? { kind: 'signed_out' } : { kind: 'signed_in', baseUrl: url, session };
  }

  /** The server refused the session on a forwarded tool call: signed out, as when any other call is refused. */
  forwardingRefused(): void {
    void this.session.refused();
  }

  /** Stops the live list (the app quits). */
  stop(): void {
    this.cancelSignIn();
    this.events.stop();
  }

  private url(): string | null {
    const url = this.deps.settings.firmServer().url;
    if (url === null) return null;
    const checked = checkFirmServerUrl(url);
    return checked.ok ? checked.url : null;
  }

  private signedIn(): boolean {
    const url = this.url();
    return url !== null && this.session.bearer(url) !== undefined;
  }

  private makeClient(url: string): FirmServerClient {
    return new FirmServerClient({
      baseUrl: url,
      fetcher: this.deps.fetcher,
      session: () => this.session.bearer(url),
      onSessionRefused: () => void this.session.refused(),
      log: this.deps.log,
    });
  }

  /** Reads who is signed in and the Fortnox client the server names (for the connect flow). */
  private async loadFortnox(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const me = await client.me();
      await this.session.updateUser(me.user, me.sessionExpiresAt);
      const fortnox = firmFortnoxConfig(await client.fortnoxClient());
      if (client !== this.client) return;
      this.fortnox = fortnox;
      if (!fortnox) this.deps.log.warn('the firm server names no Fortnox redirect URI this app can capture');
      this.publish();
    } catch (error) {
      this.deps.log.warn('the firm server\'s Fortnox client could not be read', { error: error instanceof Error ? error.name : typeof error });
    }
  }

  /** After signing in (or at start, signed in): who, the Fortnox client, the list, then its events. */
  private async startSignedIn(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await this.loadFortnox();
      await this.connections.refresh();
    } catch (error) {
      // Unreachable now: the event stream keeps trying and fetches the list when it connects.
      this.deps.log.warn('firm server could not be read after signing in', { error: error instanceof Error ? error.name : typeof error });
    }
    if (this.signedIn()) this.events.start();
    this.publish();
  }

  private signedOut(): void {
    this.events.stop();
    this.fortnox = null;
    this.connections.clear();
    this.publish();
  }

  private async refreshOptions(): Promise<FirmView> {
    const client = this.client;
    if (!client) return this.view();
    try {
      const options = await client.signInOptions();
      if (client === this.client) this.signInOptions = { oidc: options.oidc !== null, pairing: options.pairing };
    } catch {
      this.signInOptions = null;
    }
    this.publish();
    return this.view();
  }

  private problemOf(error: unknown): FirmProblem {
    if (error instanceof OidcSignInError) {
      return error.reason === 'not_offered' ? 'oidc_not_offered' : error.reason;
    }
    if (error instanceof FirmApiError) return FIRM_CODE_SIGN_IN_PROBLEMS[error.code];
    if (isFirmCallError(error)) return 'unreachable';
    this.deps.log.error('firm sign-in failed unexpectedly', { error: error instanceof Error ? error.name : typeof error });
    return 'unreachable';
  }

  private failed(problem: FirmProblem): FirmResult {
    return { ok: false, problem, view: this.view() };
  }

  private publish(): void {
    this.deps.publishView(this.view());
  }
}

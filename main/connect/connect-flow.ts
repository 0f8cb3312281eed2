import type { ConnectionIssue } from '../../shared/connection-issues';
import type { FlowErrorCode } from '../../shared/flow-errors';
import type { ConnectRequest, ConnectResult, FlowStatusMessage, OtherCompany, SignInLocation } from '../../shared/ipc-contract';
import { canonicalScopes } from '../../shared/scope-string';
import type { ScopeName } from '../../shared/scope-names';
import type { ConfigResult, FortnoxClientConfig } from '../config/fortnox-config';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import { buildAuthorizeUrl } from './authorize-url';
import { callbackKind, displayableText, flowErrorForFortnoxError } from './callback-outcome';
import { ERR_ABORTED, FORTNOX_FRAME_SITES, ERR_BLOCKED_BY_CLIENT, type NavigationPolicy } from './navigation-policy';
import { randomToken, type RandomBytes } from './random-token';
import { parseRedirectTarget, type CallbackParams } from './redirect-matcher';
import { displayLocation, sameLocation } from './sign-in-location';
import type { SignInSessionChoice, SignInWindowEvent, SignInWindowHandle, SignInWindowPort } from './sign-in-window-port';
import { StateRegistry } from './state-registry';

/** Fortnox's authorization code lives 10 minutes (fortnox.md section 2); a sign-in may not outlast it. */
export const FLOW_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The sign-in window's location reaches the renderer at most this often; a burst of redirects
 * publishes its last location once the interval has passed.
 */
export const LOCATION_THROTTLE_MS = 250;

/** How many cancelled sub-requests a flow logs; a page full of blocked trackers must not flood the log. */
const MAX_CANCELLED_LOGGED = 20;

/** Timers, injected so that tests drive time instead of sleeping. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** A captured, state-checked authorization: stays in main, handed to the token exchange. */
export interface AuthorizationGrant {
  flowId: string;
  code: string;
  redirectUri: string;
  clientId: string;
  tokenUrl: string;
  scopes: ScopeName[];
  offlineAccess: boolean;
  serviceAccount: boolean;
  /**
   * For a reconnect: the company it is for (canonical tenant id). Tokens for any other company
   * must not replace its connection.
   */
  reconnectTenantId?: string;
}

/** What the token exchange made of a grant. */
export type AuthorizationResult =
  | {
      ok: true;
      company?: {
        tenantId: string;
        companyName: string | null;
        reconnected: boolean;
        scopesNotGranted: string[];
        scopesNotRequested: string[];
      };
    }
  | { ok: false; issue: ConnectionIssue; detail?: string | undefined }
  /** A reconnect reached another company; its grant is held until the user keeps it or lets it go. */
  | { ok: false; wrongCompany: Omit<OtherCompany, 'held'> };

/** What a reconnect is for, carried by its flow into the grant. */
export interface FlowTarget {
  reconnectTenantId?: string;
  /** The sign-in window's session: fresh per sign-in unless a batch names its shared one. */
  session?: SignInSessionChoice;
}

/** Collaborators of the connect flow. */
export interface ConnectFlowDeps {
  getConfig: () => ConfigResult;
  windows: SignInWindowPort;
  random: RandomBytes;
  now: () => number;
  timers: Timers;
  /** Sends status to the renderer (validated against the IPC contract by the caller). */
  publish: (status: FlowStatusMessage) => void;
  /**
   * Receives the code after `state` was verified; the code goes nowhere else. When it returns a
   * promise (the token exchange), the renderer sees `exchanging` until it settles.
   */
  onAuthorized: (grant: AuthorizationGrant) => Promise<AuthorizationResult> | void;
  log: Logger;
  timeoutMs?: number;
  /** Every state and code is registered here so the logger can never write one. */
  secrets?: KnownSecrets;
}

interface Flow {
  id: string;
  config: FortnoxClientConfig;
  scopes: ScopeName[];
  offlineAccess: boolean;
  serviceAccount: boolean;
  reconnectTenantId: string | undefined;
  session: SignInSessionChoice | undefined;
  startedAt: number;
  expiresAt: number;
  handle?: SignInWindowHandle;
  timer?: unknown;
  /** The window's disposal, started when the flow settled; shutdown awaits it instead of disposing again. */
  disposal?: Promise<void>;
  settled: boolean;
  /** The main frame's latest location, and when one was last published. */
  location: SignInLocation | null;
  locationPublishedAt?: number;
  locationTimer?: unknown;
  cancelledLogged: number;
  /** The state and code registered with `KnownSecrets` for this flow, forgotten when it settles. */
  secrets: string[];
}

type Settlement =
  | { ok: true; code: string }
  | { ok: false; error: FlowErrorCode; fortnoxError?: string | undefined; detail?: string | undefined };

/**
 * The connect flow: one sign-in at a time, from the Connect click to a verified code or a typed
 * failure. Every flow settles exactly once; settling retires its state, stops its timer, disposes
 * its window (listeners, window, session) and publishes the outcome. Events that arrive after that
 * (a second redirect, the close that our own dispose causes) are ignored.
 */
export class ConnectFlow {
  private readonly states: StateRegistry;
  private active: Flow | undefined;
  /** The latest flow that handed a grant over, for outcomes decided after it ended. */
  private lastAuthorized: Flow | undefined;
  /** This flow's ids whose grant to another company is held for "add it instead" (see `holdsGrantOf`). */
  private readonly heldFlowIds = new Set<string>();
  private status: FlowStatusMessage = { phase: 'idle' };
  private readonly timeoutMs: number;

  constructor(private readonly deps: ConnectFlowDeps) {
    this.states = new StateRegistry(deps.random, deps.now);
    this.timeoutMs = deps.timeoutMs ?? FLOW_TIMEOUT_MS;
  }

  /** The latest status, for a renderer that (re)loads. */
  currentStatus(): FlowStatusMessage {
    return this.status;
  }

  /** How many states are waiting for an answer. */
  pendingStates(): number {
    return this.states.pendingCount();
  }

  /**
   * Starts a sign-in. With one already open, focuses it, or replaces it when `restart` is set.
   * Invalid configuration opens no window.
   */
  start(request: ConnectRequest, target: FlowTarget = {}): ConnectResult {
    const resolved = this.deps.getConfig();
    if (!resolved.ok) {
      this.deps.log.warn('connect refused: configuration invalid', { problems: resolved.problems.length });
      return { result: 'refused', error: 'config_invalid' };
    }
    const open = this.active && !this.active.settled ? this.active : undefined;
    if (open && !request.restart) {
      open.handle?.focus();
      return { result: 'focused-existing', flowId: open.id };
    }
    if (open) this.settle(open, { ok: false, error: 'superseded' });

    const startedAt = this.deps.now();
    const flow: Flow = {
      id: randomToken(this.deps.random, 12),
      config: resolved.config,
      scopes: canonicalScopes(request.scopes),
      offlineAccess: request.offlineAccess,
      serviceAccount: request.serviceAccount,
      reconnectTenantId: target.reconnectTenantId,
      session: target.session,
      startedAt,
      expiresAt: startedAt + this.timeoutMs,
      settled: false,
      location: null,
      cancelledLogged: 0,
      secrets: [],
    };
    // Everything that can throw runs before the flow becomes the active one, so a failure here can
    // never leave a flow behind that no event will ever settle.
    const state = this.states.issue(flow.id, flow.expiresAt);
    this.remember(flow, state);
    let url: string;
    let policy: NavigationPolicy;
    try {
      url = buildAuthorizeUrl({
        authorizeUrl: flow.config.authorizeUrl,
        clientId: flow.config.clientId,
        redirectUri: flow.config.redirectUri,
        state,
        scopes: flow.scopes,
        offlineAccess: flow.offlineAccess,
        serviceAccount: flow.serviceAccount,
      });
      policy = {
        redirect: parseRedirectTarget(flow.config.redirectUri),
        allowedOrigins: new Set(flow.config.signInOrigins),
        frameOrigins: new Set(flow.config.signInFrameOrigins),
        frameSites: FORTNOX_FRAME_SITES,
      };
    } catch (error) {
      this.states.retire(flow.id);
      this.forget(flow);
      this.deps.log.error('authorization request could not be built', { error: String(error).slice(0, 120) });
      return { result: 'refused', error: 'config_invalid' };
    }
    this.active = flow;
    this.publishSigningIn(flow);
    this.deps.log.info('connect flow started', { flowId: flow.id, scopes: flow.scopes.length });
    flow.timer = this.deps.timers.set(() => this.settle(flow, { ok: false, error: 'timeout' }), this.timeoutMs);
    try {
      const handle = this.deps.windows.open({
        url,
        ...(flow.session ? { session: flow.session } : {}),
        policy,
        onEvent: (event) => this.onWindowEvent(flow, event),
        isOpen: () => !flow.settled,
      });
      if (flow.settled) void this.dispose(flow, handle);
      else flow.handle = handle;
    } catch (error) {
      this.deps.log.error('sign-in window could not be opened', { flowId: flow.id, error: String(error) });
      this.settle(flow, { ok: false, error: 'load_failed' });
    }
    return { result: 'started', flowId: flow.id };
  }

  /** Cancels the open sign-in, if any. */
  cancel(): boolean {
    const open = this.active && !this.active.settled ? this.active : undefined;
    if (open) this.settle(open, { ok: false, error: 'cancelled' });
    return open !== undefined;
  }

  /**
   * Cancels the open sign-in, if any, and resolves when its window is gone (a batch then releases
   * the session the window used). True when one was open.
   */
  async cancelAndClose(): Promise<boolean> {
    const open = this.active && !this.active.settled ? this.active : undefined;
    if (!open) return false;
    this.settle(open, { ok: false, error: 'cancelled' });
    await open.disposal;
    return true;
  }

  /** Ends the open sign-in because the app quits; resolves when its window is gone. */
  async shutdown(): Promise<void> {
    const open = this.active && !this.active.settled ? this.active : undefined;
    if (!open) return;
    this.settle(open, { ok: false, error: 'app_quit' });
    await open.disposal;
  }

  private onWindowEvent(flow: Flow, event: SignInWindowEvent): void {
    if (flow.settled) return;
    switch (event.type) {
      case 'callback':
        this.remember(flow, event.params.code);
        this.remember(flow, event.params.state);
        this.settle(flow, this.judgeCallback(flow, event.params));
        return;
      case 'closed':
        this.settle(flow, { ok: false, error: 'window_closed' });
        return;
      case 'navigation-blocked':
        this.settle(flow, { ok: false, error: 'navigation_blocked', detail: displayableText(event.origin) });
        return;
      case 'load-failed':
        // A redirect during the first load aborts it with ERR_ABORTED: the flow goes on.
        if (event.errorCode === ERR_ABORTED || event.errorCode === ERR_BLOCKED_BY_CLIENT) return;
        this.settle(flow, { ok: false, error: 'load_failed', detail: displayableText(event.description) });
        return;
      case 'location':
        this.onLocation(flow, displayLocation(event.url));
        return;
      case 'request-cancelled':
        if (flow.cancelledLogged >= MAX_CANCELLED_LOGGED) return;
        flow.cancelledLogged += 1;
        this.deps.log.warn('sign-in window request cancelled', {
          flowId: flow.id,
          origin: displayableText(event.origin)?.slice(0, 120),
          reason: event.reason,
        });
        return;
    }
  }

  /**
   * Keeps the shown location current: a location equal to the shown one is dropped, and a burst of
   * navigations publishes at most once per LOCATION_THROTTLE_MS, always ending on the latest.
   */
  private onLocation(flow: Flow, location: SignInLocation | null): void {
    if (sameLocation(flow.location, location)) return;
    flow.location = location;
    if (flow.locationTimer !== undefined) return;
    const since = flow.locationPublishedAt === undefined ? Infinity : this.deps.now() - flow.locationPublishedAt;
    if (since >= LOCATION_THROTTLE_MS) {
      this.publishLocation(flow);
      return;
    }
    flow.locationTimer = this.deps.timers.set(() => {
      flow.locationTimer = undefined;
      if (!flow.settled) this.publishLocation(flow);
    }, LOCATION_THROTTLE_MS - since);
  }

  private publishLocation(flow: Flow): void {
    flow.locationPublishedAt = this.deps.now();
    if (this.status.phase === 'signing-in' && this.status.flowId === flow.id) this.publishSigningIn(flow);
  }

  private publishSigningIn(flow: Flow): void {
    this.publish({
      phase: 'signing-in',
      flowId: flow.id,
      startedAt: flow.startedAt,
      expiresAt: flow.expiresAt,
      scopes: flow.scopes,
      serviceAccount: flow.serviceAccount,
      // Absent until the window first reported where it is.
      ...(flow.locationPublishedAt !== undefined ? { location: flow.location } : {}),
    });
  }

  /**
   * Decides what a callback means. Every answer must carry this flow's `state`, errors included
   * (RFC 6749 section 4.1.2.1 requires it back whenever the request had one, and ours always does):
   * an error without state, or with another, is `state_mismatch`, so a page or frame cannot end a
   * sign-in with a message of its choosing. The one exception is Fortnox's documented locked-account
   * answer, the bare redirect URI with neither code nor error nor state (fortnox.md section 2).
   */
  private judgeCallback(flow: Flow, params: CallbackParams): Settlement {
    if (params.ambiguous) return { ok: false, error: 'state_mismatch' };
    const kind = callbackKind(params);
    const fortnoxError = (): Settlement => ({
      ok: false,
      error: flowErrorForFortnoxError(params.error ?? '', params.errorDescription),
      fortnoxError: displayableText(params.error, this.deps.secrets),
      detail: displayableText(params.errorDescription, this.deps.secrets),
    });
    if (params.state === undefined && params.code === undefined && params.error === undefined) {
      return { ok: false, error: 'no_code' };
    }
    const check = this.states.consume(params.state);
    if (!check.ok || check.flowId !== flow.id) {
      this.deps.log.warn('callback refused: state does not belong to this sign-in', {
        flowId: flow.id,
        reason: check.ok ? 'other_flow' : check.reason,
      });
      return { ok: false, error: 'state_mismatch' };
    }
    if (kind === 'error') return fortnoxError();
    if (kind === 'empty' || params.code === undefined) return { ok: false, error: 'no_code' };
    return { ok: true, code: params.code };
  }

  private settle(flow: Flow, outcome: Settlement): void {
    if (flow.settled) return;
    flow.settled = true;
    if (flow.timer !== undefined) this.deps.timers.clear(flow.timer);
    if (flow.locationTimer !== undefined) this.deps.timers.clear(flow.locationTimer);
    this.states.retire(flow.id);
    const finishedAt = this.deps.now();
    if (!outcome.ok) {
      this.publish({
        phase: 'failed',
        flowId: flow.id,
        error: outcome.error,
        ...(outcome.fortnoxError !== undefined ? { fortnoxError: outcome.fortnoxError } : {}),
        ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
        finishedAt,
      });
    }
    this.deps.log.info('connect flow settled', { flowId: flow.id, outcome: outcome.ok ? 'authorized' : outcome.error });
    if (flow.handle) flow.disposal = this.dispose(flow, flow.handle);
    if (!outcome.ok) {
      this.forget(flow);
      return;
    }
    const exchange = this.deps.onAuthorized({
      flowId: flow.id,
      code: outcome.code,
      redirectUri: flow.config.redirectUri,
      clientId: flow.config.clientId,
      tokenUrl: flow.config.tokenUrl,
      scopes: flow.scopes,
      offlineAccess: flow.offlineAccess,
      serviceAccount: flow.serviceAccount,
      ...(flow.reconnectTenantId !== undefined ? { reconnectTenantId: flow.reconnectTenantId } : {}),
    });
    this.lastAuthorized = flow;
    const succeeded = (company?: Extract<AuthorizationResult, { ok: true }>['company']) =>
      this.publishFor(flow, {
        phase: 'succeeded',
        flowId: flow.id,
        scopes: flow.scopes,
        serviceAccount: flow.serviceAccount,
        finishedAt: this.deps.now(),
        ...(company ? { company } : {}),
      });
    if (!(exchange instanceof Promise)) {
      succeeded();
      this.forget(flow);
      return;
    }
    this.publish({ phase: 'exchanging', flowId: flow.id, scopes: flow.scopes, serviceAccount: flow.serviceAccount });
    exchange.then(
      (result) => {
        if (result.ok) succeeded(result.company);
        else if ('wrongCompany' in result) {
          this.heldFlowIds.add(flow.id);
          this.publishWrongCompany(flow, { ...result.wrongCompany, held: true });
        }
        else this.publishExchangeFailure(flow, result.issue, result.detail);
        // Forgotten only after the outcome was published, which masks the secrets known until then.
        this.forget(flow);
      },
      (error: unknown) => {
        this.deps.log.error('token exchange failed unexpectedly', { flowId: flow.id, error: String((error as Error).name) });
        this.publishExchangeFailure(flow, 'network', undefined);
        this.forget(flow);
      },
    );
  }

  private publishExchangeFailure(flow: Flow, issue: ConnectionIssue, detail: string | undefined): void {
    this.publishFor(flow, {
      phase: 'failed',
      flowId: flow.id,
      error: 'exchange_failed',
      issue,
      // Cleaned where Fortnox's text entered, and masked again here with the secrets known now.
      ...(detail !== undefined ? { detail: displayableText(detail, this.deps.secrets) } : {}),
      finishedAt: this.deps.now(),
    });
  }

  /**
   * The grant a reconnect got for another company was stored as that company ("add it instead"):
   * the flow that ended with `wrong_company` now shows as connected to it.
   */
  heldKept(flowId: string, company: NonNullable<Extract<AuthorizationResult, { ok: true }>['company']>): void {
    this.heldFlowIds.delete(flowId);
    const flow = this.lastAuthorized;
    if (!flow || flow.id !== flowId) return;
    this.publishFor(flow, {
      phase: 'succeeded',
      flowId,
      scopes: flow.scopes,
      serviceAccount: flow.serviceAccount,
      finishedAt: this.deps.now(),
      company,
    });
  }

  /**
   * True when `flowId` is one of this connect flow's own sign-ins whose grant to another company is
   * still held: the single-company keep/let-go channels act on nothing else (never a batch's flow).
   */
  holdsGrantOf(flowId: string): boolean {
    return this.heldFlowIds.has(flowId);
  }

  /** The grant held for a `wrong_company` flow was let go (and revoked): "add it instead" is gone. */
  heldReleased(flowId: string): void {
    this.heldFlowIds.delete(flowId);
    const status = this.status;
    if (status.phase !== 'failed' || status.flowId !== flowId || !status.otherCompany?.held) return;
    this.publish({ ...status, otherCompany: { ...status.otherCompany, held: false } });
  }

  private publishWrongCompany(flow: Flow, otherCompany: OtherCompany): void {
    this.publishFor(flow, {
      phase: 'failed',
      flowId: flow.id,
      error: 'wrong_company',
      otherCompany,
      finishedAt: this.deps.now(),
    });
  }

  /** Publishes a late outcome only while this flow is still the one the renderer shows. */
  private publishFor(flow: Flow, status: FlowStatusMessage): void {
    if (this.status.phase !== 'idle' && this.status.flowId !== flow.id) return;
    this.publish(status);
  }

  /** Registers a state or code with the logger's known secrets for as long as this flow needs it. */
  private remember(flow: Flow, value: string | undefined): void {
    if (value === undefined || !this.deps.secrets) return;
    this.deps.secrets.add(value);
    flow.secrets.push(value);
  }

  /** The flow is over (its exchange too): its state and code are dead, so the logger forgets them. */
  private forget(flow: Flow): void {
    for (const value of flow.secrets.splice(0)) this.deps.secrets?.remove(value);
  }

  private async dispose(flow: Flow, handle: SignInWindowHandle): Promise<void> {
    try {
      await handle.dispose();
    } catch (error) {
      this.deps.log.error('sign-in window could not be disposed', { flowId: flow.id, error: String(error) });
    }
  }

  private publish(status: FlowStatusMessage): void {
    this.status = status;
    this.deps.publish(status);
  }
}

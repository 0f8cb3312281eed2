import type { BatchDecision, BatchStartRequest, BatchStartResult, BatchStatus } from '../../shared/batch-contract';
import type { ConnectionIssue } from '../../shared/connection-issues';
import type { FlowStatusMessage } from '../../shared/ipc-contract';
import type { ConfigResult } from '../config/fortnox-config';
import { ConnectFlow, type AuthorizationGrant, type AuthorizationResult, type Timers } from '../connect/connect-flow';
import { randomToken, type RandomBytes } from '../connect/random-token';
import type { SignInWindowPort } from '../connect/sign-in-window-port';
import { UnexpectedCompanyError, type ConnectedCompany } from '../connections/connections-service';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import { BatchQueue } from './batch-queue';
import type { ReturnedCompany } from './returned-company';
import { IDLE_BATCH_STATUS } from '../../shared/idle-batch-status';

/** The status before any batch ran. */
export const IDLE_BATCH: BatchStatus = IDLE_BATCH_STATUS;

/**
 * How long a batch that waits for the user (paused on a failure, or asking about a company not on
 * the list) keeps its shared sign-in session. The session holds a live Fortnox login (for a firm's
 * consultant, to every client) that Fortnox's own pages on apps.fortnox.se would open without a
 * new sign-in; an app left in the tray must not keep it for hours. The next sign-in of the batch
 * then starts in a new, empty session: one more login.
 */
export const BATCH_SESSION_IDLE_MS = 15 * 60 * 1000;

/** What the runner needs of the connections (ConnectionsService has it). */
export interface BatchConnections {
  authorizeIf(grant: AuthorizationGrant, accept: (company: ReturnedCompany) => boolean): Promise<ConnectedCompany>;
  keepHeld(flowId: string): Promise<ConnectedCompany | undefined>;
  discardHeld(flowId?: string): number;
}

/** Collaborators of the batch runner. */
export interface BatchRunnerDeps {
  getConfig: () => ConfigResult;
  windows: SignInWindowPort;
  connections: BatchConnections;
  random: RandomBytes;
  now: () => number;
  timers: Timers;
  log: Logger;
  /** Sends the batch's status to the renderer (validated against the contract by the caller). */
  publish: (status: BatchStatus) => void;
  /** Told the organisation number of each skipped entry (the client list marks it skipped). */
  onSkipped?: (orgNumber: string) => void;
  /**
   * What a reconnect of this already connected company asks Fortnox for: its own stored scopes,
   * offline access and account type (managed locked scopes first). Undefined when it is not
   * connected; the batch's request is then used.
   */
  reconnectRequest?: (tenantId: string) => BatchRequest | undefined;
  /** How long a waiting batch keeps its session; `BATCH_SESSION_IDLE_MS` by default. */
  sessionIdleMs?: number;
  timeoutMs?: number;
  secrets?: KnownSecrets;
}

/** The scopes and options a sign-in of the batch requests. */
export interface BatchRequest {
  scopes: BatchStartRequest['scopes'];
  offlineAccess: boolean;
  serviceAccount: boolean;
}

/**
 * Runs a batch: one connect flow per company, one after the other, all in ONE shared in-memory
 * sign-in session, so that after the first Fortnox login each next company is "pick it in
 * Fortnox, approve". After a success it moves on by itself; a failure waits for retry, skip or
 * stop; a company that is not on the list is held (never stored) until the user keeps or lets go
 * of it. The session is released when the batch ends, is stopped, on "use another Fortnox login"
 * (a new one takes its place) and when the app quits.
 */
export class BatchRunner {
  private readonly flow: ConnectFlow;
  private queue: BatchQueue | undefined;
  private request: BatchRequest | undefined;
  private sessionId: string | undefined;
  /** The flow of the current sign-in (from its `signing-in` status). */
  private currentFlowId: string | undefined;
  /** Flows whose outcome the runner handles itself (authorized) or caused (cancelled): their statuses are ignored. */
  private readonly ignored = new Set<string>();
  /** Lets go of the session when the batch has waited for the user for `sessionIdleMs`. */
  private idleTimer: unknown;
  /** The session was let go while the batch waited: the next sign-in counts as a new login. */
  private sessionLapsed = false;

  constructor(private readonly deps: BatchRunnerDeps) {
    this.flow = new ConnectFlow({
      getConfig: deps.getConfig,
      windows: deps.windows,
      random: deps.random,
      now: deps.now,
      timers: deps.timers,
      publish: (status) => this.onFlowStatus(status),
      onAuthorized: (grant) => {
        this.ignored.add(grant.flowId);
        this.queue?.exchanging();
        this.publish();
        return this.exchange(grant);
      },
      log: deps.log,
      ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.secrets ? { secrets: deps.secrets } : {}),
    });
  }

  /** The batch's status, for a renderer that (re)loads. */
  status(): BatchStatus {
    return this.queue?.status() ?? IDLE_BATCH;
  }

  /** The flows whose grants are held for a pending question about a company not on the list. */
  heldFlowIds(): string[] {
    const question = this.queue?.question();
    return question?.heldFlowId ? [question.heldFlowId] : [];
  }

  /** True while a batch is under way (not ended). */
  running(): boolean {
    return this.queue !== undefined && !this.queue.ended();
  }

  /** Starts a batch and opens the first sign-in. */
  start(request: BatchStartRequest): BatchStartResult {
    if (this.running()) return { started: false, reason: 'already_running' };
    if (!this.deps.getConfig().ok) return { started: false, reason: 'config_invalid' };
    const batchId = randomToken(this.deps.random, 12);
    this.queue = new BatchQueue({ batchId, entries: request.entries, profileId: request.profileId, now: this.deps.now });
    this.request = { scopes: request.scopes, offlineAccess: request.offlineAccess, serviceAccount: request.serviceAccount };
    this.sessionId = randomToken(this.deps.random, 12);
    this.sessionLapsed = false;
    this.deps.log.info('batch started', {
      batchId,
      entries: this.queue.status().counts.total,
      mode: this.queue.mode,
      scopes: request.scopes.length,
      ...(request.profileId ? { profileId: request.profileId } : {}),
    });
    this.advance();
    return { started: true, batchId };
  }

  /** Skips an entry (the current one by default); the current sign-in closes and the next one opens. */
  async skip(entryId?: number): Promise<{ skipped: boolean }> {
    const queue = this.queue;
    if (!queue || queue.ended()) return { skipped: false };
    const current = queue.current();
    const wasCurrent = current !== undefined && (entryId === undefined || entryId === current.id);
    const entry = queue.skip(entryId);
    if (!entry) return { skipped: false };
    this.deps.log.info('batch entry skipped', { batchId: queue.batchId, entryId: entry.id });
    if (entry.orgNumber !== null) this.notifySkipped(entry.orgNumber);
    this.publish();
    if (wasCurrent) await this.closeCurrentSignIn();
    this.advance();
    return { skipped: true };
  }

  /** Tries a failed or skipped entry again, next. */
  retry(entryId: number): { retried: boolean } {
    const queue = this.queue;
    if (!queue || queue.ended() || !queue.retry(entryId)) return { retried: false };
    this.deps.log.info('batch entry retried', { batchId: queue.batchId, entryId });
    this.publish();
    this.advance();
    return { retried: true };
  }

  /** Stops the batch: the open sign-in closes and the session is released. Answers stay possible. */
  async stop(): Promise<{ stopped: boolean }> {
    const queue = this.queue;
    if (!queue || queue.ended()) return { stopped: false };
    queue.stop();
    this.deps.log.info('batch stopped', { batchId: queue.batchId });
    await this.closeCurrentSignIn();
    await this.releaseSession();
    this.publish();
    return { stopped: true };
  }

  /**
   * "Använd en annan Fortnox-inloggning": the open sign-in closes, the session (and its Fortnox
   * login) is released, and the current company opens again in a new, empty session.
   */
  async newLogin(): Promise<{ restarted: boolean }> {
    const queue = this.queue;
    if (!queue || queue.ended()) return { restarted: false };
    await this.closeCurrentSignIn();
    queue.interrupted();
    await this.releaseSession();
    this.sessionId = randomToken(this.deps.random, 12);
    this.deps.log.info('batch sign-in session replaced (another Fortnox login)', { batchId: queue.batchId });
    this.publish();
    this.advance();
    return { restarted: true };
  }

  /** The answer about a company that was not on the list: keep it (stored) or let it go (revoked). */
  async answer(entryId: number, keep: boolean): Promise<{ decision: Exclude<BatchDecision, 'pending'> | null }> {
    const queue = this.queue;
    const entry = queue?.entry(entryId);
    if (!queue || entry?.decision !== 'pending' || entry.heldFlowId === null) return { decision: null };
    const flowId = entry.heldFlowId;
    let decision: Exclude<BatchDecision, 'pending'>;
    if (keep) {
      let company: ConnectedCompany | undefined;
      try {
        company = await this.deps.connections.keepHeld(flowId);
      } catch (error) {
        // Storing failed: the held grant is gone (revoked, or listed from memory by the store).
        this.deps.log.warn('company not on the list could not be kept', { batchId: queue.batchId, error: errorName(error) });
      }
      decision = company ? 'kept' : 'expired';
      queue.answered(entryId, decision, company?.reconnected ?? false);
    } else {
      // Answered first: letting go of the grant reports it released (heldReleased), which must not
      // turn the user's "no" into "expired".
      decision = 'discarded';
      queue.answered(entryId, decision);
      this.deps.connections.discardHeld(flowId);
    }
    this.deps.log.info('batch question answered', { batchId: queue.batchId, entryId, decision });
    this.publish();
    this.advance();
    return { decision };
  }

  /**
   * A held grant was let go without being kept (its time ran out, or the app quits): the question
   * about its company is over, as expired, and the batch goes on.
   */
  heldReleased(flowId: string): void {
    const queue = this.queue;
    const question = queue?.question();
    if (!queue || !question || question.heldFlowId !== flowId) return;
    queue.answered(question.id, 'expired');
    this.deps.log.info('batch question expired', { batchId: queue.batchId, entryId: question.id });
    this.publish();
    this.advance();
  }

  /** The app quits: the open sign-in closes and the session is released. */
  async shutdown(): Promise<void> {
    await this.flow.shutdown();
    if (this.queue && !this.queue.ended()) this.queue.stop();
    await this.releaseSession();
  }

  /** Opens the next sign-in, or ends the batch when nothing is left. */
  private advance(): void {
    const queue = this.queue;
    const request = this.request;
    if (!queue || !request || queue.ended()) return;
    const next = queue.begin();
    if (!next) {
      if (queue.finishIfDone()) {
        this.deps.log.info('batch finished', { batchId: queue.batchId });
        void this.releaseSession();
      }
      this.publish();
      return;
    }
    if (this.sessionId === undefined && this.sessionLapsed) queue.countLogin();
    this.sessionLapsed = false;
    const sessionId = this.sessionId ?? randomToken(this.deps.random, 12);
    this.sessionId = sessionId;
    // An entry named by tenant id (bulk reconnect) is an already connected company: it is asked for
    // what it has now, never for the batch's scopes, which for a bulk reconnect are the union of
    // every chosen company's (that would widen a narrow connection, add `deletevoucher` without its
    // confirmation, or give an access-only connection a refresh token).
    const tenantId = next.kind === 'entry' && next.entry.byTenantId ? next.entry.tenantId : null;
    const own = tenantId === null ? undefined : this.deps.reconnectRequest?.(tenantId);
    const result = this.flow.start({ ...(own ?? request), restart: true }, { session: { kind: 'shared', id: sessionId } });
    if (result.result === 'refused') queue.failed(result.error);
    this.publish();
  }

  private onFlowStatus(status: FlowStatusMessage): void {
    const queue = this.queue;
    if (!queue || status.phase === 'idle' || this.ignored.has(status.flowId)) return;
    switch (status.phase) {
      case 'signing-in':
        this.currentFlowId = status.flowId;
        return;
      case 'exchanging':
        return;
      case 'failed':
        if (status.flowId !== this.currentFlowId) return;
        if (queue.mode === 'open' && status.error === 'window_closed') {
          // In open mode, closing the sign-in window is how the user says they are done.
          queue.stop();
          void this.releaseSession();
        } else {
          queue.failed(status.error, status.issue ?? null);
        }
        this.deps.log.info('batch sign-in ended without a company', { batchId: queue.batchId, error: status.error });
        this.publish();
        return;
      case 'succeeded':
        return;
    }
  }

  /**
   * Exchanges a batch grant and files the company under its entry; moves on after a success. The
   * user may have skipped the company or chosen another Fortnox login while its code was being
   * exchanged, and the runner has then opened another sign-in: that one is left alone (its window
   * stays tracked as the current one), unless this result is the company it was opened for.
   */
  private async exchange(grant: AuthorizationGrant): Promise<AuthorizationResult> {
    const queue = this.queue;
    if (!queue) return { ok: false, issue: 'network' };
    let matched: number | undefined;
    let returned: ReturnedCompany | undefined;
    /** Another sign-in was opened (or the batch replaced) while this grant was being exchanged. */
    const superseded = () => this.queue !== queue || this.currentFlowId !== grant.flowId;
    try {
      const company = await this.deps.connections.authorizeIf(grant, (candidate) => {
        returned = candidate;
        matched = queue.match(candidate)?.id;
        return matched !== undefined || queue.mode === 'open';
      });
      const late = superseded();
      // A late result for the company the open sign-in is for ends that sign-in too.
      const endsSignIn = !late || (this.queue === queue && matched !== undefined && matched === queue.current()?.id);
      if (returned) queue.connected(matched, { ...returned, companyName: company.companyName ?? returned.companyName }, company.reconnected, endsSignIn);
      this.deps.log.info('batch company connected', { batchId: queue.batchId, entryId: matched ?? null, reconnected: company.reconnected, late });
      if (late && endsSignIn) await this.closeCurrentSignIn();
      this.publish();
      if (endsSignIn) this.advance();
      return { ok: true, company };
    } catch (error) {
      const late = superseded();
      if (error instanceof UnexpectedCompanyError) {
        if (queue.canAskAboutAnother() && this.queue === queue) {
          queue.unexpected(error.company, grant.flowId, !late);
        } else {
          // No room to ask (or the batch is gone): never stored, so let go (revoked) at once.
          this.deps.connections.discardHeld(grant.flowId);
          if (!late) queue.failed('exchange_failed', 'unknown_company');
        }
        this.publish();
        return { ok: false, issue: 'unknown_company' };
      }
      const issue: ConnectionIssue = error instanceof FortnoxCallError ? error.issue : 'network';
      if (!(error instanceof FortnoxCallError)) this.deps.log.error('batch exchange failed unexpectedly', { error: errorName(error) });
      // Late, the entry was skipped or is being signed in to again: that sign-in decides.
      if (!late) queue.failed('exchange_failed', issue);
      else this.deps.log.info('batch exchange failed after its company was skipped or reopened', { batchId: queue.batchId, issue });
      this.publish();
      return { ok: false, issue };
    }
  }

  /** Closes the current sign-in window (its outcome ignored) and waits until it is gone. */
  private async closeCurrentSignIn(): Promise<void> {
    if (this.currentFlowId !== undefined) this.ignored.add(this.currentFlowId);
    await this.flow.cancelAndClose();
  }

  /**
   * Arms the idle timer while the batch waits for the user with a session held (no sign-in open or
   * being exchanged, not ended), and disarms it otherwise. Called at every change (from publish).
   */
  private watchIdle(): void {
    const queue = this.queue;
    const waiting = queue !== undefined && !queue.ended() && !queue.busy() && this.sessionId !== undefined;
    if (!waiting) {
      this.clearIdle();
      return;
    }
    if (this.idleTimer !== undefined) return;
    this.idleTimer = this.deps.timers.set(() => {
      this.idleTimer = undefined;
      if (this.queue !== queue || queue.ended() || queue.busy() || this.sessionId === undefined) return;
      this.deps.log.info('batch sign-in session released after waiting for the user', { batchId: queue.batchId });
      this.sessionLapsed = true;
      void this.releaseSession();
    }, this.deps.sessionIdleMs ?? BATCH_SESSION_IDLE_MS);
  }

  private clearIdle(): void {
    if (this.idleTimer === undefined) return;
    this.deps.timers.clear(this.idleTimer);
    this.idleTimer = undefined;
  }

  private async releaseSession(): Promise<void> {
    this.clearIdle();
    const id = this.sessionId;
    if (id === undefined) return;
    this.sessionId = undefined;
    try {
      await this.deps.windows.releaseSession(id);
    } catch (error) {
      this.deps.log.error('batch sign-in session could not be released', { error: errorName(error) });
    }
  }

  private notifySkipped(orgNumber: string): void {
    try {
      this.deps.onSkipped?.(orgNumber);
    } catch (error) {
      this.deps.log.warn('skipped client could not be marked', { error: errorName(error) });
    }
  }

  private publish(): void {
    this.watchIdle();
    this.deps.publish(this.status());
  }
}

/** An error's name for the log (never its message). */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

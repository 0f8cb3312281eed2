import {
  BATCH_EXTRAS_MAX,
  type BatchCounts,
  type BatchDecision,
  type BatchEntryInput,
  type BatchEntryState,
  type BatchEntryView,
  type BatchState,
  type BatchStatus,
} from '../../shared/batch-contract';
import type { ConnectionIssue } from '../../shared/connection-issues';
import type { FlowErrorCode } from '../../shared/flow-errors';
import { canonicalOrgNumber, canonicalTenant, type ReturnedCompany } from './returned-company';

/** One company of the batch, as the queue keeps it. */
interface Entry {
  id: number;
  orgNumber: string | null;
  name: string | null;
  tenantId: string | null;
  /** Given by tenant id (bulk reconnect of an already connected company), not found by sign-in. */
  byTenantId: boolean;
  companyName: string | null;
  state: BatchEntryState;
  onList: boolean;
  decision: BatchDecision | null;
  error: FlowErrorCode | null;
  issue: ConnectionIssue | null;
  /** For a company not on the list: the flow whose grant is held until the user decides. */
  heldFlowId: string | null;
}

/** What the runner should sign in to next. */
export type NextSignIn = { kind: 'entry'; entry: Readonly<Entry> } | { kind: 'open' };

/** What the queue needs to start. */
export interface BatchQueueOptions {
  batchId: string;
  entries: readonly BatchEntryInput[];
  profileId?: string | undefined;
  now: () => number;
}

/** The key two entries are the same company by: the tenant id if known, else the organisation number. */
function entryKey(entry: BatchEntryInput): string {
  const tenant = canonicalTenant(entry.tenantId);
  return tenant !== null ? `t:${tenant}` : `o:${entry.orgNumber ?? ''}`;
}

/**
 * The batch's state machine, pure and clock-injected: the queue of companies and what became of
 * each, the current one, and the question about a company that was not on the list. It decides
 * nothing about windows or tokens; the runner (batch-runner.ts) tells it what happened and asks it
 * what comes next. Entries keep their index as id; duplicates in the input (same tenant id, or
 * same organisation number without one) are folded into the first.
 *
 * `open` mode (no entries given) connects whatever company the user picks in Fortnox, each
 * becoming an entry once connected, until the user stops.
 */
export class BatchQueue {
  readonly batchId: string;
  readonly mode: 'list' | 'open';
  private readonly entries: Entry[] = [];
  private readonly now: () => number;
  private readonly profileId: string | null;
  private currentId: number | null = null;
  /** An open-mode sign-in is under way (it has no entry yet). */
  private openSignIn = false;
  private phase: 'signing-in' | 'exchanging' | null = null;
  /** Entries to run before the rest, in order (retried ones, and one put back after another company). */
  private readonly first: number[] = [];
  private paused = false;
  private stopped = false;
  private logins = 1;
  private readonly startedAt: number;
  private finishedAt: number | null = null;

  constructor(options: BatchQueueOptions) {
    this.batchId = options.batchId;
    this.now = options.now;
    this.profileId = options.profileId ?? null;
    this.startedAt = options.now();
    const seen = new Map<string, Entry>();
    for (const input of options.entries) {
      const key = entryKey(input);
      const known = seen.get(key);
      if (known) {
        known.name ??= input.name ?? null;
        known.orgNumber ??= input.orgNumber ?? null;
        continue;
      }
      const entry: Entry = {
        id: this.entries.length,
        orgNumber: input.orgNumber ?? null,
        name: input.name ?? null,
        tenantId: canonicalTenant(input.tenantId),
        byTenantId: canonicalTenant(input.tenantId) !== null,
        companyName: null,
        state: 'waiting',
        onList: true,
        decision: null,
        error: null,
        issue: null,
        heldFlowId: null,
      };
      seen.set(key, entry);
      this.entries.push(entry);
    }
    this.mode = this.entries.length === 0 ? 'open' : 'list';
  }

  /** The entry with this id, if any. */
  entry(id: number): Readonly<Entry> | undefined {
    return this.entries[id];
  }

  /** The current entry, if a sign-in for one is under way. */
  current(): Readonly<Entry> | undefined {
    return this.currentId === null ? undefined : this.entries[this.currentId];
  }

  /**
   * Starts the next sign-in, if the batch may go on: not stopped, finished, paused after a failure,
   * waiting for an answer, or already signing in. Retried entries come first, then the list in order.
   */
  begin(): NextSignIn | undefined {
    if (this.stopped || this.finishedAt !== null || this.paused || this.hasQuestion() || this.busy()) return undefined;
    if (this.mode === 'open') {
      this.openSignIn = true;
      this.phase = 'signing-in';
      return { kind: 'open' };
    }
    while (this.first.length > 0) {
      const id = this.first.shift() as number;
      const entry = this.entries[id];
      if (entry?.state === 'waiting') return this.makeCurrent(entry);
    }
    const entry = this.entries.find((candidate) => candidate.onList && candidate.state === 'waiting');
    if (!entry) return undefined;
    return this.makeCurrent(entry);
  }

  private makeCurrent(entry: Entry): NextSignIn {
    entry.state = 'current';
    entry.error = null;
    entry.issue = null;
    this.currentId = entry.id;
    this.phase = 'signing-in';
    return { kind: 'entry', entry };
  }

  /** True while a sign-in (or its exchange) is under way. */
  busy(): boolean {
    return this.currentId !== null || this.openSignIn;
  }

  /** Fortnox approved; the code is being exchanged. */
  exchanging(): void {
    if (this.busy()) this.phase = 'exchanging';
  }

  /**
   * The entry a returned company belongs to: the current one when it matches, else any other
   * company of the batch with the same tenant id, or the same organisation number. A company not
   * on the list that was kept earlier matches itself, so it is never asked about twice.
   */
  match(company: ReturnedCompany): Readonly<Entry> | undefined {
    const org = canonicalOrgNumber(company.organizationNumber);
    const matches = (entry: Entry) =>
      (entry.onList || entry.decision === 'kept') &&
      ((entry.tenantId !== null && entry.tenantId === company.tenantId) ||
        (entry.tenantId === null && org !== null && entry.orgNumber === org));
    const current = this.current();
    if (current && matches(current as Entry)) return current;
    return this.entries.find(matches);
  }

  /**
   * The sign-in ended with a stored company. `entryId` is the matched entry (undefined in open
   * mode, where the company becomes a new entry). A company other than the current one was
   * connected: the current one is put back, first in line.
   */
  connected(entryId: number | undefined, company: ReturnedCompany, reconnected: boolean, endsSignIn = true): void {
    let entry = entryId === undefined ? undefined : this.entries[entryId];
    if (!entry) entry = this.addEntry(company, true, null);
    entry.state = reconnected ? 'updated' : 'connected';
    entry.tenantId = company.tenantId;
    entry.companyName = company.companyName;
    entry.orgNumber ??= canonicalOrgNumber(company.organizationNumber);
    entry.error = null;
    entry.issue = null;
    // False when the result came late, for a sign-in other than the one open now: that one goes on.
    if (endsSignIn) this.endSignIn(entry.id);
  }

  /** The current sign-in failed: the entry is marked and the batch waits for retry, skip or stop. */
  failed(error: FlowErrorCode, issue: ConnectionIssue | null = null): void {
    const current = this.current();
    if (current) {
      const entry = this.entries[current.id] as Entry;
      entry.state = 'failed';
      entry.error = error;
      entry.issue = issue;
      this.paused = true;
    }
    this.currentId = null;
    this.openSignIn = false;
    this.phase = null;
  }

  /** True when one more company not on the list can be kept in the status. */
  canAskAboutAnother(): boolean {
    return this.entries.filter((entry) => !entry.onList).length < BATCH_EXTRAS_MAX;
  }

  /**
   * Fortnox returned a company that is not on the list; its grant is held under `flowId` until the
   * user answers. The current entry is put back, first in line.
   */
  unexpected(company: ReturnedCompany, flowId: string, endsSignIn = true): Readonly<Entry> {
    const entry = this.addEntry(company, false, flowId);
    if (endsSignIn) this.endSignIn(entry.id);
    return entry;
  }

  /** The user's answer about a company not on the list (or that its held grant expired meanwhile). */
  answered(entryId: number, outcome: Exclude<BatchDecision, 'pending'>, reconnected = false): void {
    const entry = this.entries[entryId];
    if (!entry || entry.decision !== 'pending') return;
    entry.decision = outcome;
    entry.heldFlowId = null;
    if (outcome === 'kept') entry.state = reconnected ? 'updated' : 'connected';
  }

  /** The pending question's entry, if any. */
  question(): Readonly<Entry> | undefined {
    return this.entries.find((entry) => entry.decision === 'pending');
  }

  private hasQuestion(): boolean {
    return this.question() !== undefined;
  }

  /**
   * Skips an entry (the current one when no id is given): waiting, current or failed entries only.
   * Returns the skipped entry, or undefined when nothing was skipped.
   */
  skip(entryId?: number): Readonly<Entry> | undefined {
    const id = entryId ?? this.currentId;
    const entry = id === null ? undefined : this.entries[id];
    if (!entry?.onList || !['waiting', 'current', 'failed'].includes(entry.state)) return undefined;
    const wasFailed = entry.state === 'failed';
    entry.state = 'skipped';
    if (this.currentId === entry.id) {
      this.currentId = null;
      this.phase = null;
    }
    if (wasFailed) this.paused = false;
    return entry;
  }

  /** Puts a failed or skipped entry back, to run next. Returns false when it cannot be retried. */
  retry(entryId: number): boolean {
    const entry = this.entries[entryId];
    if (!entry?.onList || (entry.state !== 'failed' && entry.state !== 'skipped') || this.stopped) return false;
    entry.state = 'waiting';
    entry.error = null;
    entry.issue = null;
    this.first.unshift(entry.id);
    this.paused = false;
    this.finishedAt = null;
    return true;
  }

  /**
   * The current sign-in was interrupted without an outcome (another Fortnox login was chosen): the
   * entry goes back, first in line.
   */
  interrupted(): void {
    this.endSignIn(undefined);
    this.countLogin();
  }

  /** The next sign-in runs in a new, empty session (the user signs in to Fortnox again). */
  countLogin(): void {
    this.logins += 1;
  }

  /** Stops the batch: the current entry goes back to waiting, nothing more starts. */
  stop(): void {
    if (this.ended()) return;
    this.endSignIn(undefined);
    this.first.length = 0;
    // In open mode there is no list to leave unfinished: stopping is how the user says "done".
    if (this.mode === 'list') this.stopped = true;
    this.finishedAt ??= this.now();
  }

  /**
   * Marks the batch finished when nothing is left to do (no waiting entry, no sign-in, no question,
   * not paused on a failure), or at once in open mode (the user is done). Returns true when finished.
   */
  finishIfDone(force = false): boolean {
    if (this.finishedAt !== null) return true;
    const waiting = this.entries.some((entry) => entry.state === 'waiting');
    const done = force ? !this.busy() && !this.hasQuestion() : !waiting && !this.busy() && !this.hasQuestion() && !this.paused;
    if (done && (this.mode === 'list' || force)) this.finishedAt = this.now();
    return this.finishedAt !== null;
  }

  /** True once stopped or finished: the session can go. */
  ended(): boolean {
    return this.stopped || this.finishedAt !== null;
  }

  /** The status for the renderer. */
  status(): BatchStatus {
    return {
      batchId: this.batchId,
      state: this.state(),
      mode: this.mode,
      entries: this.entries.map(view),
      counts: this.counts(),
      currentEntryId: this.currentId,
      phase: this.phase,
      logins: this.logins,
      profileId: this.profileId,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
    };
  }

  private state(): BatchState {
    if (this.stopped) return 'stopped';
    if (this.hasQuestion()) return 'question';
    if (this.finishedAt !== null) return 'finished';
    if (this.paused) return 'paused';
    return 'running';
  }

  private counts(): BatchCounts {
    const count = (predicate: (entry: Entry) => boolean) => this.entries.filter(predicate).length;
    return {
      total: count((entry) => entry.onList),
      connected: count((entry) => entry.onList && entry.state === 'connected'),
      updated: count((entry) => entry.onList && entry.state === 'updated'),
      skipped: count((entry) => entry.state === 'skipped'),
      failed: count((entry) => entry.state === 'failed'),
      waiting: count((entry) => entry.state === 'waiting' || entry.state === 'current'),
      notOnList: count((entry) => !entry.onList),
    };
  }

  private addEntry(company: ReturnedCompany, onList: boolean, heldFlowId: string | null): Entry {
    const entry: Entry = {
      id: this.entries.length,
      orgNumber: canonicalOrgNumber(company.organizationNumber),
      name: company.companyName,
      tenantId: company.tenantId,
      byTenantId: false,
      companyName: company.companyName,
      state: onList ? 'connected' : 'not-on-list',
      onList,
      decision: heldFlowId === null ? null : 'pending',
      error: null,
      issue: null,
      heldFlowId,
    };
    this.entries.push(entry);
    return entry;
  }

  /** The sign-in is over; a current entry other than `doneId` goes back, first in line. */
  private endSignIn(doneId: number | undefined): void {
    const current = this.current();
    if (current && current.id !== doneId) {
      (this.entries[current.id] as Entry).state = 'waiting';
      this.first.unshift(current.id);
    }
    this.currentId = null;
    this.openSignIn = false;
    this.phase = null;
  }
}

/** An entry as the renderer sees it (without the held flow's id). */
function view(entry: Entry): BatchEntryView {
  return {
    id: entry.id,
    orgNumber: entry.orgNumber,
    name: entry.name,
    tenantId: entry.tenantId,
    companyName: entry.companyName,
    state: entry.state,
    onList: entry.onList,
    decision: entry.decision,
    error: entry.error,
    issue: entry.issue,
  };
}

import { appendFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type AuditCompany, type AuditEntry, type AuditFilter, type AuditPage } from '../../shared/audit-entry';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';
import { AuditCompanyIndex } from './audit-companies';
import { AuditEntryCheck } from './audit-entry-check';
import { auditDay, auditFileName, dayEnd, dayStart } from './audit-files';
import { AuditLines, auditLine } from './audit-line';
import { AuditQueue, type AuditBatch } from './audit-queue';
import { listAuditFiles, readAuditPage } from './audit-reader';
import { auditEntryOf, type AuditContext, type AuditEnd } from './audit-recording';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long entries are kept (issue 8 item 5). */
export const AUDIT_RETENTION_DAYS = 90;
/** A day file is not appended past this size; the day goes on in its next part. */
export const DEFAULT_AUDIT_FILE_BYTES = 16 * 1024 * 1024;
/** Parts a day may have: with the file size above, at most 64 MB (about 250,000 entries) a day. */
export const DEFAULT_AUDIT_PARTS_PER_DAY = 4;
/** Entries waiting for their write at most; beyond, new ones are dropped (and counted). */
export const DEFAULT_AUDIT_PENDING_MAX = 10_000;
/** Entries are gathered this long before one append writes them. */
export const DEFAULT_AUDIT_FLUSH_DELAY_MS = 500;
/** Entries gathered at most before they are written without waiting for the delay: a busy tool's batch stays small, so writing it never holds up requests for long. */
export const DEFAULT_AUDIT_FLUSH_LINES = 1_000;
/** Refusals without a key are counted per this period: one line per period, status and kind. */
export const AUDIT_REFUSAL_PERIOD_MS = 60 * 1000;

/**
 * Whether an entry is a refusal of a request without a recognised key (a bad key, a web page's
 * Origin, a DNS-rebinding Host, a throttled bad key). Anyone on the machine can cause these
 * without a key, so they are counted per minute instead of written one by one: a flood of them
 * cannot fill the day's files and push out the entries of tokens handed out and calls made.
 */
export function isUnauthenticatedRefusal(entry: AuditEntry): boolean {
  return entry.keyId === null && (entry.status === 401 || entry.status === 403 || entry.status === 429);
}

/**
 * Entries that must not be pushed out by others: tokens handed out and proxied calls of a key.
 * All others (refusals) may use neither the day's last part nor the last quarter of the queue.
 */
function isEssential(entry: AuditEntry): boolean {
  return entry.keyId !== null && (entry.kind === 'token' || entry.kind === 'proxy');
}

/** Lines looked at for one page at most (see `AuditReadOptions.scanBudget`). */
export const DEFAULT_AUDIT_SCAN_BUDGET = 500_000;

/** The lines of a batch going to one file: how many, and their bytes as `[start, end)` pairs of offsets in the batch's buffer, adjacent lines merged. */
interface FileRanges {
  count: number;
  ranges: number[];
}

/** Adds a line's range to a file's, extending the last range when the line follows it (the usual case). */
function addRange(lines: FileRanges, start: number, end: number): void {
  lines.count += 1;
  const ranges = lines.ranges;
  if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
  else ranges.push(start, end);
}

/** A file's bytes: a view of the batch's buffer when they are one range (no copy), else the ranges joined. */
function bytesOf(buffer: Buffer, ranges: number[]): Buffer {
  if (ranges.length === 2) return buffer.subarray(ranges[0], ranges[1]);
  const parts: Buffer[] = [];
  for (let index = 0; index < ranges.length; index += 2) parts.push(buffer.subarray(ranges[index], ranges[index + 1]));
  return Buffer.concat(parts);
}

/** What the local API server needs of the audit log. */
export interface AuditRecorder {
  /** Queues an entry for writing; never blocks, never throws. */
  record(entry: AuditEntry): void;
  /**
   * Queues the entry of a request whose answer ended, `auditEntryOf(context, end)` (nothing when
   * that is undefined); the same line as `record` of it, built faster for a repeated shape.
   */
  recordEnded?(context: AuditContext, end: AuditEnd): void;
}

/** Records the entry of a request whose answer ended: by `recordEnded` when the recorder has it. */
export function recordEndedAnswer(audit: AuditRecorder, context: AuditContext, end: AuditEnd): void {
  if (audit.recordEnded) return audit.recordEnded(context, end);
  const entry = auditEntryOf(context, end);
  if (entry) audit.record(entry);
}

/** Collaborators and limits of the audit log. */
export interface AuditLogDeps {
  /** The folder of the day files (`audit` in the data folder). */
  dir: string;
  now: () => number;
  timers: Timers;
  log: Logger;
  retentionDays?: number;
  maxFileBytes?: number;
  partsPerDay?: number;
  pendingMax?: number;
  flushDelayMs?: number;
  flushLines?: number;
  scanBudget?: number;
  /** Appends bytes to a file (default `fs.promises.appendFile`); tests block writes through it. */
  append?: (file: string, data: Buffer, options: { mode: number }) => Promise<void>;
  /** Allocates the queue's buffers (default `Buffer.alloc`); tests count them. */
  allocate?: (bytes: number) => Buffer;
  /** Bytes of lines one batch holds at most (default `AUDIT_QUEUE_MAX_BYTES`); past it lines are dropped. */
  queueMaxBytes?: number;
}

/** Counts for diagnostics and tests. */
export interface AuditLogCounts {
  written: number;
  /** Not stored: invalid, over the pending bound, past the day's size cap, or a failed write. */
  dropped: number;
}

/**
 * The local API's audit log: every token handed out and every proxied or refused call, one JSON
 * line each, appended to a file per UTC day in `dir` (owner-only). `record` only queues: entries
 * are gathered for `flushDelayMs` and written with one append, one write at a time, so a request
 * never waits for the disk. Each day file is capped in size (then the day goes on in a next part,
 * up to `partsPerDay`); files older than the retention are deleted at `start` and once a day.
 */
export class AuditLog implements AuditRecorder {
  /** Entries checked and serialised when recorded, waiting for their write: their bytes off the heap (`AuditQueue`). */
  private readonly pending: AuditQueue;
  private readonly entryCheck = new AuditEntryCheck();
  /** The lines of tokens handed out and proxied calls, built from their remembered shapes. */
  private readonly lines = new AuditLines((entry) => this.entryCheck.check(entry));
  /** The UTC day last computed and the instants it spans, so a batch does not format a date per entry. */
  private lastDay = { day: '', start: 0, end: 0 };
  private flushTimer: unknown;
  /** Whether the planned write is planned for at once (a full batch). */
  private flushAtOnce = false;
  private pruneTimer: unknown;
  private writing: Promise<void> = Promise.resolve();
  /** Lines handed to the write chain whose write has not settled: counted with the queue against `pendingMax`. */
  private inWrite = 0;
  /** The daily cleanup, while it runs. */
  private pruning: Promise<unknown> = Promise.resolve();
  /** Known sizes of the files appended to, by name. */
  private readonly sizes = new Map<string, number>();
  /** The part each day is being written to. */
  private readonly parts = new Map<string, number>();
  private readonly counts: AuditLogCounts = { written: 0, dropped: 0 };
  private closed = false;
  private readonly warned = new Set<string>();
  private readonly companyIndex: AuditCompanyIndex;
  /** This minute's (and older, not yet written) counts of refusals without a key, by period, kind and status. */
  private readonly refusals = new Map<string, AuditEntry & { count: number }>();

  constructor(private readonly deps: AuditLogDeps) {
    this.companyIndex = new AuditCompanyIndex({ dir: deps.dir, maxFileBytes: this.maxFileBytes });
    this.pending = new AuditQueue({
      ...(deps.allocate ? { allocate: deps.allocate } : {}),
      ...(deps.queueMaxBytes !== undefined ? { maxBytes: deps.queueMaxBytes } : {}),
    });
  }

  private get maxFileBytes(): number {
    return this.deps.maxFileBytes ?? DEFAULT_AUDIT_FILE_BYTES;
  }

  /** Creates the folder, learns the day files' sizes, deletes expired ones and plans the daily cleanup. */
  async start(): Promise<void> {
    try {
      await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      this.warnOnce('audit folder could not be created', error);
    }
    await this.prune();
    for (const file of await listAuditFiles(this.deps.dir)) {
      const current = this.parts.get(file.day);
      if (current === undefined || file.part > current) this.parts.set(file.day, file.part);
    }
    this.planPrune();
  }

  /** Queues an entry; it is written within `flushDelayMs`, or by `idle`/`close`. */
  record(entry: AuditEntry): void {
    if (this.closed) {
      this.counts.dropped += 1;
      return;
    }
    const checked = this.entryCheck.check(entry);
    if (checked === undefined) {
      this.counts.dropped += 1;
      this.warnOnce('audit entry refused by its schema');
      return;
    }
    if (isUnauthenticatedRefusal(checked)) {
      this.countRefusal(checked);
      return;
    }
    const essential = isEssential(checked);
    if (this.hasRoom(essential)) this.queue(auditLine(checked), checked.at, essential);
  }

  /**
   * `record(auditEntryOf(context, end))`, the same line: a token handed out or a proxied call of a
   * key (the bulk of a busy tool's entries) has its line built from its shape (`AuditLines`),
   * any other entry takes `record`'s way.
   */
  recordEnded(context: AuditContext, end: AuditEnd): void {
    if (!this.closed && context.keyId !== null && (context.kind === 'token' || context.kind === 'proxy')) {
      if (!this.hasRoom(true)) return;
      const pending = this.lines.lineOf(context, end, true);
      if (pending !== undefined) return this.queue(pending.line, pending.at, pending.essential);
    }
    const entry = auditEntryOf(context, end);
    if (entry) this.record(entry);
  }

  /** Whether the queue has room for an entry (the last quarter is kept for essential ones); if not, it is counted as dropped. */
  private hasRoom(essential: boolean): boolean {
    const pendingMax = this.deps.pendingMax ?? DEFAULT_AUDIT_PENDING_MAX;
    if (this.pending.length + this.inWrite < (essential ? pendingMax : Math.floor((pendingMax * 3) / 4))) return true;
    this.counts.dropped += 1;
    this.warnOnce('audit entries dropped: writes are not keeping up');
    return false;
  }

  /** Queues a line, serialised now, a little per request, rather than thousands at once when the batch is written; plans its write. */
  private queue(line: string, at: number, essential: boolean): void {
    // A batch at its byte bound: written at once, which makes room.
    if (!this.enqueue(line, at, essential)) return this.planFlush(0);
    this.planFlush(this.pending.length >= (this.deps.flushLines ?? DEFAULT_AUDIT_FLUSH_LINES) ? 0 : undefined);
  }

  /**
   * Copies a line's bytes into the queue: the string (and the `PendingLine` of `AuditLines`) is not
   * kept, so it dies young with the request that built it. False (the line dropped and counted)
   * past the queue's byte bound.
   */
  private enqueue(line: string, at: number, essential: boolean): boolean {
    let added = -1;
    try {
      added = this.pending.add(line, at, essential);
    } catch {
      // Its buffer could not grow (memory): dropped and counted, as `record` never throws.
    }
    if (added >= 0) return true;
    this.counts.dropped += 1;
    this.warnOnce('audit entries dropped: writes are not keeping up');
    return false;
  }

  /** Adds a refusal without a key to its minute's count; the count is written once its minute is over. */
  private countRefusal(entry: AuditEntry): void {
    const period = Math.floor(entry.at / AUDIT_REFUSAL_PERIOD_MS);
    const id = `${period} ${entry.kind} ${entry.status}`;
    const counted = this.refusals.get(id);
    if (counted) {
      counted.count += 1;
      counted.at = Math.max(counted.at, entry.at);
      return;
    }
    // The first one's method, path and error code stand for the minute's; no key, no company, no sizes.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the company is left out on purpose
    const { companyName, ...rest } = entry;
    this.refusals.set(id, { ...rest, keyName: null, tenantId: null, durationMs: 0, bytesIn: 0, bytesOut: 0, complete: true, count: 1 });
    this.planFlush();
  }

  /** Moves the counts of minutes that are over (all of them when `all`) to the queue. */
  private takeRefusals(all: boolean): void {
    const current = Math.floor(this.deps.now() / AUDIT_REFUSAL_PERIOD_MS);
    for (const [id, counted] of this.refusals) {
      if (!all && Math.floor(counted.at / AUDIT_REFUSAL_PERIOD_MS) >= current) continue;
      this.refusals.delete(id);
      const entry: AuditEntry = { ...counted };
      this.enqueue(auditLine(entry), entry.at, isEssential(entry));
    }
  }

  /**
   * Plans the next write: after `flushDelayMs`, or when the current minute's counts are due, or at
   * once (0) when a batch is full; a write planned for later is brought forward to at once.
   */
  private planFlush(delayMs = this.deps.flushDelayMs ?? DEFAULT_AUDIT_FLUSH_DELAY_MS): void {
    if (delayMs === 0 && this.flushTimer !== undefined && !this.flushAtOnce) {
      this.deps.timers.clear(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.flushTimer === undefined) {
      this.flushAtOnce = delayMs === 0;
      this.flushTimer = this.deps.timers.set(() => {
        this.flushTimer = undefined;
        this.flushAtOnce = false;
        void this.flush();
      }, delayMs);
    }
  }

  /** Resolves when the writes already started are done, starting none (tests). */
  written(): Promise<void> {
    return this.writing;
  }

  /** Resolves once every entry recorded so far is written (or dropped), and a running cleanup is done. */
  async idle(): Promise<void> {
    if (this.flushTimer !== undefined) {
      this.deps.timers.clear(this.flushTimer);
      this.flushTimer = undefined;
    }
    this.takeRefusals(true);
    await Promise.all([this.flush(), this.pruning]);
  }

  /** Writes what is queued and stops the daily cleanup; later entries are dropped. For quitting. */
  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
    if (this.pruneTimer !== undefined) this.deps.timers.clear(this.pruneTimer);
    this.pruneTimer = undefined;
  }

  /** One page of entries, newest first; entries still queued are written first, so they show. */
  async query(filter: AuditFilter, limit: number, cursor?: string): Promise<AuditPage> {
    await this.idle();
    const page = await readAuditPage(
      { dir: this.deps.dir, maxFileBytes: this.maxFileBytes, scanBudget: this.deps.scanBudget ?? DEFAULT_AUDIT_SCAN_BUDGET },
      filter,
      limit,
      cursor,
    );
    return { ...page, dropped: this.counts.dropped };
  }

  /** The companies the log has entries for, with the latest name recorded (disconnected ones too). */
  async companies(): Promise<AuditCompany[]> {
    await this.idle();
    return this.companyIndex.list();
  }

  /** How many entries were written and dropped since start. */
  stats(): AuditLogCounts {
    return { ...this.counts };
  }

  /** Deletes the day files whose whole day is older than the retention. */
  async prune(): Promise<number> {
    const oldest = this.deps.now() - (this.deps.retentionDays ?? AUDIT_RETENTION_DAYS) * DAY_MS;
    let deleted = 0;
    for (const file of await listAuditFiles(this.deps.dir)) {
      if (dayEnd(file.day) > oldest) continue;
      try {
        await rm(path.join(this.deps.dir, file.name), { force: true });
        this.sizes.delete(file.name);
        deleted += 1;
      } catch (error) {
        this.warnOnce('expired audit file could not be deleted', error);
      }
    }
    if (deleted > 0) this.deps.log.info('expired audit files deleted', { files: deleted });
    return deleted;
  }

  private planPrune(): void {
    if (this.closed) return;
    this.pruneTimer = this.deps.timers.set(() => {
      this.pruning = this.prune().finally(() => this.planPrune());
    }, DAY_MS);
  }

  /** Starts a write of everything queued after the writes before it; resolves when all are done. */
  private flush(): Promise<void> {
    this.takeRefusals(false);
    // Counts of the current minute wait for its end.
    if (this.refusals.size > 0 && !this.closed) {
      const now = this.deps.now();
      this.planFlush((Math.floor(now / AUDIT_REFUSAL_PERIOD_MS) + 1) * AUDIT_REFUSAL_PERIOD_MS - now);
    }
    const batch = this.pending.take();
    if (batch !== undefined) {
      const lines = batch.length;
      this.inWrite += lines;
      let before = 0;
      this.writing = this.writing
        .then(() => {
          before = this.counts.written + this.counts.dropped;
          return this.write(batch);
        })
        // A fault outside the appends (which count their own failures): the batch's lines not yet
        // counted are dropped, and the chain goes on, so later batches, `idle` and `close` still run.
        .catch((error: unknown) => {
          this.counts.dropped += Math.max(0, lines - (this.counts.written + this.counts.dropped - before));
          this.warnOnce('audit entries could not be written', error);
        })
        .finally(() => {
          this.inWrite -= lines;
          // Its bytes are written (or dropped): the storage goes on with a later batch.
          this.pending.release(batch);
        });
    }
    return this.writing;
  }

  private async write(batch: AuditBatch): Promise<void> {
    const byFile = new Map<string, FileRanges>();
    // The file the previous line went to, while the next one is for the same day, equally essential,
    // the day's current part is still that file and it has room: most lines of a batch.
    let last: { name: string; day: string; part: number | undefined; essential: boolean; lines: FileRanges } | undefined;
    for (let index = 0; index < batch.length; index += 1) {
      const start = batch.start(index);
      const end = batch.end(index);
      const bytes = end - start;
      const essential = batch.essential[index] === 1;
      const day = this.dayOf(batch.at[index] ?? 0);
      if (last !== undefined && last.day === day && last.essential === essential && this.parts.get(day) === last.part) {
        const size = this.sizes.get(last.name);
        if (size !== undefined && size + bytes <= this.maxFileBytes) {
          this.sizes.set(last.name, size + bytes);
          addRange(last.lines, start, end);
          continue;
        }
      }
      const name = this.knownFileFor(day, bytes, essential) ?? (await this.fileFor(day, bytes, essential));
      if (name === undefined) {
        last = undefined;
        this.counts.dropped += 1;
        this.warnOnce('audit day is full: entries dropped', undefined, { day });
        continue;
      }
      let lines = byFile.get(name);
      if (lines === undefined) {
        lines = { count: 0, ranges: [] };
        byFile.set(name, lines);
      }
      addRange(lines, start, end);
      last = { name, day, part: this.parts.get(day), essential, lines };
    }
    for (const [name, lines] of byFile) {
      try {
        await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
        await (this.deps.append ?? appendFile)(path.join(this.deps.dir, name), bytesOf(batch.buffer, lines.ranges), { mode: 0o600 });
        this.counts.written += lines.count;
      } catch (error) {
        // The size guess may now be wrong: learn it again from the file next time.
        this.sizes.delete(name);
        this.counts.dropped += lines.count;
        this.warnOnce('audit entries could not be written', error);
      }
    }
  }

  /** The UTC day of `at`, computed once per day rather than per entry. */
  private dayOf(at: number): string {
    const last = this.lastDay;
    if (at >= last.start && at < last.end) return last.day;
    const day = auditDay(at);
    const start = dayStart(day);
    this.lastDay = { day, start, end: start + DAY_MS };
    return day;
  }

  /**
   * `fileFor` without waiting, when the day's current part has room and its size is known (the
   * usual case: every line of a batch after the first): the file's name, counted there; else
   * undefined, and `fileFor` decides (learning sizes from the disk, moving on to the next part).
   */
  private knownFileFor(day: string, bytes: number, essential: boolean): string | undefined {
    const part = this.parts.get(day);
    const partsPerDay = this.deps.partsPerDay ?? DEFAULT_AUDIT_PARTS_PER_DAY;
    const partsAllowed = essential || partsPerDay < 2 ? partsPerDay : partsPerDay - 1;
    if (part === undefined || part >= partsAllowed) return undefined;
    const name = auditFileName(day, part);
    const size = this.sizes.get(name);
    if (size === undefined || (size !== 0 && size + bytes > this.maxFileBytes)) return undefined;
    this.sizes.set(name, size + bytes);
    return name;
  }

  /** The file a line of `bytes` for `day` goes to (and counts it there), or undefined when the day is full. */
  private async fileFor(day: string, bytes: number, essential: boolean): Promise<string | undefined> {
    const partsPerDay = this.deps.partsPerDay ?? DEFAULT_AUDIT_PARTS_PER_DAY;
    // The day's last part is kept for tokens handed out and proxied calls: refusals stop before it.
    const partsAllowed = essential || partsPerDay < 2 ? partsPerDay : partsPerDay - 1;
    for (let part = this.parts.get(day) ?? 0; part < partsAllowed; part += 1) {
      const name = auditFileName(day, part);
      let size = this.sizes.get(name);
      if (size === undefined) {
        size = await stat(path.join(this.deps.dir, name)).then(
          (stats) => stats.size,
          () => 0,
        );
      }
      if (size === 0 || size + bytes <= this.maxFileBytes) {
        this.parts.set(day, part);
        this.sizes.set(name, size + bytes);
        return name;
      }
      this.sizes.set(name, size);
    }
    return undefined;
  }

  /** Logs a problem once per kind, so a full disk does not flood the log; never the entry itself. */
  private warnOnce(message: string, error?: unknown, fields: Record<string, string> = {}): void {
    const key = `${message} ${JSON.stringify(fields)}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    this.deps.log.warn(message, { ...fields, ...(typeof code === 'string' ? { code } : {}) });
  }
}

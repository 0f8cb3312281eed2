/**
 * The audit log's queue of lines waiting for their write, kept off the V8 heap (issue 8, p99).
 *
 * A busy tool queues tens of thousands of lines a second, and each one waits up to half a second
 * for its batch's write. Held as strings and objects, every line survived a scavenge or two while
 * it waited, so every scavenge copied them and then promoted them to the old generation: the
 * server thread's pauses tripled and set the p99 of the cached token answer. Here each line is
 * written as UTF-8 into a Buffer (external memory the scavenger never copies) the moment it is
 * queued, and its time, end offset and class go into typed arrays; no JS object per line outlives
 * the request that queued it. A batch's storage is handed back once its write settles and reused
 * for a later batch, so a steady load allocates no new Buffers (allocating many MB/s of external
 * memory would bring on mark-compacts instead).
 */

/** Bytes a batch's buffer starts with; it doubles while lines do not fit. */
export const AUDIT_QUEUE_INITIAL_BYTES = 64 * 1024;
/** Lines a batch's typed arrays start with; they double while lines do not fit. */
export const AUDIT_QUEUE_INITIAL_LINES = 256;
/**
 * Bytes one batch holds at most: a line past it is refused (the log drops and counts it). The
 * pending bound (10,000 lines by default) and the entry schema (a path of 512 characters, names of
 * a line each) keep a batch far below it; this only makes the bound of the memory explicit.
 */
export const AUDIT_QUEUE_MAX_BYTES = 64 * 1024 * 1024;
/** Batches' storage kept for reuse at most: one being filled while one is written needs two. */
export const AUDIT_QUEUE_FREE_MAX = 2;
/** A batch's buffer grown past this (a burst) is not kept for reuse, so a burst does not hold memory for good. */
export const AUDIT_QUEUE_KEEP_MAX_BYTES = 8 * 1024 * 1024;

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair, two units, takes 4). */
const MAX_UTF8_PER_UNIT = 3;

/** Collaborators and limits of the queue; tests count or fake the Buffers allocated. */
export interface AuditQueueOptions {
  /** Allocates a batch's buffer (default `Buffer.alloc`). */
  allocate?: (bytes: number) => Buffer;
  initialBytes?: number;
  initialLines?: number;
  maxBytes?: number;
}

/**
 * Lines taken from the queue for one write: line `i` is `buffer[start(i), end(i))`, of UTF-8
 * bytes, ended at `at[i]` (ms), essential when `essential[i]` is 1. Valid until handed back to
 * `AuditQueue.release`.
 */
export class AuditBatch {
  /** Lines in the batch. */
  length = 0;
  /** Bytes used in `buffer`. */
  bytes = 0;

  constructor(
    public buffer: Buffer,
    public at: Float64Array,
    /** The end offset of each line in `buffer` (its start is the previous line's end). */
    public ends: Uint32Array,
    public essential: Uint8Array,
  ) {}

  start(index: number): number {
    return index === 0 ? 0 : (this.ends[index - 1] ?? 0);
  }

  end(index: number): number {
    return this.ends[index] ?? 0;
  }

  /** Line `index`'s text (tests and diagnostics; the write uses the bytes). */
  line(index: number): string {
    return this.buffer.toString('utf8', this.start(index), this.end(index));
  }
}

/** The queue: lines are added to the batch being filled; `take` hands it out and starts another. */
export class AuditQueue {
  private current: AuditBatch | undefined;
  /** Storage of written batches, waiting for reuse. */
  private readonly free: AuditBatch[] = [];
  private readonly allocate: (bytes: number) => Buffer;
  private readonly initialBytes: number;
  private readonly initialLines: number;
  private readonly maxBytes: number;

  constructor(options: AuditQueueOptions = {}) {
    this.allocate = options.allocate ?? ((bytes) => Buffer.alloc(bytes));
    this.initialBytes = options.initialBytes ?? AUDIT_QUEUE_INITIAL_BYTES;
    this.initialLines = options.initialLines ?? AUDIT_QUEUE_INITIAL_LINES;
    this.maxBytes = options.maxBytes ?? AUDIT_QUEUE_MAX_BYTES;
  }

  /** Lines queued (not yet taken). */
  get length(): number {
    return this.current?.length ?? 0;
  }

  /**
   * Queues a line: its UTF-8 bytes are written into the batch's buffer now. Returns the line's
   * size in bytes, or -1 when it would take the batch past `maxBytes` (not queued).
   */
  add(line: string, at: number, essential: boolean): number {
    const batch = (this.current ??= this.fresh());
    const offset = batch.bytes;
    // Only near the buffer's end is the exact size needed (a second pass over the line).
    if (batch.buffer.length - offset < line.length * MAX_UTF8_PER_UNIT) {
      const needed = offset + Buffer.byteLength(line, 'utf8');
      if (needed > this.maxBytes) return -1;
      if (needed > batch.buffer.length) this.growBuffer(batch, needed);
    }
    if (batch.length === batch.ends.length) this.growLines(batch);
    const written = batch.buffer.write(line, offset, 'utf8');
    const index = batch.length;
    batch.at[index] = at;
    batch.ends[index] = offset + written;
    batch.essential[index] = essential ? 1 : 0;
    batch.length = index + 1;
    batch.bytes = offset + written;
    return written;
  }

  /** The lines queued so far, for a write (undefined when none); the queue goes on with new storage. */
  take(): AuditBatch | undefined {
    const batch = this.current;
    if (batch === undefined || batch.length === 0) return undefined;
    this.current = undefined;
    return batch;
  }

  /** Hands a written batch's storage back for reuse (its lines are gone). */
  release(batch: AuditBatch): void {
    batch.length = 0;
    batch.bytes = 0;
    if (this.free.length < AUDIT_QUEUE_FREE_MAX && batch.buffer.length <= AUDIT_QUEUE_KEEP_MAX_BYTES) this.free.push(batch);
  }

  private fresh(): AuditBatch {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const lines = this.initialLines;
    return new AuditBatch(this.allocate(Math.min(this.initialBytes, this.maxBytes)), new Float64Array(lines), new Uint32Array(lines), new Uint8Array(lines));
  }

  private growBuffer(batch: AuditBatch, needed: number): void {
    let size = Math.max(batch.buffer.length, 1);
    while (size < needed) size *= 2;
    const grown = this.allocate(Math.min(size, this.maxBytes));
    batch.buffer.copy(grown, 0, 0, batch.bytes);
    batch.buffer = grown;
  }

  private growLines(batch: AuditBatch): void {
    const lines = Math.max(batch.ends.length * 2, 1);
    const at = new Float64Array(lines);
    const ends = new Uint32Array(lines);
    const essential = new Uint8Array(lines);
    at.set(batch.at);
    ends.set(batch.ends);
    essential.set(batch.essential);
    batch.at = at;
    batch.ends = ends;
    batch.essential = essential;
  }
}

import type { ServerResponse } from 'node:http';
import type { Timers } from '../../main/connect/connect-flow';
import { ANSWER_HEADERS } from '../../main/local-api/cached-token-answer';
import { FIRM_COMPANIES_EVENT, firmCompaniesSchema } from '../../shared/firm-api';
import type { FirmCompanyList } from '../companies/firm-companies';

/**
 * `GET /v1/firm/events`: the company list as server-sent events, for the desktop app in firm mode.
 * Each stream gets the current list first, then the whole list again (event `companies`, data one
 * line of JSON in `firmCompaniesSchema`'s shape) after every change announced on any replica, a
 * heartbeat comment every 25 s (so proxies keep the connection and a dead one is noticed), and is
 * ended when the app closes. Every heartbeat checks the stream's session again: a session revoked
 * or expired ends its streams within one heartbeat. Reads are shared: however many streams and
 * changes, one read of the list runs at a time, and streams wait for the next one; after a change,
 * a list is read at most once per `minIntervalMs` (a burst of changes is one event with all of
 * them; a new stream still gets its first list at once). A stream whose
 * reader does not keep up (more than `maxBufferedBytes` waiting) is cut; it reconnects and starts
 * from the current list.
 */

/** The event name the desktop listens for (shared/firm-api.ts documents it as `FIRM_COMPANIES_EVENT`). */
export const COMPANIES_EVENT = FIRM_COMPANIES_EVENT;

export const DEFAULT_HEARTBEAT_MS = 25_000;
/** Streams one replica keeps open at once (each is a connection and a little memory). */
export const DEFAULT_MAX_STREAMS = 1_000;
/** Streams one session may keep open at once (a desktop needs one; a few allow reconnect overlap). */
export const DEFAULT_MAX_STREAMS_PER_SESSION = 4;
/** Least time between two reads of the list after changes (per replica). */
export const DEFAULT_MIN_INTERVAL_MS = 1_000;
/** About two full lists of 10,000 companies. */
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/**
 * How long an ended stream may take to hand its last bytes to the network before its connection
 * is destroyed: a reader that went away without closing (a laptop's lid shut, a network gone)
 * never takes them, and its connection would hold the server's close until the grace period.
 */
export const DEFAULT_END_WAIT_MS = 1_000;

export interface CompanyEventsOptions {
  /** Every change on any replica (CompanyChangeFeed.subscribe). */
  subscribe: (listener: () => void) => () => void;
  /** The list and its version, read fresh. */
  read: () => Promise<FirmCompanyList>;
  /** Whether a stream's session is still valid (checked at every heartbeat). */
  stillValid: (session: string) => Promise<boolean>;
  timers: Timers;
  /** The clock for `minIntervalMs` (default Date.now). */
  now?: () => number;
  heartbeatMs?: number;
  minIntervalMs?: number;
  maxStreams?: number;
  maxStreamsPerSession?: number;
  maxBufferedBytes?: number;
  endWaitMs?: number;
  /** A failed read or session check, by the error's name only. */
  onFailure?: (what: string, errorName: string) => void;
}

interface Stream {
  response: ServerResponse;
  session: string;
  sessionId: number;
  /** Still waiting for its first list. */
  waiting: boolean;
}

/** Why a stream could not be opened. */
export type OpenRefusal = 'too_many_streams' | 'shutting_down';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export class CompanyEvents {
  private readonly streams = new Set<Stream>();
  private readonly unsubscribe: () => void;
  private readonly heartbeatMs: number;
  private readonly maxStreams: number;
  private readonly maxPerSession: number;
  private readonly maxBuffered: number;
  private readonly endWaitMs: number;
  private heartbeat: unknown;
  /** A change was announced since the last read began: every stream gets the next list. */
  private changed = false;
  /** A read is wanted after the one running. */
  private again = false;
  private reading: Promise<void> | undefined;
  /** A read put off until `minIntervalMs` after the last one. */
  private delayed: unknown;
  private lastReadAt: number | undefined;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: CompanyEventsOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    this.maxPerSession = options.maxStreamsPerSession ?? DEFAULT_MAX_STREAMS_PER_SESSION;
    this.maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.endWaitMs = options.endWaitMs ?? DEFAULT_END_WAIT_MS;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.subscribe(() => {
      this.changed = true;
      this.schedule();
    });
  }

  /** Streams open now. */
  get size(): number {
    return this.streams.size;
  }

  /** Whether a stream may be opened for the session (checked before the answer is taken over). */
  refusal(sessionId: number): OpenRefusal | undefined {
    if (this.closed) return 'shutting_down';
    if (this.streams.size >= this.maxStreams) return 'too_many_streams';
    let ofSession = 0;
    for (const stream of this.streams) if (stream.sessionId === sessionId) ofSession += 1;
    return ofSession >= this.maxPerSession ? 'too_many_streams' : undefined;
  }

  /**
   * Starts the event stream on `response` (the request's session already checked): headers, then
   * the current list as soon as it is read.
   */
  open(response: ServerResponse, session: { secret: string; id: number }): void {
    response.writeHead(200, {
      ...ANSWER_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      // Proxies (nginx) must pass each event on at once, not buffer the stream.
      'x-accel-buffering': 'no',
    });
    // Tells EventSource clients how long to wait before reconnecting.
    response.write('retry: 5000\n\n');
    const stream: Stream = { response, session: session.secret, sessionId: session.id, waiting: true };
    this.streams.add(stream);
    response.once('close', () => this.streams.delete(stream));
    this.startHeartbeat();
    this.schedule();
  }

  /** Ends every stream and stops listening (the app is closing). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.heartbeat !== undefined) this.options.timers.clear(this.heartbeat);
    if (this.delayed !== undefined) this.options.timers.clear(this.delayed);
    this.heartbeat = undefined;
    this.delayed = undefined;
    for (const stream of [...this.streams]) this.end(stream);
  }

  /** Resolves when no read is running (tests). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const waiting = [...this.streams].some((stream) => stream.waiting);
    const wait = this.lastReadAt === undefined ? 0 : this.lastReadAt + this.minIntervalMs - this.now();
    if (!waiting && wait > 0) {
      this.delayed ??= this.options.timers.set(() => {
        this.delayed = undefined;
        this.schedule();
      }, wait);
      return;
    }
    if (this.delayed !== undefined) this.options.timers.clear(this.delayed);
    this.delayed = undefined;
    this.lastReadAt = this.now();
    this.reading = this.readAndSend().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  private async readAndSend(): Promise<void> {
    const everyone = this.changed;
    this.changed = false;
    let text: string;
    try {
      const list = firmCompaniesSchema.parse(await this.options.read());
      text = `event: ${COMPANIES_EVENT}\ndata: ${JSON.stringify(list)}\n\n`;
    } catch (error) {
      // Tried again at the next heartbeat (or change); the streams keep the list they have.
      if (everyone) this.changed = true;
      this.options.onFailure?.('company_events_read', errorName(error));
      return;
    }
    for (const stream of this.streams) {
      if (!everyone && !stream.waiting) continue;
      stream.waiting = false;
      this.write(stream, text);
    }
  }

  private write(stream: Stream, text: string): void {
    if (stream.response.writableEnded || stream.response.destroyed) return;
    stream.response.write(text);
    // A reader that does not keep up: cut, rather than holding list after list in memory.
    if (stream.response.writableLength > this.maxBuffered) {
      this.streams.delete(stream);
      stream.response.destroy();
    }
  }

  /**
   * Ends the stream cleanly (the end of the chunked body), and destroys its connection if the end
   * has not reached the network within `endWaitMs` (its reader is gone without closing).
   */
  private end(stream: Stream): void {
    this.streams.delete(stream);
    const { response } = stream;
    if (response.destroyed || response.writableFinished) return;
    if (!response.writableEnded) response.end();
    const cut = this.options.timers.set(() => {
      if (!response.writableFinished) response.destroy();
    }, this.endWaitMs);
    response.once('close', () => this.options.timers.clear(cut));
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== undefined || this.closed) return;
    this.heartbeat = this.options.timers.set(() => {
      this.heartbeat = undefined;
      void this.beat();
    }, this.heartbeatMs);
  }

  private async beat(): Promise<void> {
    const streams = [...this.streams];
    const sessions = new Map<string, Promise<boolean>>();
    for (const stream of streams) {
      if (!sessions.has(stream.session)) {
        sessions.set(
          stream.session,
          this.options.stillValid(stream.session).catch((error: unknown) => {
            // A failed check keeps the stream (the database may be back at the next beat).
            this.options.onFailure?.('company_events_session_check', errorName(error));
            return true;
          }),
        );
      }
    }
    for (const stream of streams) {
      if (!this.streams.has(stream)) continue;
      if (!(await sessions.get(stream.session))) {
        this.end(stream);
        continue;
      }
      this.write(stream, ': heartbeat\n\n');
    }
    // A read that failed is tried again now.
    if (this.changed || [...this.streams].some((stream) => stream.waiting)) this.schedule();
    if (this.streams.size > 0) this.startHeartbeat();
  }
}

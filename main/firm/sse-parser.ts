/**
 * A bounded parser for server-sent events (the WHATWG HTML "event stream interpretation"): lines end
 * in CRLF, LF or CR; `event:` names the event, `data:` lines are joined with LF, `id:` and `retry:`
 * are kept, lines starting with `:` are comments; a blank line dispatches. Written here rather than
 * taken from npm because the maintained parser (eventsource-parser 4) needs Node 22 and none bounds
 * its buffers: a line or an event's data past its limit throws `SseLimitError`, so a broken or
 * hostile server cannot make main buffer without end.
 */

/** One dispatched event. */
export interface ServerSentEvent {
  /** `message` when the event named none. */
  event: string;
  data: string;
  id: string | undefined;
}

/** The limits: the longest line, and the most data one event may carry. */
export interface SseLimits {
  maxLineBytes: number;
  maxEventBytes: number;
}

export class SseLimitError extends Error {
  constructor(readonly limit: 'line' | 'event') {
    super(limit === 'line' ? 'An event stream line is longer than the limit' : 'An event carries more data than the limit');
    this.name = 'SseLimitError';
  }
}

/** Feeds decoded text in any chunking; calls `onEvent` for each complete event. */
export class SseParser {
  private buffer = '';
  private pendingCr = false;
  private eventName = '';
  private data: string[] = [];
  private dataLength = 0;
  private lastId: string | undefined;
  private started = false;

  constructor(
    private readonly limits: SseLimits,
    private readonly onEvent: (event: ServerSentEvent) => void,
  ) {}

  /** Parses the next piece of the stream (already decoded as UTF-8). */
  feed(text: string): void {
    let chunk = text;
    // A byte-order mark may start the stream once.
    if (!this.started) {
      this.started = true;
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    }
    let start = 0;
    for (let index = 0; index < chunk.length; index += 1) {
      const char = chunk[index];
      if (char !== '\n' && char !== '\r') continue;
      if (char === '\n' && this.pendingCr && index === start && this.buffer === '') {
        // The LF of a CRLF split across chunks (or right after a CR).
        this.pendingCr = false;
        start = index + 1;
        continue;
      }
      this.line(this.buffer + chunk.slice(start, index));
      this.buffer = '';
      this.pendingCr = char === '\r';
      if (char === '\r' && chunk[index + 1] === '\n') {
        index += 1;
        this.pendingCr = false;
      }
      start = index + 1;
    }
    if (start < chunk.length) this.pendingCr = false;
    this.buffer += chunk.slice(start);
    if (this.buffer.length > this.limits.maxLineBytes) throw new SseLimitError('line');
  }

  private line(line: string): void {
    if (line.length > this.limits.maxLineBytes) throw new SseLimitError('line');
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        return;
      case 'data':
        this.dataLength += value.length + 1;
        if (this.dataLength > this.limits.maxEventBytes) throw new SseLimitError('event');
        this.data.push(value);
        return;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        return;
      default:
        // `retry` and unknown fields: the reconnection delay is the client's own (with backoff).
        return;
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.eventName = '';
      return;
    }
    const event: ServerSentEvent = { event: this.eventName || 'message', data: this.data.join('\n'), id: this.lastId };
    this.eventName = '';
    this.data = [];
    this.dataLength = 0;
    this.onEvent(event);
  }
}

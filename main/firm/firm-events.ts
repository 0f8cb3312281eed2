import { FIRM_COMPANIES_EVENT, firmCompaniesSchema } from '../../shared/firm-api';
import type { z } from 'zod';
import type { Timers } from '../connect/connect-flow';
import type { HttpBodyStream } from '../fortnox/fortnox-http';
import type { Logger } from '../logging/logger';
import { FirmApiError, isFirmCallError } from './firm-server-client';
import { SseLimitError, SseParser, type SseLimits } from './sse-parser';

/** The company list as the server sends it. */
export type FirmCompanies = z.output<typeof firmCompaniesSchema>;

/** Reconnection waits: doubling from `initialMs` to `maxMs`, each drawn between half and all of it. */
export const FIRM_EVENTS_BACKOFF = { initialMs: 1_000, maxMs: 60_000 } as const;
/** One event carries at most the whole list (10,000 companies of about 1 KB each). */
export const FIRM_EVENTS_LIMITS: SseLimits = { maxLineBytes: 16 * 1024 * 1024, maxEventBytes: 16 * 1024 * 1024 };

/** Where the live stream is. */
export type FirmEventsState = 'connecting' | 'live' | 'waiting' | 'stopped';

/** Collaborators of the live subscription. */
export interface FirmEventsDeps {
  /** Opens `GET /v1/firm/events` (FirmServerClient.openEvents). */
  open: (signal: AbortSignal) => Promise<HttpBodyStream>;
  /** Every well-formed `companies` event (the caller ignores one older than the list it shows). */
  onCompanies: (companies: FirmCompanies) => void;
  /** The stream's state changed (Settings shows it as the connection state). */
  onState?: (state: FirmEventsState) => void;
  timers: Timers;
  /** A number in [0, 1) for the jitter of the waits. */
  random: () => number;
  log: Logger;
  limits?: SseLimits;
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * The company list's live updates from the firm server: reads `GET /v1/firm/events` with a bounded
 * parser, hands on each `companies` event that fits the contract, and reconnects with a growing,
 * jittered wait when the stream ends or fails (the wait starts over once an event got through).
 * A refused session (401) stops it: the session keeper signs out and firm mode starts it again
 * after the next sign-in.
 */
export class FirmEvents {
  private controller: AbortController | undefined;
  private timer: unknown;
  private attempt = 0;
  private current: FirmEventsState = 'stopped';
  private running = false;

  constructor(private readonly deps: FirmEventsDeps) {}

  /** Where the stream is now. */
  state(): FirmEventsState {
    return this.current;
  }

  /** Starts (or keeps) the subscription. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.connect();
  }

  /** Closes the stream and cancels any wait. */
  stop(): void {
    this.running = false;
    this.controller?.abort();
    this.controller = undefined;
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = undefined;
    this.setState('stopped');
  }

  private setState(state: FirmEventsState): void {
    if (state === this.current) return;
    this.current = state;
    this.deps.onState?.(state);
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    this.setState('connecting');
    try {
      const body = await this.deps.open(controller.signal);
      if (controller.signal.aborted) return;
      await this.read(body, controller);
      if (controller.signal.aborted) return;
      this.deps.log.info('firm server event stream ended');
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof FirmApiError && error.status === 401) {
        this.deps.log.warn('firm server event stream refused the session');
        this.stop();
        return;
      }
      const reason = error instanceof SseLimitError ? `limit_${error.limit}` : isFirmCallError(error) ? error.name : 'stream_failed';
      this.deps.log.warn('firm server event stream failed', { reason });
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const backoff = this.deps.backoff ?? FIRM_EVENTS_BACKOFF;
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(this.attempt, 20));
    const wait = Math.round(ceiling / 2 + (ceiling / 2) * this.deps.random());
    this.attempt += 1;
    this.setState('waiting');
    this.timer = this.deps.timers.set(() => void this.connect(), wait);
  }

  private async read(body: HttpBodyStream, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder('utf-8');
    const parser = new SseParser(this.deps.limits ?? FIRM_EVENTS_LIMITS, (event) => {
      if (event.event !== FIRM_COMPANIES_EVENT) return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        json = undefined;
      }
      const parsed = firmCompaniesSchema.safeParse(json);
      if (!parsed.success) {
        this.deps.log.warn('firm server event does not fit the contract; ignored');
        return;
      }
      this.attempt = 0;
      this.setState('live');
      this.deps.onCompanies(parsed.data);
    });
    const cancel = () => void reader.cancel().catch(() => undefined);
    controller.signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || controller.signal.aborted) break;
        if (value) parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      controller.signal.removeEventListener('abort', cancel);
      if (!controller.signal.aborted) await reader.cancel().catch(() => undefined);
    }
  }
}

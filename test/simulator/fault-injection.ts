import { setTimeout as sleep } from 'node:timers/promises';
import { tooManyRequestsResult } from './rate-limiter';
import { htmlResult, type RouteResult } from './simulator-http';

/** The route groups a fault can target: the token endpoint, the revoke endpoint, or the `/3/` API. */
export type FaultRoute = 'token' | 'revoke' | 'api';

/** How a faulted request fails. */
export type FaultKind = 'delay' | 'html500' | 'invalidJson' | 'status429' | 'reset';

/** The fault kinds that replace the answer (everything but `delay`). */
export type ReplacingFaultKind = Exclude<FaultKind, 'delay'>;

/**
 * One fault a test switches on; it applies to the next `times` requests (default 1) on `route`.
 * - `delay`: wait `ms` of real time, then answer normally.
 * - `html500`: HTTP 500 with a `text/html` page (Fortnox's outage behaviour, fortnox.md section 10).
 * - `invalidJson`: HTTP 200 `application/json` whose body does not parse.
 * - `status429`: HTTP 429 as if the rate limit had been hit.
 * - `reset`: the connection is destroyed without an answer.
 *
 * Replacing faults skip the request's effect by default. With `afterHandling: true` the simulator
 * first handles the request for real (a code is used, a refresh token rotated) and only the answer
 * is lost: the "server rotated the token but the app never heard" case.
 */
export type FaultSpec =
  | { route: FaultRoute; kind: 'delay'; ms: number; times?: number }
  | { route: FaultRoute; kind: ReplacingFaultKind; times?: number; afterHandling?: boolean };

/** A fault taken for one request. */
export type ActiveFault = { kind: 'delay'; ms: number } | { kind: ReplacingFaultKind; afterHandling: boolean };

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

/** The HTML page of an injected 500. */
const OUTAGE_PAGE =
  '<!doctype html><html><head><title>500 Internal Server Error</title></head>' +
  '<body><h1>Internal Server Error</h1><p>The server is temporarily unavailable.</p></body></html>';

/** Faults waiting for their requests, first in first out per route group. */
export class FaultInjector {
  private readonly queue: QueuedFault[] = [];

  /** Queues `spec`; throws for a `times` that is not a positive integer or a negative delay. */
  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer: ${times}`);
    if (spec.kind === 'delay' && !(Number.isFinite(spec.ms) && spec.ms >= 0)) {
      throw new RangeError(`ms must be a non-negative number: ${spec.ms}`);
    }
    this.queue.push({ spec: { ...spec }, remaining: times });
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /** Takes the fault for the next request on `route`, if any, counting it down. */
  take(route: FaultRoute): ActiveFault | undefined {
    const index = this.queue.findIndex((queued) => queued.spec.route === route);
    const queued = this.queue[index];
    if (queued === undefined) return undefined;
    queued.remaining -= 1;
    if (queued.remaining === 0) this.queue.splice(index, 1);
    const { spec } = queued;
    return spec.kind === 'delay'
      ? { kind: 'delay', ms: spec.ms }
      : { kind: spec.kind, afterHandling: spec.afterHandling === true };
  }
}

/** The answer a replacing fault sends instead of the real one. */
export function faultResult(kind: ReplacingFaultKind): RouteResult {
  switch (kind) {
    case 'html500':
      return htmlResult(500, OUTAGE_PAGE);
    case 'invalidJson':
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: '{"ErrorInformation": {"message": "truncat',
      };
    case 'status429':
      return tooManyRequestsResult();
    case 'reset':
      return { status: 0, headers: {}, body: '', resetConnection: true };
  }
}

/**
 * Answers a request under `fault`: no fault or a delay runs `handle` (after the delay); a replacing
 * fault answers with `faultResult`, running `handle` first only when `afterHandling` is set.
 */
export async function answerWithFault(
  fault: ActiveFault | undefined,
  handle: () => Promise<RouteResult> | RouteResult,
): Promise<RouteResult> {
  if (fault === undefined) return handle();
  if (fault.kind === 'delay') {
    await sleep(fault.ms);
    return handle();
  }
  if (fault.afterHandling) await handle();
  return faultResult(fault.kind);
}

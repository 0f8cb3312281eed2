import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { tooManyRequestsResult } from './rate-limiter';
import { htmlResult, type RouteResult } from './simulator-http';

/** The route groups a fault can target: the token endpoint, the revoke endpoint, or the `/3/` API. */
export type FaultRoute = 'token' | 'revoke' | 'api';

/** How a faulted request fails. */
export type FaultKind =
  | 'delay'
  | 'html500'
  | 'invalidJson'
  | 'status429'
  | 'reset'
  | 'oversizedBody'
  | 'gzipBomb'
  | 'lyingContentLength'
  | 'noAnswer'
  | 'foreignRedirect';

/** The fault kinds that replace the answer (everything but `delay`). */
export type ReplacingFaultKind = Exclude<FaultKind, 'delay'>;

/**
 * One fault a test switches on; it applies to the next `times` requests (default 1) on `route`.
 * - `delay`: wait `ms` of real time, then answer normally.
 * - `html500`: HTTP 500 with a `text/html` page (Fortnox's outage behaviour, fortnox.md section 10).
 * - `invalidJson`: HTTP 200 `application/json` whose body does not parse.
 * - `status429`: HTTP 429 as if the rate limit had been hit.
 * - `reset`: the connection is destroyed without an answer.
 * - `oversizedBody`: HTTP 200 JSON of `OVERSIZED_BODY_BYTES`, chunked (no Content-Length), past every limit of the app.
 * - `gzipBomb`: HTTP 200 JSON, `Content-Encoding: gzip`, chunked: about 16 KB on the wire that
 *   inflate to `GZIP_BOMB_INFLATED_BYTES`.
 * - `lyingContentLength`: HTTP 200 JSON declaring a Content-Length of `LYING_CONTENT_LENGTH` but
 *   sending a few bytes and then nothing, never ending: a client that waits for the body hangs.
 * - `noAnswer`: nothing at all is sent, not even headers, until the simulator closes: a Fortnox
 *   that never answers (for bounds that must hold however long a call hangs).
 * - `foreignRedirect`: HTTP 302 with a `Location` on another host (`FOREIGN_REDIRECT_LOCATION`), as a
 *   file download handed to a storage host would be: a proxy must not let a tool follow it with its key.
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

/** Size of the `oversizedBody` answer: past the app's 8 MiB API limit and its 1 MiB token limit. */
export const OVERSIZED_BODY_BYTES = 9 * 1024 * 1024;
/** What the `gzipBomb` answer inflates to. */
export const GZIP_BOMB_INFLATED_BYTES = 16 * 1024 * 1024;
/** The `Location` of the `foreignRedirect` answer: another host than the API's. */
export const FOREIGN_REDIRECT_LOCATION = 'https://files.example.net/download/f00d?signature=abc';
/** The Content-Length the `lyingContentLength` answer declares (100 MiB). */
export const LYING_CONTENT_LENGTH = 100 * 1024 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** A JSON document of exactly `bytes` bytes: `{"padding":"xxx…"}`. */
function paddedJson(bytes: number): Buffer {
  const frame = Buffer.from('{"padding":""}');
  const body = Buffer.alloc(bytes, 'x');
  frame.copy(body, 0, 0, 12);
  frame.copy(body, bytes - 2, 12);
  return body;
}

let gzipBomb: Buffer | undefined;

/** The gzip bomb's compressed bytes, made once. */
function gzipBombBytes(): Buffer {
  gzipBomb ??= gzipSync(paddedJson(GZIP_BOMB_INFLATED_BYTES), { level: 9 });
  return gzipBomb;
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
    case 'oversizedBody':
      return { status: 200, headers: JSON_HEADERS, body: '', rawBody: paddedJson(OVERSIZED_BODY_BYTES) };
    case 'gzipBomb':
      return { status: 200, headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: '', rawBody: gzipBombBytes() };
    case 'lyingContentLength':
      return {
        status: 200,
        headers: { ...JSON_HEADERS, 'content-length': String(LYING_CONTENT_LENGTH) },
        body: '{"padding":"',
        holdOpen: true,
      };
    case 'noAnswer':
      return { status: 0, headers: {}, body: '', noAnswer: true };
    case 'foreignRedirect':
      return { status: 302, headers: { location: FOREIGN_REDIRECT_LOCATION }, body: '' };
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

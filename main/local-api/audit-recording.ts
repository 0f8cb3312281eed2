import type http from 'node:http';
import { pipeline, Readable, Transform } from 'node:stream';
import { AUDIT_PATH_MAX, type AuditEntry, type AuditKind } from '../../shared/audit-entry';
import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import { COMPANY_NAME_MAX } from '../../shared/text-limits';
import { cleanText } from '../../shared/untrusted-text';

/**
 * What the local API server gathers about one request for the audit log (issue 8 item 5), from
 * its start to the moment its answer ended. Never the request target as sent (its query may hold
 * a token), a header or a body: only the normalised path, the key's id and name, and counts.
 */
export interface AuditContext {
  startedAt: number;
  kind: AuditKind;
  method: string;
  tenantId: string | null;
  /** The normalised Fortnox path (proxy) or the local API path, without query. */
  path: string | null;
  keyId: string | null;
  keyName: string | null;
  /** Answer body bytes handed to the connection so far. */
  bytesOut: number;
  /** The company's name when the request named a connected company (undefined: not looked up yet). */
  companyName?: string | null;
  /** The local API's error code, when it refused or failed the request itself. */
  errorCode?: LocalApiErrorCode;
}

/** Statuses of refusals, recorded whatever the route (issue 8 items 4 and 5). */
const REFUSALS = new Set([401, 403, 429]);

/** Largest request size recorded (a declared Content-Length can claim anything). */
const BYTES_IN_MAX = 1024 ** 4;

/** Longest duration recorded (a stream that ran longer is recorded as this long). */
const DURATION_MAX_MS = 24 * 60 * 60 * 1000;

/** A path as the audit log keeps it: cut to its maximum length. */
export function auditPath(path: string): string {
  return path.length <= AUDIT_PATH_MAX ? path : `${path.slice(0, AUDIT_PATH_MAX - 1)}…`;
}

/**
 * A local API route's path with its company filled in (`/v1/companies/101/access-token`): built
 * from the route's pattern and the normalised database number, never from the target as sent.
 */
export function localApiPath(routePattern: string | undefined, tenantId: string | null): string | null {
  if (routePattern === undefined || !routePattern.startsWith('/')) return null;
  return auditPath(routePattern.replace(':databaseNumber', tenantId ?? '{databaseNumber}'));
}

/** The request method as recorded (Node's parser only passes upper-case tokens, but never trust it). */
export function auditMethod(method: string | undefined): string {
  return method !== undefined && /^[A-Z]{1,16}$/.test(method) ? method : 'UNKNOWN';
}

/**
 * Counts the answer's body bytes as they go out: a string or a buffer at once, a stream (a
 * proxied Fortnox answer) through a pass-through that counts each chunk, so a download that is
 * cut off is recorded with the bytes actually handed to the connection. Returns the payload to send.
 */
export function countAnswerBytes(payload: unknown, context: AuditContext): unknown {
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    context.bytesOut += Buffer.byteLength(payload);
    return payload;
  }
  if (payload instanceof Readable) {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        context.bytesOut += chunk.length;
        callback(null, chunk);
      },
    });
    // pipeline: an error on either side (a cut connection, the size cap) destroys both.
    pipeline(payload, counter, () => undefined);
    return counter;
  }
  return payload;
}

/** The request body's size: the bytes read (proxy) or what Content-Length declared. */
export function requestBytes(body: unknown, contentLength: string | undefined): number {
  if (Buffer.isBuffer(body)) return body.length;
  const declared = Number(contentLength ?? '0');
  return Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, BYTES_IN_MAX) : 0;
}

/** The last company name cleaned and its clean form: a busy tool's requests name the same company. */
let lastCleaned: { name: string | null | undefined; clean: string | undefined } = { name: undefined, clean: undefined };

/** A company name as an entry records it: cleaned and cut, undefined when there is none left. */
export function auditCompanyName(name: string | null | undefined): string | undefined {
  if (name !== lastCleaned.name) lastCleaned = { name, clean: cleanText(name, COMPANY_NAME_MAX) };
  return lastCleaned.clean;
}

/** How a request's answer ended, for its audit entry. */
export interface AuditEnd {
  at: number;
  status: number;
  complete: boolean;
  bytesIn: number;
}

/** The status as recorded: an HTTP status, else 500. */
export function auditStatus(status: number): number {
  return status >= 100 && status <= 599 ? status : 500;
}

/** The duration as recorded: whole milliseconds, from 0 to a day. */
export function auditDurationMs(startedAt: number, at: number): number {
  return Math.min(DURATION_MAX_MS, Math.max(0, Math.round(at - startedAt)));
}

/** Whether a request of this kind that ended with this status is recorded. */
export function isAudited(kind: AuditKind, status: number): boolean {
  return kind !== 'other' || REFUSALS.has(status);
}

/**
 * The entry for a request whose answer ended, or undefined when it is not recorded: access-token
 * and proxy requests always are, others only when refused (401, 403, 429).
 */
export function auditEntryOf(context: AuditContext, end: AuditEnd): AuditEntry | undefined {
  if (!isAudited(context.kind, end.status)) return undefined;
  const companyName = context.tenantId === null ? undefined : auditCompanyName(context.companyName);
  return {
    at: end.at,
    kind: context.kind,
    keyId: context.keyId,
    keyName: context.keyName,
    tenantId: context.tenantId,
    ...(companyName !== undefined ? { companyName } : {}),
    method: context.method,
    path: context.path,
    status: auditStatus(end.status),
    ...(context.errorCode !== undefined ? { errorCode: context.errorCode } : {}),
    durationMs: auditDurationMs(context.startedAt, end.at),
    bytesIn: end.bytesIn,
    bytesOut: context.bytesOut,
    complete: end.complete,
  };
}

/**
 * Whether the answer has ended and its connection took every byte of it: `end()` handed them to
 * the OS at once (the usual case of a small answer on an idle keep-alive connection). Then
 * `writableFinished` is already what it will be at 'close', and the connection has not failed.
 */
function handedOver(response: http.ServerResponse): boolean {
  const socket = response.socket;
  return socket !== null && !socket.destroyed && socket.errored === null && response.writableFinished;
}

/**
 * Whether an answer was sent whole, at its 'close': it finished, and its connection is still
 * there. `writableFinished` alone is not enough: Node reports the writes of a connection destroyed
 * under an answer (the tool went away, a timeout) as done, so a cut answer looks finished and even
 * emits 'finish'; but its connection is destroyed by then. An answer sent whole closes on the
 * tick after its 'finish', with its connection open (kept alive, or still shutting down). The
 * request keeps the connection after Node let go of it on the answer's 'finish'.
 */
function sentWhole(response: http.ServerResponse): boolean {
  const socket = response.req.socket;
  return response.writableFinished && !socket.destroyed && socket.errored === null;
}

/**
 * Calls `ended` once the answer has ended, with whether it was sent whole (false when it was cut
 * or abandoned): at once when it already was (`handedOver`), which costs no listener, else at the
 * response's 'close' (an answer still being written, a pipelined answer waiting for the one
 * before it, a request not yet answered); at once, as not sent whole, when that 'close' has passed.
 */
export function whenAnswerEnded(response: http.ServerResponse, ended: (complete: boolean) => void): void {
  if (handedOver(response)) {
    ended(true);
    return;
  }
  // Its 'close' has passed (the connection closed before the answer was written): it never comes again.
  if (response.closed) {
    ended(sentWhole(response));
    return;
  }
  response.once('close', () => ended(sentWhole(response)));
}

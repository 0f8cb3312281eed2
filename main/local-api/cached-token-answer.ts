import type http from 'node:http';
import { isTenantIdText, normalizeTenantId } from '../../shared/tenant-id';
import type { HandedAccessToken } from './access-token-source';
import type { AccessTokenAnswers } from './access-token-answers';
import { localApiPath, type AuditContext } from './audit-recording';
import { companyAllowed, rightAllows } from './key-permissions';
import { accessTokenRoute } from './local-api-routes';
import { bearerKeyOf, guardRequest, inspectHeaders } from './request-guard';
import type { KeyCheck, KeyMemo } from './tool-keys';

/** `POST /v1/companies/{databaseNumber}/access-token` exactly: no query, no percent-encoding, nothing after. */
const TOKEN_TARGET = /^\/v1\/companies\/([^/?#%]{1,64})\/access-token$/;

/** The headers every local API answer carries (Fastify's onSend hook sets them; the cached-token answer too). */
export const ANSWER_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** The headers of every successful access-token answer, as the Fastify route and its onSend hook set them. */
export const TOKEN_ANSWER_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  ...ANSWER_HEADERS,
} as const;

/** `TOKEN_ANSWER_HEADERS` as `writeHead`'s flat list of names and values (the Content-Length is added per answer). */
const TOKEN_ANSWER_HEAD: readonly string[] = Object.entries(TOKEN_ANSWER_HEADERS).flat();

/** What the cached-token answer reads; each is the same function the Fastify routes use. */
export interface CachedTokenAnswerDeps {
  /** The port the server listens on (the Host check). */
  port: () => number;
  /** False once the server is closing: Fastify then answers 503, so nothing is answered here. */
  open: () => boolean;
  keys: { check(presented: string, memo?: KeyMemo): KeyCheck };
  /** The connection's key memo and its client's name for the bad-key throttle. */
  connectionOf: (socket: http.IncomingMessage['socket']) => { memo: KeyMemo; client: string };
  /** Notes a good key for the client (the bad-key throttle forgets its failures). */
  keyAccepted: (client: string) => void;
  /** A connected company's name (null: none), undefined when it is not connected. */
  companyName: (tenantId: string) => string | null | undefined;
  /** `AccessTokenSource.cachedAccessToken`. */
  cachedToken: (tenantId: string) => HandedAccessToken | undefined;
  answers: AccessTokenAnswers;
  now: () => number;
  /** Records the request once its answer has ended (the same as for every other request); called just after the answer's `end()`. */
  audit?: (request: http.IncomingMessage, response: http.ServerResponse, context: AuditContext) => void;
  /**
   * Told when `audit` threw. The answer has been sent by then, so Fastify cannot answer and audit
   * the request again: the failure must be made visible (logged by name, counted), not swallowed.
   */
  auditFailed?: (error: unknown) => void;
  /**
   * Runs the writing of the answers decided since the last run (default `setImmediate`: after the
   * event loop's poll phase has read every connection that had a request).
   */
  defer?: (write: () => void) => void;
  /**
   * Given a request whose answer could not be written (writing it threw before anything was sent):
   * the server hands it to Fastify, which answers it (500, audited) as it answers any fault.
   */
  unanswered?: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  /** Told when writing an answer threw after part of it was sent, or `unanswered` threw: logged by name, never swallowed. */
  answerFailed?: (error: unknown) => void;
}

/** An answer decided (every check passed, its JSON built), waiting for its write. */
interface DecidedAnswer {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  json: string;
  bytes: number;
  context: AuditContext;
}

/**
 * The local API's one hot request, a tool asking again for a company's access token while the app
 * holds a good one, answered without going through Fastify's router, hooks and reply (which cost
 * about as much as the rest of the answer; bench/local-api-bench.ts). It answers only when every
 * check the Fastify route makes passes, with the same functions: the guard (Host, browser
 * headers, target), the key with the connection's memo, the key's companies and right, the company
 * connected, no body, and a token at hand that `AccessTokenSource.accessToken` would hand out
 * without refreshing. Anything else returns false and the request goes to Fastify untouched,
 * which then answers it, or refuses it, exactly as before: so every refusal, error and audit of
 * one keeps a single implementation. Nothing here answers an error.
 *
 * The decision and the answer's JSON are made at once; the answer is written a moment later, with
 * every other answer decided in the same turn of the event loop (`defer`): the connections that
 * had a request are all read first, then all answered. Each write to a loopback connection wakes
 * the tool waiting on it; written one by one between reads, a busy tool is woken for every answer,
 * and that wake-up cost about a third of each answer's time (bench/local-api-bench.ts: 54 µs an
 * answer written at once, 30 µs written after the reads, p50 latency 2.4 ms against 1.1 ms).
 */
export function cachedTokenAnswerer(deps: CachedTokenAnswerDeps): (request: http.IncomingMessage, response: http.ServerResponse) => boolean {
  const defer = deps.defer ?? setImmediate;
  /** Answers decided and not yet written; swapped with `spare` at each write so that answers decided meanwhile wait for the next. */
  let decided: DecidedAnswer[] = [];
  let spare: DecidedAnswer[] = [];
  let planned = false;

  const writeDecided = () => {
    planned = false;
    const batch = decided;
    decided = spare;
    for (let at = 0; at < batch.length; at += 1) {
      // One answer's fault never keeps the others of its batch unwritten.
      try {
        write(batch[at]!);
      } catch (error) {
        deps.answerFailed?.(error);
      }
    }
    batch.length = 0;
    spare = batch;
  };

  const write = ({ request, response, json, bytes, context }: DecidedAnswer) => {
    // The connection closed before its answer: nothing is sent, and the request is recorded as
    // not answered (its answer's 'close' has passed, so no listener would ever record it).
    if (response.destroyed) {
      context.bytesOut = 0;
    } else {
      try {
        // A flat name/value list: no headers object built and walked per answer.
        response.writeHead(200, [...TOKEN_ANSWER_HEAD, 'content-length', bytes]);
        response.end(json);
      } catch (error) {
        // Nothing sent yet: Fastify answers it, as it answers a fault anywhere else, and records it.
        if (!response.headersSent && deps.unanswered) return deps.unanswered(request, response);
        deps.answerFailed?.(error);
      }
    }
    // After `end()`: an answer the connection took whole is recorded at once, with no 'close' listener.
    // A fault here must not reach the server's handler, which would take the sent answer as
    // answered and say nothing: it is reported instead.
    try {
      deps.audit?.(request, response, context);
    } catch (error) {
      deps.auditFailed?.(error);
    }
  };

  return (request, response) => {
    if (request.method !== 'POST' || !deps.open()) return false;
    const rawUrl = request.url ?? '';
    const databaseNumber = TOKEN_TARGET.exec(rawUrl)?.[1];
    if (databaseNumber === undefined || !isTenantIdText(databaseNumber)) return false;
    const tenantId = normalizeTenantId(databaseNumber);
    if (tenantId === undefined) return false;
    const facts = inspectHeaders(request.rawHeaders);
    if (facts.mayHaveBody) return false;
    if (guardRequest({ method: 'POST', rawUrl, rawHeaders: request.rawHeaders, facts }, deps.port()) !== undefined) return false;
    const presented = bearerKeyOf(facts);
    if (presented === undefined) return false;
    const connection = deps.connectionOf(request.socket);
    // A key refused here is checked again by Fastify's hook, which answers and throttles: one more
    // hash of a bad key, never a second way of refusing it.
    const check = deps.keys.check(presented, connection.memo);
    if (!check.ok) return false;
    const key = check.key;
    if (!companyAllowed(key.companies, tenantId) || (accessTokenRoute.right !== undefined && !rightAllows(key.right, accessTokenRoute.right))) return false;
    const companyName = deps.companyName(tenantId);
    if (companyName === undefined) return false;
    const handed = deps.cachedToken(tenantId);
    if (handed === undefined) return false;

    const now = deps.now();
    const json = deps.answers.body(tenantId, handed, now);
    deps.keyAccepted(connection.client);
    const bytes = Buffer.byteLength(json);
    decided.push({
      request,
      response,
      json,
      bytes,
      context: {
        startedAt: now,
        kind: 'token',
        method: 'POST',
        tenantId,
        path: localApiPath(accessTokenRoute.path, tenantId),
        keyId: key.id,
        keyName: key.name,
        bytesOut: bytes,
        companyName,
      },
    });
    if (!planned) {
      planned = true;
      defer(writeDecided);
    }
    return true;
  };
}

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
  /**
   * Records the request once its answer has ended (the same as for every other request); called
   * just after the answer's `end()`. `cut`: nothing was sent, the connection being gone; record it
   * now as not sent whole (a response queued behind another on a dead connection never gets a 'close').
   */
  audit?: (request: http.IncomingMessage, response: http.ServerResponse, context: AuditContext, cut: boolean) => void;
  /**
   * Told when `audit` threw. The answer has been sent by then, so Fastify cannot answer and audit
   * the request again: the failure must be made visible (logged by name, counted), not swallowed.
   */
  auditFailed?: (error: unknown) => void;
  /**
   * Runs the writing of the answers of the requests taken since the last run (default
   * `setImmediate`: after the event loop's poll phase has read every connection that had a request).
   */
  defer?: (write: () => void) => void;
  /**
   * Given a request taken but not answered here after all: a check made again at the write refused
   * it (the key revoked, the company disconnected or its token gone meanwhile), or writing threw
   * before anything was sent. The server hands it to Fastify, which answers, refuses and records it
   * as it does any request.
   */
  unanswered?: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  /** Told when writing an answer threw after part of it was sent, or `unanswered` threw (its connection is then closed): logged by name, never swallowed. */
  answerFailed?: (error: unknown) => void;
}

/** A request taken (its form checked), waiting for its answer. */
interface TakenRequest {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  tenantId: string;
  presented: string;
  connection: { memo: KeyMemo; client: string };
  startedAt: number;
}

/** What the checks found for a request that may be answered here. */
interface Admitted {
  key: Extract<KeyCheck, { ok: true }>['key'];
  companyName: string | null;
  handed: HandedAccessToken;
}

/**
 * The local API's one hot request, a tool asking again for a company's access token while the app
 * holds a good one, answered without going through Fastify's router, hooks and reply (which cost
 * about as much as the rest of the answer; bench/local-api-bench.ts). It answers only when every
 * check the Fastify route makes passes, with the same functions: the guard (Host, browser
 * headers, target), the key with the connection's memo, the key's companies and right, the company
 * connected, no body, and a token at hand that `AccessTokenSource.accessToken` would hand out
 * without refreshing. Anything else goes to Fastify untouched (at once, the answerer returning
 * false, or at the write, through `unanswered`), which then answers it, or refuses it, exactly as
 * before: so every refusal, error and audit of one keeps a single implementation. Nothing here
 * answers an error.
 *
 * The request is taken at once (the answerer returns true); its answer is written a moment later,
 * with every other one taken in the same turn of the event loop (`defer`): the connections that
 * had a request are all read first, then all answered. Each write to a loopback connection wakes
 * the tool waiting on it; written one by one between reads, a busy tool is woken for every answer,
 * and that wake-up cost about a third of each answer's time (bench/local-api-bench.ts under Node:
 * 54 µs an answer written at once, 30 µs written after the reads, p50 latency 2.4 ms against 1.1
 * ms; Electron's main process runs the same libuv loop inside Chromium's, not measured here).
 * So the request's form is checked when it is taken (method, target, headers, a key presented),
 * and what can change from one moment to the next when its answer is written (the key, its
 * companies and right, the company connected, the token at hand), with nothing in between: a key
 * revoked before the write gets no token. A request that fails those checks is handed to Fastify
 * then (`unanswered`), which refuses or answers it as it does any request.
 */
export function cachedTokenAnswerer(deps: CachedTokenAnswerDeps): (request: http.IncomingMessage, response: http.ServerResponse) => boolean {
  const defer = deps.defer ?? setImmediate;
  /** Requests taken and not yet answered; swapped with `spare` at each write, so that requests taken meanwhile wait for the next. */
  let taken: TakenRequest[] = [];
  let spare: TakenRequest[] = [];
  let planned = false;

  /** The checks of the Fastify route that can pass or fail from one moment to the next; undefined when one fails. */
  const admit = (tenantId: string, presented: string, memo: KeyMemo): Admitted | undefined => {
    // A key refused here is checked again by Fastify's hook, which answers and throttles: one more
    // hash of a bad key, never a second way of refusing it.
    const check = deps.keys.check(presented, memo);
    if (!check.ok) return undefined;
    const key = check.key;
    if (!companyAllowed(key.companies, tenantId) || (accessTokenRoute.right !== undefined && !rightAllows(key.right, accessTokenRoute.right))) return undefined;
    const companyName = deps.companyName(tenantId);
    if (companyName === undefined) return undefined;
    const handed = deps.cachedToken(tenantId);
    if (handed === undefined) return undefined;
    return { key, companyName, handed };
  };

  /** Reports a fault; a fault of the report itself must not leave the rest of the batch unanswered. */
  const failed = (error: unknown) => {
    try {
      deps.answerFailed?.(error);
    } catch {
      // Nothing more can be said.
    }
  };

  /** Fastify answers (or refuses) the request; if it cannot even take it, the connection is closed rather than left hanging. */
  const toFastify = (request: http.IncomingMessage, response: http.ServerResponse) => {
    try {
      if (!deps.unanswered) throw new Error('no fallback for an unanswered request');
      deps.unanswered(request, response);
    } catch (error) {
      failed(error);
      response.destroy();
    }
  };

  const answer = ({ request, response, tenantId, presented, connection, startedAt }: TakenRequest) => {
    let admitted: Admitted | undefined;
    let json: string;
    try {
      admitted = admit(tenantId, presented, connection.memo);
      json = admitted === undefined ? '' : deps.answers.body(tenantId, admitted.handed, deps.now());
    } catch {
      // A fault in a collaborator: Fastify answers the request (500, audited, logged) as it did
      // before the cached-token answer existed.
      admitted = undefined;
      json = '';
    }
    if (admitted === undefined) return toFastify(request, response);
    const { key, companyName } = admitted;
    deps.keyAccepted(connection.client);
    const context: AuditContext = {
      startedAt,
      kind: 'token',
      method: 'POST',
      tenantId,
      path: localApiPath(accessTokenRoute.path, tenantId),
      keyId: key.id,
      keyName: key.name,
      bytesOut: Buffer.byteLength(json),
      companyName,
    };
    // The connection went away (a reset, a parse error further on, the server closing) since the
    // request was read: nothing is sent, and the request is recorded as cut off with no bytes.
    const socket = request.socket;
    const cut = response.destroyed || socket.destroyed || !socket.writable;
    if (cut) {
      context.bytesOut = 0;
    } else {
      try {
        // A flat name/value list: no headers object built and walked per answer.
        response.writeHead(200, [...TOKEN_ANSWER_HEAD, 'content-length', context.bytesOut]);
        response.end(json);
      } catch (error) {
        // Nothing sent yet: Fastify answers it, as it answers a fault anywhere else, and records it.
        if (!response.headersSent) return toFastify(request, response);
        failed(error);
      }
    }
    // After `end()`: an answer the connection took whole is recorded at once, with no 'close' listener.
    // A fault here must not reach the server's handler, which would take the sent answer as
    // answered and say nothing: it is reported instead.
    try {
      deps.audit?.(request, response, context, cut);
    } catch (error) {
      deps.auditFailed?.(error);
    }
  };

  const answerTaken = () => {
    planned = false;
    const batch = taken;
    taken = spare;
    try {
      for (let at = 0; at < batch.length; at += 1) {
        // One answer's fault never keeps the others of its batch unanswered.
        try {
          answer(batch[at]!);
        } catch (error) {
          failed(error);
        }
      }
    } finally {
      batch.length = 0;
      spare = batch;
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
    taken.push({ request, response, tenantId, presented, connection: deps.connectionOf(request.socket), startedAt: deps.now() });
    if (!planned) {
      planned = true;
      defer(answerTaken);
    }
    return true;
  };
}

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
 */
export function cachedTokenAnswerer(deps: CachedTokenAnswerDeps): (request: http.IncomingMessage, response: http.ServerResponse) => boolean {
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

    deps.keyAccepted(connection.client);
    const now = deps.now();
    const json = deps.answers.body(tenantId, handed, now);
    const bytes = Buffer.byteLength(json);
    // A flat name/value list: no headers object built and walked per answer.
    response.writeHead(200, [...TOKEN_ANSWER_HEAD, 'content-length', bytes]);
    response.end(json);
    // After `end()`: an answer the connection took whole is recorded at once, with no 'close' listener.
    // A fault here must not reach the server's handler, which would take the sent answer as
    // answered and say nothing: it is reported instead.
    try {
      deps.audit?.(request, response, {
        startedAt: now,
        kind: 'token',
        method: 'POST',
        tenantId,
        path: localApiPath(accessTokenRoute.path, tenantId),
        keyId: key.id,
        keyName: key.name,
        bytesOut: bytes,
        companyName,
      });
    } catch (error) {
      deps.auditFailed?.(error);
    }
    return true;
  };
}

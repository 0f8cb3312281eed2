import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { CompanySummary } from '../../shared/ipc-contract';
import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import { companiesResponseSchema, type ApiCompany, type CompaniesResponse, type HealthResponse } from '../../shared/local-api-schemas';
import { isTenantIdText, normalizeTenantId } from '../../shared/tenant-id';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';
import type { AccessTokenSource } from './access-token-source';
import { recordEndedAnswer, type AuditRecorder } from './audit-log';
import { auditMethod, auditPath, countAnswerBytes, localApiPath, requestBytes, whenAnswerEnded, type AuditContext } from './audit-recording';
import { BadKeyThrottle, type ThrottlePolicy } from './bad-key-throttle';
import { companyAllowed, rightAllows } from './key-permissions';
import { errorCodeOf, fortnoxFailure, limitServer, refusalFor, sendError, setAnswerHeaders } from './api-answers';
import { LocalApiError } from './local-api-error';
import type { SlidingWindowLimiter } from '../fortnox/rate-limiter';
import { createNodeHttpTransport, forwardedHeaders } from './fortnox-proxy';
import type { ForwardAnswer, FirmForwarding } from './firm-forwarding';
import { KEY_SCOPE_MAX_COMPANIES, type KeyScope } from './key-scope';
import { AccessTokenAnswers } from './access-token-answers';
import { cachedTokenAnswerer } from './cached-token-answer';
import { accessTokenRoute, companiesRoute, fortnoxProxyRoute, healthRoute, openApiRoute, type LocalApiRoute } from './local-api-routes';
import { localApiOpenApiDocument } from './openapi-document';
import { answerFromFortnox, ProxyCallGate, proxyTarget, registerProxyScope } from './proxy-call';
import { bearerKey, bearerKeyOf, guardRequest, inspectHeaders } from './request-guard';
import { newKeyMemo, type KeyCheck, type KeyMemo } from './tool-keys';

/** The local API's default port: fixed, so tools can be configured once; Settings may change it. */
export const DEFAULT_LOCAL_API_PORT = 41817;

/** Largest request body the local API reads (the access-token call takes none, or `{}`). */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

/** Default cap on open connections per listening address: many tools at once, but not unbounded sockets. */
export const DEFAULT_MAX_CONNECTIONS = 256;

declare module 'fastify' {
  interface FastifyRequest {
    /** The tool key the local API's onRequest hook accepted; null before (or when refused). */
    localApiKey: ToolKeyRecord | null;
    /** What the local API gathers for the request's audit entry; null without an audit log. */
    localApiAudit: AuditContext | null;
  }
}

/** Thrown by `startLocalApi` when another program already listens on the port. */
export class LocalApiPortInUseError extends Error {
  override readonly name = 'LocalApiPortInUseError';
  constructor(readonly port: number) {
    super(`Port ${port} is already in use on this computer`);
  }
}

/** Thrown by `startLocalApi` when listening failed for another reason (for example no permission). */
export class LocalApiListenError extends Error {
  override readonly name = 'LocalApiListenError';
  constructor(
    readonly port: number,
    readonly code: string,
  ) {
    super(`Could not listen on port ${port} (${code})`);
  }
}

/** What the local API serves from. */
export interface LocalApiDeps {
  /** The key registry; the server passes one memo per connection, so a kept-alive tool's key is recognised without hashing it again. */
  keys: { check(presented: string, memo?: KeyMemo): KeyCheck };
  /** Every connected company, as `ConnectionsService.list()` returns them. */
  companies: () => readonly CompanySummary[];
  /** One company (`ConnectionsService.company`); absent, it is looked up in `companies()`, which builds every summary. */
  company?: (tenantId: string) => CompanySummary | undefined;
  /**
   * A connected company's name (null: it has none), undefined when it is not connected (`ConnectionsService.companyName`):
   * all a token or proxy request needs of the company. Absent, it is read from `company`.
   */
  companyName?: (tenantId: string) => string | null | undefined;
  tokens: AccessTokenSource;
  now: () => number;
  timers: Timers;
  log: Logger;
  throttle?: ThrottlePolicy;
  bodyLimitBytes?: number;
  /** The Fortnox proxy: absent, its route answers `not_found`. */
  proxy?: {
    /** The configured API base (`https://api.fortnox.se/3/`). */
    apiBaseUrl: () => string;
    /** The connections service's own limiter: the app and every tool share each company's limit. */
    limiter: SlidingWindowLimiter;
    bodyLimitBytes?: number;
    responseLimitBytes?: number;
    rateLimitWaitMs?: number;
    /** Cap on one key's proxied calls in flight or queued (default `DEFAULT_MAX_IN_FLIGHT_PER_KEY`). */
    maxInFlightPerKey?: number;
    /** Cap on one company's proxied calls in flight or queued, over every key (default `DEFAULT_MAX_IN_FLIGHT_PER_COMPANY`). */
    maxInFlightPerCompany?: number;
  };
  /** Most open connections per listening address (default `DEFAULT_MAX_CONNECTIONS`); further ones are closed at once. */
  maxConnections?: number;
  /** The audit log: every token handed out, every proxied call and every refusal (issue 8 item 5). */
  audit?: AuditRecorder;
  /** Runs the writing of the cached-token answers taken in one turn (default `setImmediate`; tests hold them back). */
  answerLater?: (write: () => void) => void;
  /**
   * Firm mode (issue 10 item 5, firm-forwarding.ts): while `active()`, every /v1 route forwards to
   * the firm server under the accountant's session with the local key's scope, after the local key
   * check; `companies`, `tokens` and the local proxy are not used at all.
   */
  forward?: Pick<FirmForwarding, 'active' | 'forward'>;
}

/** Where and how to listen. */
export interface LocalApiListenOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Also listen on ::1 when the machine has it (default true). */
  ipv6?: boolean;
}

/** A running local API. */
export interface LocalApiServer {
  readonly port: number;
  /** The addresses listened on: `127.0.0.1`, and `::1` when available. */
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/** The fields of a company a tool may see. */
function apiCompany(summary: CompanySummary): ApiCompany {
  return {
    name: summary.companyName,
    organizationNumber: summary.organizationNumber,
    databaseNumber: summary.tenantId,
    accountType: summary.accountType,
    scopes: [...summary.grantedScopes],
    status: summary.status,
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the local API (issue 8) on 127.0.0.1 and, when available, ::1, never on other
 * interfaces. Every request first passes the guard (Host, browser headers, preflight, target);
 * every route but health then needs a valid tool key, with slowed-down answers to repeated bad
 * keys. Requests and answers are validated with the zod schemas that `/v1/openapi.json` is
 * generated from. No request is logged with its URL or headers; no answer echoes a key.
 */
export async function startLocalApi(deps: LocalApiDeps, options: LocalApiListenOptions): Promise<LocalApiServer> {
  const throttle = new BadKeyThrottle(deps.now, deps.throttle);
  /** Per connection: the key memo (see `KeyMemo`) and the client's name for the bad-key throttle. */
  const connections = new WeakMap<Socket, { memo: KeyMemo; client: string }>();
  const connectionOf = (socket: Socket) => {
    let known = connections.get(socket);
    if (!known) {
      known = { memo: newKeyMemo(), client: `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}` };
      connections.set(socket, known);
    }
    return known;
  };
  const servers: http.Server[] = [];
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  let port = options.port;
  let closing = false;
  // Declared here, built below with the functions the Fastify routes use (the server factory runs first).
  let answerCachedToken: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  /** Fastify's own handler, for a cached-token answer that could not be written. */
  let toFastify: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;

  const app = Fastify({
    // Fastify's request log carries the URL (token-service.md section 3, rule 7): off.
    logger: false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    return503OnClosing: true,
    serverFactory: (fastifyHandler) => {
      toFastify = fastifyHandler;
      // A tool asking again for a token the app holds is answered before Fastify (cached-token-answer.ts);
      // every other request, and every one of those that any check would refuse, goes to Fastify.
      handler = (req, res) => {
        let answered: boolean;
        try {
          answered = answerCachedToken?.(req, res) === true;
        } catch {
          // A fault in one of its collaborators: Fastify answers the request (500, audited, logged)
          // as it did before the cached-token answer existed, unless an answer had already begun.
          answered = res.headersSent;
        }
        if (!answered) fastifyHandler(req, res);
      };
      const server = http.createServer(handler);
      servers.push(server);
      return server;
    },
  });
  // Per-request state as request decorations (Fastify's Decorators.md: declared up front, so every
  // request has the same shape), not WeakMaps keyed by each request, which cost a table entry and
  // garbage-collector work per request.
  app.decorateRequest('localApiKey', null);
  app.decorateRequest('localApiAudit', null);
  // Only JSON bodies: form and text bodies are what a web page can send without a preflight.
  app.removeContentTypeParser(['text/plain']);

  /** Answers with an error and notes its code for the request's audit entry. */
  const refuse = (reply: FastifyReply, code: LocalApiErrorCode, retryAfterSeconds?: number): FastifyReply => {
    const context = reply.request.localApiAudit;
    if (context) context.errorCode = code;
    return sendError(reply, code, retryAfterSeconds);
  };

  /** A company's current name for the audit log, looked up once per request. */
  const noteCompanyName = (context: AuditContext, companyName: string | null | undefined) => {
    context.companyName = companyName ?? null;
  };
  const lookUpCompany = (tenantId: string): CompanySummary | undefined =>
    deps.company ? deps.company(tenantId) : deps.companies().find((each) => each.tenantId === tenantId);
  const companyNameOf = (tenantId: string): string | null | undefined => (deps.companyName ? deps.companyName(tenantId) : lookUpCompany(tenantId)?.companyName);

  /** Starts an audit record of a request; it is written when the answer has ended (sent, cut or abandoned). */
  const startAudit = (request: FastifyRequest, reply: FastifyReply, audit: AuditRecorder, pattern: string | undefined) => {
    const kind = pattern === accessTokenRoute.path ? 'token' : pattern === fortnoxProxyRoute.path ? 'proxy' : 'other';
    const params = request.params as { databaseNumber?: unknown } | undefined;
    const tenantId = typeof params?.databaseNumber === 'string' ? (normalizeTenantId(params.databaseNumber) ?? null) : null;
    let path = kind === 'proxy' ? null : localApiPath(pattern, tenantId);
    if (kind === 'proxy') {
      const target = proxyTarget(request);
      path = target?.ok ? auditPath(target.path) : null;
    }
    const context: AuditContext = { startedAt: deps.now(), kind, method: auditMethod(request.raw.method), tenantId, path, keyId: null, keyName: null, bytesOut: 0 };
    request.localApiAudit = context;
    recordWhenEnded(audit, reply.raw, context, () => requestBytes(request.body, request.headers['content-length']));
  };

  /**
   * Writes a request's audit entry when its answer has ended (sent, cut or abandoned): for Fastify's
   * requests (started before the answer) and the cached-token answer (after its `end()`, so
   * usually at once: `whenAnswerEnded`) alike.
   */
  const recordWhenEnded = (audit: AuditRecorder, response: http.ServerResponse, context: AuditContext, bytesIn: () => number, cut = false) => {
    const ended = (complete: boolean) => {
      // A request refused before its company was looked up (no key, a key for other companies).
      if (context.tenantId !== null && context.companyName === undefined) noteCompanyName(context, companyNameOf(context.tenantId));
      recordEndedAnswer(audit, context, { at: deps.now(), status: response.statusCode, complete, bytesIn: bytesIn() });
    };
    // Nothing was sent, its connection gone: recorded now, as not sent whole.
    if (cut) ended(false);
    else whenAnswerEnded(response, ended);
  };

  // Callback-style hooks (onRequest, onSend): no promise per request for what is synchronous.
  app.addHook('onRequest', (request, reply, done) => {
    // Fastify builds `routeOptions` afresh on each read: read once.
    const pattern = request.routeOptions.url;
    if (deps.audit) startAudit(request, reply, deps.audit, pattern);
    const facts = inspectHeaders(request.raw.rawHeaders);
    const refusal = guardRequest(
      {
        method: request.raw.method ?? '',
        rawUrl: request.raw.url ?? '',
        rawHeaders: request.raw.rawHeaders,
        facts,
      },
      port,
    );
    // Answering from a callback-style hook: send, and do not call `done` (Fastify's Hooks.md).
    if (refusal) return void refuse(reply, refusal.code);
    if (pattern === healthRoute.path) return done();
    const connection = connectionOf(request.raw.socket);
    const presented = bearerKeyOf(facts);
    const check: KeyCheck = presented === undefined ? { ok: false, reason: 'malformed' } : deps.keys.check(presented, connection.memo);
    if (!check.ok) {
      const hold = throttle.failure(connection.client);
      if (hold <= 0) return void refuse(reply, 'unauthorized');
      deps.timers.set(() => void refuse(reply, 'unauthorized'), hold);
      return undefined;
    }
    throttle.success(connection.client);
    request.localApiKey = check.key;
    const context = request.localApiAudit;
    if (context) {
      context.keyId = check.key.id;
      context.keyName = check.key.name;
    }
    return done();
  });

  // Defence in depth: whatever a handler or Fastify set, no CORS header ever leaves (token-service.md section 3).
  app.addHook('onSend', (request, reply, payload, done) => {
    setAnswerHeaders(reply);
    const context = request.localApiAudit;
    done(null, context ? countAnswerBytes(payload, context) : payload);
  });

  app.setNotFoundHandler((_request, reply) => refuse(reply, 'not_found'));

  app.setErrorHandler((error, _request, reply) => {
    const refusal = refusalFor(error);
    if (refusal) return refuse(reply, refusal.code, refusal.retryAfterSeconds);
    // The error's name and code only: a message may quote what it failed on.
    deps.log.error('local API request failed', {
      error: error instanceof Error ? error.name : typeof error,
      code: errorCodeOf(error) ?? null,
    });
    return refuse(reply, 'internal_error');
  });

  /** The key the onRequest hook accepted. */
  const keyFor = (request: FastifyRequest): ToolKeyRecord => {
    const key = request.localApiKey;
    if (!key) throw new LocalApiError('unauthorized');
    return key;
  };

  const parse = <T>(schema: ZodType<T> | undefined, value: unknown): T => {
    if (!schema) return value as T;
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new LocalApiError('invalid_request');
    return parsed.data;
  };

  /**
   * Sends an answer built here, field by field, as its schema's TypeScript type (an object literal
   * with an undeclared field, such as a refresh token, does not compile). Not parsed again per
   * request: requests are what is untrusted; the tests check the answers against the schemas.
   */
  const respond = (reply: FastifyReply, value: object): FastifyReply => respondJson(reply, JSON.stringify(value));
  const respondJson = (reply: FastifyReply, json: string): FastifyReply => reply.code(200).type('application/json; charset=utf-8').send(json);
  const tokenAnswers = new AccessTokenAnswers();
  /** Firm mode is on: forward, never serve from this computer's connections. */
  const forwarding = (): boolean => deps.forward?.active() === true;
  /** The local key's scope for a call about one company (the intersection is that company or nothing). */
  const scopeFor = (key: ToolKeyRecord, tenantId: string): KeyScope => ({ name: key.name, companies: [tenantId], right: key.right });
  const sendForwarded = (reply: FastifyReply, answer: ForwardAnswer): FastifyReply => {
    void reply.code(answer.status).headers(answer.headers);
    return reply.send(answer.body ?? answer.text ?? '');
  };
  const forwardTo = (request: Parameters<FirmForwarding['forward']>[0]): Promise<ForwardAnswer> => {
    if (!deps.forward) throw new LocalApiError('internal_error');
    return deps.forward.forward(request);
  };

  /**
   * The tenant id of the company a keyed route names, after the key's companies and right are
   * checked and the company is found connected. The database number is checked with the pattern
   * its schema (`databaseNumberParamSchema`, in `route.params`) is built from, `TENANT_ID_PATTERN`,
   * without a zod parse per request (the router gives only that one parameter; Fastify names the
   * proxy's wildcard `*`, which is read from the raw target instead).
   */
  const companyFor = (request: FastifyRequest, route: LocalApiRoute): string => {
    const key = keyFor(request);
    const databaseNumber = (request.params as { databaseNumber?: unknown } | undefined)?.databaseNumber;
    if (typeof databaseNumber !== 'string' || !isTenantIdText(databaseNumber)) throw new LocalApiError('invalid_request');
    const tenantId = normalizeTenantId(databaseNumber);
    if (tenantId === undefined) throw new LocalApiError('company_not_found');
    if (!companyAllowed(key.companies, tenantId)) throw new LocalApiError('company_not_allowed');
    if (route.right && !rightAllows(key.right, route.right)) throw new LocalApiError('right_not_granted');
    if (forwarding()) {
      // The firm server knows its companies (and answers company_not_found itself); this computer's are not used.
      if (request.localApiAudit?.tenantId === tenantId) noteCompanyName(request.localApiAudit, null);
      return tenantId;
    }
    const companyName = companyNameOf(tenantId);
    const context = request.localApiAudit;
    if (context?.tenantId === tenantId) noteCompanyName(context, companyName);
    if (companyName === undefined) {
      // Disconnected: its last token's answer is not kept any longer.
      tokenAnswers.forget(tenantId);
      throw new LocalApiError('company_not_found');
    }
    return tenantId;
  };

  app.get(healthRoute.path, async (_request, reply) => {
    // Firm mode: up when the firm server is (and someone is signed in to use it).
    if (forwarding()) return sendForwarded(reply, await forwardTo({ method: 'GET', path: healthRoute.path, scope: null }));
    const answer: HealthResponse = { status: 'up' };
    return respond(reply, answer);
  });

  app.get(companiesRoute.path, async (request, reply) => {
    const key = keyFor(request);
    if (forwarding()) {
      // A key of more companies than the header carries asks for all the session may see; the answer is filtered here.
      const companies = key.companies === 'all' || key.companies.length > KEY_SCOPE_MAX_COMPANIES ? 'all' : key.companies;
      const answer = await forwardTo({ method: 'GET', path: companiesRoute.path, scope: { name: key.name, companies, right: key.right } });
      if (answer.status !== 200 || answer.text === undefined) return sendForwarded(reply, answer);
      let json: unknown;
      try {
        json = JSON.parse(answer.text);
      } catch {
        throw new LocalApiError('firm_server_unreachable');
      }
      const parsed = companiesResponseSchema.safeParse(json);
      if (!parsed.success) throw new LocalApiError('firm_server_unreachable');
      const listed: CompaniesResponse = { companies: parsed.data.companies.filter((company) => companyAllowed(key.companies, company.databaseNumber)) };
      return respond(reply, listed);
    }
    const companies = deps
      .companies()
      .filter((company) => companyAllowed(key.companies, company.tenantId))
      .map(apiCompany);
    const answer: CompaniesResponse = { companies };
    return respond(reply, answer);
  });

  app.post(accessTokenRoute.path, async (request, reply) => {
    const tenantId = companyFor(request, accessTokenRoute);
    // No body (the usual call) is what the optional schema accepts; a body is parsed.
    if (request.body !== undefined) parse(accessTokenRoute.body, request.body);
    if (forwarding()) {
      const path = `/v1/companies/${encodeURIComponent(tenantId)}/access-token`;
      return sendForwarded(reply, await forwardTo({ method: 'POST', path, scope: scopeFor(keyFor(request), tenantId) }));
    }
    let handed;
    try {
      handed = await deps.tokens.accessToken(tenantId);
    } catch (error) {
      // The keeper has no token for the company (disconnected meanwhile, or needs reconnecting): forget its answer.
      tokenAnswers.forget(tenantId);
      throw fortnoxFailure(error);
    }
    // No app log line per request: it was a synchronous file append on every call, about a third
    // of the time of a cached token request (bench/local-api-bench.ts). The audit log records each.
    return respondJson(reply, tokenAnswers.body(tenantId, handed, deps.now()));
  });

  const proxy = deps.proxy;
  // This server's own kept-alive connections to Fortnox, closed with it.
  const fortnox = proxy ? createNodeHttpTransport() : undefined;
  const gate = new ProxyCallGate(proxy);
  registerProxyScope(
    app,
    proxy?.bodyLimitBytes,
    async (request, reply) => {
      if (!proxy && !forwarding()) throw new LocalApiError('not_found');
      await gate.authorise(request, reply, keyFor(request), () => companyFor(request, fortnoxProxyRoute));
    },
    async (request, reply) => {
      const call = gate.callOf(request);
      if (call && forwarding()) {
        const answer = await forwardTo({
          method: request.raw.method ?? 'GET',
          path: `/v1/companies/${encodeURIComponent(call.tenantId)}/fortnox${call.path}`,
          query: call.query,
          headers: forwardedHeaders(request.raw.rawHeaders),
          ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
          scope: scopeFor(keyFor(request), call.tenantId),
          stream: true,
        });
        return sendForwarded(reply, answer);
      }
      if (!proxy || !fortnox || !call) throw new LocalApiError('not_found');
      // Revoked or expired while the call waited for its rate-limit slot: refused before Fortnox (security review item 3).
      const keyStillValid = () => {
        const presented = bearerKey(request.raw.rawHeaders);
        return presented !== undefined && deps.keys.check(presented).ok;
      };
      return answerFromFortnox(request, reply, { ...proxy, transport: fortnox.send, tokens: deps.tokens, now: deps.now, timers: deps.timers }, call, keyStillValid);
    },
  );

  app.get(openApiRoute.path, (_request, reply) => respond(reply, localApiOpenApiDocument(port)));

  const { cachedAccessToken } = deps.tokens;
  if (cachedAccessToken) {
    const audit = deps.audit;
    answerCachedToken = cachedTokenAnswerer({
      port: () => port,
      open: () => !closing,
      keys: deps.keys,
      connectionOf,
      keyAccepted: (client) => throttle.success(client),
      companyName: companyNameOf,
      // Firm mode: never from this computer's tokens; the Fastify route forwards instead.
      cachedToken: (tenantId) => (forwarding() ? undefined : cachedAccessToken.call(deps.tokens, tenantId)),
      answers: tokenAnswers,
      now: deps.now,
      ...(audit
        ? { audit: (_request: http.IncomingMessage, response: http.ServerResponse, context: AuditContext, cut: boolean) => recordWhenEnded(audit, response, context, () => 0, cut) }
        : {}),
      // The error's name only: a message may quote what it failed on.
      auditFailed: (error) => deps.log.error('local API could not record the audit entry of a token it handed out', { error: error instanceof Error ? error.name : typeof error }),
      unanswered: (req, res) => toFastify?.(req, res),
      ...(deps.answerLater ? { defer: deps.answerLater } : {}),
      answerFailed: (error) => deps.log.error('local API could not write a token answer', { error: error instanceof Error ? error.name : typeof error }),
    });
  }

  await app.ready();
  const first = servers[0];
  if (!first || !handler) throw new Error('Fastify did not create its server');

  const listenOn = async (server: http.Server, host: string, onPort: number) => {
    limitServer(server);
    server.maxConnections = deps.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    try {
      await listen(server, onPort, host);
    } catch (error) {
      const code = errorCodeOf(error) ?? 'UNKNOWN';
      if (code === 'EADDRINUSE') throw new LocalApiPortInUseError(onPort);
      throw new LocalApiListenError(onPort, code);
    }
  };

  const addresses: string[] = [];
  try {
    await listenOn(first, '127.0.0.1', options.port);
    port = (first.address() as AddressInfo).port;
    addresses.push('127.0.0.1');
    if (options.ipv6 !== false) {
      const second = http.createServer(handler);
      try {
        await listenOn(second, '::1', port);
        servers.push(second);
        addresses.push('::1');
      } catch (error) {
        // No IPv6 loopback on this machine: 127.0.0.1 alone. But another program on [::1]:port
        // would receive the keys of tools that resolve `localhost` to ::1 first: refused.
        if (error instanceof LocalApiPortInUseError) throw error;
        deps.log.warn('local API listens on 127.0.0.1 only', {
          code: error instanceof LocalApiListenError ? error.code : 'UNKNOWN',
        });
      }
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    await app.close();
    fortnox?.close();
    throw error;
  }
  deps.log.info('local API listening', {
    port,
    ipv6: addresses.includes('::1'),
  });

  return {
    port,
    addresses,
    close: async () => {
      closing = true;
      await Promise.all(servers.map(closeServer));
      await app.close();
      fortnox?.close();
    },
  };
}

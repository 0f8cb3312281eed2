import type http from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import { fortnoxFailure } from './api-answers';
import { fortnoxPathActs } from './fortnox-actions';
import { normalizeFortnoxTarget, type FortnoxPathResult } from './fortnox-path';
import { DEFAULT_PROXY_BODY_LIMIT_BYTES, PROXIED_METHODS, proxyFortnoxCall, type FortnoxProxyDeps, type ProxyCall } from './fortnox-proxy';
import { DEFAULT_MAX_IN_FLIGHT_PER_COMPANY, DEFAULT_MAX_IN_FLIGHT_PER_KEY, InFlightLimits } from './in-flight-limits';
import { rightAllows, rightForProxyMethod } from './key-permissions';
import { LocalApiError } from './local-api-error';
import { fortnoxProxyRoute } from './local-api-routes';

/**
 * The Fortnox proxy route's parts that the local API (local-api-server.ts) and the firm server
 * (server/http/proxy-route.ts) share: the checks before a body is read, the route's scope, and
 * passing Fortnox's answer on. What differs (where the company is looked up, the token source,
 * the rate limiter, firm-mode forwarding) stays with each.
 */

/** The Fortnox path a proxy request names, from the RAW target: a router's decoded parameter would already have turned %2f into '/'. */
export function proxyTarget(request: FastifyRequest): FortnoxPathResult | undefined {
  const remainder = /^\/v1\/companies\/[^/?]+\/fortnox(\/.*)$/.exec(request.raw.url ?? '')?.[1];
  return remainder === undefined ? undefined : normalizeFortnoxTarget(remainder);
}

/** A proxied call that passed every check that needs no body. */
export interface AuthorisedProxyCall {
  tenantId: string;
  path: string;
  query: string;
}

/**
 * Everything a proxied call is allowed on that needs no body: method, company, right, path, action
 * and the in-flight caps (per key and per company, on this process). Run from the route's
 * preParsing hook, so a refused call's body is never read (a read key for another company cannot
 * make the server buffer 10 MB; security review item 2).
 */
export class ProxyCallGate {
  private readonly inFlight: InFlightLimits;
  private readonly authorised = new WeakMap<http.IncomingMessage, AuthorisedProxyCall>();

  constructor(caps: { maxInFlightPerKey?: number; maxInFlightPerCompany?: number } | undefined) {
    this.inFlight = new InFlightLimits({
      perKey: caps?.maxInFlightPerKey ?? DEFAULT_MAX_IN_FLIGHT_PER_KEY,
      perCompany: caps?.maxInFlightPerCompany ?? DEFAULT_MAX_IN_FLIGHT_PER_COMPANY,
    });
  }

  /**
   * Checks the call of `key` in the local API's order and notes it for `callOf`; throws the
   * refusal. `companyFor` is the route's company check (key's companies, company connected).
   */
  async authorise(request: FastifyRequest, reply: FastifyReply, key: ToolKeyRecord, companyFor: () => string | Promise<string>): Promise<void> {
    // Only the methods Fortnox's API uses: TRACE would have Fortnox echo the token to the tool.
    if (!PROXIED_METHODS.has(request.raw.method ?? '')) throw new LocalApiError('method_not_allowed');
    const tenantId = await companyFor();
    if (!rightAllows(key.right, rightForProxyMethod(request.raw.method ?? 'GET'))) throw new LocalApiError('right_not_granted');
    const target = proxyTarget(request);
    if (!target?.ok) throw new LocalApiError('invalid_path');
    // GET is not read-only at Fortnox: /3/invoices/{n}/email sends the invoice (fortnox-actions.ts).
    if (!rightAllows(key.right, 'read-write') && fortnoxPathActs(target.path)) throw new LocalApiError('action_not_allowed');
    const release = this.inFlight.enter(key.id, tenantId);
    if (!release) throw new LocalApiError('too_many_requests');
    reply.raw.once('close', release);
    this.authorised.set(request.raw, { tenantId, path: target.path, query: target.query });
  }

  /** The call `authorise` let through for this request, if it did. */
  callOf(request: FastifyRequest): AuthorisedProxyCall | undefined {
    return this.authorised.get(request.raw);
  }
}

/**
 * Registers the proxy route in its own scope, where any body type is read (capped) as bytes and
 * passed on unparsed, after `authorise` ran as the preParsing hook.
 */
export function registerProxyScope(
  app: FastifyInstance,
  bodyLimitBytes: number | undefined,
  authorise: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodyLimitBytes ?? DEFAULT_PROXY_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    const preParsing = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      await authorise(request, reply);
      return payload;
    };
    scope.all(fortnoxProxyRoute.path, { preParsing }, handler);
  });
}

/**
 * Calls Fortnox for an authorised call and streams its answer back; a failed call becomes the
 * tool's error (`company_needs_reconnect` or `fortnox_unavailable`).
 */
export async function answerFromFortnox(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: FortnoxProxyDeps,
  call: AuthorisedProxyCall,
  keyStillValid: NonNullable<ProxyCall['keyStillValid']>,
): Promise<FastifyReply> {
  let answer;
  try {
    answer = await proxyFortnoxCall(deps, {
      tenantId: call.tenantId,
      method: request.raw.method ?? 'GET',
      path: call.path,
      query: call.query,
      rawHeaders: request.raw.rawHeaders,
      body: Buffer.isBuffer(request.body) ? request.body : undefined,
      keyStillValid,
    });
  } catch (error) {
    throw fortnoxFailure(error);
  }
  try {
    void reply.code(answer.status).headers(answer.headers);
  } catch (error) {
    // Not passed on (a status Fastify refuses): Fortnox's answer is dropped, not left holding its connection.
    answer.body?.destroy();
    throw error;
  }
  return reply.send(answer.body ?? '');
}

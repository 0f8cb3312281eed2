import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType, z } from 'zod';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../main/local-api/local-api-server';
import { bearerKeyOf, inspectHeaders } from '../../main/local-api/request-guard';
import type { NewToolKey, ToolKeyRecord } from '../../shared/local-api-keys';
import {
  createdIntegrationKeySchema,
  firmAuditCsvQuerySchema,
  firmAuditQuerySchema,
  firmUserParamsSchema,
  integrationKeyListSchema,
  integrationKeyParamsSchema,
  isJwtShaped,
  meResponseSchema,
  newIntegrationKeySchema,
  newPairingCodeSchema,
  oidcChallengeResponseSchema,
  oidcSignInSchema,
  pairingCodeResponseSchema,
  pairingSignInSchema,
  revokedSessionsResponseSchema,
  sessionResponseSchema,
  signInOptionsSchema,
  type FirmRole,
} from '../../shared/firm-api';
import type { FirmAudit, FirmAuditEvent } from '../audit/firm-audit';
import { retryAfterSeconds, type Attempt, type AttemptThrottle } from '../auth/attempt-throttle';
import { IdentityProviderUnavailableError, MAX_TOKEN_LENGTH, SignInRefusedError, type OidcVerifier } from '../auth/oidc-verifier';
import type { OidcChallenges } from '../auth/oidc-challenges';
import { PairingIdentityBoundError, type IssuedPairingCode, type PairingCodeRequest } from '../auth/pairing-codes';
import { revokeUserSessions } from '../auth/revoke-sessions';
import { IdentityConflictError, type AuthenticatedSession, type SessionStore } from '../auth/sessions';
import { FIRM_CONNECTION_ROUTE_PATHS, registerFirmConnectionRoutes, type FirmConnectionRoutesDeps } from './firm-connection-routes';
import { FIRM_API_ERRORS, FirmApiError, sendFirmError } from './firm-errors';

/**
 * The accountant routes of the firm server (issue 10 items 4 and 6): signing in (identity provider
 * or pairing code), who am I, signing out, the admin's pairing codes and integration keys, and the
 * audit. They take a server session (`Authorization: Bearer fxs_…`), not an integration key, so the
 * app's key check must skip {@link FIRM_ROUTE_PATHS}. Every body, parameter and query is parsed with
 * the shared schemas (shared/firm-api.ts), and so is every answer, so nothing undeclared (a token,
 * a hash) can leave. Nothing here logs a secret: refusals are logged by code, errors by name.
 */

/** What the admin routes need of the integration keys (server/keys `IntegrationKeys`). */
export interface AdminIntegrationKeys {
  list(): Promise<ToolKeyRecord[]>;
  create(input: NewToolKey, createdBy: string): Promise<{ key: string; record: ToolKeyRecord }>;
  revoke(id: string): Promise<boolean>;
}

export interface FirmRoutesDeps {
  sessions: Pick<SessionStore, 'signInWithOidc' | 'redeemPairingCode' | 'authenticate' | 'isActive' | 'revoke' | 'revokeAllForUser' | 'findUser'>;
  /** Null when the firm uses pairing codes only (`/v1/sessions/oidc` then answers `sign_in_refused`). */
  verifier: OidcVerifier | null;
  /**
   * The sign-in challenges whose nonce binds an ID token to a sign-in this server started
   * (oidc-challenges.ts); absent, `/v1/sessions/oidc-challenge` answers `sign_in_refused` and ID
   * tokens are refused (access tokens still work).
   */
  challenges?: Pick<OidcChallenges, 'issue' | 'consume' | 'consumeIdTokenNonce'>;
  /** What `GET /v1/firm/sign-in` tells the desktop (from the configuration). */
  signInOptions: z.input<typeof signInOptionsSchema>;
  pairingCodes: { issue(request: PairingCodeRequest, createdBy: string): Promise<IssuedPairingCode> };
  keys: AdminIntegrationKeys;
  audit: Pick<FirmAudit, 'record' | 'page' | 'csv'>;
  /** Failed sign-in and pairing attempts per client address and credential, and pairing failures overall. */
  throttle: AttemptThrottle;
  /** Told about a failure by its name only (an audit write that failed, an unexpected error). */
  onFailure?: (what: string, errorName: string) => void;
  /**
   * The connection routes (firm-connection-routes.ts `createFirmConnectionRoutes`): Fortnox client,
   * company list and its events, connect, test, disconnect; absent, they answer `not_found`.
   */
  connections?: FirmConnectionRoutesDeps;
}

/** The paths these routes serve (for the app's key check to skip, and for tests). */
export const FIRM_ROUTE_PATHS = {
  signIn: '/v1/firm/sign-in',
  oidcChallenge: '/v1/sessions/oidc-challenge',
  oidcSession: '/v1/sessions/oidc',
  pairingSession: '/v1/sessions/pairing',
  me: '/v1/me',
  currentSession: '/v1/sessions/current',
  pairingCodes: '/v1/admin/pairing-codes',
  integrationKeys: '/v1/admin/integration-keys',
  integrationKey: '/v1/admin/integration-keys/:id',
  userSessions: '/v1/admin/users/:id/sessions',
  audit: '/v1/firm/audit',
  auditCsv: '/v1/firm/audit.csv',
  ...FIRM_CONNECTION_ROUTE_PATHS,
} as const;

/** Whether a route pattern is one of the accountant routes (they take sessions, not integration keys). */
export function isFirmRoutePath(pattern: string): boolean {
  return (Object.values(FIRM_ROUTE_PATHS) as string[]).includes(pattern);
}

function parse<Schema extends ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new FirmApiError('invalid_request');
  return parsed.data;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Largest body of `POST /v1/sessions/oidc`: an ID token and an access token of the longest kind, and the JSON around them. */
export const OIDC_SIGN_IN_BODY_LIMIT_BYTES = 2 * MAX_TOKEN_LENGTH + 1024;

/** The provider's token from `Authorization: Bearer …` (one header, bounded), or undefined. */
function providerTokenOf(request: FastifyRequest): string | undefined {
  const facts = inspectHeaders(request.raw.rawHeaders);
  if (facts.authorizations !== 1 || facts.authorization.length > MAX_TOKEN_LENGTH + 16) return undefined;
  return /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(facts.authorization.trim())?.[1];
}

/**
 * Registers the accountant routes on `app` in their own encapsulated scope (error handler, body
 * parsers); they load with the app (`await app.ready()`).
 */
export function registerFirmRoutes(app: FastifyInstance, deps: FirmRoutesDeps): void {
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser('text/plain')) scope.removeContentTypeParser(['text/plain']);

    const record = async (event: FirmAuditEvent): Promise<void> => {
      try {
        await deps.audit.record(event);
      } catch (error) {
        deps.onFailure?.('audit_write', errorName(error));
      }
    };

    /** The session secret the request presents (one Bearer), unchecked. */
    const presentedSession = (request: FastifyRequest): string | undefined => bearerKeyOf(inspectHeaders(request.raw.rawHeaders));

    /** The session the request presents, with at least `role`; throws the refusal otherwise. */
    const sessionOf = async (request: FastifyRequest, role?: FirmRole): Promise<AuthenticatedSession> => {
      const presented = presentedSession(request);
      const session = presented === undefined ? null : await deps.sessions.authenticate(presented);
      if (!session) throw new FirmApiError('session_required');
      if (role === 'admin' && session.user.role !== 'admin') throw new FirmApiError('role_required');
      return session;
    };

    /** What a sign-in attempt presents, for the throttle (attempt-throttle.ts keeps only a hash). */
    const attemptOf = (request: FastifyRequest, credential: string | undefined, guessable: boolean): Attempt => ({
      address: request.ip,
      credential: credential ?? '',
      guessable,
    });

    /** Refuses an attempt that failed too often; it is not looked at. */
    const checkAttempts = (attempt: Attempt): void => {
      const wait = deps.throttle.blockedFor(attempt);
      if (wait > 0) throw new FirmApiError('too_many_attempts', { retryAfterSeconds: retryAfterSeconds(wait) });
    };

    /** A refused sign-in: counted against the attempt and audited without anything presented. */
    const refusedSignIn = async (request: FastifyRequest, attempt: Attempt, code: 'sign_in_refused' | 'pairing_code_invalid' | 'identity_bound' | 'invalid_request'): Promise<never> => {
      deps.throttle.failure(attempt);
      const status = FIRM_API_ERRORS[code].status;
      await record({ action: 'refused', actor: null, method: request.method, path: request.routeOptions.url ?? null, status });
      throw new FirmApiError(code);
    };

    /** No body is accepted on this route (a `Content-Length: 0` or none at all). */
    const noBody = (request: FastifyRequest): void => {
      if (request.body !== undefined && request.body !== null && request.body !== '') throw new FirmApiError('invalid_request');
    };

    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof FirmApiError) return sendFirmError(reply, error.code, error.options);
      const code = errorCodeOf(error);
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendFirmError(reply, 'body_too_large');
      if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendFirmError(reply, 'unsupported_media_type');
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) return sendFirmError(reply, 'invalid_request');
      if (error instanceof IdentityProviderUnavailableError) {
        return sendFirmError(reply, 'internal_error', { status: 502, message: 'The identity provider could not be reached; try again later.' });
      }
      // The error's name only: a message may quote what it failed on.
      deps.onFailure?.(`route ${request.routeOptions.url ?? 'unmatched'}`, errorName(error));
      return sendFirmError(reply, 'internal_error');
    });

    const options = { bodyLimit: DEFAULT_BODY_LIMIT_BYTES };

    scope.get(FIRM_ROUTE_PATHS.signIn, options, async (_request, reply) => reply.send(signInOptionsSchema.parse(deps.signInOptions)));

    // A nonce for one sign-in through the provider (oidc-challenges.ts): no session, no body; bounded
    // per address (IPv6: per /64), never refused for everyone at once (a full table drops its oldest).
    scope.post(FIRM_ROUTE_PATHS.oidcChallenge, options, async (request, reply) => {
      noBody(request);
      if (!deps.challenges || deps.verifier === null) throw new FirmApiError('sign_in_refused');
      const issued = await deps.challenges.issue(request.ip);
      if ('retryAfterMs' in issued) {
        throw new FirmApiError('too_many_attempts', {
          retryAfterSeconds: retryAfterSeconds(issued.retryAfterMs),
          message: 'Too many sign-ins were started; try again after Retry-After seconds.',
        });
      }
      return reply.header('cache-control', 'no-store').send(oidcChallengeResponseSchema.parse(issued));
    });

    /*
     * Sign-in with the provider's tokens, in one of two forms:
     * - `Authorization: Bearer <access token>` and no body (an access token for this API), or
     * - a JSON body { idToken, accessToken? } (shared/firm-api.ts oidcSignInSchema) and no
     *   Authorization: a JWT access token is checked as above when an API audience is configured;
     *   otherwise (an opaque access token as Google's, or none, or no OIDC_AUDIENCE) the ID token
     *   signs in, only with the nonce of an outstanding challenge, which it uses up. When the access
     *   token decides, the ID token's challenge is used up all the same (one challenge, one attempt).
     */
    scope.post(FIRM_ROUTE_PATHS.oidcSession, { bodyLimit: OIDC_SIGN_IN_BODY_LIMIT_BYTES }, async (request, reply) => {
      const bearerToken = providerTokenOf(request);
      const hasBody = request.body !== undefined && request.body !== null && request.body !== '';
      const body = hasBody ? oidcSignInSchema.safeParse(request.body) : null;
      const attempt = attemptOf(request, body?.success ? body.data.idToken : bearerToken, false);
      checkAttempts(attempt);
      if (body !== null && (!body.success || inspectHeaders(request.raw.rawHeaders).authorizations > 0)) return refusedSignIn(request, attempt, 'invalid_request');
      const idToken = body?.data?.idToken;
      const accessToken = body ? body.data?.accessToken : bearerToken;
      if (deps.verifier === null || (idToken === undefined && accessToken === undefined)) return refusedSignIn(request, attempt, 'sign_in_refused');
      const verifier = deps.verifier;
      const challenges = deps.challenges;
      let identity;
      try {
        if (accessToken !== undefined && (idToken === undefined || (isJwtShaped(accessToken) && verifier.acceptsAccessTokens))) {
          if (idToken !== undefined && challenges) await challenges.consumeIdTokenNonce(idToken);
          identity = await verifier.verify(accessToken);
        } else {
          identity = await verifier.verifyIdToken(idToken!, (nonce) => (challenges ? challenges.consume(nonce) : Promise.resolve(false)));
        }
      } catch (error) {
        if (error instanceof SignInRefusedError) {
          deps.onFailure?.('sign_in_refused', error.reason);
          return refusedSignIn(request, attempt, 'sign_in_refused');
        }
        throw error;
      }
      let started;
      try {
        started = await deps.sessions.signInWithOidc(identity);
      } catch (error) {
        // Another user has the address: refused rather than merged (sessions.ts bindOidcUser).
        if (error instanceof IdentityConflictError) {
          deps.onFailure?.('sign_in_refused', 'identity_conflict');
          return refusedSignIn(request, attempt, 'sign_in_refused');
        }
        throw error;
      }
      await record({ action: 'sign_in', actor: { kind: 'user', name: started.user.email }, method: 'POST', path: FIRM_ROUTE_PATHS.oidcSession, status: 200 });
      return reply.send(sessionResponseSchema.parse(started));
    });

    scope.post(FIRM_ROUTE_PATHS.pairingSession, options, async (request, reply) => {
      const presented = (request.body as { code?: unknown } | null | undefined)?.code;
      const attempt = attemptOf(request, typeof presented === 'string' ? presented.slice(0, 64) : undefined, true);
      checkAttempts(attempt);
      const parsed = pairingSignInSchema.safeParse(request.body);
      if (!parsed.success) return refusedSignIn(request, attempt, 'invalid_request');
      let started;
      try {
        started = await deps.sessions.redeemPairingCode(parsed.data.code, parsed.data.deviceName);
      } catch (error) {
        // A code for a provider-bound user: refused (409, audited), the user untouched (sessions.ts upsertPairedUser).
        if (error instanceof PairingIdentityBoundError) return refusedSignIn(request, attempt, 'identity_bound');
        throw error;
      }
      if (!started) return refusedSignIn(request, attempt, 'pairing_code_invalid');
      await record({ action: 'sign_in', actor: { kind: 'user', name: started.user.email }, method: 'POST', path: FIRM_ROUTE_PATHS.pairingSession, status: 200 });
      return reply.send(sessionResponseSchema.parse(started));
    });

    scope.get(FIRM_ROUTE_PATHS.me, options, async (request, reply) => {
      const session = await sessionOf(request);
      return reply.send(meResponseSchema.parse({ user: session.user, sessionExpiresAt: session.expiresAt }));
    });

    scope.delete(FIRM_ROUTE_PATHS.currentSession, options, async (request, reply) => {
      const session = await sessionOf(request);
      noBody(request);
      await deps.sessions.revoke(session.sessionId);
      return reply.code(204).send();
    });

    scope.post(FIRM_ROUTE_PATHS.pairingCodes, options, async (request, reply) => {
      const session = await sessionOf(request, 'admin');
      const body = parse(newPairingCodeSchema, request.body);
      let issued;
      try {
        // Audited (pairing_code_created) by issuePairingCode itself, as the command line's codes are.
        issued = await deps.pairingCodes.issue(body, session.user.email);
      } catch (error) {
        if (error instanceof PairingIdentityBoundError) throw new FirmApiError('identity_bound');
        throw error;
      }
      return reply.send(pairingCodeResponseSchema.parse(issued));
    });

    scope.get(FIRM_ROUTE_PATHS.integrationKeys, options, async (request, reply) => {
      await sessionOf(request, 'admin');
      const keys = (await deps.keys.list()).map(({ id, name, companies, right, createdAt, expiresAt, lastUsedAt, revokedAt }) => ({
        id,
        name,
        companies,
        right,
        createdAt,
        expiresAt,
        lastUsedAt,
        revokedAt,
      }));
      return reply.send(integrationKeyListSchema.parse({ keys }));
    });

    scope.post(FIRM_ROUTE_PATHS.integrationKeys, options, async (request, reply) => {
      const session = await sessionOf(request, 'admin');
      const body = parse(newIntegrationKeySchema, request.body);
      let created;
      try {
        created = await deps.keys.create(body, session.user.email);
      } catch (error) {
        if (errorName(error) === 'TooManyIntegrationKeysError') {
          throw new FirmApiError('invalid_request', { status: 409, message: 'The most integration keys are kept already; revoke one first.' });
        }
        throw error;
      }
      const { id, name, companies, right, createdAt, expiresAt, lastUsedAt, revokedAt } = created.record;
      await record({ action: 'key_created', actor: { kind: 'user', name: session.user.email }, method: 'POST', path: FIRM_ROUTE_PATHS.integrationKeys, status: 200 });
      return reply.send(createdIntegrationKeySchema.parse({ key: created.key, record: { id, name, companies, right, createdAt, expiresAt, lastUsedAt, revokedAt } }));
    });

    scope.delete(FIRM_ROUTE_PATHS.integrationKey, options, async (request, reply) => {
      const session = await sessionOf(request, 'admin');
      noBody(request);
      const { id } = parse(integrationKeyParamsSchema, request.params);
      if (!(await deps.keys.revoke(id))) throw new FirmApiError('not_found', { message: 'No integration key has this id.' });
      await record({ action: 'key_revoked', actor: { kind: 'user', name: session.user.email }, method: 'DELETE', path: FIRM_ROUTE_PATHS.integrationKey, status: 204 });
      return reply.code(204).send();
    });

    // Ends every session of a user now (a lost laptop, someone leaving): audited, and their open
    // event streams close at the next heartbeat.
    scope.delete(FIRM_ROUTE_PATHS.userSessions, options, async (request, reply) => {
      const session = await sessionOf(request, 'admin');
      noBody(request);
      const { id } = parse(firmUserParamsSchema, request.params);
      const user = await deps.sessions.findUser(id);
      if (!user) throw new FirmApiError('not_found', { message: 'No user has this id.' });
      const revoked = await revokeUserSessions({ sessions: deps.sessions, audit: deps.audit }, user, { actor: session.user.email, method: 'DELETE' });
      return reply.send(revokedSessionsResponseSchema.parse({ revoked }));
    });

    scope.get(FIRM_ROUTE_PATHS.audit, options, async (request, reply) => {
      await sessionOf(request);
      const query = parse(firmAuditQuerySchema, request.query);
      return reply.send(await deps.audit.page(query));
    });

    scope.get(FIRM_ROUTE_PATHS.auditCsv, options, async (request, reply: FastifyReply) => {
      await sessionOf(request);
      const { separator, ...query } = parse(firmAuditCsvQuerySchema, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="firm-audit.csv"')
        .send(Readable.from(deps.audit.csv(query, separator)));
    });

    if (deps.connections) {
      registerFirmConnectionRoutes(scope, deps.connections, {
        sessionOf: (request) => sessionOf(request),
        presentedSession,
        // The heartbeat's check is not a use: an unattended stream must not keep its session alive.
        stillValid: (secret) => deps.sessions.isActive(secret),
        record,
        noBody,
        parse,
        ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
      });
    }
  });
}

import type { z } from 'zod';
import {
  authorizationRequestSchema,
  authorizationResponseSchema,
  createdIntegrationKeySchema,
  firmAuditCsvQuerySchema,
  firmAuditPageSchema,
  firmAuditQuerySchema,
  firmCompaniesSchema,
  firmDisconnectResponseSchema,
  firmErrorBodySchema,
  firmFortnoxClientSchema,
  firmTestResponseSchema,
  integrationKeyListSchema,
  meResponseSchema,
  newIntegrationKeySchema,
  newPairingCodeSchema,
  oidcChallengeResponseSchema,
  oidcSignInSchema,
  pairingCodeResponseSchema,
  pairingSignInSchema,
  sessionResponseSchema,
  signInOptionsSchema,
  type FirmApiErrorCode,
} from '../../shared/firm-api';
import { tenantIdSchema } from '../../shared/company-record';
import { keyIdSchema } from '../../shared/local-api-keys';
import { checkEndpointUrl } from '../config/fortnox-config';
import { sendHttp, TransportError, type HttpAnswer, type HttpBodyStream, type HttpFetch } from '../fortnox/fortnox-http';
import type { Logger } from '../logging/logger';

/** One call to the firm server may take this long (the IdP's token check and a Fortnox exchange included). */
export const FIRM_HTTP_TIMEOUT_MS = 30_000;
/** Most any JSON answer of the firm server may hold (the largest is a list of 10,000 companies). */
export const FIRM_RESPONSE_MAX_BYTES = 16 * 1024 * 1024;
/** Most the audit's CSV export may hold. */
export const FIRM_CSV_MAX_BYTES = 32 * 1024 * 1024;

/** The firm server answered with one of the contract's error codes. */
export class FirmApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: FirmApiErrorCode,
    /** Seconds from Retry-After (too_many_attempts, rate_limited), else null. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(`The firm server refused the request (${code})`);
    this.name = 'FirmApiError';
  }
}

/** The firm server could not be reached or did not answer in time. */
export class FirmUnreachableError extends Error {
  constructor(readonly reason: 'timeout' | 'network') {
    super(reason === 'timeout' ? 'The firm server did not answer in time' : 'The firm server could not be reached');
    this.name = 'FirmUnreachableError';
  }
}

/** The firm server's answer does not fit the contract (too large, not JSON, wrong shape, unexpected status). */
export class FirmProtocolError extends Error {
  constructor(
    readonly reason: 'response_too_large' | 'invalid_response',
    readonly status: number | null,
  ) {
    super(reason === 'response_too_large' ? 'The firm server sent an answer larger than the limit' : 'The firm server sent an answer that does not fit the contract');
    this.name = 'FirmProtocolError';
  }
}

/** Any failure of a call to the firm server. */
export type FirmCallError = FirmApiError | FirmUnreachableError | FirmProtocolError;

/** True for the errors this client throws. */
export function isFirmCallError(error: unknown): error is FirmCallError {
  return error instanceof FirmApiError || error instanceof FirmUnreachableError || error instanceof FirmProtocolError;
}

/**
 * Checks a firm server URL as Settings takes it: https (plain http only on a loopback address, for
 * development and tests), no user name, password, query or fragment. Returns the normalised base
 * (always ending in `/`) the routes are resolved against.
 */
export function checkFirmServerUrl(value: string): { ok: true; url: string } | { ok: false; problem: 'invalid_url' | 'not_https' | 'forbidden_url_part' } {
  const checked = checkEndpointUrl(value.trim());
  if ('problem' in checked) {
    return { ok: false, problem: checked.problem === 'not_https' || checked.problem === 'forbidden_url_part' ? checked.problem : 'invalid_url' };
  }
  if (checked.url.search) return { ok: false, problem: 'forbidden_url_part' };
  const url = new URL(checked.url.href);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return { ok: true, url: url.href };
}

/** Collaborators of the client. */
export interface FirmServerClientDeps {
  /** The server's base URL, already checked with `checkFirmServerUrl`. */
  baseUrl: string;
  fetcher: HttpFetch;
  /** The accountant's server session, sent as Bearer on the routes that need one. */
  session: () => string | undefined;
  /** Called when the server answers 401 `session_required` to a call that carried the session. */
  onSessionRefused?: () => void;
  log: Logger;
  timeoutMs?: number;
}

type Schema = z.ZodType;

interface CallOptions<S extends Schema | null> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** `session` (default): the stored session; a string: that Bearer (the IdP's token); `none`: no Authorization. */
  auth?: 'session' | 'none' | { bearer: string };
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** The answer's schema; null for a 204 with no body. */
  schema: S;
  maxBytes?: number;
}

/** The value of `Retry-After` in whole seconds, when it is given as seconds. */
function retryAfterSeconds(answer: HttpAnswer): number | null {
  const value = answer.retryAfter?.trim();
  return value && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/**
 * The desktop's client of the firm server's accountant API (shared/firm-api.ts): one method per
 * route, the session as Bearer, answers read with a size limit and a time limit and parsed with the
 * contract's schemas, failures as typed errors. It never logs a session, a code or a token: log
 * lines carry the route and status only.
 */
export class FirmServerClient {
  private readonly timeoutMs: number;

  constructor(private readonly deps: FirmServerClientDeps) {
    this.timeoutMs = deps.timeoutMs ?? FIRM_HTTP_TIMEOUT_MS;
  }

  /** The server's base URL (ends in `/`). */
  get baseUrl(): string {
    return this.deps.baseUrl;
  }

  /** `GET /v1/firm/sign-in`: how accountants sign in (no session needed). */
  async signInOptions() {
    return this.call({ method: 'GET', path: 'v1/firm/sign-in', auth: 'none', schema: signInOptionsSchema });
  }

  /** `POST /v1/sessions/oidc-challenge`: a nonce for one sign-in through the IdP (no session needed). */
  async oidcChallenge() {
    return this.call({ method: 'POST', path: 'v1/sessions/oidc-challenge', auth: 'none', schema: oidcChallengeResponseSchema });
  }

  /** `POST /v1/sessions/oidc`: the IdP's access token (never stored) for a server session. */
  async oidcSession(idpAccessToken: string) {
    return this.call({ method: 'POST', path: 'v1/sessions/oidc', auth: { bearer: idpAccessToken }, schema: sessionResponseSchema });
  }

  /**
   * `POST /v1/sessions/oidc` with the IdP's ID token (its nonce a challenge from `oidcChallenge`)
   * and its access token when that is a JWT; neither is stored.
   */
  async oidcIdTokenSession(request: z.input<typeof oidcSignInSchema>) {
    return this.call({ method: 'POST', path: 'v1/sessions/oidc', auth: 'none', body: oidcSignInSchema.parse(request), schema: sessionResponseSchema });
  }

  /** `POST /v1/sessions/pairing`: a pairing code from an admin for a server session. */
  async pairingSession(request: z.input<typeof pairingSignInSchema>) {
    return this.call({ method: 'POST', path: 'v1/sessions/pairing', auth: 'none', body: pairingSignInSchema.parse(request), schema: sessionResponseSchema });
  }

  /** `DELETE /v1/sessions/current`: ends the session at the server. */
  async signOut(): Promise<void> {
    await this.call({ method: 'DELETE', path: 'v1/sessions/current', schema: null });
  }

  /** `GET /v1/me`. */
  async me() {
    return this.call({ method: 'GET', path: 'v1/me', schema: meResponseSchema });
  }

  /** `GET /v1/firm/fortnox`: client id, authorize URL and redirect URIs (never the secret). */
  async fortnoxClient() {
    return this.call({ method: 'GET', path: 'v1/firm/fortnox', schema: firmFortnoxClientSchema });
  }

  /** `GET /v1/firm/companies`. */
  async companies() {
    return this.call({ method: 'GET', path: 'v1/firm/companies', schema: firmCompaniesSchema });
  }

  /** `POST /v1/authorizations`: hands over a code whose state was verified; the server exchanges it. */
  async authorize(request: z.input<typeof authorizationRequestSchema>) {
    return this.call({ method: 'POST', path: 'v1/authorizations', body: authorizationRequestSchema.parse(request), schema: authorizationResponseSchema });
  }

  /** `POST /v1/firm/companies/:tenantId/test`. */
  async testCompany(tenantId: string) {
    return this.call({ method: 'POST', path: `v1/firm/companies/${encodeURIComponent(tenantIdSchema.parse(tenantId))}/test`, schema: firmTestResponseSchema });
  }

  /** `DELETE /v1/firm/companies/:tenantId`: the server revokes at Fortnox and forgets the company. */
  async disconnectCompany(tenantId: string) {
    return this.call({ method: 'DELETE', path: `v1/firm/companies/${encodeURIComponent(tenantIdSchema.parse(tenantId))}`, schema: firmDisconnectResponseSchema });
  }

  /** `GET /v1/admin/integration-keys` (admin). */
  async integrationKeys() {
    return this.call({ method: 'GET', path: 'v1/admin/integration-keys', schema: integrationKeyListSchema });
  }

  /** `POST /v1/admin/integration-keys` (admin): the answer carries the key this one time. */
  async createIntegrationKey(request: z.input<typeof newIntegrationKeySchema>) {
    return this.call({ method: 'POST', path: 'v1/admin/integration-keys', body: newIntegrationKeySchema.parse(request), schema: createdIntegrationKeySchema });
  }

  /** `DELETE /v1/admin/integration-keys/:id` (admin). */
  async revokeIntegrationKey(id: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `v1/admin/integration-keys/${encodeURIComponent(keyIdSchema.parse(id))}`, schema: null });
  }

  /** `POST /v1/admin/pairing-codes` (admin): a one-time code for one person. */
  async createPairingCode(request: z.input<typeof newPairingCodeSchema>) {
    return this.call({ method: 'POST', path: 'v1/admin/pairing-codes', body: newPairingCodeSchema.parse(request), schema: pairingCodeResponseSchema });
  }

  /** `GET /v1/firm/audit`: one page, newest first. */
  async audit(query: z.input<typeof firmAuditQuerySchema> = {}) {
    const checked = firmAuditQuerySchema.parse(query);
    return this.call({ method: 'GET', path: 'v1/firm/audit', query: checked, schema: firmAuditPageSchema });
  }

  /** `GET /v1/firm/audit.csv`: the audit as CSV text (bounded), cells split by `separator` (default `,`). */
  async auditCsv(query: z.input<typeof firmAuditCsvQuerySchema> = {}): Promise<string> {
    const checked = firmAuditCsvQuerySchema.parse(query);
    const answer = await this.send({ method: 'GET', path: 'v1/firm/audit.csv', query: checked, schema: null, maxBytes: FIRM_CSV_MAX_BYTES });
    if (answer.status !== 200 || !/^text\/csv\b/i.test(answer.contentType)) throw new FirmProtocolError('invalid_response', answer.status);
    return answer.body;
  }

  /**
   * `GET /v1/firm/events`: opens the live stream and hands back its body (the caller parses it with
   * a bounded parser and aborts `signal` to close it). Refusals are typed as for every other call.
   */
  async openEvents(signal: AbortSignal): Promise<HttpBodyStream> {
    const session = this.deps.session();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (session) headers.authorization = `Bearer ${session}`;
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort, { once: true });
    // Only the wait for the headers is timed: the stream itself stays open for as long as it lives.
    const timer = setTimeout(abort, this.timeoutMs);
    let response: Awaited<ReturnType<HttpFetch>>;
    try {
      response = await this.deps.fetcher(this.url('v1/firm/events'), { method: 'GET', headers, signal: controller.signal, redirect: 'error' });
    } catch {
      signal.removeEventListener('abort', abort);
      throw new FirmUnreachableError(signal.aborted || !controller.signal.aborted ? 'network' : 'timeout');
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 200 && /^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '') && response.body) {
      return response.body;
    }
    // A refusal's body is small: read it for its code, with the usual limits, then close.
    const answer = await sendHttp(() => Promise.resolve(response), 'about:blank', { method: 'GET', headers: {} }, this.timeoutMs, 64 * 1024).catch(() => null);
    controller.abort();
    signal.removeEventListener('abort', abort);
    if (response.status === 200) throw new FirmProtocolError('invalid_response', 200);
    throw this.refusal(answer ?? { status: response.status, contentType: '', retryAfter: null, body: '' }, session !== undefined, 'GET v1/firm/events');
  }

  private url(path: string, query?: Record<string, string | number | undefined>): string {
    const url = new URL(path, this.deps.baseUrl);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    return url.href;
  }

  private async send<S extends Schema | null>(options: CallOptions<S>): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: options.schema === null && options.maxBytes ? 'text/csv' : 'application/json' };
    const auth = options.auth ?? 'session';
    const session = auth === 'session' ? this.deps.session() : undefined;
    if (auth === 'session' && session) headers.authorization = `Bearer ${session}`;
    if (typeof auth === 'object') headers.authorization = `Bearer ${auth.bearer}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const route = `${options.method} ${options.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    let answer: HttpAnswer;
    try {
      answer = await sendHttp(
        this.deps.fetcher,
        this.url(options.path, options.query),
        { method: options.method, headers, ...(body !== undefined ? { body } : {}) },
        this.timeoutMs,
        options.maxBytes ?? FIRM_RESPONSE_MAX_BYTES,
      );
    } catch (error) {
      const reason = error instanceof TransportError ? error.reason : 'network';
      this.deps.log.warn('firm server call failed', { route, reason });
      if (reason === 'response_too_large') throw new FirmProtocolError('response_too_large', null);
      throw new FirmUnreachableError(reason);
    }
    if (answer.status < 200 || answer.status >= 300) throw this.refusal(answer, auth === 'session' && session !== undefined, route);
    return answer;
  }

  private async call<S extends Schema>(options: CallOptions<S>): Promise<z.output<S>>;
  private async call(options: CallOptions<null>): Promise<void>;
  private async call(options: CallOptions<Schema | null>): Promise<unknown> {
    const answer = await this.send(options);
    if (options.schema === null) {
      if (answer.status !== 204 && answer.status !== 200) throw new FirmProtocolError('invalid_response', answer.status);
      return undefined;
    }
    if (!/^application\/json\b/i.test(answer.contentType)) throw new FirmProtocolError('invalid_response', answer.status);
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      throw new FirmProtocolError('invalid_response', answer.status);
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      this.deps.log.warn('firm server answer does not fit the contract', { route: `${options.method} ${options.path}`, issues: parsed.error.issues.length });
      throw new FirmProtocolError('invalid_response', answer.status);
    }
    return parsed.data;
  }

  /** A non-2xx answer as a typed error; a refused session is reported once to the session keeper. */
  private refusal(answer: HttpAnswer, sentSession: boolean, route: string): FirmCallError {
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    const parsed = firmErrorBodySchema.safeParse(json);
    if (!parsed.success) {
      this.deps.log.warn('firm server refused without a contract error', { route, status: answer.status });
      return new FirmProtocolError('invalid_response', answer.status);
    }
    const code = parsed.data.error.code;
    // The server's message is not logged: it is the server's text, and the code says what it means.
    this.deps.log.info('firm server refused', { route, status: answer.status, reason: code });
    if (answer.status === 401 && code === 'session_required' && sentSession) this.deps.onSessionRefused?.();
    return new FirmApiError(answer.status, code, retryAfterSeconds(answer));
  }
}

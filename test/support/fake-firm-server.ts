import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import {
  authorizationRequestSchema,
  authorizationResponseSchema,
  createdIntegrationKeySchema,
  firmAuditCsvQuerySchema,
  firmAuditQuerySchema,
  integrationKeyListSchema,
  newIntegrationKeySchema,
  type firmAuditEntrySchema,
  FIRM_COMPANIES_EVENT,
  firmAuditPageSchema,
  firmCompaniesSchema,
  firmDisconnectResponseSchema,
  firmFortnoxClientSchema,
  firmTestResponseSchema,
  isJwtShaped,
  meResponseSchema,
  oidcChallengeResponseSchema,
  oidcSignInSchema,
  pairingSignInSchema,
  sessionResponseSchema,
  signInOptionsSchema,
  type FirmApiErrorCode,
  type FirmUser,
} from '../../shared/firm-api';
import type { CompanySummary } from '../../shared/ipc-contract';
import { csvRecord, type CsvSeparator } from '../../main/local-api/audit-csv';

/** An integration key as the fake keeps it (the real server keeps only its hash; the fake needs no more either). */
export type FakeIntegrationKey = z.output<typeof integrationKeyListSchema>['keys'][number];
/** One audit row as the contract sends it. */
export type FakeAuditEntry = z.input<typeof firmAuditEntrySchema>;

/**
 * A stand-in for the firm server in the desktop's tests, built from the contract
 * (shared/firm-api.ts): a real HTTP server on 127.0.0.1 whose every answer is parsed with the
 * contract's schema before it is sent, so a test can never pass on a body the real server could not
 * send. It keeps users, sessions, pairing codes and a company list with its version in memory,
 * streams the list as server-sent events, and records every request (without secrets in the log).
 */

/** A request the fake received. */
export interface FakeFirmRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/**
 * What a provider token handed to `POST /v1/sessions/oidc` turns into (the fake does not verify
 * signatures: the real server does): an access token (as Bearer, or a JWT `accessToken` beside the
 * ID token), or an ID token whose `nonce` the fake issued and has now taken.
 */
export type IdpTokenCheck = (token: string, kind: 'access_token' | 'id_token') => FirmUser | null;

export interface FakeFirmServerOptions {
  /** The firm's identity provider, or null for pairing codes only. */
  oidc?: { issuer: string; clientId: string; scopes: string[]; clientSecret?: string } | null;
  /** Who an IdP token names; default: nobody. */
  checkIdpToken?: IdpTokenCheck;
  /** Whether a JWT access token beside an ID token is checked (an API audience configured, as by default), else the ID token is. */
  acceptsAccessTokens?: boolean;
  fortnox?: z.input<typeof firmFortnoxClientSchema>;
  companies?: CompanySummary[];
  /** Session lifetime (ms) from the fake's clock. */
  sessionTtlMs?: number;
  now?: () => number;
}

export interface FakeFirmServer {
  origin: string;
  /** The base URL to type in Settings (`origin` + `/`). */
  url: string;
  requests: FakeFirmRequest[];
  /** Sign-in challenges issued and not yet taken (their nonces). */
  challenges: Set<string>;
  /** Codes handed over with POST /v1/authorizations, in order. */
  authorizations: z.output<typeof authorizationRequestSchema>[];
  /** Sessions the server knows (secret → user); `delete` to revoke one. */
  sessions: Map<string, { user: FirmUser; expiresAt: number }>;
  /** A one-time pairing code for `user`. */
  addPairingCode(user: FirmUser): string;
  /** Replaces the company list; the version goes up and every open event stream gets it. */
  setCompanies(companies: CompanySummary[]): number;
  /** The list's version now. */
  version(): number;
  /** Sends a raw chunk to every open event stream (for malformed or stale events). */
  sendRaw(chunk: string): void;
  /** Cuts every open event stream. */
  dropEventStreams(): void;
  /** How many event streams are open. */
  openEventStreams(): number;
  /** Resolves when at least `count` event streams are open. */
  eventStreams(count: number): Promise<void>;
  /** The next request to `route` (`'GET /v1/me'`) is answered with this error instead. */
  failNext(route: string, status: number, code: FirmApiErrorCode, headers?: Record<string, string>): void;
  /** The integration keys (admin routes), oldest first. */
  integrationKeys: FakeIntegrationKey[];
  /** The integration keys' secrets as handed out (so a test can check where they went). */
  issuedKeys: string[];
  /** Replaces the audit's rows (any order; the fake answers newest first by id). */
  setAudit(entries: FakeAuditEntry[]): void;
  /** What POST /v1/authorizations answers: the company it connected (a throw answers code_rejected). */
  onAuthorize(handler: (request: z.output<typeof authorizationRequestSchema>) => CompanySummary | Promise<CompanySummary>): void;
  close(): Promise<void>;
}

/** An audit row as the server lists it: by default key "Lönesystemet" fetched a token for 1001 Bageriet AB. */
export function auditRow(id: number, overrides: Partial<FakeAuditEntry> = {}): FakeAuditEntry {
  return {
    id,
    at: Date.UTC(2025, 0, 15, 8, 0, id % 60),
    action: 'token',
    actorKind: 'key',
    actor: 'Lönesystemet',
    tenantId: '1001',
    companyName: 'Bageriet AB',
    method: null,
    path: null,
    status: 200,
    ...overrides,
  };
}

/** A user as the server knows them. */
export function firmUser(overrides: Partial<FirmUser> = {}): FirmUser {
  return { id: 'usr_0123456789abcdef', email: 'anna@byran.example', name: 'Anna Andersson', role: 'accountant', ...overrides };
}

/** A company summary as the server lists it. */
export function firmCompany(tenantId: string, companyName: string, overrides: Partial<CompanySummary> = {}): CompanySummary {
  return {
    tenantId,
    companyName,
    organizationNumber: null,
    accountType: 'user',
    requestedScopes: ['companyinformation'],
    grantedScopes: ['companyinformation'],
    offlineAccess: true,
    connectedAt: Date.UTC(2025, 0, 10),
    lastRefreshedAt: null,
    accessTokenExpiresAt: null,
    statusIssue: null,
    statusDetail: null,
    refreshTokenExpiresAt: null,
    status: 'active',
    lastTest: null,
    ...overrides,
  };
}

const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function pairingCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((byte) => PAIRING_ALPHABET[byte % PAIRING_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol('invalid json');
  }
}

/** A JWT's claims, unverified. */
function unverifiedClaims(token: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeFirmServer(options: FakeFirmServerOptions = {}): Promise<FakeFirmServer> {
  const now = options.now ?? Date.now;
  const sessionTtlMs = options.sessionTtlMs ?? 8 * 3600_000;
  const requests: FakeFirmRequest[] = [];
  const authorizations: FakeFirmServer['authorizations'] = [];
  const sessions: FakeFirmServer['sessions'] = new Map();
  const pairing = new Map<string, FirmUser>();
  const challenges = new Set<string>();
  const failures = new Map<string, { status: number; code: FirmApiErrorCode; headers: Record<string, string> }>();
  const streams = new Set<ServerResponse>();
  const streamWaiters: (() => void)[] = [];
  let companies = firmCompaniesSchema.parse({ companies: options.companies ?? [], version: 1 });
  const integrationKeys: FakeIntegrationKey[] = [];
  const issuedKeys: string[] = [];
  let audit: FakeAuditEntry[] = [];
  let authorizeHandler: ((request: z.output<typeof authorizationRequestSchema>) => CompanySummary | Promise<CompanySummary>) | undefined;

  const json = <S extends z.ZodType>(res: ServerResponse, status: number, schema: S, value: z.input<S>) => {
    const body = JSON.stringify(schema.parse(value));
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  };
  const refuse = (res: ServerResponse, status: number, code: FirmApiErrorCode, headers: Record<string, string> = {}) => {
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      .end(JSON.stringify({ error: { code, message: `refused: ${code}` } }));
  };
  const newSession = (user: FirmUser) => {
    const session = `fxs_${randomBytes(32).toString('base64url')}`;
    const expiresAt = now() + sessionTtlMs;
    sessions.set(session, { user, expiresAt });
    return { session, expiresAt, user };
  };
  const eventText = () => `event: ${FIRM_COMPANIES_EVENT}\ndata: ${JSON.stringify(companies)}\n\n`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const authorization = req.headers.authorization ?? null;
    requests.push({ method, path: url.pathname + url.search, authorization, body });
    const route = `${method} ${url.pathname}`;
    const failure = failures.get(route);
    if (failure) {
      failures.delete(route);
      refuse(res, failure.status, failure.code, failure.headers);
      return;
    }
    if (typeof body === 'symbol') return refuse(res, 400, 'invalid_request');
    const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const current = bearer ? sessions.get(bearer) : undefined;
    const sessionUser = current && current.expiresAt > now() ? current.user : undefined;

    if (route === 'GET /v1/firm/sign-in') {
      return json(res, 200, signInOptionsSchema, { oidc: options.oidc ?? null, pairing: true });
    }
    if (route === 'POST /v1/sessions/pairing') {
      const parsed = pairingSignInSchema.safeParse(body);
      if (!parsed.success) return refuse(res, 400, 'invalid_request');
      const user = pairing.get(parsed.data.code);
      if (!user) return refuse(res, 401, 'pairing_code_invalid');
      pairing.delete(parsed.data.code);
      return json(res, 200, sessionResponseSchema, newSession(user));
    }
    if (route === 'POST /v1/sessions/oidc-challenge') {
      if (!options.oidc) return refuse(res, 401, 'sign_in_refused');
      const nonce = randomBytes(32).toString('base64url');
      challenges.add(nonce);
      return json(res, 200, oidcChallengeResponseSchema, { nonce, expiresAt: now() + 10 * 60_000 });
    }
    if (route === 'POST /v1/sessions/oidc') {
      const check = options.checkIdpToken ?? (() => null);
      let user: FirmUser | null = null;
      if (body !== undefined) {
        const parsed = oidcSignInSchema.safeParse(body);
        if (!parsed.success || authorization !== null) return refuse(res, 400, 'invalid_request');
        const { idToken, accessToken } = parsed.data;
        if (accessToken !== undefined && isJwtShaped(accessToken) && (options.acceptsAccessTokens ?? true)) {
          user = check(accessToken, 'access_token');
        } else {
          const nonce = unverifiedClaims(idToken)?.nonce;
          if (typeof nonce === 'string' && challenges.delete(nonce)) user = check(idToken, 'id_token');
        }
      } else if (bearer) {
        user = check(bearer, 'access_token');
      }
      if (!user) return refuse(res, 401, 'sign_in_refused');
      return json(res, 200, sessionResponseSchema, newSession(user));
    }
    if (!sessionUser) return refuse(res, 401, 'session_required');
    if (route === 'DELETE /v1/sessions/current') {
      sessions.delete(bearer ?? '');
      res.writeHead(204).end();
      return;
    }
    if (route === 'GET /v1/me') return json(res, 200, meResponseSchema, { user: sessionUser, sessionExpiresAt: current?.expiresAt ?? 0 });
    if (route === 'GET /v1/firm/fortnox') {
      if (!options.fortnox) return refuse(res, 404, 'not_found');
      return json(res, 200, firmFortnoxClientSchema, options.fortnox);
    }
    if (route === 'GET /v1/firm/companies') return json(res, 200, firmCompaniesSchema, companies);
    if (route === 'GET /v1/firm/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      res.write(eventText());
      streams.add(res);
      res.on('close', () => streams.delete(res));
      for (const wake of streamWaiters.splice(0)) wake();
      return;
    }
    if (route === 'POST /v1/authorizations') {
      const parsed = authorizationRequestSchema.safeParse(body);
      if (!parsed.success) return refuse(res, 400, 'invalid_request');
      authorizations.push(parsed.data);
      if (!authorizeHandler) return refuse(res, 502, 'code_rejected');
      let company: CompanySummary;
      try {
        company = await authorizeHandler(parsed.data);
      } catch {
        return refuse(res, 400, 'code_rejected');
      }
      const reconnected = companies.companies.some((entry) => entry.tenantId === company.tenantId);
      setCompanies([...companies.companies.filter((entry) => entry.tenantId !== company.tenantId), company]);
      return json(res, 200, authorizationResponseSchema, { company, reconnected });
    }
    const test = /^POST \/v1\/firm\/companies\/(\d+)\/test$/.exec(route);
    if (test) {
      const company = companies.companies.find((entry) => entry.tenantId === test[1]);
      if (!company) return refuse(res, 404, 'company_not_found');
      const tested = { ...company, lastTest: { at: now(), ok: true, issue: null, companyName: company.companyName } };
      return json(res, 200, firmTestResponseSchema, { company: tested });
    }
    const disconnect = /^DELETE \/v1\/firm\/companies\/(\d+)$/.exec(route);
    if (disconnect) {
      if (!companies.companies.some((entry) => entry.tenantId === disconnect[1])) return refuse(res, 404, 'company_not_found');
      setCompanies(companies.companies.filter((entry) => entry.tenantId !== disconnect[1]));
      return json(res, 200, firmDisconnectResponseSchema, { revoked: true });
    }
    if (route === 'GET /v1/firm/audit' || route === 'GET /v1/firm/audit.csv') {
      const csv = route === 'GET /v1/firm/audit.csv';
      const params = Object.fromEntries(url.searchParams);
      const query = csv ? firmAuditCsvQuerySchema.safeParse(params) : firmAuditQuerySchema.safeParse(params);
      if (!query.success) return refuse(res, 400, 'invalid_request');
      const checked: { before?: number | undefined; tenantId?: string | undefined; limit?: number | undefined; separator?: CsvSeparator } = query.data;
      const { before, tenantId, limit = 100, separator = ',' } = checked;
      const rows = [...audit]
        .sort((a, b) => b.id - a.id)
        .filter((entry) => (tenantId === undefined || entry.tenantId === tenantId) && (before === undefined || entry.id < before));
      if (csv) {
        const columns = ['id', 'at', 'action', 'actor_kind', 'actor', 'tenant_id', 'company_name', 'method', 'path', 'status'];
        const lines = [columns, ...rows.map((entry) => [entry.id, new Date(entry.at).toISOString(), entry.action, entry.actorKind, entry.actor, entry.tenantId, entry.companyName, entry.method, entry.path, entry.status])];
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(lines.map((cells) => csvRecord(cells.map((cell) => (cell === null ? '' : String(cell))), separator)).join(''));
        return;
      }
      const page = rows.slice(0, limit);
      const next = rows.length > limit ? (page.at(-1)?.id ?? null) : null;
      return json(res, 200, firmAuditPageSchema, { entries: page, next });
    }
    const adminRoute = route === 'GET /v1/admin/integration-keys' || route === 'POST /v1/admin/integration-keys' || route.startsWith('DELETE /v1/admin/integration-keys/');
    if (adminRoute && sessionUser.role !== 'admin') return refuse(res, 403, 'role_required');
    if (route === 'GET /v1/admin/integration-keys') return json(res, 200, integrationKeyListSchema, { keys: integrationKeys });
    if (route === 'POST /v1/admin/integration-keys') {
      const parsed = newIntegrationKeySchema.safeParse(body);
      if (!parsed.success) return refuse(res, 400, 'invalid_request');
      const key = `fxc_${randomBytes(18).toString('hex')}`;
      const at = now();
      const record: FakeIntegrationKey = {
        id: `key_${randomBytes(8).toString('hex')}`,
        name: parsed.data.name,
        companies: parsed.data.companies,
        right: parsed.data.right,
        createdAt: at,
        expiresAt: parsed.data.lifetimeDays === null ? null : at + parsed.data.lifetimeDays * 86_400_000,
        lastUsedAt: null,
        revokedAt: null,
      };
      integrationKeys.push(record);
      issuedKeys.push(key);
      return json(res, 200, createdIntegrationKeySchema, { key, record });
    }
    const revoke = /^DELETE \/v1\/admin\/integration-keys\/(key_[0-9a-f]{16})$/.exec(route);
    if (revoke) {
      const record = integrationKeys.find((entry) => entry.id === revoke[1]);
      if (!record) return refuse(res, 404, 'not_found');
      record.revokedAt ??= now();
      res.writeHead(204).end();
      return;
    }
    return refuse(res, 404, 'not_found');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  function setCompanies(next: CompanySummary[]): number {
    companies = firmCompaniesSchema.parse({ companies: next, version: companies.version + 1 });
    for (const stream of streams) stream.write(eventText());
    return companies.version;
  }

  return {
    origin,
    url: `${origin}/`,
    requests,
    challenges,
    authorizations,
    sessions,
    addPairingCode(user) {
      const code = pairingCode();
      pairing.set(code, user);
      return code;
    },
    setCompanies,
    version: () => companies.version,
    sendRaw: (chunk) => {
      for (const stream of streams) stream.write(chunk);
    },
    dropEventStreams: () => {
      for (const stream of streams) stream.destroy();
      streams.clear();
    },
    openEventStreams: () => streams.size,
    eventStreams: async (count) => {
      while (streams.size < count) await new Promise<void>((resolve) => streamWaiters.push(resolve));
    },
    integrationKeys,
    issuedKeys,
    setAudit: (entries) => {
      audit = entries.map((entry) => firmAuditPageSchema.shape.entries.element.parse(entry));
    },
    failNext: (route, status, code, headers = {}) => failures.set(route, { status, code, headers }),
    onAuthorize: (handler) => {
      authorizeHandler = handler;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stream of streams) stream.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

import { execFile } from 'node:child_process';
import http from 'node:http';
import { afterEach } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import type { AccessTokenSource } from '../../../../main/local-api/access-token-source';
import type { ThrottlePolicy } from '../../../../main/local-api/bad-key-throttle';
import { startLocalApi, type LocalApiDeps, type LocalApiServer } from '../../../../main/local-api/local-api-server';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { ToolKeys } from '../../../../main/local-api/tool-keys';
import type { CompanySummary } from '../../../../shared/ipc-contract';
import { DEFAULT_THROTTLE } from '../../../../main/local-api/bad-key-throttle';
import type { NewToolKey } from '../../../../shared/local-api-keys';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/** A connected company as `ConnectionsService.list()` returns it. */
export function companySummary(tenantId: string, name: string, overrides: Partial<CompanySummary> = {}): CompanySummary {
  return {
    tenantId,
    companyName: name,
    organizationNumber: `556${tenantId}-0000`,
    accountType: 'user',
    requestedScopes: ['companyinformation', 'invoice'],
    grantedScopes: ['companyinformation', 'invoice'],
    offlineAccess: true,
    connectedAt: 0,
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

/** An answer, read whole. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** How to start a local API for a test. */
export interface ApiOptions {
  companies?: CompanySummary[];
  /** One company by database number, as `ConnectionsService.company` gives it. */
  company?: LocalApiDeps['company'];
  /** A company's name by database number, as `ConnectionsService.companyName` gives it. */
  companyName?: LocalApiDeps['companyName'];
  tokens?: AccessTokenSource;
  throttle?: ThrottlePolicy;
  bodyLimitBytes?: number;
  clock?: FakeClock;
  port?: number;
  proxy?: LocalApiDeps['proxy'];
  audit?: LocalApiDeps['audit'];
  maxConnections?: number;
  /** The default token source without `cachedAccessToken`: every request goes through Fastify. */
  withoutCachedTokens?: boolean;
  /** How the cached-token answers taken in one turn are written (`LocalApiDeps.answerLater`). */
  answerLater?: (write: () => void) => void;
}

const servers: LocalApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A local API on 127.0.0.1 (and ::1) on a free port, over real sockets, with an in-memory key
 * registry and a fake clock. Repeated bad keys are not slowed down unless `throttle` says so.
 * Closed after each test.
 */
export async function startApi(options: ApiOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const logger = recordingLogger();
  const keys = new ToolKeys({
    store: new MemoryToolKeyStore(),
    random: cryptoRandomBytes,
    now: clock.now,
    log: logger.log,
  });
  await keys.init();
  const companies = options.companies ?? [companySummary('101', 'Café Söder AB'), companySummary('202', 'Bokföringsbyrån Norr AB')];
  const handed: string[] = [];
  const tokenOf = (tenantId: string) => ({
    accessToken: `access-token-of-${tenantId}`,
    expiresAt: clock.now() + 60 * 60 * 1000,
    scopes: ['companyinformation', 'invoice'],
  });
  // As the app's keeper: the token at hand synchronously too, so these tests go through the
  // cached-token answer (cached-token-answer.ts) as well as through Fastify, unless told not to.
  const tokens: AccessTokenSource = options.tokens ?? {
    accessToken: async (tenantId) => {
      const token = tokenOf(tenantId);
      handed.push(token.accessToken);
      return token;
    },
    ...(options.withoutCachedTokens
      ? {}
      : {
          cachedAccessToken: (tenantId: string) => {
            const token = tokenOf(tenantId);
            handed.push(token.accessToken);
            return token;
          },
        }),
  };
  const server = await startLocalApi(
    {
      keys,
      companies: () => companies,
      tokens,
      now: clock.now,
      timers: clock.timers,
      log: logger.log,
      throttle: options.throttle ?? {
        ...DEFAULT_THROTTLE,
        freeFailures: 1_000_000,
      },
      ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.company ? { company: options.company } : {}),
      ...(options.companyName ? { companyName: options.companyName } : {}),
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
      ...(options.answerLater ? { answerLater: options.answerLater } : {}),
    },
    { port: options.port ?? 0 },
  );
  servers.push(server);
  const base = `http://127.0.0.1:${server.port}`;
  const newKey = async (input: Partial<NewToolKey> = {}) =>
    (
      await keys.create({
        name: 'test tool',
        companies: ['101'],
        right: 'read',
        lifetimeDays: null,
        ...input,
      })
    ).key;
  return {
    server,
    base,
    clock,
    keys,
    logger,
    handed,
    newKey,
    port: server.port,
  };
}

/** A request with Node's fetch (which always adds `Sec-Fetch-Mode: cors` and sets Host itself). */
export async function fetchApi(
  url: string,
  init: {
    method?: string;
    key?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
    ...init.headers,
  };
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
}

/** A request with Node's http module on a new connection, with exactly the headers given (Host included). */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers: Record<string, string>;
    host?: string;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
        setHost: false,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers as Record<string, string>,
            text,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** An answer on a kept-alive connection, and whether the connection was one used before. */
export interface KeptAliveAnswer extends Answer {
  reusedSocket: boolean;
}

/**
 * A client that keeps its connections (at most `sockets`) open between requests, as a tool that
 * calls often does; `close` ends them. Host is set by Node (127.0.0.1 and the port).
 */
export function keptAliveClient(port: number, sockets = 1) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const request = (options: { method?: string; path: string; key?: string }): Promise<KeptAliveAnswer> =>
    new Promise((resolve, reject) => {
      const sent = http.request(
        {
          host: '127.0.0.1',
          port,
          method: options.method ?? 'GET',
          path: options.path,
          headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
          agent,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers as Record<string, string>, text, reusedSocket: sent.reusedSocket }),
          );
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  return { request, close: () => agent.destroy() };
}

/** A request with the `curl` binary: a real external client. Headers come back lower-cased. */
export function curl(args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', '--dump-header', '-', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl failed: ${stderr || error.message}`));
      const split = stdout.indexOf('\r\n\r\n');
      const head = split === -1 ? stdout : stdout.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        text: split === -1 ? '' : stdout.slice(split + 4),
      });
    });
  });
}

/** The error code of an error answer. */
export function errorCode(answer: Answer): string | undefined {
  try {
    return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Names of CORS headers in an answer (there must never be any). */
export function corsHeaders(answer: Answer): string[] {
  return Object.keys(answer.headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
}

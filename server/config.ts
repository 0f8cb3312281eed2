import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { localKeyPath, readEncryptionKeys, type EncryptionKeySettings } from './crypto/key-source';
import { boundedInteger, CONTROL, endpointUrl, EnvReader, HOSTNAME } from './env/env-reader';
import { readFortnox, type FortnoxSettings } from './env/fortnox-settings';
import { readOidc, type OidcSettings } from './env/oidc-settings';
import { SecretText } from './env/secret-text';
import { DEFAULT_SESSION_TOOL_RIGHT, SESSION_TOOL_RIGHTS, type SessionToolRight } from './auth/session-tool-right';
import { readSecretVariable, type Env, type EnvProblem } from './env/secret-variables';
import { unknownVariables } from './env/unknown-variables';

export type { FortnoxEndpoints, FortnoxSettings } from './env/fortnox-settings';
export type { OidcSettings } from './env/oidc-settings';
export type { Env, EnvProblem } from './env/secret-variables';

/**
 * The firm server's configuration, from environment variables only (twelve-factor; secrets may come
 * from files named by `*_FILE`, the Docker and Kubernetes secrets convention). Every problem is
 * collected, one line each naming the variable, what is wrong and a good value, so an operator fixes
 * them all in one go. No message contains a value that was given: some are secrets.
 */

/** The port the server listens on by default (the desktop's local API uses 41817). */
export const DEFAULT_PORT = 41818;
/**
 * Default least time between announcements of successful refreshes (REFRESH_ANNOUNCE_SECONDS):
 * every announcement makes every open desktop read the whole company list, and with thousands
 * of companies refreshed about hourly one comes every few seconds; a new renew-by time can wait a minute.
 */
export const DEFAULT_REFRESH_ANNOUNCE_SECONDS = 60;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The broadest proxy ranges TRUST_PROXY takes: a /24 of IPv4 or a /64 of IPv6 (one network segment). */
export const NARROWEST_PROXY_PREFIX = { 4: 24, 6: 64 } as const;

/**
 * A proxy's address or a narrow CIDR range, as proxy-addr (Fastify's trustProxy) takes it. Broader
 * ranges, `true`, hop counts and proxy-addr's names (`uniquelocal` is every private network) are
 * refused: whoever can reach the server from such a range could write any X-Forwarded-For, and the
 * sign-in throttle and the audit would believe it.
 */
function proxyAddress(item: string): { value: string } | { problem: string } {
  const [address = '', prefix, extra] = item.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return { problem: 'is not an IP address or CIDR range' };
  const maxPrefix = family === 4 ? 32 : 128;
  const bits = prefix === undefined ? maxPrefix : Number(prefix);
  if (bits > maxPrefix) return { problem: 'is not an IP address or CIDR range' };
  if (bits < NARROWEST_PROXY_PREFIX[family as 4 | 6]) return { problem: `is too broad (/${bits}): name the proxy's own address, or a range of at most /${NARROWEST_PROXY_PREFIX[family as 4 | 6]}` };
  return { value: item };
}

const schemas = {
  port: boundedInteger(0, 65535, ' (0 picks a free port)'),
  host: z.string().refine((value) => isIP(value) !== 0 || HOSTNAME.test(value), 'must be an IP address or a host name to listen on'),
  dataDir: z.string().refine((value) => !CONTROL.test(value), 'must be a folder path without control characters'),
  databaseUrl: z.string().transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
      ctx.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL' });
      return z.NEVER;
    }
    return new SecretText(value);
  }),
  logLevel: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  sessionToolRight: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(SESSION_TOOL_RIGHTS, { error: `must be one of ${SESSION_TOOL_RIGHTS.join(', ')}` })),
  trustProxy: z.string().transform((value, ctx): string[] => {
    const lower = value.trim().toLowerCase();
    if (lower === 'false' || lower === '') return [];
    if (lower === 'true' || /^\d+$/.test(lower)) {
      ctx.addIssue({ code: 'custom', message: "must name the proxies (addresses or narrow CIDR ranges), not true or a hop count: those believe X-Forwarded-For from any client that reaches the server" });
      return z.NEVER;
    }
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length > 50) {
      ctx.addIssue({ code: 'custom', message: `lists ${items.length} entries; at most 50` });
      return z.NEVER;
    }
    items.forEach((item, index) => {
      const checked = proxyAddress(item);
      if ('problem' in checked) ctx.addIssue({ code: 'custom', message: `entry ${index + 1} ${checked.problem}` });
    });
    return items;
  }),
};

export type DatabaseSettings =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: SecretText; poolMax: number };

/** A validated configuration. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute. Holds the embedded database and, without ENCRYPTION_KEY, its key. */
  dataDir: string;
  database: DatabaseSettings;
  fortnox: FortnoxSettings;
  /** The server's address as desktop apps reach it, when it differs from host and port. */
  publicUrl: string | null;
  /**
   * The proxies whose X-Forwarded-For is believed (TRUST_PROXY), as Fastify's `trustProxy` takes
   * them; empty (the default): none, the client's address is the connection's.
   */
  trustProxy: string[];
  logLevel: LogLevel;
  /** Background refreshes in flight at once in this process. */
  refreshConcurrency: number;
  /**
   * Least time between two announcements of successful refreshes to the desktops' live lists
   * (REFRESH_ANNOUNCE_SECONDS); status changes and failed refreshes are announced at once.
   */
  refreshAnnounceMs: number;
  oidc: OidcSettings | null;
  /**
   * SESSION_TOOL_RIGHT: what an accountant's session, forwarded by the desktop's local API, may do
   * on the tool routes at most (server/http/tool-access.ts). The desktop's declared key scope only
   * narrows below it: it is not a credential. `none` switches forwarding off firm-wide.
   */
  sessionToolRight: SessionToolRight;
  /** The bearer token `/metrics` asks of scrapers (METRICS_TOKEN or METRICS_TOKEN_FILE); null: `/metrics` is refused. */
  metricsToken: SecretText | null;
  encryption: EncryptionKeySettings;
  /** Facts for the start-up log: listening on every interface, simulator mode, a generated key. */
  notices: string[];
}

/** The configuration cannot be used; `problems` lists every reason, the message one per line. */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';

  constructor(readonly problems: readonly EnvProblem[]) {
    super(
      [
        `The server's configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`,
        ...problems.map((p) => `  ${formatProblem(p)}`),
      ].join('\n'),
    );
  }
}

/** One problem as one line: `NAME problem. Example: NAME=value`. */
export function formatProblem(problem: EnvProblem): string {
  const end = /[.?!]$/.test(problem.problem) ? '' : '.';
  return `${problem.variable} ${problem.problem}${end} Example: ${problem.example}`;
}

const DATABASE_URL_EXAMPLE = 'DATABASE_URL=postgres://fortnox:<password>@db.internal:5432/fortnox';

/**
 * DATABASE_URL, or the file DATABASE_URL_FILE names (it holds the database password: a Docker or
 * Kubernetes secret), checked alike; a problem with the file's content names DATABASE_URL_FILE.
 */
function readDatabaseUrl(reader: EnvReader, env: Env): SecretText | undefined {
  const problems: EnvProblem[] = [];
  const given = readSecretVariable(env, 'DATABASE_URL', problems, '/run/secrets/database-url');
  reader.problems.push(...problems);
  if (!given) return undefined;
  if (given.variable === 'DATABASE_URL') return reader.read('DATABASE_URL', schemas.databaseUrl, DATABASE_URL_EXAMPLE, 4096);
  const text = given.text.trim();
  const parsed = text.length <= 4096 ? schemas.databaseUrl.safeParse(text) : undefined;
  if (parsed?.success) return parsed.data;
  reader.report('DATABASE_URL_FILE', 'names a file that does not hold a postgres:// or postgresql:// URL (of at most 4096 characters)', 'DATABASE_URL_FILE=/run/secrets/database-url');
  return undefined;
}

/** A metrics token: at least 32 printable characters without spaces (`openssl rand -hex 32`). */
const METRICS_TOKEN = /^[\x21-\x7e]{32,512}$/;
const METRICS_TOKEN_EXAMPLE = 'METRICS_TOKEN_FILE=/run/secrets/metrics-token (32 or more random characters, from `openssl rand -hex 32`)';

/** METRICS_TOKEN or METRICS_TOKEN_FILE, checked; a problem names the variable that held it, never the value. */
function readMetricsToken(reader: EnvReader, env: Env): SecretText | null {
  const problems: EnvProblem[] = [];
  const given = readSecretVariable(env, 'METRICS_TOKEN', problems, '/run/secrets/metrics-token');
  reader.problems.push(...problems);
  if (!given) return null;
  const text = given.text.trim();
  if (!METRICS_TOKEN.test(text)) {
    reader.report(given.variable, `${given.variable === 'METRICS_TOKEN' ? 'must be' : 'names a file that does not hold'} 32 to 512 printable characters without spaces`, METRICS_TOKEN_EXAMPLE);
    return null;
  }
  return new SecretText(text);
}

/**
 * Reads and validates the server's configuration from `env`. Throws `ServerConfigError` listing every
 * problem; `cwd` resolves a relative DATA_DIR. Reads the secret files the variables name; creates nothing.
 */
export function loadServerConfig(env: Env, options: { cwd?: string } = {}): ServerConfig {
  const reader = new EnvReader(env);
  for (const unknown of unknownVariables(env)) {
    if (unknown.severity === 'problem') reader.report(unknown.variable, unknown.problem, unknown.example);
    else reader.notices.push(`${unknown.variable} ${unknown.problem}.`);
  }

  const port = reader.read('PORT', schemas.port, `PORT=${DEFAULT_PORT}`, 64) ?? DEFAULT_PORT;
  const host = reader.read('HOST', schemas.host, 'HOST=127.0.0.1', 253) ?? '127.0.0.1';
  if (host === '0.0.0.0' || host === '::') {
    reader.notices.push(`HOST=${host}: the server listens on every network interface, not only this machine; put a TLS proxy in front of it and set TRUST_PROXY.`);
  }
  const dataDirText = reader.read('DATA_DIR', schemas.dataDir, 'DATA_DIR=/var/lib/fortnox-connector', 1024) ?? './server-data';
  const dataDir = path.resolve(options.cwd ?? process.cwd(), dataDirText);

  const databaseUrl = readDatabaseUrl(reader, env);
  const poolMax = reader.read('DB_POOL_MAX', boundedInteger(1, 100), 'DB_POOL_MAX=10', 64) ?? 10;
  const refreshConcurrency = reader.read('REFRESH_CONCURRENCY', boundedInteger(1, 64), 'REFRESH_CONCURRENCY=4', 64) ?? 4;
  const refreshAnnounceMs = (reader.read('REFRESH_ANNOUNCE_SECONDS', boundedInteger(1, 3600), 'REFRESH_ANNOUNCE_SECONDS=60', 64) ?? DEFAULT_REFRESH_ANNOUNCE_SECONDS) * 1000;
  const onPostgres = reader.has('DATABASE_URL') || reader.has('DATABASE_URL_FILE');
  if (onPostgres && reader.has('REFRESH_CONCURRENCY') && refreshConcurrency >= poolMax) {
    reader.report('REFRESH_CONCURRENCY', `must be below DB_POOL_MAX (${poolMax}): each refresh holds a pooled connection during its Fortnox call, and requests need connections too`, `REFRESH_CONCURRENCY=${Math.max(1, Math.floor(poolMax / 2))}`);
  } else if (onPostgres && refreshConcurrency >= poolMax) {
    reader.report('DB_POOL_MAX', `must be above REFRESH_CONCURRENCY (${refreshConcurrency}): each refresh holds a pooled connection during its Fortnox call`, `DB_POOL_MAX=${refreshConcurrency * 2}`);
  }
  if (!onPostgres && reader.has('DB_POOL_MAX')) reader.notices.push('DB_POOL_MAX applies only with DATABASE_URL; the embedded database has one connection.');

  const publicUrl = reader.read('PUBLIC_URL', endpointUrl(), 'PUBLIC_URL=https://fortnox-connector.firm.se');
  const trustProxy = reader.read('TRUST_PROXY', schemas.trustProxy, 'TRUST_PROXY=172.30.0.1', 4096) ?? [];
  const sessionToolRight = reader.read('SESSION_TOOL_RIGHT', schemas.sessionToolRight, 'SESSION_TOOL_RIGHT=read', 64) ?? DEFAULT_SESSION_TOOL_RIGHT;
  const logLevel = reader.read('LOG_LEVEL', schemas.logLevel, 'LOG_LEVEL=info', 64) ?? 'info';

  const fortnox = readFortnox(reader, env);
  if (fortnox?.mode === 'embedded-simulator') reader.notices.push('No Fortnox client configured: running against the embedded Fortnox simulator.');
  if (fortnox?.mode === 'external-simulator') reader.notices.push('FORTNOX_USE_SIMULATOR=1: Fortnox is the simulator at FORTNOX_AUTH_URL.');
  const oidc = readOidc(reader, env);
  const metricsToken = readMetricsToken(reader, env);
  if (!metricsToken) reader.notices.push('METRICS_TOKEN is not set: /metrics is refused (403) until a scrape token is configured.');

  const keys = readEncryptionKeys(env);
  if ('problems' in keys) reader.problems.push(...keys.problems);
  else if (onPostgres && keys.settings.current === null) {
    reader.report('ENCRYPTION_KEY', 'is required with DATABASE_URL: every replica must share one key (or set ENCRYPTION_KEY_FILE)', 'ENCRYPTION_KEY=2025-01:<32 random bytes in base64, from `openssl rand -base64 32`>');
  } else if (keys.settings.current === null) {
    reader.notices.push(`No ENCRYPTION_KEY: tokens are encrypted with the key in ${localKeyPath(dataDir)}, created at first start; back it up with the data folder.`);
  }

  if (reader.problems.length > 0 || !fortnox || 'problems' in keys) throw new ServerConfigError(reader.problems);
  return {
    port,
    host,
    dataDir,
    database: databaseUrl ? { kind: 'postgres', url: databaseUrl, poolMax } : { kind: 'pglite', dataDir },
    fortnox,
    publicUrl: publicUrl?.href ?? null,
    trustProxy,
    logLevel,
    refreshConcurrency,
    refreshAnnounceMs,
    oidc,
    sessionToolRight,
    metricsToken,
    encryption: keys.settings,
    notices: reader.notices,
  };
}

/**
 * Multi-process harness for the firm server (issue 10 item 8): the server bundled once per test file
 * with esbuild (node starts a bundle in a fraction of a second, tsx in seconds: the chaos test
 * restarts a replica a hundred times), replica processes spawned on one PostgreSQL test database and
 * one in-process simulator, killed by their own process id, and readers for what they stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { commonOptions } from '../../../../scripts/main-bundle-options.mjs';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { parseKeyText } from '../../../../server/crypto/key-source';
import { tokenAad } from '../../../../server/crypto/column-aad';
import { KeyRing } from '../../../../server/crypto/sealer';
import type { Database, Queryable } from '../../../../server/db/database';
import { MIGRATIONS_DIR } from '../../../../server/db/migrate';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { CLIENT_ID, CLIENT_SECRET } from '../tokens/tokens-test-kit';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
/** The server's process entry (`npm run server`). */
const ENTRY = path.join(ROOT, 'server/main.ts');

/** A bundle of the server entry in a temporary folder, with the migrations beside it. */
export interface ServerBundle {
  readonly file: string;
  remove(): Promise<void>;
}

/** Bundles server/main.ts (CommonJS, node) into a temporary folder; the migrations are copied next to it. */
export async function bundleServer(): Promise<ServerBundle> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fc-fleet-bundle-'));
  const file = path.join(dir, 'server.cjs');
  // As scripts/build-server.mjs builds out/server/index.cjs, but from this checkout's sources into a
  // folder of the test's own: never a stale bundle from an earlier `npm run build`.
  await build({ ...commonOptions, entryPoints: [ENTRY], outfile: file, absWorkingDir: ROOT, external: ['@electric-sql/pglite', 'pg-native'] });
  // migrate.ts reads `<its folder>/migrations`; in the bundle its folder is the bundle's.
  await cp(MIGRATIONS_DIR, path.join(dir, 'migrations'), { recursive: true });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `ENCRYPTION_KEY` text: `<id>:<base64 of 32 random bytes>`. */
export function newEncryptionKeyText(id = 'fleet-1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The key ring the replicas build from `ENCRYPTION_KEY`, for reading and writing rows in the test. */
export function ringFor(keyText: string): KeyRing {
  const parsed = parseKeyText(keyText);
  if ('problem' in parsed) throw new Error(`bad test key: ${parsed.problem}`);
  return new KeyRing(parsed.key);
}

/** What every replica of one test shares. */
export interface FleetSettings {
  databaseUrl: string;
  simulator: FortnoxSimulator;
  encryptionKey: string;
  /** More variables (REFRESH_CONCURRENCY, ...). */
  extra?: Record<string, string>;
}

/**
 * A replica's environment: the simulator's test client (FORTNOX_USE_SIMULATOR=1 with its URLs), the
 * shared database and key, a free port. Nothing from the test runner's environment but PATH.
 */
export function replicaEnv(settings: FleetSettings, name: string): Record<string, string> {
  const url = new URL(settings.databaseUrl);
  // Each replica's connections are named in pg_stat_activity.
  url.searchParams.set('application_name', `fleet-${name}`);
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATABASE_URL: url.href,
    ENCRYPTION_KEY: settings.encryptionKey,
    FORTNOX_CLIENT_ID: CLIENT_ID,
    FORTNOX_CLIENT_SECRET: CLIENT_SECRET,
    FORTNOX_USE_SIMULATOR: '1',
    FORTNOX_AUTH_URL: `${settings.simulator.origin}/oauth-v1/`,
    FORTNOX_API_URL: settings.simulator.apiBaseUrl,
    FORTNOX_REDIRECT_URIS: settings.simulator.appCallbackUrl,
    ...settings.extra,
  };
}

/** A running replica process. */
export class Replica {
  /** Every line it printed (stdout and stderr), oldest first. */
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('replica has no pid');
    return pid;
  }

  /** Starts `node <bundle>` and resolves once it logged its `"event":"listening"` line (rejects if it exits first or takes over `timeoutMs`). */
  static start(bundle: ServerBundle, env: Record<string, string>, name: string, timeoutMs = 20_000): Promise<Replica> {
    // The packages left out of the bundle (PGlite) resolve from this checkout, as they do beside out/server/.
    const child = spawn(process.execPath, [bundle.file], { env: { ...env, NODE_PATH: path.join(ROOT, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    return new Promise<Replica>((resolve, reject) => {
      let replica: Replica | undefined;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`replica ${name} did not listen within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`));
      }, timeoutMs);
      const onLine = (line: string) => {
        if (replica) replica.lines.push(line);
        else lines.push(line);
        if (replica || !line.includes('"listening"')) return;
        let parsed: { event?: unknown; url?: unknown };
        try {
          parsed = JSON.parse(line) as { event?: unknown; url?: unknown };
        } catch {
          return;
        }
        if (parsed.event !== 'listening' || typeof parsed.url !== 'string') return;
        clearTimeout(timer);
        replica = new Replica(name, child, parsed.url);
        replica.lines.push(...lines);
        resolve(replica);
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('exit', (code, signal) => {
        if (replica) return;
        clearTimeout(timer);
        reject(new Error(`replica ${name} exited (${code ?? signal}) before listening:\n${lines.slice(-20).join('\n')}`));
      });
    });
  }

  /** SIGKILL to this process (by its id) and its exit. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** One answer of the access-token route. */
export interface TokenAnswer {
  status: number;
  accessToken?: string;
  errorCode?: string;
}

/** A keep-alive agent per test, so 200 concurrent requests do not each open and close a socket for nothing. */
export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 256 });
}

/**
 * `POST /v1/companies/<tenant>/access-token` with the key (node:http: no Sec-Fetch headers, which
 * the server refuses as a web page's). Rejects on a socket error (a killed replica).
 */
export function requestAccessToken(port: number, tenantId: string, key: string, agent?: http.Agent): Promise<TokenAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/v1/companies/${tenantId}/access-token`, headers: { authorization: `Bearer ${key}` }, agent: agent ?? false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          try {
            const body = JSON.parse(text) as { accessToken?: string; error?: { code?: string } };
            resolve({ status, ...(body.accessToken ? { accessToken: body.accessToken } : {}), ...(body.error?.code ? { errorCode: body.error.code } : {}) });
          } catch {
            resolve({ status });
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A GET through the server's Fortnox proxy: its status only. */
export function proxiedGet(port: number, tenantId: string, fortnoxPath: string, key: string, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'GET', path: `/v1/companies/${tenantId}/fortnox/${fortnoxPath}`, headers: { authorization: `Bearer ${key}` }, agent: agent ?? false },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** An integration key with the `token` right on every company, created as an admin would, straight in the database. */
export async function createTokenKey(db: Queryable): Promise<string> {
  const keys = new IntegrationKeys({ db, random: cryptoRandomBytes, now: Date.now });
  return (await keys.create({ name: 'fleet test', companies: 'all', right: 'token', lifetimeDays: null }, 'fleet-test')).key;
}

/** A company's stored row, opened with the replicas' key (in the test, without marking anything). */
export interface StoredRow {
  tenantId: string;
  accessToken: string;
  refreshToken: string | null;
  generation: number;
  accessExpiresAt: number;
  status: string;
  issue: string | null;
}

/** Every company's row, each token opened; throws (a torn or foreign row) if one does not open. */
export async function readStoredRows(db: Queryable, ring: KeyRing, tenants?: readonly string[]): Promise<Map<string, StoredRow>> {
  const result = await db.query<{
    tenant_id: string;
    key_id: string;
    access_ciphertext: Uint8Array;
    refresh_ciphertext: Uint8Array | null;
    generation: number;
    access_ms: number;
    status: string;
    issue: string | null;
  }>(
    `SELECT t.tenant_id, t.key_id, t.access_ciphertext, t.refresh_ciphertext, t.generation::float8 AS generation,
       (extract(epoch FROM t.access_expires_at) * 1000)::float8 AS access_ms, c.status, c.issue
     FROM company_tokens AS t JOIN companies AS c USING (tenant_id)
     WHERE $1::text[] IS NULL OR t.tenant_id = ANY ($1::text[])`,
    [tenants ? [...tenants] : null],
  );
  const rows = new Map<string, StoredRow>();
  for (const row of result.rows) {
    const open = (bytes: Uint8Array, column: 'access' | 'refresh') => ring.open(row.key_id, Buffer.from(bytes), tokenAad(row.tenant_id, column));
    rows.set(row.tenant_id, {
      tenantId: row.tenant_id,
      accessToken: open(row.access_ciphertext, 'access'),
      refreshToken: row.refresh_ciphertext ? open(row.refresh_ciphertext, 'refresh') : null,
      generation: row.generation,
      accessExpiresAt: row.access_ms,
      status: row.status,
      issue: row.issue,
    });
  }
  return rows;
}

/**
 * Waits until `condition` holds, looking every `everyMs` (a database row, a simulator record: no
 * fixed sleep); throws with `what` after `timeoutMs`.
 */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The claims of a simulator access token (a JWT), unverified. */
export function accessClaims(token: string): { tenantId: number; iat: number; exp: number } {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tenantId: number; iat: number; exp: number };
}

/** Waits until the row lock of the company is free (any transaction holding it, e.g. a killed replica's, has ended). */
export async function rowLockFree(db: Database, tenantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('lock_timeout', '20000', true)`);
    await tx.query('SELECT 1 FROM company_tokens WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
  });
}

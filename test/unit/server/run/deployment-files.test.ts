import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadServerConfig } from '../../../../server/config';
import { DEFAULT_SHUTDOWN_GRACE_MS } from '../../../../server/http/shutdown';
import { REFRESH_SETTLE_MS, REVOCATION_SETTLE_MS, SHUTDOWN_DEADLINE_MS } from '../../../../server/start-server';
import {
  DEFAULT_FORTNOX_TIMEOUT_MS,
  DEFAULT_LOCK_TIMEOUT_MS,
  DEFAULT_ROTATION_WRITE_RETRY_MS,
  REFRESH_AT_FORTNOX_BOUND_MS,
  RESCUE_WRITE_BOUND_MS,
} from '../../../../server/tokens/firm-tokens';
import { ROOT } from './server-process';

/**
 * Docker cannot run here, so the facts that matter in the Dockerfile and the compose example are
 * read from the files themselves: if one of them rots (a secret in ENV, the image running as root,
 * replicas on PGlite, a variable the server does not read), a test says so.
 */

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions by stage: continuation lines joined, comments and blank lines dropped. */
function dockerStages(text: string): { from: string; instructions: Instruction[] }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n\s*/g, ' ');
  const stages: { from: string; instructions: Instruction[] }[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() };
    if (instruction.keyword === 'FROM') stages.push({ from: instruction.args, instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The names an ENV or ARG instruction sets (`A=1 B=2`, or the old `A 1` form). */
function setNames(instruction: Instruction): string[] {
  if (!instruction.args.includes('=')) return [instruction.args.split(/\s+/)[0]!];
  return [...instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((match) => match[1]!);
}

/** A variable name that would carry a secret's value. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|(^|_)KEY($|S$|_)|DATABASE_URL$/;

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const stages = dockerStages(dockerfile);
const runtime = stages.at(-1)!;

describe('the Dockerfile', () => {
  it('builds in one stage (npm ci, the server bundle) and runs from node:22-bookworm-slim in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!;
    expect(build.instructions.some((i) => i.keyword === 'RUN' && /^npm ci\b/.test(i.args))).toBe(true);
    expect(build.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('scripts/build-server.mjs'))).toBe(true);
    expect(runtime.from).toMatch(/^node:22-bookworm-slim(\s|$)/);
  });

  it('copies into the runtime image only the bundle with its migrations and PGlite', () => {
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    expect(copies.every((i) => i.keyword === 'COPY' && i.args.startsWith('--from='))).toBe(true);
    const sources = copies.map((i) => i.args.split(/\s+/)[1]);
    expect(sources).toEqual(expect.arrayContaining([expect.stringMatching(/\/out\/server$/), expect.stringMatching(/\/node_modules\/@electric-sql\/pglite$/)]));
    expect(sources).toHaveLength(2);
    expect(runtime.instructions.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "index.cjs"]');
  });

  it('runs as a non-root user, set before the command', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
  });

  it('puts no secret in ENV or ARG in any stage', () => {
    const named = stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG').flatMap(setNames));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => SECRET_NAME.test(name))).toEqual([]);
  });

  it('listens on every interface, keeps its data in the /data volume, and checks liveness on /livez', () => {
    const env = runtime.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bDATA_DIR=\/data\b/);
    expect(runtime.instructions.find((i) => i.keyword === 'VOLUME')?.args).toMatch(/"\/data"|^\/data$/);
    const healthcheck = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain("path:'/livez'");
  });

  it('keeps the build context small: .dockerignore leaves out node_modules, out, .git, .env files and tests', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'out', '.git', '.env', '.env.*', 'test', 'server-data']));
  });
});

const serviceSchema = z.object({
  image: z.string().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  secrets: z.array(z.string()).optional(),
  healthcheck: z.unknown().optional(),
  stop_grace_period: z.string().optional(),
});
const composeSchema = z.object({
  services: z.record(z.string(), serviceSchema),
  networks: z.record(z.string(), z.object({ ipam: z.object({ config: z.array(z.object({ subnet: z.string(), gateway: z.string() })) }) })).optional(),
  secrets: z.record(z.string(), z.object({ file: z.string() })),
});

const compose = composeSchema.parse(parse(readFileSync(path.join(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }));
const servers = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('fortnox-connector-server'));

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the Prometheus scrape example', () => {
  it('scrapes /metrics of every compose replica with the bearer token file the servers use', () => {
    const prometheus = z
      .object({
        scrape_configs: z.array(
          z.object({
            metrics_path: z.string(),
            authorization: z.object({ type: z.literal('Bearer'), credentials_file: z.string() }),
            static_configs: z.array(z.object({ targets: z.array(z.string()) })),
          }),
        ),
      })
      .parse(parse(readFileSync(path.join(ROOT, 'deploy/prometheus.yml'), 'utf8')));
    const job = prometheus.scrape_configs[0]!;
    expect(job.metrics_path).toBe('/metrics');
    expect(path.basename(job.authorization.credentials_file)).toBe('metrics-token');
    expect(job.static_configs.flatMap((config) => config.targets).sort()).toEqual(servers.map(([name]) => `${name}:41818`).sort());
    for (const [, service] of servers) expect(service.environment?.METRICS_TOKEN_FILE).toBe('/run/secrets/metrics-token');
  });
});

describe('the compose example', () => {
  it('runs PostgreSQL 16 with its password from a secret file', () => {
    const db = compose.services.db;
    expect(db?.image).toMatch(/^postgres:16(\b|-)/);
    expect(db?.environment?.POSTGRES_PASSWORD).toBeUndefined();
    expect(db?.environment?.POSTGRES_PASSWORD_FILE).toMatch(/^\/run\/secrets\//);
  });

  it('runs at least two server replicas, all on PostgreSQL (PGlite is one process)', () => {
    expect(servers.length).toBeGreaterThanOrEqual(2);
    for (const [, service] of servers) {
      const env = service.environment ?? {};
      expect(env.DATABASE_URL ?? env.DATABASE_URL_FILE).toBeDefined();
    }
  });

  it('gives keys, the client secret and the database URL only as secret files the service mounts and compose defines', () => {
    for (const [, service] of servers) {
      const env = service.environment ?? {};
      for (const name of ['ENCRYPTION_KEY', 'FORTNOX_CLIENT_SECRET', 'DATABASE_URL', 'ENCRYPTION_OLD_KEYS']) expect(env[name]).toBeUndefined();
      expect(Object.keys(env).filter((name) => SECRET_NAME.test(name) && !name.endsWith('_FILE'))).toEqual([]);
      for (const name of ['ENCRYPTION_KEY_FILE', 'FORTNOX_CLIENT_SECRET_FILE']) expect(env[name]).toBeDefined();
      for (const [name, value] of Object.entries(env).filter(([name]) => name.endsWith('_FILE'))) {
        const secret = /^\/run\/secrets\/([a-z0-9-]+)$/.exec(String(value))?.[1];
        expect(secret, name).toBeDefined();
        expect(service.secrets, name).toContain(secret);
        expect(compose.secrets[secret!]?.file, name).toBeDefined();
      }
    }
  });

  it('sets only variables the server reads, with values it accepts (the secret files stand in as temporary files)', () => {
    for (const [name, service] of servers) {
      const folder = mkdtempSync(path.join(tmpdir(), 'compose-env-'));
      folders.push(folder);
      const stand = {
        'database-url': 'postgres://fortnox:pw@db:5432/fortnox',
        'encryption-key': `2025-01:${randomBytes(32).toString('base64')}`,
        'fortnox-client-secret': 'client-secret-from-file',
        'metrics-token': randomBytes(32).toString('hex'),
      } as Record<string, string>;
      const env: Record<string, string> = {};
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        const secret = /^\/run\/secrets\/([a-z0-9-]+)$/.exec(String(value))?.[1];
        if (secret === undefined) {
          env[variable] = String(value);
          continue;
        }
        const file = path.join(folder, secret);
        writeFileSync(file, stand[secret] ?? 'x');
        env[variable] = file;
      }
      const config = loadServerConfig(env, { cwd: folder });
      expect(config.database.kind, name).toBe('postgres');
      expect(config.fortnox.mode, name).toBe('fortnox');
      expect(config.host, name).toBe('0.0.0.0');
      expect(config.metricsToken?.reveal(), name).toBe(stand['metrics-token']);
      // One proxy address inside the compose network's own subnet, not a private range.
      expect(config.trustProxy, name).toEqual([compose.networks?.internal?.ipam.config[0]?.gateway]);
      // A notice is fine (listening on every interface); an unknown name would have thrown.
      expect(config.notices.filter((notice) => / is not a variable the server reads/.test(notice))).toEqual([]);
    }
  });

  it('gives every server replica a stop_grace_period longer than the process\'s own shutdown deadline, which holds the HTTP grace and the refresh and revocation waits', () => {
    // The waits shutdown makes one after another, each bounded: together under the deadline.
    expect(REFRESH_SETTLE_MS).toBeGreaterThan(REFRESH_AT_FORTNOX_BOUND_MS);
    // A refresh at Fortnox: the call, the first write's lock wait (up to lock_timeout), the retries, the rescue write.
    expect(REFRESH_AT_FORTNOX_BOUND_MS).toBeGreaterThanOrEqual(DEFAULT_FORTNOX_TIMEOUT_MS + DEFAULT_LOCK_TIMEOUT_MS + DEFAULT_ROTATION_WRITE_RETRY_MS + RESCUE_WRITE_BOUND_MS);
    expect(DEFAULT_SHUTDOWN_GRACE_MS + REFRESH_SETTLE_MS + REVOCATION_SETTLE_MS).toBeLessThan(SHUTDOWN_DEADLINE_MS);
    expect(servers.length).toBeGreaterThan(0);
    for (const [name, service] of servers) {
      const match = /^(\d+)(s|m)$/.exec(service.stop_grace_period ?? '');
      expect(match, name).not.toBeNull();
      const ms = Number(match![1]) * (match![2] === 'm' ? 60_000 : 1_000);
      // Docker sends SIGKILL at the end of stop_grace_period: it must come after main.ts's deadline.
      expect(ms, name).toBeGreaterThan(SHUTDOWN_DEADLINE_MS);
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { EncryptionKey } from '../../../../server/crypto/sealer';
import type { Queryable } from '../../../../server/db/database';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { send, type Answer } from '../http/http-client';

/** The repository's root (where `npm run server` runs). */
export const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** A server process under test: its output so far, where it listens, how it ended. */
export interface ServerProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The `url` of the `"event":"listening"` line; rejects if the process exits first. */
  listening: Promise<string>;
  /** How the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the process (to its whole group when started through npm). */
  signal(signal: NodeJS.Signals): void;
}

const listeningLine = z.object({ event: z.literal('listening'), url: z.string() });

/** Only what the server needs from the test's own environment: nothing configures it by accident. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

const processes: ServerProcess[] = [];

/**
 * Starts the server as its own process: `how` is `npm` (`npm run server`), `tsx` (`node --import tsx
 * server/main.ts`, so a signal reaches the server itself) or `bundle` (`node out/server/index.cjs`).
 */
export function spawnServer(how: 'npm' | 'tsx' | 'bundle', env: Record<string, string>, args: string[] = []): ServerProcess {
  const command =
    how === 'npm'
      ? { file: 'npm', args: ['run', '--silent', 'server', ...(args.length > 0 ? ['--', ...args] : [])] }
      : how === 'tsx'
        ? { file: process.execPath, args: ['--import', 'tsx', 'server/main.ts', ...args] }
        : { file: process.execPath, args: ['out/server/index.cjs', ...args] };
  const child = spawn(command.file, command.args, { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: how === 'npm' });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise<string>((resolve, reject) => {
    const look = () => {
      for (const line of out.split('\n')) {
        if (!line.includes('"listening"')) continue;
        const parsed = listeningLine.safeParse(JSON.parse(line));
        if (parsed.success) {
          child.stdout!.off('data', look);
          resolve(parsed.data.url);
          return;
        }
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${err}`)));
  });
  listening.catch(() => undefined);
  const running: ServerProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    listening,
    exited,
    signal: (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (how === 'npm' && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    },
  };
  processes.push(running);
  return running;
}

/** Ends every process a test started and still running (SIGKILL), waiting for each. */
export async function killAll(): Promise<void> {
  await Promise.all(
    processes.splice(0).map(async (running) => {
      running.signal('SIGKILL');
      await running.exited;
    }),
  );
}

/** The port of a URL the server printed. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** A key as ENCRYPTION_KEY takes it (`<id>:<base64>`), derived from the id, and the same key as the server's object. */
export function testKey(id: string): { text: string; key: EncryptionKey } {
  const material = createHash('sha256').update(`run test key ${id}`).digest();
  return { text: `${id}:${material.toString('base64')}`, key: new EncryptionKey(id, material) };
}

/** Creates an integration key for every company, as an admin would; returns the key itself. */
export async function createIntegrationKey(db: Queryable): Promise<string> {
  const keys = new IntegrationKeys({ db, random: cryptoRandomBytes, now: Date.now });
  const { key } = await keys.create({ name: 'Run test', companies: 'all', right: 'token', lifetimeDays: null }, 'admin@firm.example');
  await keys.idle();
  return key;
}

/** One request to the server on 127.0.0.1:`port` with a Host header (Node's server refuses a request without one). */
export function call(port: number, request: { method?: string; path: string; headers?: Record<string, string> }): Promise<Answer> {
  return send(port, { ...request, headers: { host: `127.0.0.1:${port}`, ...(request.headers ?? {}) } });
}

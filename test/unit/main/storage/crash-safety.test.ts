import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIR_A, tokenPairFile, whichPair } from '../../../fixtures/storage/token-pair-store';

/**
 * Kills a child that saves the token store in a loop at random moments, hundreds of times, and
 * checks after every kill that the real loader finds exactly one of the two complete token pairs.
 */

const KILLS = 300;
const WORKERS = Number(process.env.CRASH_WORKERS ?? 2);
/** The kill waits for 0..MAX_SAVES_BEFORE_KILL completed saves, then up to two save-durations more. */
const MAX_SAVES_BEFORE_KILL = 3;

let workDir = '';
let childScript = '';

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'fnx-crash-'));
  childScript = path.join(workDir, 'alternating-saver.cjs');
  await build({
    entryPoints: [path.resolve(__dirname, '../../../fixtures/storage/alternating-saver.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: childScript,
    logLevel: 'warning',
  });
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A seeded generator, so a failing run can be repeated with the printed seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChildRun {
  saves: number;
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the saver in `dir`; reports its progress (saves so far) and resolves when it exits. */
function runChild(dir: string, extraArgs: string[], onProgress: (saves: number, kill: () => void) => void): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    let saves = 0;
    let started = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'saved') saves += 1;
        if (line === 'started') started = true;
        if (started) onProgress(saves, () => child.kill('SIGKILL'));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ saves, code, signal }));
  });
}

/** Times a run of uninterrupted saves, to scale the random kill delay to this machine's disk. */
async function measureSaveMs(dir: string): Promise<number> {
  const count = 40;
  let startedAt = 0;
  const run = await runChild(dir, [String(count)], (saves) => {
    if (saves === 0) startedAt = performance.now();
  });
  expect(run).toMatchObject({ code: 0, saves: count });
  return (performance.now() - startedAt) / count;
}

describe('crash safety of saving', () => {
  it('after hundreds of SIGKILLs at random moments mid-save, the store always loads as one complete token pair', { timeout: 180_000 }, async () => {
    const seed = Date.now() >>> 0;
    const random = seededRandom(seed);
    const began = performance.now();

    const dirs = await Promise.all(
      Array.from({ length: WORKERS }, async (_, i) => {
        const dir = path.join(workDir, `store-${i}`);
        await mkdir(dir);
        const file = tokenPairFile(dir);
        await file.load();
        await file.save(PAIR_A);
        return dir;
      }),
    );
    const saveMs = await measureSaveMs(dirs[0] ?? '');

    const failures: string[] = [];
    let kills = 0;
    let killsAfterASave = 0;
    let killsMidWrite = 0;
    let changes = 0;

    const worker = async (dir: string) => {
      let previous = whichPair((await tokenPairFile(dir).load()).value);
      while (kills < KILLS) {
        kills += 1;
        // A random moment: after a random number of completed saves, a random fraction of a save later.
        const savesFirst = Math.floor(random() * (MAX_SAVES_BEFORE_KILL + 1));
        const delay = random() * 2 * saveMs;
        let armed = false;
        const run = await runChild(dir, [], (saves, kill) => {
          if (armed || saves < savesFirst) return;
          armed = true;
          setTimeout(kill, delay);
        });
        if (run.signal !== 'SIGKILL') failures.push(`child ended with code ${String(run.code)} instead of being killed`);
        if (run.saves > 0) killsAfterASave += 1;

        const names = await readdir(dir);
        if (names.some((name) => name.endsWith('.tmp'))) killsMidWrite += 1;
        if (names.some((name) => name.endsWith('.bak'))) failures.push(`backup file appeared: ${names.join(', ')}`);

        const loaded = await tokenPairFile(dir).load();
        const pair = whichPair(loaded.value);
        if (loaded.problem || pair === 'neither') failures.push(`kill ${kills}: problem=${loaded.problem?.kind ?? 'none'} pair=${pair}`);
        const after = await readdir(dir);
        if (after.join() !== 'tokens.json') failures.push(`kill ${kills}: left after load: ${after.join(', ')}`);
        if (pair !== previous) changes += 1;
        previous = pair;
      }
    };
    await Promise.all(dirs.map(worker));

    const seconds = (performance.now() - began) / 1000;
    console.error(
      `crash safety: seed=${seed} kills=${kills} afterASave=${killsAfterASave} midWrite=${killsMidWrite} ` +
        `changes=${changes} saveMs=${saveMs.toFixed(2)} duration=${seconds.toFixed(1)}s`,
    );
    expect(failures, `seed ${seed}`).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(300);
    // The kills must have hit a child that was busy saving, not one still starting up.
    expect(killsAfterASave / kills).toBeGreaterThan(0.5);
    expect(killsMidWrite).toBeGreaterThan(kills / 20);
    expect(changes).toBeGreaterThan(kills / 10);
  });
});

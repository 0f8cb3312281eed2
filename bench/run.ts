/**
 * `npm run bench`: the figures the issues ask for, measured on this machine.
 * - the renderer's initial JavaScript, gzipped (budget 150 KB);
 * - main's own time from a connect request (IPC message in) to the sign-in window's load call;
 * - main's own time from a captured redirect to the outcome sent to the renderer.
 * Both timings run the real router (sender check, zod parsing), flow and event validation, with
 * only the window and transport replaced by in-memory fakes; no network, no person.
 * - the local API (issue 8 item 10): cached access tokens against a bare node:http server, and the
 *   proxy's added latency, with autocannon (bench/local-api-bench.ts).
 * - the firm server (issue 10 item 9): access tokens through it on PostgreSQL against the local API,
 *   its background refresh plan for 10,000 companies, migration time (bench/firm-server-bench.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { INVOKE_CHANNELS } from '../shared/ipc-channels';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { createAppServices } from '../main/app-services';
import { FakeSafeStorage } from '../test/unit/main/storage/fake-safe-storage';
import { statSync } from 'node:fs';
import { listPackage, statFile } from '@electron/asar';
import {
  companiesDocumentSchema,
  companiesMigrations,
  COMPANIES_FILE_VERSION,
  emptyCompaniesDocument,
  type CompanyRecord,
} from '../main/connections/company-records';
import { planBackgroundRefresh } from '../main/connections/refresh-planner';
import { FORTNOX_RATE_LIMIT } from '../main/fortnox/rate-limiter';
import { createVersionedJsonFile } from '../main/storage/versioned-json-file';
import { packWithStandInElectron } from '../test/packaging/stand-in-package';
import { cryptoRandomBytes } from '../main/connect/random-token';
import type { SignInWindowRequest } from '../main/connect/sign-in-window-port';
import { createConnectorMain } from '../main/connector-main';
import { createLogger } from '../main/logging/logger';
import { KnownSecrets } from '../main/logging/known-secrets';
import { createHash } from 'node:crypto';
import { localApiFigures } from './local-api-bench';
import { companyListFigures } from './company-list-bench';
import { firmServerFigures } from './firm-server-bench';

const ROOT = path.resolve(__dirname, '..');
const RENDERER = path.join(ROOT, 'out/renderer');

function rendererInitialJs(): { files: string[]; gzipBytes: number } {
  const html = readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((match) => match[1] ?? '');
  const files = [...new Set(refs)];
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(RENDERER, file))).length, 0);
  return { files, gzipBytes };
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function flowTimings(iterations: number) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'connector-bench-'));
  const log = createLogger(() => undefined);
  const timers = { set: () => 0, clear: () => undefined };
  const services = await createAppServices({
    dataDir,
    env: {
      FORTNOX_CLIENT_ID: 'bench-client',
      FORTNOX_CLIENT_SECRET: 'bench-secret',
      FORTNOX_REDIRECT_URI: 'https://connect.example.se/fortnox/callback',
    },
    safeStorage: new FakeSafeStorage(),
    platform: 'linux',
    // The exchange after the outcome is not part of the measured path; it fails fast here.
    fetcher: () => Promise.reject(new Error('no network in the benchmark')),
    now: () => Date.now(),
    timers,
    log,
    publishCompanies: () => undefined,
  });
  let opened: { request: SignInWindowRequest; at: number } | undefined;
  let sentAt = 0;
  const connector = createConnectorMain({
    simulator: false,
    packaged: false,
    version: 'bench',
    systemLanguages: () => ['sv-SE'],
    windows: {
      open: (request) => {
        opened = { request, at: performance.now() };
        return { focus: () => undefined, dispose: async () => undefined };
      },
      releaseSession: async () => undefined,
    },
    sendToRenderer: () => {
      if (sentAt === 0) sentAt = performance.now();
    },
    appWebContentsId: () => 1,
    appOrigin: 'app://renderer',
    random: cryptoRandomBytes,
    now: () => Date.now(),
    timers,
    log,
    settings: services.settings,
    connections: services.connections,
    storage: services.storage,
    writeClipboard: () => undefined,
    diagnostics: () => '',
    openExternal: () => undefined,
    updateStatus: () => ({ state: 'disabled', version: null, checkedAt: null }),
  });
  const sender = { webContentsId: 1, frameUrl: 'app://renderer/index.html', isMainFrame: true };
  const request = { scopes: ['companyinformation', 'invoice', 'customer'], offlineAccess: true, serviceAccount: false, restart: false };
  const toLoad: number[] = [];
  const toOutcome: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    await connector.router.invoke(INVOKE_CHANNELS.startConnect, sender, request);
    if (!opened) throw new Error('no window opened');
    toLoad.push(opened.at - start);
    const state = new URL(opened.request.url).searchParams.get('state');
    sentAt = 0;
    const captured = performance.now();
    opened.request.onEvent({ type: 'callback', params: { code: `code-${i}`, state: state ?? '', ambiguous: false } });
    toOutcome.push(sentAt - captured);
    opened = undefined;
  }
  await rm(dataDir, { recursive: true, force: true });
  toLoad.sort((a, b) => a - b);
  toOutcome.sort((a, b) => a - b);
  return { toLoad, toOutcome };
}

/** Times `run` over `iterations` and returns the sorted durations in ms. */
async function timeIt(iterations: number, run: (i: number) => Promise<void> | void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function companyRecord(i: number, now: number): CompanyRecord {
  return {
    tenantId: String(1_000_000 + i),
    companyName: `Företag ${i} AB`,
    organizationNumber: `55${String(i).padStart(4, '0')}-${String(i % 10_000).padStart(4, '0')}`,
    accountType: i % 7 === 0 ? 'service' : 'user',
    requestedScopes: ['companyinformation', 'invoice', 'customer', 'bookkeeping'],
    grantedScopes: ['companyinformation', 'invoice', 'customer', 'bookkeeping'],
    offlineAccess: true,
    connectedAt: now - (i % 40) * 86_400_000,
    lastRefreshedAt: now - (i % 40) * 3_600_000,
    accessTokenExpiresAt: now + 3_600_000,
    refreshTokenIssuedAt: now - (i % 44) * 86_400_000,
    status: i % 50 === 0 ? 'needs_reconnect' : 'active',
    statusIssue: i % 50 === 0 ? 'invalid_grant' : null,
    statusDetail: null,
    lastTest: null,
  };
}

/** Load and save of companies.json with 1,000 companies, through the real versioned, atomic file. */
async function storeTimings(iterations: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'connector-bench-store-'));
  const now = Date.now();
  const file = () =>
    createVersionedJsonFile({
      filePath: path.join(dir, 'companies.json'),
      currentVersion: COMPANIES_FILE_VERSION,
      schema: companiesDocumentSchema,
      migrations: companiesMigrations,
      empty: emptyCompaniesDocument,
      now: () => new Date(),
      log: createLogger(() => undefined),
    });
  const doc = { ...emptyCompaniesDocument(), companies: Array.from({ length: 1000 }, (_, i) => companyRecord(i, now)) };
  const writer = file();
  await writer.load();
  const save = await timeIt(iterations, () => writer.save(doc));
  const load = await timeIt(iterations, async () => {
    const loaded = await file().load();
    if (loaded.value.companies.length !== 1000) throw new Error('store lost companies');
  });
  await rm(dir, { recursive: true, force: true });
  return { save, load };
}

/** Planning the background refresh of 1,000 companies, and the plan's worst 5-second window. */
async function planTimings(iterations: number) {
  const now = Date.now();
  const companies = Array.from({ length: 1000 }, (_, i) => {
    const record = companyRecord(i, now);
    return { tenantId: record.tenantId, refreshTokenIssuedAt: record.refreshTokenIssuedAt ?? now, needsReconnect: record.status === 'needs_reconnect' };
  });
  let plan = planBackgroundRefresh(companies, now);
  const times = await timeIt(iterations, () => {
    plan = planBackgroundRefresh(companies, now);
  });
  let worst = 0;
  for (let i = 0, j = 0; i < plan.length; i += 1) {
    while ((plan[i]?.at ?? 0) - (plan[j]?.at ?? 0) >= FORTNOX_RATE_LIMIT.windowMs) j += 1;
    worst = Math.max(worst, i - j + 1);
  }
  return { times, planned: plan.length, worstWindow: worst };
}

async function asarFigures() {
  const built = await packWithStandInElectron();
  try {
    const entries = listPackage(built.asarPath, { isPack: false }).map((entry) => entry.replaceAll(path.sep, '/'));
    const rendererBytes = entries
      .filter((entry) => entry.startsWith('/out/renderer/'))
      .reduce((sum, entry) => {
        const info = statFile(built.asarPath, entry.slice(1));
        return sum + ('size' in info ? info.size : 0);
      }, 0);
    return { asarBytes: statSync(built.asarPath).size, rendererBytes, files: entries.length };
  } finally {
    await rm(built.workDir, { recursive: true, force: true });
  }
}

/**
 * The logger's known-secrets scrub with 2,000 tracked values (1,000 JWT-like access tokens and 1,000
 * refresh tokens), on an ordinary log line, against the earlier sort-and-search-every-value approach.
 */
async function scrubTimings(iterations: number) {
  const secrets = new KnownSecrets();
  const values: string[] = [];
  for (let i = 0; i < 1_000; i += 1) {
    values.push(`eyJhbGciOiJIUzI1NiJ9.${i}.${createHash('sha256').update(`a${i}`).digest('base64url')}`);
    values.push(createHash('sha256').update(`r${i}`).digest('hex').slice(0, 40));
  }
  for (const value of values) secrets.add(value);
  const line = 'refresh failed for tenant 501: Fortnox answered HTTP 400 invalid_grant (the refresh token was already used)';
  const sortAndSearch = (text: string) => {
    let out = text;
    for (const value of [...values].sort((a, b) => b.length - a.length)) if (out.includes(value)) out = out.split(value).join('[redacted]');
    return out;
  };
  return {
    indexed: await timeIt(iterations, () => void secrets.scrub(line)),
    old: await timeIt(iterations, () => void sortAndSearch(line)),
  };
}

async function main(): Promise<void> {
  const js = rendererInitialJs();
  print(`renderer initial JS: ${(js.gzipBytes / 1024).toFixed(1)} KB gzipped (${js.files.join(', ')}); budget 150 KB`);
  const iterations = 2000;
  const { toLoad, toOutcome } = await flowTimings(iterations);
  const fmt = (values: number[]) =>
    `median ${percentile(values, 50).toFixed(3)} ms, p95 ${percentile(values, 95).toFixed(3)} ms, max ${percentile(values, 100).toFixed(3)} ms`;
  print(`connect request -> sign-in window load call (${iterations} runs): ${fmt(toLoad)}; target < 5 ms`);
  print(`captured redirect -> outcome sent to renderer (${iterations} runs): ${fmt(toOutcome)}; target < 5 ms`);

  const store = await storeTimings(30);
  print(`companies.json with 1,000 companies, save (atomic, fsync) (30 runs): ${fmt(store.save)}; target < 100 ms`);
  print(`companies.json with 1,000 companies, load + validate (30 runs): ${fmt(store.load)}; target < 100 ms`);
  const plan = await planTimings(200);
  print(
    `background refresh plan for 1,000 companies (200 runs): ${fmt(plan.times)}; target < 100 ms; ` +
      `${plan.planned} planned, at most ${plan.worstWindow} calls in any 5 s window (Fortnox limit 25, margin 24)`,
  );
  const scrub = await scrubTimings(2000);
  print(`log line scrub with 2,000 known secrets (2000 runs): ${fmt(scrub.indexed)}; before (sort and search each): ${fmt(scrub.old)}`);
  const asar = await asarFigures();
  print(
    `app.asar: ${(asar.asarBytes / 1024).toFixed(0)} KiB (${asar.files} entries); renderer bundle inside it: ` +
      `${(asar.rendererBytes / 1024).toFixed(0)} KiB`,
  );
  for (const line of await localApiFigures()) print(line);
  for (const line of await firmServerFigures()) print(line);
  for (const line of await companyListFigures()) print(line);
}

void main();

// Every JSON file the app reads at start, planted with what a user or another program could leave
// there: a UTF-8 byte order mark (Windows Notepad), a 200 MB file, a FIFO, a link to /dev/zero.
// The app must start quickly, keep what it can read, and say clearly what it refused.
import { execFile } from 'node:child_process';
import { readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../main/app-services';
import { collectConfigSources } from '../../../main/config/load-config';
import { createManagedSource, readManagedFile } from '../../../main/config/managed-source';
import type { FileFactsPort } from '../../../main/config/managed-file-protection';
import { emptyCompaniesDocument } from '../../../main/connections/company-records';
import { FakeSafeStorage } from './storage/fake-safe-storage';
import { useTempDirs } from './storage/temp-dir';
import { recordingLogger } from './recording-logger';
import { FakeClock } from './fake-timers';
import { fileFactsOwnedBy, ROOT_OWNED } from './config/fake-managed-ports';

const tempDir = useTempDirs();
const run = promisify(execFile);
const BOM = '\uFEFF';
const posixOnly = process.platform === 'win32';
const SETTINGS = { clientId: 'bom-client', redirectUri: 'https://connect.example.se/fortnox/callback' };

/**
 * Starts the services on `dataDir`. A managed file is checked with faked ownership (tests cannot
 * create root-owned files) and read with the app's own reader; `facts` replaces the check's view.
 */
async function start(dataDir: string, options: { port?: FakeSafeStorage; managedPath?: string; facts?: FileFactsPort } = {}) {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const managed = options.managedPath
    ? createManagedSource({
        platform: 'linux',
        filePath: options.managedPath,
        fs: options.facts ?? fileFactsOwnedBy(ROOT_OWNED),
        readFile: readManagedFile,
        log: logger.log,
      })
    : undefined;
  const began = performance.now();
  const services = await createAppServices({
    dataDir,
    env: {},
    safeStorage: options.port ?? new FakeSafeStorage(),
    platform: 'linux',
    fetcher: () => Promise.reject(new Error('no network in this test')),
    now: clock.now,
    timers: clock.timers,
    log: logger.log,
    publishCompanies: () => undefined,
    ...(managed ? { managed } : {}),
  });
  return { services, logger, ms: performance.now() - began };
}

/** Plants what `kind` names at `file`. */
async function plant(file: string, kind: 'huge' | 'fifo' | 'dev-zero'): Promise<void> {
  if (kind === 'huge') {
    await writeFile(file, '');
    await truncate(file, 200 * 1024 * 1024); // sparse: 200 MB long, nothing written
  } else if (kind === 'fifo') {
    await run('mkfifo', [file]);
  } else {
    await symlink('/dev/zero', file);
  }
}

const expectedKind = { huge: 'too_large', fifo: 'not_a_file', 'dev-zero': 'not_a_file' } as const;

describe('stored files with a UTF-8 byte order mark are read', () => {
  it('settings.json, both at startup (sync) and in the settings service', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), BOM + JSON.stringify(SETTINGS));
    const sources = collectConfigSources({}, path.join(dir, 'settings.json'));
    expect(sources.fileProblem).toBeUndefined();
    expect(sources.file).toMatchObject(SETTINGS);
    const { services } = await start(dir);
    // No client secret is stored, so the configuration is incomplete, but the file itself was read.
    expect(services.settings.config()).toEqual({ ok: false, problems: [{ field: 'clientSecret', problem: 'missing', source: 'default' }] });
    expect(services.settings.view(services.storage())).toMatchObject({ clientId: 'bom-client', clientIdSource: 'settings-file' });
  });

  it('the managed configuration file', async () => {
    const dir = await tempDir();
    const managedPath = path.join(dir, 'managed-settings.json');
    await writeFile(managedPath, BOM + JSON.stringify({ ...SETTINGS, clientSecret: 'managed-secret-123' }));
    const { services } = await start(dir, { managedPath });
    const config = services.settings.config();
    expect(config).toMatchObject({ ok: true, config: { clientId: 'bom-client' } });
  });

  it('companies.json, which is neither moved aside nor reported', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'companies.json'), BOM + JSON.stringify(emptyCompaniesDocument()));
    const { services } = await start(dir);
    expect(services.storage().problems).toEqual([]);
  });

  it('secrets.json, whose stored client secret is kept', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify(SETTINGS));
    const first = await start(dir, { port });
    await first.services.settings.setClientSecret('stored-secret-456');
    const secretsPath = path.join(dir, 'secrets.json');
    await writeFile(secretsPath, BOM + (await readFile(secretsPath, 'utf8')));

    const { services } = await start(dir, { port });
    expect(services.storage().problems).toEqual([]);
    expect(services.settings.credentials()).toEqual({ clientId: 'bom-client', clientSecret: 'stored-secret-456' });
  });
});

describe.skipIf(posixOnly).each(['huge', 'fifo', 'dev-zero'] as const)('a %s stored file', (kind) => {
  it('in place of companies.json is refused quickly, reported and left as it is', async () => {
    const dir = await tempDir();
    await plant(path.join(dir, 'companies.json'), kind);
    const { services, logger, ms } = await start(dir);
    expect(ms).toBeLessThan(2_000);
    expect(services.storage().problems).toEqual([{ file: 'companies', kind: expectedKind[kind], backupName: null }]);
    expect(services.connections.list()).toEqual([]);
    expect(logger.text()).toContain('companies.json');
  });

  it('in place of secrets.json is refused quickly and reported', async () => {
    const dir = await tempDir();
    await plant(path.join(dir, 'secrets.json'), kind);
    const { services, ms } = await start(dir);
    expect(ms).toBeLessThan(2_000);
    expect(services.storage().problems).toEqual([{ file: 'secrets', kind: expectedKind[kind], backupName: null }]);
  });

  it('in place of settings.json is refused quickly, at startup and in the settings service', async () => {
    const dir = await tempDir();
    await plant(path.join(dir, 'settings.json'), kind);
    const problem = kind === 'huge' ? 'file_too_large' : 'not_a_file';
    expect(collectConfigSources({}, path.join(dir, 'settings.json')).fileProblem).toBe(problem);
    const { services, ms } = await start(dir);
    expect(ms).toBeLessThan(2_000);
    expect(services.settings.config()).toMatchObject({ ok: false, problems: expect.arrayContaining([{ field: 'settingsFile', problem, source: 'settings-file' }]) });
  });

  it('in place of the managed file is refused quickly and blocks connecting', async () => {
    const dir = await tempDir();
    const managedPath = path.join(dir, 'managed-settings.json');
    await plant(managedPath, kind);
    const { services, ms } = await start(dir, { managedPath });
    expect(ms).toBeLessThan(2_000);
    // The protection check refuses what is not a regular file before it is read; the reader refuses the size.
    const problem = kind === 'huge' ? 'file_too_large' : 'unreadable_file';
    expect(services.settings.config()).toMatchObject({ ok: false, problems: expect.arrayContaining([{ field: 'managedFile', problem, source: 'managed' }]) });
  });

  it('in place of the managed file after its check passed (swapped in between) is still refused quickly', async () => {
    const dir = await tempDir();
    const managedPath = path.join(dir, 'managed-settings.json');
    await plant(managedPath, kind);
    const checkedAsRegularFile: FileFactsPort = {
      lstat: () => Promise.resolve({ kind: 'file', uid: 0, mode: 0o644 }),
      stat: (filePath) => Promise.resolve(filePath === managedPath ? { kind: 'file', uid: 0, mode: 0o644 } : { kind: 'directory', uid: 0, mode: 0o755 }),
      realpath: (filePath) => Promise.resolve(filePath),
    };
    const { services, ms } = await start(dir, { managedPath, facts: checkedAsRegularFile });
    expect(ms).toBeLessThan(2_000);
    const problem = kind === 'huge' ? 'file_too_large' : 'not_a_file';
    expect(services.settings.config()).toMatchObject({ ok: false, problems: expect.arrayContaining([{ field: 'managedFile', problem, source: 'managed' }]) });
  });
});

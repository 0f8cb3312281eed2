import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORTNOX_PRODUCTION } from '../../../../main/config/fortnox-config';
import { createManagedSource } from '../../../../main/config/managed-source';
import { FILE_LIMITS, readBoundedFile } from '../../../../main/storage/read-bounded-file';
import { fileFactsOwnedBy, ROOT_OWNED } from '../config/fake-managed-ports';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { CLIENT_SECRET_ENTRY, SettingsService } from '../../../../main/settings/settings-service';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { saveSettingsResultSchema, settingsViewSchema, type StorageState } from '../../../../shared/ipc-contract';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { readAllFiles, useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

const STORAGE: StorageState = { mode: 'encrypted', reason: null, problems: [] };
const MANAGED_SECRET = 'managed-Secret/9f8e7d6c+5b4a=';
const ENV_SECRET = 'env-secret-0123456789';
const VAULT_SECRET = 'vault-secret-abcdefghij';

const MANAGED = {
  clientId: 'managed-client',
  redirectUri: 'https://managed.example.se/cb',
  authorizeUrl: 'https://managed.example.se/auth',
};
const ENV = {
  FORTNOX_CLIENT_ID: 'env-client',
  FORTNOX_REDIRECT_URI: 'https://env.example.se/cb',
  FORTNOX_AUTHORIZE_URL: 'https://env.example.se/auth',
};
const FILE = { clientId: 'file-client', redirectUri: 'https://file.example.se/cb', authorizeUrl: 'https://file.example.se/auth' };

interface Setup {
  /** An object is written as JSON, a string as the file's text; `'directory'` makes the path unreadable. */
  managed?: object | string | { directory: true };
  env?: Record<string, string>;
  settingsFile?: object;
  /** A client secret saved in the vault by an earlier session. */
  storedSecret?: string;
  /** Run as a packaged build. */
  packaged?: boolean;
}

/** A settings service over real files: a data dir (settings.json, secrets.json) and an IT dir (managed file). */
async function openSettings(setup: Setup = {}) {
  const dataDir = await tempDir();
  const itDir = await tempDir();
  const settingsPath = path.join(dataDir, 'settings.json');
  const managedPath = path.join(itDir, 'managed-settings.json');
  if (setup.settingsFile) await writeFile(settingsPath, JSON.stringify(setup.settingsFile));
  if (setup.managed !== undefined) {
    if (typeof setup.managed === 'object' && 'directory' in setup.managed) await mkdir(managedPath);
    else await writeFile(managedPath, typeof setup.managed === 'string' ? setup.managed : JSON.stringify(setup.managed));
  }
  const { log, text: logText } = recordingLogger();
  const port = new FakeSafeStorage();
  const openVault = async () => {
    const file = createSecretsFile({ filePath: path.join(dataDir, 'secrets.json'), now: () => new Date(Date.UTC(2025, 0, 15)), log });
    const vault = createSecretVault({ box: createSecretBox(port, 'linux'), file, log });
    await vault.init();
    return vault;
  };
  const vault = await openVault();
  if (setup.storedSecret) await vault.set(CLIENT_SECRET_ENTRY, JSON.stringify({ value: setup.storedSecret, savedAt: 1_700_000_000_000 }));
  const secrets = new KnownSecrets();
  const settings = new SettingsService({
    settingsPath,
    env: setup.env ?? {},
    vault,
    now: () => Date.UTC(2025, 0, 15, 9),
    log,
    secrets,
    // An administrator's file: root-owned in a root-owned folder (the fake stands in for chown root).
    managed: createManagedSource({ platform: 'linux', filePath: managedPath, fs: fileFactsOwnedBy(ROOT_OWNED), readFile: (file) => readBoundedFile(file, FILE_LIMITS.settings), log }),
    ...(setup.packaged ? { packaged: true } : {}),
  });
  await settings.init();
  return { settings, dataDir, settingsPath, vault, openVault, secrets, logText };
}

const view = (settings: SettingsService) => settingsViewSchema.parse(settings.view(STORAGE));

describe('settings with a managed file: client id, redirect URI and endpoints managed > environment > settings file > defaults; the client secret environment (development only) > the user’s own > managed', () => {
  const levels = [
    {
      level: 'the managed file',
      setup: { managed: MANAGED, env: ENV, settingsFile: FILE },
      source: 'managed',
      expected: { clientId: MANAGED.clientId, redirectUri: MANAGED.redirectUri, authorizeUrl: MANAGED.authorizeUrl },
    },
    {
      level: 'the environment',
      setup: { env: ENV, settingsFile: FILE },
      source: 'environment',
      expected: { clientId: ENV.FORTNOX_CLIENT_ID, redirectUri: ENV.FORTNOX_REDIRECT_URI, authorizeUrl: ENV.FORTNOX_AUTHORIZE_URL },
    },
    {
      level: 'the settings file',
      setup: { settingsFile: FILE },
      source: 'settings-file',
      expected: { clientId: FILE.clientId, redirectUri: FILE.redirectUri, authorizeUrl: FILE.authorizeUrl },
    },
  ] as const;

  it.each(levels)('takes every value from $level when it is the highest level that sets it', async ({ setup, source, expected }) => {
    const { settings } = await openSettings({ ...setup, storedSecret: VAULT_SECRET });
    const shown = view(settings);
    expect(shown).toMatchObject({
      clientId: expected.clientId,
      redirectUri: expected.redirectUri,
      clientIdSource: source,
      redirectUriSource: source,
    });
    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({
      clientId: expected.clientId,
      redirectUri: expected.redirectUri,
      authorizeUrl: expected.authorizeUrl,
    });
    expect(config.ok && config.sources).toMatchObject({ clientId: source, redirectUri: source, authorizeUrl: source });
    expect(settings.credentials().clientId).toBe(expected.clientId);
  });

  it('falls back to the defaults when no level sets a value', async () => {
    const { settings } = await openSettings();
    expect(view(settings)).toMatchObject({ clientId: null, redirectUri: null, clientIdSource: 'default', redirectUriSource: 'default' });
    const config = settings.config();
    expect(config.ok).toBe(false);
    expect(!config.ok && config.problems).toContainEqual({ field: 'clientId', problem: 'missing', source: 'default' });
  });

  it('resolves each field on its own: managed client id, environment redirect URI, file authorize URL, default token URL', async () => {
    const { settings } = await openSettings({
      managed: { clientId: MANAGED.clientId },
      env: { FORTNOX_REDIRECT_URI: ENV.FORTNOX_REDIRECT_URI },
      settingsFile: { clientId: FILE.clientId, redirectUri: FILE.redirectUri, authorizeUrl: FILE.authorizeUrl },
      storedSecret: VAULT_SECRET,
    });
    expect(view(settings)).toMatchObject({
      clientId: MANAGED.clientId,
      clientIdSource: 'managed',
      redirectUri: ENV.FORTNOX_REDIRECT_URI,
      redirectUriSource: 'environment',
    });
    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({
      clientId: MANAGED.clientId,
      redirectUri: ENV.FORTNOX_REDIRECT_URI,
      authorizeUrl: FILE.authorizeUrl,
      tokenUrl: FORTNOX_PRODUCTION.tokenUrl,
    });
    expect(config.ok && config.sources).toMatchObject({
      clientId: 'managed',
      redirectUri: 'environment',
      authorizeUrl: 'settings-file',
      tokenUrl: 'default',
    });
  });

  it.each([
    {
      level: 'the environment (development only)',
      setup: { managed: { clientSecret: MANAGED_SECRET }, env: { FORTNOX_CLIENT_SECRET: ENV_SECRET }, storedSecret: VAULT_SECRET },
      secret: ENV_SECRET,
      source: 'environment',
    },
    {
      level: 'the vault (entered by this user)',
      setup: { managed: { clientSecret: MANAGED_SECRET }, storedSecret: VAULT_SECRET },
      secret: VAULT_SECRET,
      source: 'vault',
    },
    { level: 'the managed file', setup: { managed: { clientSecret: MANAGED_SECRET } }, secret: MANAGED_SECRET, source: 'managed' },
  ] as const)('takes the client secret from $level when it is the highest level that has one', async ({ setup, secret, source }) => {
    const { settings } = await openSettings({ ...setup, settingsFile: FILE });
    expect(view(settings).clientSecret).toMatchObject({ set: true, source });
    expect(settings.credentials()).toEqual({ clientId: FILE.clientId, clientSecret: secret });
  });

  it('lists the locked fields in the view, and none without a managed file', async () => {
    const managed = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET } });
    // A managed secret does not lock the secret field: per-user entry is preferred (see managed-config.ts).
    expect([...view(managed.settings).locked].sort()).toEqual(['clientId', 'redirectUri']);
    const unmanaged = await openSettings({ env: ENV });
    expect(view(unmanaged.settings).locked).toEqual([]);
  });
});

describe('settings with a managed file: locked fields cannot be changed', () => {
  it('refuses to save a different client id, names the field as locked by the managed file and leaves settings.json alone', async () => {
    const { settings, settingsPath } = await openSettings({ managed: MANAGED, settingsFile: FILE });
    const before = await readFile(settingsPath, 'utf8');
    const result = await settings.save({ clientId: 'someone-else', redirectUri: MANAGED.redirectUri });
    expect(saveSettingsResultSchema.parse(result)).toEqual({
      ok: false,
      problems: [{ field: 'clientId', problem: 'locked', source: 'managed' }],
    });
    expect(await readFile(settingsPath, 'utf8')).toBe(before);
    expect(view(settings).clientId).toBe(MANAGED.clientId);
  });

  it('refuses a different redirect URI too, listing both locked fields when both change', async () => {
    const { settings, settingsPath } = await openSettings({ managed: MANAGED, settingsFile: FILE });
    const before = await readFile(settingsPath, 'utf8');
    const result = await settings.save({ clientId: 'someone-else', redirectUri: 'https://elsewhere.example.se/cb' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'clientId', problem: 'locked', source: 'managed' },
        { field: 'redirectUri', problem: 'locked', source: 'managed' },
      ],
    });
    expect(await readFile(settingsPath, 'utf8')).toBe(before);
  });

  it('saves when the locked values are given unchanged (surrounding spaces ignored)', async () => {
    const { settings, settingsPath } = await openSettings({ managed: MANAGED, settingsFile: FILE });
    const result = await settings.save({ clientId: ` ${MANAGED.clientId} `, redirectUri: MANAGED.redirectUri });
    expect(result).toEqual({ ok: true });
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toMatchObject({
      clientId: MANAGED.clientId,
      redirectUri: MANAGED.redirectUri,
    });
  });

  it('saves a field the managed file does not set, while the locked one stays', async () => {
    const { settings, settingsPath } = await openSettings({ managed: { clientId: MANAGED.clientId }, settingsFile: FILE });
    const result = await settings.save({ clientId: MANAGED.clientId, redirectUri: 'https://new.example.se/cb' });
    expect(result).toEqual({ ok: true });
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toMatchObject({ redirectUri: 'https://new.example.se/cb' });
    expect(view(settings)).toMatchObject({
      redirectUri: 'https://new.example.se/cb',
      redirectUriSource: 'settings-file',
      clientIdSource: 'managed',
    });
  });

  it('does not refuse a change when the managed file says lock: false', async () => {
    const { settings } = await openSettings({ managed: { ...MANAGED, lock: false }, settingsFile: FILE });
    expect(view(settings).locked).toEqual([]);
    await expect(settings.save({ clientId: 'someone-else', redirectUri: MANAGED.redirectUri })).resolves.toEqual({ ok: true });
  });

  it('lets the user save a secret of their own over a managed one, kept encrypted for this user and used instead', async () => {
    const { settings, vault, dataDir } = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET } });
    await expect(settings.setClientSecret('user-typed-secret-123')).resolves.toEqual({ saved: true });
    await expect(vault.get(CLIENT_SECRET_ENTRY)).resolves.toContain('user-typed-secret-123');
    expect(settings.credentials().clientSecret).toBe('user-typed-secret-123');
    expect(view(settings).clientSecret).toMatchObject({ set: true, source: 'vault' });
    for (const content of (await readAllFiles(dataDir)).values()) expect(content).not.toContain('user-typed-secret-123');
  });

  it('does not remove a managed client secret when asked to clear the secret', async () => {
    const { settings } = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET } });
    await expect(settings.clearClientSecret()).resolves.toBe(false);
    expect(settings.credentials().clientSecret).toBe(MANAGED_SECRET);
    expect(view(settings).clientSecret).toMatchObject({ set: true, source: 'managed' });
  });

  it('prefers the user’s own stored secret to the managed one, and falls back to the managed one when it is removed', async () => {
    const { settings, vault } = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET }, storedSecret: VAULT_SECRET });
    expect(settings.credentials().clientSecret).toBe(VAULT_SECRET);
    await expect(settings.clearClientSecret()).resolves.toBe(true);
    await expect(vault.get(CLIENT_SECRET_ENTRY)).resolves.toBeUndefined();
    expect(settings.credentials().clientSecret).toBe(MANAGED_SECRET);
    expect(view(settings).clientSecret).toEqual({ set: true, source: 'managed', savedAt: null });
  });
});

describe('settings with a managed file: the managed client secret', () => {
  it('is used for credentials() and the configuration is complete without a stored secret', async () => {
    const { settings } = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET } });
    expect(settings.credentials()).toEqual({ clientId: MANAGED.clientId, clientSecret: MANAGED_SECRET });
    expect(settings.config().ok).toBe(true);
  });

  it('is never written to any file in the data folder, nor to the log, and is masked from then on', async () => {
    const { settings, dataDir, openVault, secrets, logText } = await openSettings({
      managed: { ...MANAGED, clientSecret: MANAGED_SECRET },
      settingsFile: FILE,
    });
    await settings.save({ clientId: MANAGED.clientId, redirectUri: MANAGED.redirectUri });
    await settings.setClientSecret('another-secret-value-1');
    await settings.clearClientSecret();
    settings.credentials();

    const files = await readAllFiles(dataDir);
    expect([...files.keys()].map((file) => path.basename(file))).toContain('settings.json');
    for (const [file, content] of files) {
      for (const form of [MANAGED_SECRET, encodeURIComponent(MANAGED_SECRET), Buffer.from(MANAGED_SECRET).toString('base64')]) {
        expect(content, file).not.toContain(form);
      }
    }
    expect(logText()).not.toContain(MANAGED_SECRET);
    expect(secrets.scrub(`secret is ${MANAGED_SECRET}`)).toBe('secret is [redacted]');
    const reopened = await openVault();
    expect(reopened.names()).toEqual([]);
  });

  it('is never part of the settings view', async () => {
    const { settings } = await openSettings({ managed: { ...MANAGED, clientSecret: MANAGED_SECRET } });
    expect(JSON.stringify(settings.view(STORAGE))).not.toContain(MANAGED_SECRET);
  });
});

describe('settings with a managed file: a malformed or wrong managed file', () => {
  it.each([
    { label: 'not JSON', text: '{"clientId": "managed-client",' },
    { label: 'a misspelt key', text: JSON.stringify({ clientID: 'managed-client' }) },
    { label: 'a list instead of an object', text: '[]' },
  ])('reports a managed file with $label as managedFile invalid_file, and the configuration is not usable', async ({ text }) => {
    const problem = 'invalid_file';
    const { settings } = await openSettings({ managed: text, env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET } });
    const config = settings.config();
    expect(config.ok).toBe(false);
    expect(!config.ok && config.problems[0]).toEqual({ field: 'managedFile', problem, source: 'managed' });
    expect(() => settings.credentials()).toThrow(expect.objectContaining({ issue: 'invalid_client' }));
  });

  it('reports a managed file that cannot be read as managedFile unreadable_file', async () => {
    const { settings } = await openSettings({ managed: { directory: true }, env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET } });
    const config = settings.config();
    expect(config.ok).toBe(false);
    expect(!config.ok && config.problems).toEqual([{ field: 'managedFile', problem: 'unreadable_file', source: 'managed' }]);
  });

  it('locks nothing and shows the other levels when the managed file is malformed', async () => {
    const { settings } = await openSettings({ managed: '{', env: ENV });
    expect(view(settings)).toMatchObject({ locked: [], clientId: ENV.FORTNOX_CLIENT_ID, clientIdSource: 'environment' });
  });

  it('reports no managed-file problem when there is no managed file', async () => {
    const { settings } = await openSettings({ env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET } });
    expect(settings.config().ok).toBe(true);
  });

  it.each([
    ['redirectUri', { redirectUri: 'not a url' }, 'invalid_url'],
    ['redirectUri', { redirectUri: 'http://managed.example.se/cb' }, 'not_https'],
    ['authorizeUrl', { authorizeUrl: 'https://user:pw@managed.example.se/auth' }, 'forbidden_url_part'],
    ['tokenUrl', { tokenUrl: 'ftp://managed.example.se/token' }, 'invalid_url'],
    ['signInOrigins', { signInOrigins: ['https://ok.example.se', 'nope'] }, 'invalid_url'],
    ['clientId', { clientId: 'has spaces in it' }, 'invalid_format'],
  ] as const)('reports a wrong %s in the managed file with source managed', async (field, managed, problem) => {
    const { settings } = await openSettings({ managed, env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET }, settingsFile: FILE });
    const config = settings.config();
    expect(config.ok).toBe(false);
    expect(!config.ok && config.problems).toEqual([{ field, problem, source: 'managed' }]);
  });

  it('reports a field the managed file leaves out with the source it really comes from', async () => {
    const { settings } = await openSettings({ managed: { redirectUri: MANAGED.redirectUri }, env: { FORTNOX_CLIENT_SECRET: ENV_SECRET } });
    const config = settings.config();
    expect(!config.ok && config.problems).toEqual([{ field: 'clientId', problem: 'missing', source: 'default' }]);
  });

  it('keeps the source of a problem outside the managed file', async () => {
    const { settings } = await openSettings({
      managed: { clientId: MANAGED.clientId },
      env: { FORTNOX_REDIRECT_URI: 'http://env.example.se/cb', FORTNOX_CLIENT_SECRET: ENV_SECRET },
    });
    const config = settings.config();
    expect(!config.ok && config.problems).toEqual([{ field: 'redirectUri', problem: 'not_https', source: 'environment' }]);
  });
});

describe('a packaged build', () => {
  it('ignores Fortnox endpoints from the environment and settings.json, and takes them only from the managed file', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { SettingsService } = await import('../../../../main/settings/settings-service');
    const { createSecretVault } = await import('../../../../main/storage/secret-vault');
    const { createSecretBox } = await import('../../../../main/storage/secret-box');
    const { createSecretsFile } = await import('../../../../main/storage/secrets-file');
    const { FakeSafeStorage } = await import('../storage/fake-safe-storage');
    const { createLogger } = await import('../../../../main/logging/logger');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'packaged-settings-'));
    try {
      const log = createLogger(() => undefined);
      const vault = createSecretVault({
        box: createSecretBox(new FakeSafeStorage(), 'linux'),
        file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(), log }),
        log,
      });
      await vault.init();
      await writeFile(
        path.join(dir, 'settings.json'),
        JSON.stringify({ clientId: 'from-file', redirectUri: 'https://connect.example.se/cb', tokenUrl: 'http://127.0.0.1:9/steal' }),
      );
      // A packaged build reads no secret from the environment; this one was entered in Settings.
      await vault.set(CLIENT_SECRET_ENTRY, JSON.stringify({ value: 'secret-from-settings', savedAt: 0 }));
      const env = { FORTNOX_API_BASE_URL: 'https://evil.example/3/', FORTNOX_CLIENT_SECRET: 'secret-from-env' };
      const open = async (packaged: boolean, managed?: object) => {
        const managedPath = path.join(dir, `managed-${String(packaged)}.json`);
        if (managed) await writeFile(managedPath, JSON.stringify(managed));
        const managedSource = createManagedSource({ platform: 'linux', filePath: managedPath, fs: fileFactsOwnedBy(ROOT_OWNED), readFile: (file) => readBoundedFile(file, FILE_LIMITS.settings), log });
        const settings = new SettingsService({ settingsPath: path.join(dir, 'settings.json'), env, vault, now: () => 0, log, managed: managedSource, packaged });
        await settings.init();
        const config = settings.config();
        if (!config.ok) throw new Error('configuration should be usable');
        return config.config;
      };
      const packaged = await open(true);
      expect(packaged.clientId).toBe('from-file');
      expect(packaged.tokenUrl).toBe('https://apps.fortnox.se/oauth-v1/token');
      expect(packaged.apiBaseUrl).toBe('https://api.fortnox.se/3/');
      const development = await open(false);
      expect(development.tokenUrl).toBe('http://127.0.0.1:9/steal');
      expect(development.apiBaseUrl).toBe('https://evil.example/3/');
      const managed = await open(true, { tokenUrl: 'https://proxy.corp.example/oauth-v1/token' });
      expect(managed.tokenUrl).toBe('https://proxy.corp.example/oauth-v1/token');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the client secret in a packaged build', () => {
  it('never reads FORTNOX_CLIENT_SECRET: the secret is missing until entered in Settings, and the variable’s value is never used', async () => {
    const { settings } = await openSettings({ env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET }, packaged: true });
    expect(view(settings).clientSecret).toEqual({ set: false, source: 'none', savedAt: null });
    expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'clientSecret', problem: 'missing', source: 'default' }] });
    expect(() => settings.credentials()).toThrow(expect.objectContaining({ issue: 'client_secret_missing' }));

    await expect(settings.setClientSecret(VAULT_SECRET)).resolves.toEqual({ saved: true });
    expect(settings.credentials().clientSecret).toBe(VAULT_SECRET);
  });

  it('still reads FORTNOX_CLIENT_SECRET in development', async () => {
    const { settings } = await openSettings({ env: { ...ENV, FORTNOX_CLIENT_SECRET: ENV_SECRET } });
    expect(settings.credentials().clientSecret).toBe(ENV_SECRET);
  });
});

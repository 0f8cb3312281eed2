import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { CLIENT_SECRET_ENTRY, SettingsService } from '../../../../main/settings/settings-service';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import type { StorageState } from '../../../../shared/ipc-contract';
import { settingsViewSchema } from '../../../../shared/ipc-contract';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { listDir, readAllFiles, useTempDirs } from '../storage/temp-dir';

const SECRET = 'Sk7-client-secret-9f8e7d6c5b4a';
const ENCRYPTED: StorageState = { mode: 'encrypted', reason: null, problems: [] };

const VALID_ENV = {
  FORTNOX_CLIENT_ID: 'env-client',
  FORTNOX_REDIRECT_URI: 'https://env.example.se/fortnox/callback',
};

describe('SettingsService', () => {
  const tempDir = useTempDirs();

  /** Opens the settings over `dir` as the app does at start: vault first, then settings. */
  async function open(dir: string, options: { env?: NodeJS.ProcessEnv; safeStorage?: FakeSafeStorage } = {}) {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const safeStorage = options.safeStorage ?? new FakeSafeStorage();
    const vault = createSecretVault({
      box: createSecretBox(safeStorage, 'linux'),
      file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(clock.now()), log: logger.log }),
      log: logger.log,
    });
    const vaultStatus = await vault.init();
    const settings = new SettingsService({
      settingsPath: path.join(dir, 'settings.json'),
      env: options.env ?? {},
      vault,
      now: clock.now,
      log: logger.log,
    });
    await settings.init();
    return { settings, vault, vaultStatus, clock, logger, safeStorage };
  }

  const settingsPath = (dir: string) => path.join(dir, 'settings.json');
  const writeSettings = (dir: string, value: unknown) => writeFile(settingsPath(dir), `${JSON.stringify(value)}\n`);
  const readSettings = async (dir: string) => JSON.parse(await readFile(settingsPath(dir), 'utf8')) as Record<string, unknown>;

  describe('configuration', () => {
    it('reads the managed configuration once at start, not again on every save (on Windows that runs reg.exe and PowerShell)', async () => {
      const dir = await tempDir();
      const logger = recordingLogger();
      const vault = createSecretVault({
        box: createSecretBox(new FakeSafeStorage(), 'linux'),
        file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
        log: logger.log,
      });
      await vault.init();
      let loads = 0;
      const settings = new SettingsService({
        settingsPath: settingsPath(dir),
        env: {},
        vault,
        now: () => 0,
        log: logger.log,
        managed: {
          load: () => {
            loads += 1;
            return Promise.resolve({ managed: { raw: { apiBaseUrl: 'https://api.fortnox.se/3/' }, locked: new Set() }, problems: [] });
          },
        },
      });
      await settings.init();
      await expect(settings.save({ clientId: 'client-a', redirectUri: 'https://connect.example.se/cb' })).resolves.toEqual({ ok: true });
      await settings.save({ clientId: 'client-b', redirectUri: 'https://connect.example.se/cb' });
      expect(loads).toBe(1);
      expect(settings.view(ENCRYPTED).clientId).toBe('client-b');
    });

    it('takes each value from the environment over the settings file', async () => {
      const dir = await tempDir();
      await writeSettings(dir, { clientId: 'file-client', redirectUri: 'https://file.example.se/cb' });
      const { settings } = await open(dir, { env: { FORTNOX_CLIENT_ID: 'env-client', FORTNOX_CLIENT_SECRET: SECRET } });

      const config = settings.config();
      expect(config.ok && config.config).toMatchObject({ clientId: 'env-client', redirectUri: 'https://file.example.se/cb' });
      expect(settings.view(ENCRYPTED)).toMatchObject({
        clientId: 'env-client',
        clientIdSource: 'environment',
        redirectUri: 'https://file.example.se/cb',
        redirectUriSource: 'settings-file',
      });
    });

    it('reports a missing client secret as a configuration problem when everything else is valid', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir, { env: VALID_ENV });

      expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'clientSecret', problem: 'missing', source: 'default' }] });
    });

    it('reports the client secret as missing on a blank start, alongside the other missing values', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir);

      expect(settings.config()).toEqual({
        ok: false,
        problems: [
          { field: 'clientId', problem: 'missing', source: 'default' },
          { field: 'redirectUri', problem: 'missing', source: 'default' },
          { field: 'clientSecret', problem: 'missing', source: 'default' },
        ],
      });
    });

    it('reports a settings file that is not valid JSON', async () => {
      const dir = await tempDir();
      await writeFile(settingsPath(dir), '{"clientId": ');
      const { settings } = await open(dir, { env: { ...VALID_ENV, FORTNOX_CLIENT_SECRET: SECRET } });

      expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'settingsFile', problem: 'invalid_file', source: 'settings-file' }] });
    });
  });

  describe('save', () => {
    it('writes client id and redirect URI to settings.json atomically, keeping the file’s other keys', async () => {
      const dir = await tempDir();
      await writeSettings(dir, {
        clientId: 'old-client',
        redirectUri: 'https://old.example.se/cb',
        apiBaseUrl: 'https://api.example.se/3/',
        signInOrigins: ['https://login.example.se'],
      });
      const { settings } = await open(dir);
      const before = await stat(settingsPath(dir));

      await expect(settings.save({ clientId: ' new-client ', redirectUri: 'https://new.example.se/cb' })).resolves.toEqual({ ok: true });

      expect(await readSettings(dir)).toEqual({
        clientId: 'new-client',
        redirectUri: 'https://new.example.se/cb',
        apiBaseUrl: 'https://api.example.se/3/',
        signInOrigins: ['https://login.example.se'],
      });
      // Replaced by a rename of a fully written temp file, not rewritten in place, and nothing left behind.
      expect((await stat(settingsPath(dir))).ino).not.toBe(before.ino);
      expect(await listDir(dir)).toEqual(['settings.json']);
      expect(settings.view(ENCRYPTED)).toMatchObject({ clientId: 'new-client', clientIdSource: 'settings-file' });
    });

    it('creates settings.json when there is none', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir);

      await settings.save({ clientId: 'client-1', redirectUri: 'https://app.example.se/cb' });

      expect(await readSettings(dir)).toEqual({ clientId: 'client-1', redirectUri: 'https://app.example.se/cb' });
    });

    it('writes nothing and lists the problems when a value is invalid', async () => {
      const dir = await tempDir();
      await writeSettings(dir, { clientId: 'old-client', redirectUri: 'https://old.example.se/cb' });
      const { settings } = await open(dir);
      const before = await readFile(settingsPath(dir), 'utf8');

      const result = await settings.save({ clientId: 'has spaces', redirectUri: 'http://insecure.example.se/cb' });

      expect(result).toEqual({
        ok: false,
        problems: [
          { field: 'clientId', problem: 'invalid_format', source: 'settings-file' },
          { field: 'redirectUri', problem: 'not_https', source: 'settings-file' },
        ],
      });
      expect(await readFile(settingsPath(dir), 'utf8')).toBe(before);
      expect(await listDir(dir)).toEqual(['settings.json']);
    });

    it.each([
      ['a javascript: redirect URI', { clientId: 'client-1', redirectUri: 'javascript:alert(1)' }, [{ field: 'redirectUri', problem: 'invalid_url', source: 'settings-file' }]],
      ['a client id with CR/LF inside', { clientId: 'client\r\nX-Injected: 1', redirectUri: 'https://app.example.se/cb' }, [{ field: 'clientId', problem: 'invalid_format', source: 'settings-file' }]],
    ])('refuses %s even when the environment overrides both values, and writes nothing', async (_label, request, problems) => {
      const dir = await tempDir();
      const { settings } = await open(dir, { env: { ...VALID_ENV, FORTNOX_CLIENT_SECRET: SECRET } });

      await expect(settings.save(request)).resolves.toEqual({ ok: false, problems });

      expect(await listDir(dir)).toEqual([]);
      expect(settings.config().ok).toBe(true);
    });

    it('refuses empty values without creating a file', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir);

      const result = await settings.save({ clientId: '  ', redirectUri: '' });

      expect(result.ok).toBe(false);
      expect(await listDir(dir)).toEqual([]);
    });
  });

  describe('client secret', () => {
    it('stores the secret encrypted: its plaintext is in no file of the data folder', async () => {
      const dir = await tempDir();
      const { settings, vault } = await open(dir, { env: VALID_ENV });

      await expect(settings.setClientSecret(`  ${SECRET}\n`)).resolves.toEqual({ saved: true });

      expect(vault.names()).toEqual([CLIENT_SECRET_ENTRY]);
      const files = await readAllFiles(dir);
      expect(files.size).toBeGreaterThan(0);
      for (const content of files.values()) {
        expect(content).not.toContain(SECRET);
        expect(content).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 12));
      }
      expect(settings.credentials()).toEqual({ clientId: 'env-client', clientSecret: SECRET });
    });

    it('reads the stored secret back after a restart on the same computer', async () => {
      const dir = await tempDir();
      const first = await open(dir, { env: VALID_ENV });
      await first.settings.setClientSecret(SECRET);
      const savedAt = first.clock.now();

      const { settings } = await open(dir, { env: VALID_ENV, safeStorage: first.safeStorage });

      expect(settings.credentials().clientSecret).toBe(SECRET);
      expect(settings.view(ENCRYPTED).clientSecret).toEqual({ set: true, source: 'vault', savedAt });
      expect(settings.config().ok).toBe(true);
    });

    it('never shows the secret in the settings view, wherever it comes from', async () => {
      const dir = await tempDir();
      const fromVault = await open(dir, { env: VALID_ENV });
      await fromVault.settings.setClientSecret(SECRET);
      const fromEnv = await open(await tempDir(), { env: { ...VALID_ENV, FORTNOX_CLIENT_SECRET: SECRET } });

      for (const settings of [fromVault.settings, fromEnv.settings]) {
        const view = settings.view(ENCRYPTED);
        expect(settingsViewSchema.safeParse(view).success).toBe(true);
        expect(JSON.stringify(view)).not.toContain(SECRET);
      }
      expect(fromEnv.settings.view(ENCRYPTED).clientSecret).toEqual({ set: true, source: 'environment', savedAt: null });
      expect(fromEnv.settings.credentials().clientSecret).toBe(SECRET);
    });

    it('throws client_secret_missing from credentials() when no secret is set', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir, { env: VALID_ENV });

      let error: unknown;
      try {
        settings.credentials();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(FortnoxCallError);
      expect((error as FortnoxCallError).issue).toBe('client_secret_missing');
      expect(settings.view(ENCRYPTED).clientSecret).toEqual({ set: false, source: 'none', savedAt: null });
    });

    it('refuses a secret with spaces or line breaks inside and keeps nothing', async () => {
      const dir = await tempDir();
      const { settings, vault } = await open(dir, { env: VALID_ENV });

      await expect(settings.setClientSecret('two words')).resolves.toEqual({ saved: false });
      await expect(settings.setClientSecret('line\nbreak')).resolves.toEqual({ saved: false });

      expect(vault.names()).toEqual([]);
      expect(await listDir(dir)).toEqual([]);
    });

    it('clears a stored secret, but not one from the environment', async () => {
      const dir = await tempDir();
      const { settings, vault } = await open(dir, { env: VALID_ENV });
      await settings.setClientSecret(SECRET);

      await expect(settings.clearClientSecret()).resolves.toBe(true);
      expect(vault.names()).toEqual([]);
      expect(() => settings.credentials()).toThrow(FortnoxCallError);

      const fromEnv = await open(await tempDir(), { env: { ...VALID_ENV, FORTNOX_CLIENT_SECRET: SECRET } });
      await expect(fromEnv.settings.clearClientSecret()).resolves.toBe(false);
      expect(fromEnv.settings.credentials().clientSecret).toBe(SECRET);
    });

    it('keeps the secret for this session only when Linux offers just basic_text, writing nothing', async () => {
      const dir = await tempDir();
      const safeStorage = new FakeSafeStorage({ backend: 'basic_text' });
      const { settings, vaultStatus } = await open(dir, { env: VALID_ENV, safeStorage });
      expect(vaultStatus).toEqual({ mode: 'memory', reason: 'basic_text' });

      await expect(settings.setClientSecret(SECRET)).resolves.toEqual({ saved: true });

      expect(settings.credentials().clientSecret).toBe(SECRET);
      expect((await readAllFiles(dir)).size).toBe(0);
      const restarted = await open(dir, { env: VALID_ENV, safeStorage });
      expect(() => restarted.settings.credentials()).toThrow(FortnoxCallError);
      expect(restarted.settings.config()).toMatchObject({ ok: false, problems: [{ field: 'clientSecret', problem: 'missing' }] });
    });

    it('logs that a secret was saved but never the secret itself', async () => {
      const dir = await tempDir();
      const { settings, logger } = await open(dir, { env: VALID_ENV });
      await settings.setClientSecret(SECRET);
      await settings.clearClientSecret();

      expect(logger.text()).toContain('client secret saved');
      expect(logger.text()).not.toContain(SECRET);
    });
  });

  describe('preferences', () => {
    it('remembers in settings.json that the close-to-tray explanation was shown, keeping the file’s other keys', async () => {
      const dir = await tempDir();
      await writeSettings(dir, { clientId: 'client-1', redirectUri: 'https://app.example.se/cb', apiBaseUrl: 'https://api.example.se/3/' });
      const { settings, safeStorage } = await open(dir, { env: { FORTNOX_CLIENT_SECRET: SECRET } });
      expect(settings.preferences()).toEqual({});

      await expect(settings.setPreferences({ closeToTrayExplained: true })).resolves.toBe(true);

      expect(await readSettings(dir)).toEqual({
        clientId: 'client-1',
        redirectUri: 'https://app.example.se/cb',
        apiBaseUrl: 'https://api.example.se/3/',
        closeToTrayExplained: true,
      });
      const restarted = await open(dir, { env: { FORTNOX_CLIENT_SECRET: SECRET }, safeStorage });
      expect(restarted.settings.preferences()).toEqual({ closeToTrayExplained: true });
      // The preference is not a configuration problem: the file is still valid.
      expect(restarted.settings.config()).toMatchObject({ ok: true });
    });

    it('keeps the preference when the client settings are saved afterwards', async () => {
      const dir = await tempDir();
      const { settings } = await open(dir);
      await settings.setPreferences({ closeToTrayExplained: true });

      await settings.save({ clientId: 'client-2', redirectUri: 'https://app.example.se/cb' });

      expect(await readSettings(dir)).toEqual({ clientId: 'client-2', redirectUri: 'https://app.example.se/cb', closeToTrayExplained: true });
    });

    it('never overwrites a settings.json it cannot parse: the preference then holds for this session only', async () => {
      const dir = await tempDir();
      await writeFile(settingsPath(dir), '{"clientId": ');
      const { settings } = await open(dir);

      await expect(settings.setPreferences({ closeToTrayExplained: true })).resolves.toBe(false);

      expect(await readFile(settingsPath(dir), 'utf8')).toBe('{"clientId": ');
      expect(settings.preferences()).toEqual({ closeToTrayExplained: true });
    });
  });
});

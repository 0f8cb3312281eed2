import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManagedSource } from '../../../../main/config/managed-source';
import { SettingsService } from '../../../../main/settings/settings-service';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

async function open(dir: string, managed?: ManagedSource) {
  const logger = recordingLogger();
  const vault = createSecretVault({
    box: createSecretBox(new FakeSafeStorage(), 'linux'),
    file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
    log: logger.log,
  });
  await vault.init();
  const settings = new SettingsService({ settingsPath: path.join(dir, 'settings.json'), env: {}, vault, now: () => 0, log: logger.log, ...(managed ? { managed } : {}) });
  await settings.init();
  return settings;
}

const managedFirm = (locked: boolean): ManagedSource => ({
  load: () => Promise.resolve({ managed: { raw: {}, locked: new Set(), firmServer: { url: 'https://it.byran.se/', locked } }, problems: [] }),
});

describe('the firm server setting', () => {
  it('is off by default, and saved to settings.json beside the other keys, surviving a restart', async () => {
    const dir = await tempDir();
    const settings = await open(dir);
    expect(settings.firmServer()).toEqual({ url: null, locked: false });
    await settings.saveIntegrationName('Byrån');
    expect(await settings.saveFirmServer('https://connector.byran.se/')).toEqual({ ok: true, sessionOnly: false });
    const file = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ integrationName: 'Byrån', firmServer: { url: 'https://connector.byran.se/' } });
    expect((await open(dir)).firmServer()).toEqual({ url: 'https://connector.byran.se/', locked: false });

    await settings.saveFirmServer(null);
    expect((await open(dir)).firmServer()).toEqual({ url: null, locked: false });
  });

  it('cannot be changed when the managed configuration locks it', async () => {
    const settings = await open(await tempDir(), managedFirm(true));
    expect(settings.firmServer()).toEqual({ url: 'https://it.byran.se/', locked: true });
    expect(await settings.saveFirmServer(null)).toEqual({ ok: false, problem: 'locked' });
    expect(await settings.saveFirmServer('https://other.example/')).toEqual({ ok: false, problem: 'locked' });
  });

  it('takes the managed URL as the default when it is not locked, and the user’s own over it', async () => {
    const dir = await tempDir();
    const settings = await open(dir, managedFirm(false));
    expect(settings.firmServer()).toEqual({ url: 'https://it.byran.se/', locked: false });
    await settings.saveFirmServer('https://mine.byran.se/');
    expect(settings.firmServer()).toEqual({ url: 'https://mine.byran.se/', locked: false });
  });
});

import { readFile, writeFile } from 'node:fs/promises';
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

const managedLocalApi = (localApi: { enabled?: boolean; port?: number; maxResponseMB?: number }): ManagedSource => ({
  load: () => Promise.resolve({ managed: { raw: {}, locked: new Set(), localApi }, problems: [] }),
});

const readSettings = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('the local API in the settings service', () => {
  it('saves on/off and the port in settings.json beside the other settings, and reads them back after a restart', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ clientId: 'my-client' }));
    const settings = await open(dir);
    await expect(settings.saveLocalApi({ enabled: false, port: 41900 })).resolves.toEqual({ ok: true, sessionOnly: false });
    expect(await readSettings(dir)).toEqual({ clientId: 'my-client', localApi: { enabled: false, port: 41900 } });
    expect((await open(dir)).localApi()).toEqual({ enabled: false, port: 41900, locked: [] });
  });

  it('keeps the local API settings when the client settings are saved', async () => {
    const dir = await tempDir();
    const settings = await open(dir);
    await settings.saveLocalApi({ enabled: true, port: 41900 });
    await settings.save({ clientId: 'other-client', redirectUri: 'https://connect.example.se/cb' });
    expect(await readSettings(dir)).toMatchObject({ clientId: 'other-client', localApi: { enabled: true, port: 41900 } });
  });

  it('writes nothing for a port out of range', async () => {
    const dir = await tempDir();
    const settings = await open(dir);
    await expect(settings.saveLocalApi({ enabled: true, port: 80 })).resolves.toEqual({ ok: false, problem: 'port_invalid' });
    await expect(readFile(path.join(dir, 'settings.json'), 'utf8')).rejects.toThrow();
    expect(settings.localApi().port).toBeNull();
  });

  it('reports a settings.json with a port out of range as an invalid file, as any other wrong value', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { port: 80 } }));
    const settings = await open(dir);
    expect(settings.config()).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ problem: 'invalid_file' })]) });
    expect(settings.localApi()).toEqual({ enabled: true, port: null, locked: [] });
  });

  it('lets the managed configuration turn the API off over the user, and refuses to turn it back on', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { enabled: true, port: 41900 } }));
    const settings = await open(dir, managedLocalApi({ enabled: false }));
    expect(settings.localApi()).toEqual({ enabled: false, port: 41900, locked: ['enabled'] });
    await expect(settings.saveLocalApi({ enabled: true, port: 41900 })).resolves.toEqual({ ok: false, problem: 'locked' });
    // The unlocked port can still be changed.
    await expect(settings.saveLocalApi({ enabled: false, port: 42000 })).resolves.toMatchObject({ ok: true });
    expect(settings.localApi()).toEqual({ enabled: false, port: 42000, locked: ['enabled'] });
  });

  it('keeps the limits of settings.json when on/off and the port are saved in Settings', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { maxResponseMB: 5, queueWaitSeconds: 60 } }));
    const settings = await open(dir);
    await settings.saveLocalApi({ enabled: false, port: 41900 });
    expect(await readSettings(dir)).toEqual({ localApi: { enabled: false, port: 41900, maxResponseMB: 5, queueWaitSeconds: 60 } });
    expect(settings.localApiLimits()).toMatchObject({ responseLimitBytes: 5 * 1024 * 1024, rateLimitWaitMs: 60_000 });
  });

  it("lets the managed configuration's answer cap win over settings.json's", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { maxResponseMB: 500 } }));
    const settings = await open(dir, managedLocalApi({ maxResponseMB: 20 }));
    expect(settings.localApiLimits().responseLimitBytes).toBe(20 * 1024 * 1024);
  });

  it('reports a settings.json with an answer cap out of range as an invalid file and keeps the default cap', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { maxResponseMB: 0 } }));
    const settings = await open(dir);
    expect(settings.config()).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ problem: 'invalid_file' })]) });
    expect(settings.localApiLimits().responseLimitBytes).toBe(100 * 1024 * 1024);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManagedConfig, managedConfigSchema } from '../../../../main/config/managed-config';
import type { ManagedSource } from '../../../../main/config/managed-source';
import { policyObjectFromRegistry } from '../../../../main/config/windows-registry-policy';
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

/** A managed configuration (file or policy) as managed-source would hand it over, from the file's JSON. */
const managedFrom = (json: unknown): ManagedSource => ({
  load: () => Promise.resolve({ managed: buildManagedConfig(managedConfigSchema.parse(json)), problems: [] }),
});

const readSettings = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe("the integration's name in the settings service", () => {
  it('is none at first, and a saved name is kept in settings.json beside the other settings and read back after a restart', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ clientId: 'my-client' }));
    const settings = await open(dir);
    expect(settings.integrationName()).toEqual({ name: null, locked: false });
    await expect(settings.saveIntegrationName('  Byråns   Fortnox-koppling ')).resolves.toEqual({ ok: true, name: 'Byråns Fortnox-koppling', sessionOnly: false });
    expect(await readSettings(dir)).toEqual({ clientId: 'my-client', integrationName: 'Byråns Fortnox-koppling' });
    expect((await open(dir)).integrationName()).toEqual({ name: 'Byråns Fortnox-koppling', locked: false });
  });

  it('clears the name with an empty one, and strips control and direction-override characters', async () => {
    const dir = await tempDir();
    const settings = await open(dir);
    await expect(settings.saveIntegrationName('Norr\u202e AB\u0007')).resolves.toMatchObject({ ok: true, name: 'Norr AB' });
    await expect(settings.saveIntegrationName('   ')).resolves.toMatchObject({ ok: true, name: null });
    expect(await readSettings(dir)).toEqual({});
    expect(settings.integrationName().name).toBeNull();
  });

  it('refuses a name over 60 characters and writes nothing', async () => {
    const dir = await tempDir();
    const settings = await open(dir);
    await expect(settings.saveIntegrationName('x'.repeat(61))).resolves.toEqual({ ok: false, problem: 'too_long' });
    await expect(readFile(path.join(dir, 'settings.json'), 'utf8')).rejects.toThrow();
  });

  it('takes the managed configuration’s name over the user’s, locked, and refuses to change it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ integrationName: 'Mitt namn' }));
    const settings = await open(dir, managedFrom({ integrationName: 'Byrån AB:s integration', lock: false }));
    expect(settings.integrationName()).toEqual({ name: 'Byrån AB:s integration', locked: true });
    await expect(settings.saveIntegrationName('Annat')).resolves.toEqual({ ok: false, problem: 'locked' });
    expect(await readSettings(dir)).toEqual({ integrationName: 'Mitt namn' });
  });

  it('reads the name from the Windows policy as a REG_SZ value, and refuses it as another type', () => {
    expect(policyObjectFromRegistry([{ name: 'integrationName', type: 'REG_SZ', data: 'Byrån' }])).toEqual({ object: { integrationName: 'Byrån' } });
    expect(policyObjectFromRegistry([{ name: 'integrationName', type: 'REG_DWORD', data: '0x1' }])).toHaveProperty('invalid');
  });

  it('makes a managed file with a name over 60 characters invalid, so the mistake is noticed', () => {
    expect(managedConfigSchema.safeParse({ integrationName: 'x'.repeat(61) }).success).toBe(false);
    expect(buildManagedConfig(managedConfigSchema.parse({ integrationName: ' ' })).integrationName).toBeUndefined();
  });
});

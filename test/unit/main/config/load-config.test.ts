import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectConfigSources, readSettingsFile, shouldUseSimulator } from '../../../../main/config/load-config';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function settingsFile(content?: string): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'load-config-'));
  const file = path.join(dir, 'settings.json');
  if (content !== undefined) await writeFile(file, content);
  return file;
}

describe('shouldUseSimulator', () => {
  it('never runs a packaged build against the simulator, even when asked to', async () => {
    const sources = collectConfigSources({ FORTNOX_USE_SIMULATOR: '1' }, await settingsFile());
    expect(shouldUseSimulator(true, { FORTNOX_USE_SIMULATOR: '1' }, sources)).toBe(false);
  });

  it('uses the simulator in development when no client id is configured anywhere', async () => {
    expect(shouldUseSimulator(false, {}, collectConfigSources({}, await settingsFile()))).toBe(true);
  });

  it('uses the real Fortnox in development once a client id is in the environment or the settings file', async () => {
    expect(shouldUseSimulator(false, { FORTNOX_CLIENT_ID: 'abc' }, collectConfigSources({ FORTNOX_CLIENT_ID: 'abc' }, await settingsFile()))).toBe(false);
    await rm(dir, { recursive: true, force: true });
    const file = await settingsFile('{"clientId":"abc"}');
    expect(shouldUseSimulator(false, {}, collectConfigSources({}, file))).toBe(false);
  });

  it('does not fall back to the simulator when the settings file is broken, so the problem is shown', async () => {
    const file = await settingsFile('{ not json');
    expect(shouldUseSimulator(false, {}, collectConfigSources({}, file))).toBe(false);
  });

  it('runs against the simulator in development when FORTNOX_USE_SIMULATOR=1 even with a client id', async () => {
    const env = { FORTNOX_USE_SIMULATOR: '1', FORTNOX_CLIENT_ID: 'abc' };
    expect(shouldUseSimulator(false, env, collectConfigSources(env, await settingsFile()))).toBe(true);
  });
});

describe('readSettingsFile', () => {
  it('tells an absent file from a present one', async () => {
    const file = await settingsFile();
    expect(readSettingsFile(file)).toEqual({ kind: 'absent' });
    await writeFile(file, '{}');
    expect(readSettingsFile(file)).toEqual({ kind: 'text', text: '{}' });
  });

  it('reports a folder in the file’s place as not a file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'load-config-'));
    expect(readSettingsFile(dir)).toEqual(process.platform === 'win32' ? { kind: 'unreadable', code: 'EISDIR' } : { kind: 'not_a_file' });
  });
});

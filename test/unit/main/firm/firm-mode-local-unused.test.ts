import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { localOnlyTokens } from '../../../../main/app-services';
import type { AccessTokenSource } from '../../../../main/local-api/access-token-source';
import { CLIENT_SECRET_ENTRY, SettingsService } from '../../../../main/settings/settings-service';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { connectCompany, openConnections } from '../connections/connections-harness';
import { recordingLogger } from '../recording-logger';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

/*
 * Issue 10 item 5, "in firm mode the desktop never holds the client secret or any Fortnox token":
 * while firm mode is on, this computer's connections made before it stay encrypted and unused: no
 * background refresh, no token read or handed out, and the stored client secret is not read.
 */

const tempDir = useTempDirs();
const start = useSimulatedFortnox();
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe("this computer's connections while firm mode is on", () => {
  it('are not refreshed in the background and their tokens are not read; once firm mode is off they are refreshed again', async () => {
    const { clock, simulator } = await start(connectionsScript());
    let firmMode = false;
    const opened = await openConnections({ dir: await tempDir(), clock, simulator, dormant: () => firmMode });
    await connectCompany(opened.service, simulator, 101);
    firmMode = true;
    const reads = vi.spyOn(opened.vault, 'get');
    const stop = opened.service.startBackgroundRefresh();
    // Past the seven days after which a company is refreshed, and well past its planned moment.
    clock.advance(8 * DAY);
    await opened.service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(0);
    expect(reads.mock.calls.filter(([name]) => name.startsWith('tokens:'))).toEqual([]);

    // Off again: the next look refreshes it (so the check above could have failed).
    firmMode = false;
    clock.advance(HOUR);
    await opened.service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(1);
    stop();
  });

  it('hand out no access token (the local API safety net), and never ask the keeper', async () => {
    let firmMode = true;
    const source: AccessTokenSource = {
      accessToken: vi.fn(() => Promise.resolve({ accessToken: 'local-token', expiresAt: Date.now() + HOUR, scopes: [] })),
      cachedAccessToken: vi.fn(() => ({ accessToken: 'local-token', expiresAt: Date.now() + HOUR, scopes: [] })),
      rejected: vi.fn(() => Promise.resolve('local-token')),
    };
    const guarded = localOnlyTokens(source, () => firmMode);
    await expect(guarded.accessToken('101')).rejects.toMatchObject({ code: 'firm_signed_out' });
    expect(guarded.cachedAccessToken?.('101')).toBeUndefined();
    await expect(guarded.rejected?.('101', 'old')).rejects.toMatchObject({ code: 'firm_signed_out' });
    expect(source.accessToken).not.toHaveBeenCalled();
    expect(source.cachedAccessToken).not.toHaveBeenCalled();
    expect(source.rejected).not.toHaveBeenCalled();
    firmMode = false;
    await expect(guarded.accessToken('101')).resolves.toMatchObject({ accessToken: 'local-token' });
  });
});

describe("the stored client secret while firm mode is on", () => {
  async function openSettings(dir: string) {
    const logger = recordingLogger();
    const vault = createSecretVault({
      box: createSecretBox(new FakeSafeStorage({}), 'linux'),
      file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
      log: logger.log,
    });
    await vault.init();
    const reads = vi.spyOn(vault, 'get');
    const settings = new SettingsService({ settingsPath: path.join(dir, 'settings.json'), env: {}, vault, now: () => 0, log: logger.log });
    await settings.init();
    return { settings, vault, reads };
  }

  it('is not read at start; it is shown as stored, can be removed unread, and is read once firm mode is off', async () => {
    const dir = await tempDir();
    const first = await openSettings(dir);
    expect((await first.settings.setClientSecret('local-client-secret-1')).saved).toBe(true);
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ firmServer: { url: 'https://connector.byran.se/' } }));

    const inFirmMode = await openSettings(dir);
    expect(inFirmMode.reads.mock.calls.filter(([name]) => name === CLIENT_SECRET_ENTRY)).toEqual([]);
    expect(() => inFirmMode.settings.credentials()).toThrow();
    expect(inFirmMode.settings.hasStoredSecret()).toBe(true);
    expect(inFirmMode.settings.view({ mode: 'encrypted', reason: null, problems: [] }).clientSecret).toMatchObject({ set: true, source: 'vault' });

    // Firm mode off: read now, and used.
    await inFirmMode.settings.loadDeferredSecret();
    expect(inFirmMode.reads.mock.calls.filter(([name]) => name === CLIENT_SECRET_ENTRY)).toHaveLength(1);

    const again = await openSettings(dir);
    expect(await again.settings.clearClientSecret()).toBe(true);
    expect(again.reads.mock.calls.filter(([name]) => name === CLIENT_SECRET_ENTRY)).toEqual([]);
    expect(again.vault.names()).not.toContain(CLIENT_SECRET_ENTRY);
    expect(again.settings.hasStoredSecret()).toBe(false);
  });
});

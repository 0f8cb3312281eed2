import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../../main/app-services';
import { companiesPublisher, createConnectorMain } from '../../../../main/connector-main';
import type { IpcSender } from '../../../../main/ipc/trusted-sender';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createLogger, formatLogRecord, type LogRecord } from '../../../../main/logging/logger';
import { CLIENT_SECRET_ENTRY } from '../../../../main/settings/settings-service';
import { INVOKE_CHANNELS, type EventChannel } from '../../../../shared/ipc-channels';
import type { CompanyList } from '../../../../shared/ipc-contract';
import type { LetGoLocalResult, LocalLeftovers, RemoveLocalSecretResult } from '../../../../shared/local-leftovers';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { grantFor } from '../connections/connections-harness';
import { FakeSignInWindowPort } from '../fake-sign-in-window';
import type { FakeClock } from '../fake-timers';
import { ScriptedRandom } from '../scripted-random';
import { CLIENT_ID, CLIENT_SECRET, codeFor, connectionsScript, nodeFetch, useSimulatedFortnox } from '../simulated-fortnox';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

/*
 * Issue 10 item 5, "in firm mode the desktop never holds the client secret or any Fortnox token":
 * connections this computer made before firm mode, and its own stored client secret, are shown in
 * Settings and can be let go. Each connection is revoked at Fortnox with this computer's own
 * secret (read from the vault only for that) and deleted; one Fortnox could not be told of is kept
 * unless the user confirms. Afterwards no file in the data folder holds a token or the secret.
 */

const tempDir = useTempDirs();
const start = useSimulatedFortnox();
const TRUSTED: IpcSender = { webContentsId: 5, frameUrl: 'app://renderer/index.html', isMainFrame: true };
const FIRM_URL = 'https://connector.byran.example/';

/** The app's main side over `dir`, with the client secret stored in the vault (not from the environment). */
async function openApp(dir: string, clock: FakeClock, simulator: FortnoxSimulator, safeStorage: FakeSafeStorage) {
  const secrets = new KnownSecrets();
  const records: LogRecord[] = [];
  const log = createLogger((record) => records.push(record), () => new Date(clock.now()), secrets);
  const sendToRenderer = (_channel: EventChannel, _payload: unknown) => undefined;
  const services = await createAppServices({
    dataDir: dir,
    env: {
      FORTNOX_CLIENT_ID: CLIENT_ID,
      FORTNOX_REDIRECT_URI: simulator.appCallbackUrl,
      FORTNOX_AUTHORIZE_URL: simulator.authorizeUrl,
      FORTNOX_TOKEN_URL: simulator.tokenUrl,
      FORTNOX_API_BASE_URL: simulator.apiBaseUrl,
      FORTNOX_SIGN_IN_ORIGINS: simulator.origin,
    },
    safeStorage,
    platform: 'linux',
    fetcher: nodeFetch,
    now: clock.now,
    timers: clock.timers,
    log,
    publishCompanies: companiesPublisher(sendToRenderer, log),
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    httpTimeoutMs: 2_000,
    secrets,
  });
  const main = createConnectorMain({
    simulator: false,
    packaged: false,
    version: '0.1.0',
    systemLanguages: () => ['sv-SE'],
    windows: new FakeSignInWindowPort(),
    sendToRenderer,
    appWebContentsId: () => 5,
    appOrigin: 'app://renderer',
    random: new ScriptedRandom().bytes,
    now: clock.now,
    timers: clock.timers,
    log,
    settings: services.settings,
    connections: services.connections,
    storage: services.storage,
    firm: services.firm,
    writeClipboard: () => undefined,
    diagnostics: () => '',
    openExternal: () => undefined,
    updateStatus: () => ({ state: 'disabled', version: null, checkedAt: null }),
    secrets,
  });
  const invoke = <T>(channel: string, payload?: unknown, sender: IpcSender = TRUSTED) => main.router.invoke(channel, sender, payload) as Promise<T>;
  const logText = () => records.map(formatLogRecord).join('\n');
  return { services, invoke, logText, close: () => services.firm.stop() };
}

/** Every file under `dir`, read whole (latin1: every byte kept). */
async function readEveryFile(dir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { name: path.relative(dir, file), text: (await readFile(file)).toString('latin1') };
      }),
  );
}

/** Before firm mode: two companies connected locally with a stored secret; then firm mode is turned on and the app restarted. */
async function localThenFirm() {
  const { clock, simulator } = await start(connectionsScript());
  const dir = await tempDir();
  const safeStorage = new FakeSafeStorage();
  const before = await openApp(dir, clock, simulator, safeStorage);
  expect((await before.services.settings.setClientSecret(CLIENT_SECRET)).saved).toBe(true);
  for (const tenantId of [101, 501]) {
    await before.services.connections.authorize(grantFor(simulator, await codeFor(simulator, tenantId)));
  }
  await before.services.audit.close();
  before.close();
  const settingsFile = path.join(dir, 'settings.json');
  const current = JSON.parse(await readFile(settingsFile, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  await writeFile(settingsFile, JSON.stringify({ ...current, firmServer: { url: FIRM_URL } }));
  const app = await openApp(dir, clock, simulator, safeStorage);
  return { app, dir, clock, simulator, safeStorage };
}

describe("this computer's own connections and secret while firm mode is on", { timeout: 20_000 }, () => {
  it('are listed; letting go revokes each at Fortnox, keeps one Fortnox could not be told of until confirmed, and leaves no token or secret in the data folder', async () => {
    const { app, dir, simulator } = await localThenFirm();
    const issued = simulator.issuedSecrets().filter((value) => value.length >= 8);
    const leftovers = await app.invoke<LocalLeftovers>(INVOKE_CHANNELS.getLocalLeftovers);
    expect(leftovers.firmActive).toBe(true);
    expect(leftovers.clientSecret).toBe(true);
    expect(leftovers.companies.map((company) => company.tenantId).sort()).toEqual(['101', '501']);
    // Still unread: showing them does not take the secret out of the vault.
    expect(() => app.services.settings.credentials()).toThrow();

    // Fortnox's revoke endpoint fails: the company is kept and the failure said.
    simulator.injectFault({ route: 'revoke', kind: 'html500', times: 2 });
    const failed = await app.invoke<LetGoLocalResult>(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: false });
    expect(failed).toEqual({ removed: false, revoked: false, issue: 'server_error' });
    expect(app.services.connections.record('101')).toBeDefined();
    expect(app.services.connections.ownConnections().map((company) => company.tenantId)).toContain('101');
    // Confirmed: deleted locally though Fortnox still could not be told.
    const forced = await app.invoke<LetGoLocalResult>(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: true });
    expect(forced).toEqual({ removed: true, revoked: false, issue: 'server_error' });
    expect(app.services.connections.record('101')).toBeUndefined();

    // The other one: revoked at Fortnox with this computer's own secret, then deleted.
    const revoked = await app.invoke<LetGoLocalResult>(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '501', removeIfNotRevoked: false });
    expect(revoked).toEqual({ removed: true, revoked: true, issue: null });
    expect(simulator.revocations().filter((record) => record.revoked).map((record) => record.tenantId)).toEqual([501]);
    expect(simulator.revocations().every((record) => record.basicAuthValid || record.fault !== null)).toBe(true);

    const removed = await app.invoke<RemoveLocalSecretResult>(INVOKE_CHANNELS.removeLocalSecret);
    expect(removed).toEqual({ removed: true });
    expect(await app.invoke<LocalLeftovers>(INVOKE_CHANNELS.getLocalLeftovers)).toEqual({ firmActive: true, companies: [], clientSecret: false });
    expect(app.services.settings.hasStoredSecret()).toBe(false);

    // Every file, read whole: no token, code or secret Fortnox issued, nor the client secret.
    await app.services.audit.close();
    const files = await readEveryFile(dir);
    expect(files.map((file) => file.name)).toContain('secrets.json');
    const secrets = [...issued, CLIENT_SECRET];
    expect(issued.length).toBeGreaterThan(3);
    for (const file of files) {
      for (const secret of secrets) expect(file.text.includes(secret), `${file.name} holds a secret`).toBe(false);
    }
    // The vault's own list agrees (its entries are ciphertexts, so their names are checked too).
    expect(app.services.connections.ownConnections()).toEqual([]);
    expect(JSON.parse(files.find((file) => file.name === 'secrets.json')?.text ?? '{}')).not.toHaveProperty(['entries', CLIENT_SECRET_ENTRY]);
    // Nor did the log.
    for (const secret of secrets) expect(app.logText().includes(secret)).toBe(false);
    // The firm's list is what the window shows: the local one never came back.
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies).toEqual([]);
    app.close();
  });

  it('is refused while firm mode is off, to a sender that is not the app window and for a tenant id that is not one', async () => {
    const { app } = await localThenFirm();
    const stranger: IpcSender = { webContentsId: 9, frameUrl: 'https://evil.example/', isMainFrame: true };
    await expect(app.invoke(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: true }, stranger)).rejects.toThrow('IPC request refused');
    await expect(app.invoke(INVOKE_CHANNELS.removeLocalSecret, undefined, stranger)).rejects.toThrow('IPC request refused');
    await expect(app.invoke(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '../101', removeIfNotRevoked: true })).rejects.toThrow('IPC request refused');
    await expect(app.invoke(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: 'yes' })).rejects.toThrow('IPC request refused');
    await expect(app.invoke(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: true, extra: 1 })).rejects.toThrow('IPC request refused');
    expect(app.services.connections.record('101')).toBeDefined();

    // Firm mode off: these are the connections in use, and nothing here touches them.
    expect((await app.services.settings.saveFirmServer(null)).ok).toBe(true);
    expect(await app.invoke<LocalLeftovers>(INVOKE_CHANNELS.getLocalLeftovers)).toEqual({ firmActive: false, companies: [], clientSecret: false });
    expect(await app.invoke<LetGoLocalResult>(INVOKE_CHANNELS.letGoLocalConnection, { tenantId: '101', removeIfNotRevoked: true })).toEqual({
      removed: false,
      revoked: false,
      issue: null,
      refused: 'firm_off',
    });
    expect(await app.invoke<RemoveLocalSecretResult>(INVOKE_CHANNELS.removeLocalSecret)).toEqual({ removed: false, refused: 'firm_off' });
    expect(app.services.connections.record('101')).toBeDefined();
    expect(app.services.settings.hasStoredSecret()).toBe(true);
    app.close();
  });
});

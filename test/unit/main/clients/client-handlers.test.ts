import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientFileStore, memoryClientStore, type ClientStore } from '../../../../main/clients/client-file';
import { createClientHandlers } from '../../../../main/clients/client-handlers';
import { ClientRegister } from '../../../../main/clients/client-register';
import { createIpcRouter, type IpcHandlers } from '../../../../main/ipc/ipc-router';
import type { IpcSender } from '../../../../main/ipc/trusted-sender';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../../shared/client-import-limits';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { CompanySummary } from '../../../../shared/ipc-contract';
import type { Language } from '../../../../shared/ui-language';
import { NOW, summary } from '../background/company-summaries';
import { recordingLogger } from '../recording-logger';
import { recordingSaveFile } from '../storage/recording-save-file';
import { listDir, useTempDirs } from '../storage/temp-dir';

const APP: IpcSender = { webContentsId: 1, frameUrl: 'app://renderer/index.html', isMainFrame: true };

async function clientChannels(companies: CompanySummary[] = [], store: ClientStore = memoryClientStore()) {
  const { log } = recordingLogger();
  const clients = new ClientRegister({ store, now: () => NOW, log });
  await clients.init();
  const save = recordingSaveFile();
  let language: Language = 'sv';
  // Only the client channels are wired: the others are not reached in these tests.
  const handlers = createClientHandlers({ clients, companies: () => companies, save, language: () => language, now: () => NOW, log }) as IpcHandlers;
  const router = createIpcRouter(handlers, { appWebContentsId: () => 1, appOrigin: 'app://renderer' }, log);
  return { invoke: (channel: string, payload: unknown) => router.invoke(channel, APP, payload), save, setLanguage: (next: Language) => (language = next) };
}

describe('the clients:* channels', () => {
  const tempDir = useTempDirs();

  /** The channels over a real clients.json holding `content`. */
  async function overFile(content: string) {
    const dir = await tempDir();
    const filePath = path.join(dir, 'clients.json');
    await writeFile(filePath, content);
    const { log } = recordingLogger();
    const channels = await clientChannels([], clientFileStore({ filePath, now: () => new Date(NOW), log }));
    return { ...channels, dir, filePath };
  }

  it('tell the Clients view that a damaged clients.json was moved aside, and where, while the list starts empty', async () => {
    const { invoke, dir, filePath } = await overFile('{"version": 1, "clients": [');
    const [backup] = (await listDir(dir)).filter((name) => name.startsWith('clients.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(await invoke(INVOKE_CHANNELS.listClients, undefined)).toEqual({
      clients: [],
      counts: { not_connected: 0, connected: 0, needs_reconnect: 0, skipped: 0 },
      fileProblem: { kind: 'corrupt', filePath, backupPath: path.join(dir, backup ?? '') },
    });
  });

  it('tell the Clients view that a newer version\'s clients.json was left where it is', async () => {
    const { invoke, filePath } = await overFile(JSON.stringify({ version: 9, clients: [] }));
    expect(await invoke(INVOKE_CHANNELS.listClients, undefined)).toMatchObject({ clients: [], fileProblem: { kind: 'newer_version', filePath, backupPath: null } });
  });

  it('say nothing about the file when clients.json was read', async () => {
    const { invoke } = await overFile(JSON.stringify({ version: 1, clients: [{ orgNumber: '556677-8899', name: null, addedAt: 1, skippedAt: null }] }));
    expect(await invoke(INVOKE_CHANNELS.listClients, undefined)).not.toHaveProperty('fileProblem');
  });

  it('import a pasted list in main and list each client with its state and the counts', async () => {
    const { invoke } = await clientChannels([summary('101', { organizationNumber: '556677-8899' })]);
    const outcome = await invoke(INVOKE_CHANNELS.importClients, { text: '5566778899;Ett AB\nfel;Två AB\n5561234567;Tre AB' });
    expect(outcome).toEqual({
      ok: true,
      added: 2,
      alreadyListed: 0,
      overLimit: 0,
      stored: true,
      problems: [{ line: 2, reason: 'not_digits', value: 'fel' }],
    });
    expect(await invoke(INVOKE_CHANNELS.listClients, undefined)).toEqual({
      clients: [
        { orgNumber: '556677-8899', name: 'Ett AB', state: 'connected', tenantId: '101' },
        { orgNumber: '556123-4567', name: 'Tre AB', state: 'not_connected', tenantId: null },
      ],
      counts: { not_connected: 1, connected: 1, needs_reconnect: 0, skipped: 0 },
    });
  });

  it('refuse a text over the import limit before it reaches the parser', async () => {
    const { invoke } = await clientChannels();
    await expect(invoke(INVOKE_CHANNELS.importClients, { text: '1'.repeat(CLIENT_IMPORT_MAX_BYTES + 1) })).rejects.toThrow('IPC request refused');
  });

  it('remove only canonical organisation numbers', async () => {
    const { invoke } = await clientChannels();
    await invoke(INVOKE_CHANNELS.importClients, { text: '5566778899\n5561234567' });
    await expect(invoke(INVOKE_CHANNELS.removeClients, { orgNumbers: ['5566778899'] })).rejects.toThrow('IPC request refused');
    expect(await invoke(INVOKE_CHANNELS.removeClients, { orgNumbers: ['556677-8899'] })).toEqual({ removed: 1, stored: true });
  });

  it('export the clients asked for, in that order, or all, in the window language', async () => {
    const { invoke, save, setLanguage } = await clientChannels();
    await invoke(INVOKE_CHANNELS.importClients, { text: '5566778899;Ett\n5561234567;Två\n5598765435;Tre' });
    expect(await invoke(INVOKE_CHANNELS.exportClients, { orgNumbers: ['559876-5435', '556677-8899'] })).toEqual({ saved: true, rows: 2, failed: false });
    expect(save.files[0]?.text).toBe(
      '\uFEFForganisation_number;name;state;database_number\r\n559876-5435;Tre;not_connected;\r\n556677-8899;Ett;not_connected;\r\n',
    );
    setLanguage('en');
    expect(await invoke(INVOKE_CHANNELS.exportClients, {})).toEqual({ saved: true, rows: 3, failed: false });
    expect(save.files[1]?.text.split('\r\n')[0]).toBe('\uFEFForganisation_number,name,state,database_number');
  });
});

import { describe, expect, it } from 'vitest';
import { memoryClientStore } from '../../../../main/clients/client-file';
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

const APP: IpcSender = { webContentsId: 1, frameUrl: 'app://renderer/index.html', isMainFrame: true };

async function clientChannels(companies: CompanySummary[] = []) {
  const { log } = recordingLogger();
  const clients = new ClientRegister({ store: memoryClientStore(), now: () => NOW, log });
  await clients.init();
  const save = recordingSaveFile();
  let language: Language = 'sv';
  // Only the client channels are wired: the others are not reached in these tests.
  const handlers = createClientHandlers({ clients, companies: () => companies, save, language: () => language, now: () => NOW, log }) as IpcHandlers;
  const router = createIpcRouter(handlers, { appWebContentsId: () => 1, appOrigin: 'app://renderer' }, log);
  return { invoke: (channel: string, payload: unknown) => router.invoke(channel, APP, payload), save, setLanguage: (next: Language) => (language = next) };
}

describe('the clients:* channels', () => {
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

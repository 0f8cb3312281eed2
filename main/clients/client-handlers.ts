import type { BatchEntryInput } from '../../shared/batch-contract';
import type { ImportedClient } from '../../shared/client-import';
import type { ClientView, CompanySummary } from '../../shared/ipc-contract';
import { INVOKE_CHANNELS } from '../../shared/ipc-channels';
import type { Language } from '../../shared/ui-language';
import type { IpcHandlers } from '../ipc/ipc-router';
import type { Logger } from '../logging/logger';
import type { SaveFilePort } from '../storage/save-file-port';
import { exportClientsCsv } from './client-csv';
import type { ClientRegister } from './client-register';
import { clientListing } from './client-states';

type ClientChannel =
  | typeof INVOKE_CHANNELS.listClients
  | typeof INVOKE_CHANNELS.importClients
  | typeof INVOKE_CHANNELS.removeClients
  | typeof INVOKE_CHANNELS.exportClients;

/** What the client list's channels need. */
export interface ClientHandlerDeps {
  clients: ClientRegister;
  /** The connected companies now: each client's state is worked out from them at every read. */
  companies: () => readonly CompanySummary[];
  /** The save dialog; absent, an export fails and says so. */
  save: SaveFilePort | undefined;
  /** The window's language: the CSV separator follows it. */
  language: () => Language;
  now: () => number;
  log: Logger;
}

/** The `clients:*` channels: the list with states, import (parsed here, in main), removal and CSV export. */
export function createClientHandlers(deps: ClientHandlerDeps): Pick<IpcHandlers, ClientChannel> {
  const listing = () => {
    const problem = deps.clients.fileProblem();
    return { ...clientListing(deps.clients.records(), deps.companies(), deps.now()), ...(problem ? { fileProblem: problem } : {}) };
  };
  return {
    [INVOKE_CHANNELS.listClients]: () => listing(),
    [INVOKE_CHANNELS.importClients]: ({ text }) => deps.clients.importText(text),
    [INVOKE_CHANNELS.removeClients]: ({ orgNumbers }) => deps.clients.remove(orgNumbers),
    [INVOKE_CHANNELS.exportClients]: ({ orgNumbers }) => {
      const all = listing().clients;
      let chosen: ClientView[] = all;
      if (orgNumbers !== undefined) {
        const byNumber = new Map(all.map((client) => [client.orgNumber, client]));
        chosen = [...new Set(orgNumbers)].map((orgNumber) => byNumber.get(orgNumber)).filter((client): client is ClientView => client !== undefined);
      }
      return exportClientsCsv({ save: deps.save, now: deps.now, log: deps.log }, chosen, deps.language());
    },
  };
}

/** The clients a batch was started with: entries named by organisation number, not existing companies (by tenant id). */
export function clientsOfBatch(entries: readonly BatchEntryInput[]): ImportedClient[] {
  return entries.flatMap((entry) =>
    entry.orgNumber === undefined || entry.tenantId !== undefined
      ? []
      : [entry.name === undefined ? { orgNumber: entry.orgNumber } : { orgNumber: entry.orgNumber, name: entry.name }],
  );
}

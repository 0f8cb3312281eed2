import type { FirmDeskProblem } from '../../shared/firm-desk';
import { INVOKE_CHANNELS } from '../../shared/ipc-channels';
import type { Language } from '../../shared/ui-language';
import type { IpcHandlers } from '../ipc/ipc-router';
import { csvSeparatorFor } from '../local-api/audit-csv';
import { RecentlyCreatedKeys } from '../local-api/recently-created-keys';
import type { Logger } from '../logging/logger';
import type { SaveFilePort } from '../storage/save-file-port';
import { FirmApiError, FirmUnreachableError, type FirmServerClient } from './firm-server-client';
import { FIRM_CODE_DESK_PROBLEMS } from '../../shared/firm-problems';

/** The channels of the Tools and Activity views in firm mode. */
type FirmDeskChannel =
  | typeof INVOKE_CHANNELS.listFirmKeys
  | typeof INVOKE_CHANNELS.createFirmKey
  | typeof INVOKE_CHANNELS.revokeFirmKey
  | typeof INVOKE_CHANNELS.copyFirmKey
  | typeof INVOKE_CHANNELS.queryFirmAudit
  | typeof INVOKE_CHANNELS.exportFirmAudit;

/** What the handlers need. */
export interface FirmDeskDeps {
  /** Firm mode's server client (FirmMode.serverClient): null when firm mode is off. */
  server: () => { client: FirmServerClient; signedIn: boolean } | null;
  /** Where the audit's CSV is saved (the save dialog); absent, the export says it could not be saved. */
  save: SaveFilePort | undefined;
  writeClipboard: (text: string) => void;
  /**
   * The window's language: the audit's CSV is asked for with its separator (`;` in Swedish, `,` in
   * English), the same as the local audit export, so a double-clicked file opens in columns.
   */
  language: () => Language;
  /** The clock: a new key can be copied for 15 minutes after it was made. */
  now: () => number;
  log: Logger;
}

/** Thrown inside a handler to answer with a problem. */
class DeskRefusal extends Error {
  constructor(readonly problem: FirmDeskProblem) {
    super(problem);
  }
}

/** What the views are told about a failed call to the firm server. */
export function deskProblemOf(error: unknown): FirmDeskProblem {
  if (error instanceof DeskRefusal) return error.problem;
  if (error instanceof FirmUnreachableError) return 'unreachable';
  if (error instanceof FirmApiError) {
    // The server answers 409 when it keeps the most keys it may (server/http/firm-routes.ts).
    if (error.status === 409 && FIRM_CODE_DESK_PROBLEMS[error.code] === 'invalid_request') return 'too_many_keys';
    return FIRM_CODE_DESK_PROBLEMS[error.code];
  }
  return 'server_error';
}

/** Rows of a CSV text: its records less the header (company names and paths are one line each). */
function csvRows(text: string): number {
  const lines = text.split('\r\n').filter((line) => line !== '');
  return Math.max(0, lines.length - 1);
}

/** The CSV as the save port's chunks (the server's answer is bounded, so it is one). */
async function* textChunks(text: string): AsyncIterable<string> {
  yield text;
}

/** The export's suggested file name, with the day in the user's time zone. */
function exportName(now: number): string {
  const day = new Date(now);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `firm-audit-${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}.csv`;
}

/**
 * The IPC handlers of the Tools and Activity views in firm mode (issue 10 items 5 and 6): the
 * firm server's integration keys and its audit, called under the accountant's session, which
 * never leaves main. Every failure becomes one of the contract's problems, logged by name only.
 *
 * A new key is handed to the window in the answer to its creation and is not kept: main
 * remembers only its SHA-256 for 15 minutes, so the copy button can put exactly that key (and
 * no other text) on the clipboard, and never logs it (the server client logs route and status only).
 */
export function createFirmDeskHandlers(deps: FirmDeskDeps): Pick<IpcHandlers, FirmDeskChannel> {
  const recent = new RecentlyCreatedKeys(deps.now);

  /** Runs `call` with the signed-in client, or answers why not. */
  const withServer = async <T extends object>(what: string, call: (client: FirmServerClient) => Promise<T>): Promise<({ ok: true } & T) | { ok: false; problem: FirmDeskProblem }> => {
    try {
      const server = deps.server();
      if (!server) throw new DeskRefusal('off');
      if (!server.signedIn) throw new DeskRefusal('signed_out');
      return { ok: true, ...(await call(server.client)) };
    } catch (error) {
      const problem = deskProblemOf(error);
      deps.log.info('firm server request not done', { what, problem });
      return { ok: false, problem };
    }
  };

  return {
    [INVOKE_CHANNELS.listFirmKeys]: () => withServer('list keys', async (client) => ({ keys: (await client.integrationKeys()).keys })),

    [INVOKE_CHANNELS.createFirmKey]: (request) =>
      withServer('create key', async (client) => {
        const created = await client.createIntegrationKey(request);
        recent.add(created.key);
        return { key: created.key, record: created.record, serverUrl: client.baseUrl };
      }),

    [INVOKE_CHANNELS.revokeFirmKey]: ({ id }) =>
      withServer('revoke key', async (client) => {
        await client.revokeIntegrationKey(id);
        return {};
      }),

    [INVOKE_CHANNELS.copyFirmKey]: ({ key }) => {
      if (!recent.has(key)) return { copied: false, reason: 'not_recent' };
      deps.writeClipboard(key);
      return { copied: true };
    },

    [INVOKE_CHANNELS.queryFirmAudit]: ({ tenantId, before, limit }) =>
      withServer('audit page', async (client) => {
        const page = await client.audit({ limit, ...(tenantId !== undefined ? { tenantId } : {}), ...(before !== undefined ? { before } : {}) });
        return { entries: page.entries, next: page.next };
      }),

    [INVOKE_CHANNELS.exportFirmAudit]: ({ tenantId }) =>
      withServer('audit export', async (client) => {
        // Read before the dialog opens, so a refusal is told without asking where to save first.
        const separator = csvSeparatorFor(deps.language());
        const text = await client.auditCsv({ separator, ...(tenantId !== undefined ? { tenantId } : {}) });
        if (!deps.save) throw new DeskRefusal('not_saved');
        let saved: boolean;
        try {
          saved = await deps.save.save(exportName(deps.now()), textChunks(text));
        } catch (error) {
          deps.log.warn('firm audit export could not be written', { error: error instanceof Error ? error.name : typeof error });
          throw new DeskRefusal('not_saved');
        }
        return { saved, rows: saved ? csvRows(text) : 0 };
      }),
  };
}

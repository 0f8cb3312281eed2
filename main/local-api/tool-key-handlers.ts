import type { ToolKeyRecord } from '../../shared/local-api-keys';
import type { LocalApiStatus } from '../../shared/local-api-status';
import type { ToolKeyView } from '../../shared/ipc-contract';
import { INVOKE_CHANNELS } from '../../shared/ipc-channels';
import { normalizeTenantId } from '../../shared/tenant-id';
import { toolExample } from '../../shared/tool-examples';
import type { IpcHandlers } from '../ipc/ipc-router';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import { DEFAULT_LOCAL_API_PORT } from './local-api-server';
import { RecentlyCreatedKeys } from './recently-created-keys';
import { checkToolKeyFormat } from './tool-key-format';
import { TooManyToolKeysError, type ToolKeys } from './tool-keys';

/** The Tools view's channels. */
type ToolKeyChannel =
  | typeof INVOKE_CHANNELS.listToolKeys
  | typeof INVOKE_CHANNELS.createToolKey
  | typeof INVOKE_CHANNELS.revokeToolKey
  | typeof INVOKE_CHANNELS.removeToolKey
  | typeof INVOKE_CHANNELS.copyToolText;

/** What the Tools view's handlers need. */
export interface ToolKeyHandlerDeps {
  /**
   * The key registry and the port the local API listens on (or will, once turned on) for the
   * examples; absent when the registry could not be opened this session (no keys can be made).
   */
  tools: { keys: ToolKeys; port: () => number } | undefined;
  /** The tenant ids of the connected companies: a key may name only these. */
  connectedTenantIds: () => readonly string[];
  writeClipboard: (text: string) => void;
  /** The clock: a key can be copied only in the first 15 minutes after it was made. */
  now: () => number;
  /** The logger's redaction list: a new key joins it before anything else can see it. */
  secrets?: KnownSecrets;
  log: Logger;
}

/**
 * The port the examples name: where the local API runs or tries to run; while it is off, the
 * port chosen in Settings (null: the default), where it will run once turned on.
 */
export function examplePort(status: LocalApiStatus, configuredPort: number | null): number {
  return 'port' in status && status.port > 0 ? status.port : (configuredPort ?? DEFAULT_LOCAL_API_PORT);
}

/** A stored record as the Tools view sees it: without its SHA-256. */
export function toolKeyView(record: ToolKeyRecord): ToolKeyView {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the hash is left out on purpose
  const { sha256, ...view } = record;
  return view;
}

/**
 * The IPC handlers of the Tools view (issue 8, item 2): list, create, revoke, remove, copy. The new key
 * is the one secret that reaches the renderer (it must be shown once); it is added to the
 * logger's known secrets at once and never logged. Copying goes through main, which writes the
 * clipboard, since the sandboxed page cannot.
 */
export function createToolKeyHandlers(deps: ToolKeyHandlerDeps): Pick<IpcHandlers, ToolKeyChannel> {
  const recent = new RecentlyCreatedKeys(deps.now);
  return {
    [INVOKE_CHANNELS.listToolKeys]: () => ({ keys: (deps.tools?.keys.list() ?? []).map(toolKeyView) }),

    [INVOKE_CHANNELS.createToolKey]: async (request) => {
      const { tools } = deps;
      if (!tools) return { ok: false, reason: 'unavailable' };
      if (request.companies !== 'all') {
        const connected = new Set(deps.connectedTenantIds());
        // A company disconnected while the form was open: the user must choose again, not get a key for fewer companies.
        if (!request.companies.every((tenantId) => connected.has(normalizeTenantId(tenantId) ?? ''))) return { ok: false, reason: 'unknown_companies' };
      }
      try {
        const created = await tools.keys.create(request);
        deps.secrets?.add(created.key);
        recent.add(created.key);
        return { ok: true, key: created.key, record: toolKeyView(created.record), port: tools.port() };
      } catch (error) {
        if (error instanceof TooManyToolKeysError) return { ok: false, reason: 'too_many_keys' };
        deps.log.warn('tool key not created: it could not be stored', { error: error instanceof Error ? error.name : typeof error });
        return { ok: false, reason: 'not_saved' };
      }
    },

    [INVOKE_CHANNELS.revokeToolKey]: async ({ id }) => {
      if (!deps.tools) return { revoked: false, saved: false };
      try {
        return { revoked: await deps.tools.keys.revoke(id), saved: true };
      } catch (error) {
        // Refused from now on all the same (tool-keys.ts); only the file could not be written.
        deps.log.warn('tool key revoked, but the revocation could not be stored', { keyId: id, error: error instanceof Error ? error.name : typeof error });
        return { revoked: true, saved: false };
      }
    },

    [INVOKE_CHANNELS.removeToolKey]: async ({ id }) => {
      if (!deps.tools) return { outcome: 'unavailable' };
      try {
        return { outcome: await deps.tools.keys.remove(id) };
      } catch (error) {
        deps.log.warn('tool key not removed: the key file could not be written', { keyId: id, error: error instanceof Error ? error.name : typeof error });
        return { outcome: 'not_saved' };
      }
    },

    [INVOKE_CHANNELS.copyToolText]: ({ what, key, databaseNumber }) => {
      // Only a well-formed key (checksum included) is copied, so the page cannot use this to put arbitrary text on the clipboard,
      // and only one made in this session in the last 15 minutes, so it cannot copy (or grow the known secrets with) any other.
      if (!deps.tools || !checkToolKeyFormat(key).ok) return { copied: false };
      if (!recent.has(key)) return { copied: false, reason: 'not_recent' };
      deps.secrets?.add(key);
      deps.writeClipboard(what === 'key' ? key : toolExample(what, { port: deps.tools.port(), key, databaseNumber }));
      return { copied: true };
    },
  };
}

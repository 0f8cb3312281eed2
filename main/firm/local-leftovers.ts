import type { LetGoLocalResult, LocalLeftovers, RemoveLocalSecretResult } from '../../shared/local-leftovers';
import { INVOKE_CHANNELS } from '../../shared/ipc-channels';
import { TENANT_ID_PATTERN } from '../../shared/tenant-id';
import { COMPANY_NAME_MAX, MAX_LISTED_COMPANIES } from '../../shared/text-limits';
import { cleanText } from '../../shared/untrusted-text';
import type { ConnectionsService } from '../connections/connections-service';
import type { IpcHandlers } from '../ipc/ipc-router';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';

/** What letting go of this computer's own connections and secret needs. */
export interface LocalLeftoversDeps {
  /** Firm mode is on: only then is anything left over (off, these are the connections in use). */
  firmActive: () => boolean;
  settings: Pick<SettingsService, 'loadDeferredSecret' | 'hasStoredSecret' | 'clearClientSecret' | 'credentials'>;
  connections: Pick<ConnectionsService, 'ownConnections' | 'letGo'>;
  log: Logger;
}

/** The channels of Settings' "left on this computer" notice in firm mode. */
type LeftoverChannel = typeof INVOKE_CHANNELS.getLocalLeftovers | typeof INVOKE_CHANNELS.letGoLocalConnection | typeof INVOKE_CHANNELS.removeLocalSecret;

/**
 * This computer's own connections and client secret while firm mode is on (issue 10 item 5):
 * unused, but still in its data folder. Settings shows them and lets the user let them go: each
 * connection is revoked at Fortnox with this computer's own client secret (read from the vault
 * only now, since firm mode leaves it unread) and then deleted; one Fortnox could not be told of
 * is kept unless the user confirms deleting it anyway. The secret itself can then be removed.
 */
export function createLocalLeftoverHandlers(deps: LocalLeftoversDeps): Pick<IpcHandlers, LeftoverChannel> {
  const view = (): LocalLeftovers => {
    if (!deps.firmActive()) return { firmActive: false, companies: [], clientSecret: false };
    const companies = deps.connections
      .ownConnections()
      .filter((company) => TENANT_ID_PATTERN.test(company.tenantId))
      .slice(0, MAX_LISTED_COMPANIES)
      .map((company) => ({ tenantId: company.tenantId, companyName: cleanText(company.companyName, COMPANY_NAME_MAX) ?? null }));
    return { firmActive: true, companies, clientSecret: deps.settings.hasStoredSecret() };
  };

  return {
    [INVOKE_CHANNELS.getLocalLeftovers]: () => view(),

    [INVOKE_CHANNELS.letGoLocalConnection]: async ({ tenantId, removeIfNotRevoked }): Promise<LetGoLocalResult> => {
      if (!deps.firmActive()) return { removed: false, revoked: false, issue: null, refused: 'firm_off' };
      // Revoking needs this computer's own client secret, which firm mode did not read at start.
      await deps.settings.loadDeferredSecret();
      const outcome = await deps.connections.letGo(tenantId, () => deps.settings.credentials(), removeIfNotRevoked);
      deps.log.info('own connection let go in firm mode', { tenantId, removed: outcome.removed, revoked: outcome.revoked, issue: outcome.issue });
      return outcome;
    },

    [INVOKE_CHANNELS.removeLocalSecret]: async (): Promise<RemoveLocalSecretResult> => {
      if (!deps.firmActive()) return { removed: false, refused: 'firm_off' };
      return { removed: await deps.settings.clearClientSecret() };
    },
  };
}

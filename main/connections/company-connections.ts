import type { RestoreResult } from '../../shared/attention-rows';
import type { CompanySummary, TestResult } from '../../shared/ipc-contract';
import type { Language } from '../../shared/ui-language';
import type { AuthorizationGrant } from '../connect/connect-flow';
import type { CompanyListing, ConnectedCompany, DisconnectOutcome } from './connections-service';
import type { CompanyRecord } from './company-records';

/** What a reconnect needs to know of a company: what it asked Fortnox for last time. */
export type ReconnectBasis = Pick<CompanyRecord, 'tenantId' | 'requestedScopes' | 'offlineAccess' | 'accountType'>;

/**
 * The surface the IPC handlers use to list, connect, test, reconnect and disconnect companies.
 * `ConnectionsService` implements it with this computer's own tokens; in firm mode
 * `FirmConnections` (main/firm/firm-connections.ts) implements it through the firm server, which
 * holds the tokens. connector-main picks one per call from the settings (firm mode on or off).
 */
export interface CompanyConnections {
  listing(): CompanyListing;
  list(): CompanySummary[];
  company(tenantId: string): CompanySummary | undefined;
  record(tenantId: string): ReconnectBasis | undefined;
  /** A verified code: exchanged here, or handed to the firm server. */
  authorize(grant: AuthorizationGrant): Promise<ConnectedCompany>;
  test(tenantId: string): Promise<TestResult>;
  disconnect(tenantId: string): Promise<DisconnectOutcome>;
  disconnectAttention(id: string): Promise<DisconnectOutcome>;
  restore(tenantId: string): Promise<RestoreResult>;
  keepHeld(flowId: string): Promise<ConnectedCompany | undefined>;
  discardHeld(flowId?: string): number;
  discardHeldExcept(keep: readonly string[]): number;
  detailsText(tenantId: string, language?: Language): string | undefined;
}

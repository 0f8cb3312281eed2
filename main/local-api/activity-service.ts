import type { AuditCompany } from '../../shared/audit-entry';
import type { ActivityExportResult, ActivityKeys, AuditFilter, AuditPage, AuditQuery } from '../../shared/ipc-contract';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import { MAX_ACTIVITY_KEYS } from '../../shared/local-api-keys';
import type { Language } from '../../shared/ui-language';
import type { Logger } from '../logging/logger';
import type { SaveFilePort } from '../storage/save-file-port';
import { exportAuditCsv } from './audit-export';

/** What the Activity view asks of main (issue 8 item 5). */
export interface ActivityService {
  query(query: AuditQuery): Promise<AuditPage>;
  /** The keys and the companies the log has entries for (disconnected ones too), to filter by. */
  keys(): Promise<ActivityKeys>;
  /** Saves the filtered log as CSV; `language` picks the separator (Swedish `;`, English `,`). */
  exportCsv(filter: AuditFilter, language: Language): Promise<ActivityExportResult>;
}

/** The Activity view's collaborators. */
export interface ActivityServiceDeps {
  audit: { query(filter: AuditFilter, limit: number, cursor?: string): Promise<AuditPage>; companies(): Promise<AuditCompany[]> };
  /** The key registry's records (revoked ones included). */
  keys: () => readonly ToolKeyRecord[];
  /** A company's current name, for the export's company column. */
  companyName: (tenantId: string) => string | null | undefined;
  save: SaveFilePort;
  now: () => number;
  log: Logger;
}

/**
 * The Activity view's side in main: pages of the audit log (the renderer never holds the whole
 * log), the keys to filter by (id and name only), and the CSV export through the save-file port.
 */
export function createActivityService(deps: ActivityServiceDeps): ActivityService {
  return {
    query: (query) => deps.audit.query(query.filter, query.limit, query.cursor),
    keys: async () => ({
      keys: deps
        .keys()
        .slice(0, MAX_ACTIVITY_KEYS)
        .map((key) => ({ id: key.id, name: key.name, revoked: key.revokedAt !== null })),
      companies: await deps.audit.companies().catch((error: unknown) => {
        deps.log.warn('activity companies could not be read', { error: error instanceof Error ? error.name : typeof error });
        return [];
      }),
    }),
    exportCsv: async (filter, language) => {
      try {
        return { ...(await exportAuditCsv({ audit: deps.audit, save: deps.save, companyName: deps.companyName, now: deps.now, language }, filter)), failed: false };
      } catch (error) {
        deps.log.warn('activity export could not be written', { error: error instanceof Error ? error.name : typeof error });
        return { saved: false, rows: 0, truncated: false, failed: true };
      }
    },
  };
}

/** Where no audit log exists (tests of other parts): an empty log that cannot be exported. */
export const NO_ACTIVITY: ActivityService = {
  query: () => Promise.resolve({ entries: [], nextCursor: null, damaged: 0 }),
  keys: () => Promise.resolve({ keys: [], companies: [] }),
  exportCsv: () => Promise.resolve({ saved: false, rows: 0, truncated: false, failed: false }),
};

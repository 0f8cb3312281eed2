import type { AuditCompany } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { ActivityMessages } from '../i18n/messages';

/** One company the Activity view's company filter offers. */
export interface ActivityCompanyOption {
  tenantId: string;
  label: string;
  /** In the log, but no longer connected. */
  disconnected: boolean;
}

/**
 * The companies to filter the log by: those connected now (by their current label), then those
 * the log has entries for that are no longer connected (by the name an entry recorded, or their
 * database number), marked as disconnected, so their activity can still be seen and exported.
 */
export function activityCompanyOptions(
  connected: ReadonlyMap<string, string>,
  seen: readonly AuditCompany[],
  texts: ActivityMessages,
  language: Language,
): ActivityCompanyOption[] {
  const byLabel = (a: ActivityCompanyOption, b: ActivityCompanyOption) => a.label.localeCompare(b.label, language);
  const current = [...connected].map(([tenantId, label]) => ({ tenantId, label, disconnected: false })).sort(byLabel);
  const gone = seen
    .filter((company) => !connected.has(company.tenantId))
    .map((company) => ({ tenantId: company.tenantId, label: texts.disconnectedCompany(company.name, company.tenantId), disconnected: true }))
    .sort(byLabel);
  return [...current, ...gone];
}

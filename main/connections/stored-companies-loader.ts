import { normalizeTenantId } from '../../shared/tenant-id';
import type { StorageState } from '../../shared/ipc-contract';
import type { Logger } from '../logging/logger';
import type { VersionedJsonFile } from '../storage/versioned-json-file';
import type { AttentionRegister, TokenEntry } from './attention-register';
import { readStoredCompany, type CompaniesDocument, type CompanyRecord } from './company-records';
import type { TokenStore } from './token-keeper';

/** A tenant id as the app keys it: canonical form (no leading zeros), or as given when it is not one. */
export function canonicalTenantId(tenantId: string): string {
  return normalizeTenantId(tenantId) ?? tenantId;
}

/** What loading the stored companies needs. */
export interface StoredCompaniesDeps {
  file: VersionedJsonFile<CompaniesDocument>;
  tokens: TokenStore & { remove(tenantId: string): Promise<void>; entries?(): TokenEntry[] };
  log: Logger;
}

/** What loading found besides the companies themselves. */
export interface LoadedCompanies {
  problems: StorageState['problems'];
  /** Records were moved to their canonical tenant id: the file must be saved again. */
  renamed: boolean;
}

/**
 * Reads `companies.json` into `records` one record at a time (issue 7, finding 3): a record that
 * cannot be read, or a second record of a company already loaded, becomes a damaged row in
 * `attention` and is never dropped; vault tokens that no record claims become unknown rows.
 */
export async function loadStoredCompanies(
  deps: StoredCompaniesDeps,
  records: Map<string, CompanyRecord>,
  attention: AttentionRegister,
): Promise<LoadedCompanies> {
  const loaded = await deps.file.load();
  const listDuplicate = (record: CompanyRecord) => {
    // Kept as stored (with any tokens filed under its own id), so it can be looked at and disconnected.
    attention.addDamaged({ raw: record, tenantId: record.tenantId, companyName: record.companyName, fields: ['tenantId'] });
    deps.log.warn('a second record of the same company was found; listed as damaged', { tenantId: canonicalTenantId(record.tenantId) });
  };
  let repaired = 0;
  const misnamed: CompanyRecord[] = [];
  for (const raw of loaded.value.companies) {
    const read = readStoredCompany(raw);
    if (!read.ok) attention.addDamaged(read.damaged);
    else if (canonicalTenantId(read.record.tenantId) !== read.record.tenantId) misnamed.push(read.record);
    else if (records.has(read.record.tenantId)) listDuplicate(read.record);
    else records.set(read.record.tenantId, read.record);
    if (read.ok && read.repaired) repaired += 1;
  }
  // A record stored under a non-canonical tenant id ("0012345", from before ids were normalised)
  // moves to the canonical one with its tokens, unless that company is stored there already.
  for (const record of misnamed) {
    const tenantId = canonicalTenantId(record.tenantId);
    if (records.has(tenantId)) {
      listDuplicate(record);
      continue;
    }
    const tokens = await deps.tokens.read(record.tenantId);
    if (tokens) {
      await deps.tokens.write(tenantId, tokens);
      await deps.tokens.remove(record.tenantId);
    }
    records.set(tenantId, { ...record, tenantId });
    deps.log.info('tenant id normalised', { tenantId });
  }
  if (repaired > 0) deps.log.warn('stored company records had odd values and were normalised', { count: repaired });
  if (attention.size > 0) deps.log.warn('stored company records could not be read; listed as damaged', { count: attention.size });
  // Tokens without a company (after a damaged companies.json or a failed save) are listed, not
  // left unseen. Not when the file is still there but unreadable or newer: its companies exist.
  const fileStillHoldsCompanies = loaded.problem !== undefined && (loaded.problem.kind !== 'corrupt' || !loaded.problem.backupPath);
  if (!fileStillHoldsCompanies && deps.tokens.entries) {
    const before = attention.size;
    attention.addUnknown(deps.tokens.entries(), (tenantId) => records.has(tenantId));
    const unknown = attention.size - before;
    if (unknown > 0) deps.log.warn('tokens without a company record found; listed as unknown connections', { count: unknown });
  }
  const problems: StorageState['problems'] = loaded.problem
    ? [
        {
          file: 'companies',
          kind: loaded.problem.kind,
          backupName: loaded.problem.backupPath ? (loaded.problem.backupPath.split(/[\\/]/).pop() ?? null) : null,
        },
      ]
    : [];
  return { problems, renamed: misnamed.length > 0 };
}

import { csvRecord, type CsvSeparator } from '../../main/local-api/audit-csv';
import { FIRM_AUDIT_ACTIONS, FIRM_AUDIT_RETENTION_DAYS, firmAuditPageSchema } from '../../shared/firm-api';
import type { z } from 'zod';
import type { Database } from '../db/database';
import { auditActor, auditCompanyName, auditMethod, auditPath, auditStatus, auditTenantId } from './audit-sanitise';

/**
 * The firm's audit (issue 10 item 6) in the `audit` table: recording, the newest-first pages the
 * desktop shows, the CSV export and the 90-day retention. A row holds who (a user's e-mail or a
 * key's name), what (the action; for proxied calls method and path without the query), for which
 * company, and the status, never a token, key, code or body: `record` takes no field that could
 * hold one and scrubs credential-shaped text from what it does take (audit-sanitise.ts).
 */

export type FirmAuditAction = (typeof FIRM_AUDIT_ACTIONS)[number];
export type FirmAuditPage = z.infer<typeof firmAuditPageSchema>;

/** What happened, as a call site reports it. */
export interface FirmAuditEvent {
  action: FirmAuditAction;
  /** Who: a signed-in user (e-mail) or an integration key (its name); null when nobody was recognised. */
  actor: { kind: 'user' | 'key'; name: string } | null;
  tenantId?: string | null;
  companyName?: string | null;
  method?: string | null;
  /** A path; its query string and fragment are dropped. */
  path?: string | null;
  status?: number | null;
}

/** Rows in one page when the query names no limit. */
export const DEFAULT_AUDIT_PAGE_SIZE = 100;
/** Rows read per statement while exporting, so the export holds no cursor or transaction open. */
export const CSV_BATCH_SIZE = 1_000;
/** Rows deleted per statement by the retention, so no statement locks the table for long. */
const RETENTION_BATCH_SIZE = 5_000;
/** The CSV columns, in order (the same fields as a page's entries). */
export const FIRM_AUDIT_CSV_COLUMNS = ['id', 'at', 'action', 'actor_kind', 'actor', 'tenant_id', 'company_name', 'method', 'path', 'status'] as const;

interface AuditRow {
  id: number;
  at: Date;
  action: FirmAuditAction;
  actor_kind: 'user' | 'key' | null;
  actor: string | null;
  tenant_id: string | null;
  company_name: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
}

/** Which rows a page or an export holds. */
export interface FirmAuditQuery {
  /** Only rows older than this id (the previous page's `next`). */
  before?: number | undefined;
  limit?: number | undefined;
  tenantId?: string | undefined;
}

const SELECT_COLUMNS = 'id, at, action, actor_kind, actor, tenant_id, company_name, method, path, status';

function entryOf(row: AuditRow): FirmAuditPage['entries'][number] {
  return {
    id: row.id,
    at: row.at instanceof Date ? row.at.getTime() : new Date(row.at).getTime(),
    action: row.action,
    actorKind: row.actor_kind,
    actor: row.actor,
    tenantId: row.tenant_id,
    companyName: row.company_name,
    method: row.method,
    path: row.path,
    status: row.status,
  };
}

/** Recording, reading, exporting and pruning the firm's audit. */
export class FirmAudit {
  constructor(private readonly options: { db: Database; now: () => number }) {}

  /** Stores one event (sanitised; an actor whose name cleans to nothing is stored as nobody). */
  async record(event: FirmAuditEvent): Promise<void> {
    if (!(FIRM_AUDIT_ACTIONS as readonly string[]).includes(event.action)) throw new Error('Unknown audit action');
    const actor = event.actor ? auditActor(event.actor.name) : null;
    await this.options.db.query(
      `INSERT INTO audit (at, action, actor_kind, actor, tenant_id, company_name, method, path, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        new Date(this.options.now()),
        event.action,
        actor === null ? null : (event.actor?.kind ?? null),
        actor,
        auditTenantId(event.tenantId),
        auditCompanyName(event.companyName),
        auditMethod(event.method),
        auditPath(event.path),
        auditStatus(event.status),
      ],
    );
  }

  /** One page, newest first, checked against the shared schema; `next` is the cursor for the older rows. */
  async page(query: FirmAuditQuery = {}): Promise<FirmAuditPage> {
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? DEFAULT_AUDIT_PAGE_SIZE)), 500);
    const rows = await this.rows(query, limit + 1);
    if (rows === null) return { entries: [], next: null };
    const entries = rows.slice(0, limit).map(entryOf);
    const last = entries[entries.length - 1];
    return firmAuditPageSchema.parse({ entries, next: rows.length > limit && last ? last.id : null });
  }

  /**
   * Every row matching `query.tenantId` as CSV (header first, newest first, CRLF), the same columns
   * as a page, each cell guarded against spreadsheet formula injection (main/local-api/audit-csv.ts).
   * Read in batches by id, so a large audit streams without holding a transaction.
   */
  async *csv(query: Pick<FirmAuditQuery, 'tenantId'> = {}, separator: CsvSeparator = ','): AsyncGenerator<string> {
    yield csvRecord(FIRM_AUDIT_CSV_COLUMNS, separator);
    let before: number | undefined;
    for (;;) {
      const rows = await this.rows({ ...query, before }, CSV_BATCH_SIZE);
      if (rows === null || rows.length === 0) return;
      yield rows
        .map((row) =>
          csvRecord(
            [
              String(row.id),
              new Date(entryOf(row).at).toISOString(),
              row.action,
              row.actor_kind ?? '',
              row.actor ?? '',
              row.tenant_id ?? '',
              row.company_name ?? '',
              row.method ?? '',
              row.path ?? '',
              row.status === null ? '' : String(row.status),
            ],
            separator,
          ),
        )
        .join('');
      if (rows.length < CSV_BATCH_SIZE) return;
      before = rows[rows.length - 1]?.id;
    }
  }

  /** Deletes rows older than `days` (default 90); the background loop calls it. Returns how many. */
  async deleteExpired(days: number = FIRM_AUDIT_RETENTION_DAYS): Promise<number> {
    const cutoff = new Date(this.options.now() - days * 24 * 60 * 60_000);
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.options.db.query(
        'DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < $1 ORDER BY id LIMIT $2)',
        [cutoff, RETENTION_BATCH_SIZE],
      );
      deleted += rowCount;
      if (rowCount < RETENTION_BATCH_SIZE) return deleted;
    }
  }

  /** Rows newest first, or null when the tenant filter names no possible company. */
  private async rows(query: FirmAuditQuery, limit: number): Promise<AuditRow[] | null> {
    const tenantId = query.tenantId === undefined ? null : auditTenantId(query.tenantId);
    if (query.tenantId !== undefined && tenantId === null) return null;
    const before = query.before !== undefined && Number.isSafeInteger(query.before) && query.before > 0 ? query.before : null;
    const { rows } = await this.options.db.query<AuditRow>(
      `SELECT ${SELECT_COLUMNS} FROM audit
       WHERE ($1::bigint IS NULL OR id < $1::bigint) AND ($2::text IS NULL OR tenant_id = $2::text)
       ORDER BY id DESC LIMIT $3`,
      [before, tenantId, limit],
    );
    return rows;
  }
}

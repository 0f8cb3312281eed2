import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_COMPANIES_MAX, AUDIT_LINE_MAX_BYTES, type AuditCompany } from '../../shared/audit-entry';
import { readBoundedFile } from '../storage/read-bounded-file';
import { listAuditFiles, parseAuditLine } from './audit-reader';

/** What one day file says about companies: each one's latest recorded name (null: none recorded). */
interface FileCompanies {
  size: number;
  names: Map<string, string | null>;
}

/**
 * The companies the audit log has entries for (so the Activity view can filter by a company that
 * has since been disconnected), each with the latest name an entry recorded. Day files are only
 * ever appended to, so what a file says is kept by its size and a file is read again only when it
 * has grown; files gone (retention) drop out.
 */
export class AuditCompanyIndex {
  private readonly files = new Map<string, FileCompanies>();

  constructor(private readonly options: { dir: string; maxFileBytes: number }) {}

  /** The companies seen, newest files first deciding the name, at most `AUDIT_COMPANIES_MAX`, by database number. */
  async list(): Promise<AuditCompany[]> {
    const present = await listAuditFiles(this.options.dir);
    const names = new Set(present.map((file) => file.name));
    for (const name of this.files.keys()) if (!names.has(name)) this.files.delete(name);
    const seen = new Map<string, string | null>();
    for (const file of present) {
      const companies = await this.read(file.name);
      for (const [tenantId, name] of companies) {
        const known = seen.get(tenantId);
        if (known === undefined) {
          if (seen.size < AUDIT_COMPANIES_MAX) seen.set(tenantId, name);
        } else if (known === null && name !== null) seen.set(tenantId, name);
      }
    }
    return [...seen]
      .map(([tenantId, name]) => ({ tenantId, name }))
      .sort((a, b) => a.tenantId.localeCompare(b.tenantId, 'en', { numeric: true }));
  }

  private async read(name: string): Promise<Map<string, string | null>> {
    const file = path.join(this.options.dir, name);
    const cached = this.files.get(name);
    const before = await stat(file).then(
      (stats) => stats.size,
      () => undefined,
    );
    if (cached !== undefined && cached.size === before) return cached.names;
    const read = await readBoundedFile(file, this.options.maxFileBytes + AUDIT_LINE_MAX_BYTES);
    if (read.kind !== 'text') return new Map();
    const size = Buffer.byteLength(read.text);
    const names = new Map<string, string | null>();
    for (const line of read.text.split('\n')) {
      if (line === '') continue;
      const entry = parseAuditLine(line);
      if (!entry?.tenantId) continue;
      // Later lines are newer: their name wins.
      names.set(entry.tenantId, entry.companyName ?? names.get(entry.tenantId) ?? null);
    }
    this.files.set(name, { size, names });
    return names;
  }
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_LINE_MAX_BYTES, auditEntrySchema, type AuditEntry, type AuditFilter, type AuditPage } from '../../shared/audit-entry';
import { readBoundedFile } from '../storage/read-bounded-file';
import { auditDay, newestFirst, parseAuditFileName, type AuditFileName } from './audit-files';

/** How a page is read. */
export interface AuditReadOptions {
  dir: string;
  /** A file larger than this is not read (it counts as one damaged line). */
  maxFileBytes: number;
  /**
   * Lines looked at for one page at most: a filter that matches little still answers quickly,
   * with fewer entries and a cursor to go on from.
   */
  scanBudget: number;
}

/** The audit files in the folder, newest first (none when the folder does not exist). */
export async function listAuditFiles(dir: string): Promise<AuditFileName[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .map(parseAuditFileName)
    .filter((file): file is AuditFileName => file !== undefined)
    .sort(newestFirst);
}

/** A stored line as an entry, or undefined when it is damaged (too long, not JSON, not an entry). */
export function parseAuditLine(line: string): AuditEntry | undefined {
  if (Buffer.byteLength(line) > AUDIT_LINE_MAX_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = auditEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.tenantId !== undefined && entry.tenantId !== filter.tenantId) return false;
  if (filter.keyId !== undefined && entry.keyId !== filter.keyId) return false;
  if (filter.from !== undefined && entry.at < filter.from) return false;
  if (filter.to !== undefined && entry.at > filter.to) return false;
  return true;
}

function parseCursor(cursor: string | undefined): { file: AuditFileName; line: number } | undefined {
  if (cursor === undefined) return undefined;
  const colon = cursor.lastIndexOf(':');
  const file = parseAuditFileName(cursor.slice(0, colon));
  return file ? { file, line: Number(cursor.slice(colon + 1)) } : undefined;
}

/**
 * One page of entries that pass `filter`, newest first, starting after `cursor` (a file and the
 * line to go on below). Files are only ever appended to, so a cursor stays valid while new entries
 * arrive. Only the files of the filter's days are opened, one at a time, read from the end; a
 * damaged line is skipped and counted.
 */
export async function readAuditPage(options: AuditReadOptions, filter: AuditFilter, limit: number, cursor?: string): Promise<AuditPage> {
  const after = parseCursor(cursor);
  const fromDay = filter.from === undefined ? undefined : auditDay(filter.from);
  const toDay = filter.to === undefined ? undefined : auditDay(filter.to);
  const files = (await listAuditFiles(options.dir)).filter(
    (file) =>
      (fromDay === undefined || file.day >= fromDay) &&
      (toDay === undefined || file.day <= toDay) &&
      (after === undefined || newestFirst(file, after.file) >= 0),
  );
  const entries: AuditEntry[] = [];
  let damaged = 0;
  let scanned = 0;
  for (const file of files) {
    const read = await readBoundedFile(path.join(options.dir, file.name), options.maxFileBytes + AUDIT_LINE_MAX_BYTES);
    if (read.kind === 'absent') continue;
    if (read.kind !== 'text') {
      damaged += 1;
      continue;
    }
    const lines = read.text.split('\n');
    // The text ends with a newline, so the last piece is empty (or a line cut by a crash).
    if (lines[lines.length - 1] === '') lines.pop();
    const start = after !== undefined && after.file.name === file.name ? Math.min(after.line, lines.length) - 1 : lines.length - 1;
    for (let index = start; index >= 0; index -= 1) {
      if (entries.length >= limit || scanned >= options.scanBudget) {
        return { entries, nextCursor: `${file.name}:${index + 1}`, damaged };
      }
      scanned += 1;
      const entry = parseAuditLine(lines[index] ?? '');
      if (!entry) damaged += 1;
      else if (matches(entry, filter)) entries.push(entry);
    }
  }
  return { entries, nextCursor: null, damaged };
}

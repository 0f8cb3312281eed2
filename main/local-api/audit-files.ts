/**
 * Names of the audit log's files: one a day (UTC), `audit-2026-12-02.jsonl`, and when that one is
 * full, `audit-2026-12-02.1.jsonl`, `.2`, … Nothing else in the folder is read or deleted.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A day file's name taken apart. */
export interface AuditFileName {
  name: string;
  /** `2026-12-02` (UTC). */
  day: string;
  /** 0 for the first file of the day, then 1, 2, … */
  part: number;
}

const NAME = /^audit-(\d{4}-\d{2}-\d{2})(?:\.(\d{1,2}))?\.jsonl$/;

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export function auditDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The first instant of a UTC day. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The instant a UTC day ends (the next day's first instant). */
export function dayEnd(day: string): number {
  return dayStart(day) + DAY_MS;
}

/** The file name of a day's part. */
export function auditFileName(day: string, part: number): string {
  return part === 0 ? `audit-${day}.jsonl` : `audit-${day}.${part}.jsonl`;
}

/** A name taken apart, or undefined when it is not an audit file's (or names no real day). */
export function parseAuditFileName(name: string): AuditFileName | undefined {
  const match = NAME.exec(name);
  if (!match?.[1]) return undefined;
  const day = match[1];
  const start = dayStart(day);
  if (Number.isNaN(start) || auditDay(start) !== day) return undefined;
  return { name, day, part: match[2] === undefined ? 0 : Number(match[2]) };
}

/** Newest first: later days first, and within a day the later parts first. */
export function newestFirst(a: AuditFileName, b: AuditFileName): number {
  if (a.day !== b.day) return a.day < b.day ? 1 : -1;
  return b.part - a.part;
}

import type { AuditEntry, AuditKind } from '../../shared/audit-entry';
import { auditNumberBounds } from './audit-entry-check';
import { auditCompanyName, auditDurationMs, auditEntryOf, auditStatus, type AuditContext, type AuditEnd } from './audit-recording';

/** Distinct shapes (key, company, route, …) remembered at most; past it they are forgotten and built again. */
export const MAX_AUDIT_LINE_SHAPES = 1_024;

/** An entry waiting for its write: its line (JSON and a newline), when it ended, its size in bytes and whether it is essential. */
export interface PendingLine {
  at: number;
  line: string;
  bytes: number;
  essential: boolean;
}

/** The line an entry is stored as: its JSON and a newline (`audit-reader.ts` parses it back). */
export function auditLine(entry: AuditEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** An entry's line (`auditLine`) with its size in bytes. */
export function pendingLine(entry: AuditEntry, essential: boolean): PendingLine {
  const line = auditLine(entry);
  return { at: entry.at, line, bytes: Buffer.byteLength(line), essential };
}

const AT = auditNumberBounds('at');
const STATUS = auditNumberBounds('status');
const DURATION = auditNumberBounds('durationMs');
const BYTES_IN = auditNumberBounds('bytesIn');
const BYTES_OUT = auditNumberBounds('bytesOut');

const within = (value: number, bounds: { min: number; max: number }) => Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

/**
 * The text of one shape of entry, the fields that are the same for every request of one key, key
 * name, company, company name and route (all but the numbers and `complete`), as JSON already
 * written out and checked against `auditEntrySchema` once.
 */
interface Shape {
  kind: AuditKind;
  keyId: string | null;
  keyName: string | null;
  tenantId: string | null;
  companyName: string | undefined;
  method: string;
  path: string | null;
  errorCode: string | undefined;
  /** From the comma after `at` to `"status":`. */
  beforeStatus: string;
  /** From after the status to `"durationMs":` (the error code, when there is one). */
  afterStatus: string;
  /** The line's bytes beyond its characters (a company or key name outside ASCII); the numbers are ASCII. */
  extraBytes: number;
}

/**
 * Builds the audit line of a token handed out or a proxied call without serialising and checking
 * a whole entry each time (issue 8 item 10: a busy tool's requests give lines that differ only in
 * their numbers). The text of each shape is checked once, by the same `check` as any entry, and
 * kept as JSON; each line then only has its numbers checked against the schema's bounds and
 * written in. A shape's first line is compared with `JSON.stringify` of the same entry, so a shape
 * whose line would differ by one byte is never remembered. Bounded: past `MAX_AUDIT_LINE_SHAPES`
 * shapes the remembered ones are forgotten.
 */
export class AuditLines {
  private readonly shapes = new Map<string, Shape>();
  private last: Shape | undefined;

  /** `check`: the audit log's entry check (`AuditEntryCheck.check`): the entry when the schema accepts it. */
  constructor(private readonly check: (entry: AuditEntry) => AuditEntry | undefined) {}

  /** How many shapes are remembered (tests). */
  get size(): number {
    return this.shapes.size;
  }

  /**
   * The line `pendingLine(auditEntryOf(context, end))` would give, for an entry that is
   * recorded; undefined when the entry is not recorded, or the schema refuses it (the caller then
   * takes the entry's usual way, which drops it and says so).
   */
  lineOf(context: AuditContext, end: AuditEnd, essential: boolean): PendingLine | undefined {
    const companyName = context.tenantId === null ? undefined : auditCompanyName(context.companyName);
    let shape = this.last;
    if (
      shape === undefined ||
      shape.keyId !== context.keyId ||
      shape.tenantId !== context.tenantId ||
      shape.path !== context.path ||
      shape.keyName !== context.keyName ||
      shape.companyName !== companyName ||
      shape.kind !== context.kind ||
      shape.method !== context.method ||
      shape.errorCode !== context.errorCode
    ) {
      shape = this.shapes.get(shapeId(context, companyName));
      if (shape === undefined) return this.firstLine(context, end, companyName, essential);
      this.last = shape;
    }
    const status = auditStatus(end.status);
    const durationMs = auditDurationMs(context.startedAt, end.at);
    if (!within(end.at, AT) || !within(status, STATUS) || !within(durationMs, DURATION) || !within(end.bytesIn, BYTES_IN) || !within(context.bytesOut, BYTES_OUT)) {
      return undefined;
    }
    const line = assemble(shape, end.at, status, durationMs, end.bytesIn, context.bytesOut, end.complete);
    return { at: end.at, line, bytes: line.length + shape.extraBytes, essential };
  }

  /** A shape's first line, the usual way; the shape is remembered when its line is exactly that one. */
  private firstLine(context: AuditContext, end: AuditEnd, companyName: string | undefined, essential: boolean): PendingLine | undefined {
    const entry = auditEntryOf(context, end);
    const checked = entry && this.check(entry);
    if (checked === undefined) return undefined;
    const pending = pendingLine(checked, essential);
    const json = JSON.stringify;
    const shape: Shape = {
      kind: context.kind,
      keyId: context.keyId,
      keyName: context.keyName,
      tenantId: context.tenantId,
      companyName,
      method: context.method,
      path: context.path,
      errorCode: context.errorCode,
      beforeStatus:
        `,"kind":${json(context.kind)},"keyId":${json(context.keyId)},"keyName":${json(context.keyName)},"tenantId":${json(context.tenantId)}` +
        `${companyName !== undefined ? `,"companyName":${json(companyName)}` : ''},"method":${json(context.method)},"path":${json(context.path)},"status":`,
      afterStatus: `${context.errorCode !== undefined ? `,"errorCode":${json(context.errorCode)}` : ''},"durationMs":`,
      extraBytes: pending.bytes - pending.line.length,
    };
    if (assemble(shape, checked.at, checked.status, checked.durationMs, checked.bytesIn, checked.bytesOut, checked.complete) === pending.line) {
      if (this.shapes.size >= MAX_AUDIT_LINE_SHAPES) this.shapes.clear();
      this.shapes.set(shapeId(context, companyName), shape);
      this.last = shape;
    }
    return pending;
  }
}

/** A shape's text fields as one string: JSON of a fixed list, so two different shapes never give the same one. */
function shapeId(context: AuditContext, companyName: string | undefined): string {
  return JSON.stringify([context.kind, context.keyId, context.keyName, context.tenantId, companyName ?? 0, context.method, context.path, context.errorCode ?? 0]);
}

function assemble(shape: Shape, at: number, status: number, durationMs: number, bytesIn: number, bytesOut: number, complete: boolean): string {
  return `{"at":${at}${shape.beforeStatus}${status}${shape.afterStatus}${durationMs},"bytesIn":${bytesIn},"bytesOut":${bytesOut},"complete":${complete === true}}\n`;
}

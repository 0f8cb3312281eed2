import { z } from 'zod';
import { epochMsSchema, tenantIdSchema } from './company-record';
import { LOCAL_API_ERROR_CODES } from './local-api-errors';
import { keyIdSchema, KEY_NAME_MAX } from './local-api-keys';
import { COMPANY_NAME_MAX } from './text-limits';
import { isCleanText } from './untrusted-text';

/**
 * One line of the local API's audit log (issue 8 item 5), as stored in the daily JSON-lines files
 * and as sent to the renderer. It says who (key), for which company, what (method and path, never
 * a query string), how it ended (status) and how big it was; never a token, a key, a body or a
 * query value. Strict, so a field that is not declared here cannot be stored or sent.
 */

/**
 * What was asked: `token` an access token, `proxy` a call to Fortnox through the local API,
 * `other` any other local API request (only recorded when it was refused: 401, 403 or 429).
 */
export const AUDIT_KINDS = ['token', 'proxy', 'other'] as const;

/** What kind of request an audit entry records. */
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Longest path kept in an entry (longer ones are cut, ending in `…`). */
export const AUDIT_PATH_MAX = 512;

/** Longest stored line read back; a longer one counts as damaged. */
export const AUDIT_LINE_MAX_BYTES = 4096;

/** Most entries in one page of a query. */
export const AUDIT_PAGE_MAX = 500;

/** Most companies the Activity view's company filter is offered from the log. */
export const AUDIT_COMPANIES_MAX = 2000;

/** A company name as recorded: one line of printable text. */
export const auditCompanyNameSchema = z.string().min(1).max(COMPANY_NAME_MAX).refine(isCleanText, 'one line of printable text');

/** Bytes counted on one entry (far above the proxy's own caps). */
const BYTES_MAX = 1024 ** 4;

/** A path as recorded: printable ASCII only (Fortnox paths are re-encoded), no query string. */
const auditPathSchema = z
  .string()
  .min(1)
  .max(AUDIT_PATH_MAX)
  .regex(/^\/[\x21-\x7e]*…?$/)
  .refine((path) => !path.includes('?') && !path.includes('#'), 'no query string');

/** One audit entry. `at` is when the answer ended (so a file's lines are in time order). */
export const auditEntrySchema = z.strictObject({
  at: epochMsSchema,
  kind: z.enum(AUDIT_KINDS),
  /** Null when the request was refused before a key was recognised (401, a browser's request). */
  keyId: keyIdSchema.nullable(),
  /** The key's name at the time of the call (kept even after the key is revoked). */
  keyName: z.string().max(KEY_NAME_MAX).refine(isCleanText, 'one line of printable text').nullable(),
  /** The company's database number (tenant id), when the request named one. */
  tenantId: tenantIdSchema.nullable(),
  /**
   * The company's name at the time, when it was connected and named (kept after a disconnect).
   * Optional: lines written before it was recorded have none.
   */
  companyName: auditCompanyNameSchema.optional(),
  method: z.string().regex(/^[A-Z]{1,16}$/),
  /** Proxy: the Fortnox path (`/3/invoices`); token and other: the local API path. Null when unknown. */
  path: auditPathSchema.nullable(),
  status: z.number().int().min(100).max(599),
  /**
   * The local API's error code when the local API itself refused or failed the request
   * (`company_not_allowed`, `rate_limited`, …); absent when it did not (a Fortnox answer passed
   * through, a success) and in lines written before it was recorded.
   */
  errorCode: z.enum(LOCAL_API_ERROR_CODES).optional(),
  durationMs: z.number().int().min(0).max(24 * 60 * 60 * 1000),
  /** Request body bytes received from the tool. */
  bytesIn: z.number().int().min(0).max(BYTES_MAX),
  /** Answer body bytes actually sent to the tool. */
  bytesOut: z.number().int().min(0).max(BYTES_MAX),
  /** False when the answer was cut off (the tool went away, Fortnox broke off, a size cap). */
  complete: z.boolean(),
  /**
   * Refusals of requests without a recognised key are counted per minute, not written one by one
   * (main/local-api/audit-log.ts): this many such requests ended in this minute with this status.
   */
  count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** One audit entry. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Where a page of a query ends, to go on from: a day file and a line in it (opaque to the renderer). */
export const auditCursorSchema = z.string().regex(/^audit-\d{4}-\d{2}-\d{2}(\.\d{1,2})?\.jsonl:\d{1,9}$/);

/** Which entries to show or export: by company, by key and by time (inclusive bounds). */
export const auditFilterSchema = z.strictObject({
  tenantId: tenantIdSchema.optional(),
  keyId: keyIdSchema.optional(),
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
});

/** A filter of the audit log. */
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** A page of entries, newest first. */
export const auditQuerySchema = z.strictObject({
  filter: auditFilterSchema,
  /** Go on after the previous page; absent: the newest entries. */
  cursor: auditCursorSchema.optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX),
});

/** A request for one page of the audit log. */
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One page of the audit log. */
export const auditPageSchema = z.strictObject({
  entries: z.array(auditEntrySchema).max(AUDIT_PAGE_MAX),
  /** Where the next page starts; null when there are no older entries. */
  nextCursor: auditCursorSchema.nullable(),
  /** Lines skipped on the way because they were damaged (not JSON, not an entry, too long). */
  damaged: z.number().int().min(0),
  /** Entries not stored since the app started (writes not keeping up, a full day, a failed write). */
  dropped: z.number().int().min(0).optional(),
});

/** One page of the audit log. */
export type AuditPage = z.infer<typeof auditPageSchema>;

/** A company seen in the audit log: its database number and the latest name recorded, if any. */
export const auditCompanySchema = z.strictObject({
  tenantId: tenantIdSchema,
  name: auditCompanyNameSchema.nullable(),
});

/** A company seen in the audit log. */
export type AuditCompany = z.infer<typeof auditCompanySchema>;

import { z } from 'zod';
import { tenantIdSchema } from './company-record';
import { createdIntegrationKeySchema, firmAuditEntrySchema, firmAuditPageSchema, integrationKeyListSchema } from './firm-api';
import { keyIdSchema } from './local-api-keys';

/**
 * The Tools and Activity views in firm mode (issue 10 items 5 and 6) in the IPC contract: the
 * firm server's integration keys (admins create and revoke them) and its audit. Main calls the
 * server under the accountant's session; the session, and every token, stays in main: no field
 * here can carry one (strict objects). The one secret that crosses is a new integration key, in
 * the answer to its creation, once.
 */

/**
 * Why a call to the firm server did not work, as the views explain it:
 * - `off`: firm mode is off (no server set);
 * - `signed_out`: no session, or the server no longer accepts it;
 * - `role_required`: the signed-in user is not an admin (key routes);
 * - `unreachable`: the server could not be reached or did not answer in time;
 * - `invalid_request`: the server refused what was sent (bad input);
 * - `too_many_keys`: the server keeps the most keys it may; revoke one first;
 * - `not_found`: the key is gone (revoked and removed, or never there);
 * - `rate_limited`: too many requests; try again shortly;
 * - `not_saved`: the CSV could not be written where the user chose;
 * - `server_error`: the server failed, or answered outside the contract;
 * - `server_key_missing`, `key_scope_required`, `request_refused`: the server's own codes (shared/firm-problems.ts).
 */
export const FIRM_DESK_PROBLEMS = [
  'off',
  'signed_out',
  'role_required',
  'unreachable',
  'invalid_request',
  'too_many_keys',
  'not_found',
  'rate_limited',
  'not_saved',
  'server_error',
  /** The firm server cannot read its encryption keys (`server_key_missing`). */
  'server_key_missing',
  /** The firm server wants an integration key's scope, not only a session (`key_scope_required`). */
  'key_scope_required',
  /** The firm server refused the request as one it does not take (an app and server that do not match). */
  'request_refused',
] as const;
export type FirmDeskProblem = (typeof FIRM_DESK_PROBLEMS)[number];

const refusedSchema = z.strictObject({ ok: z.literal(false), problem: z.enum(FIRM_DESK_PROBLEMS) });

/** An integration key as listed: the stored record without its hash (never the key). */
export const firmKeyViewSchema = integrationKeyListSchema.shape.keys.element;
export type FirmKeyView = z.output<typeof firmKeyViewSchema>;

/** A new integration key as the server hands it out (`fxc_` and 36 letters or digits). */
export const firmKeySchema = createdIntegrationKeySchema.shape.key;

/** `firm:list-keys`: the firm's integration keys (admin). */
export const firmKeysResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), keys: integrationKeyListSchema.shape.keys }),
  refusedSchema,
]);

/** `firm:create-key`: the answer carries the key this one time, and the server's address tools use it at. */
export const firmCreateKeyResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), key: firmKeySchema, record: firmKeyViewSchema, serverUrl: z.url().max(2000) }),
  refusedSchema,
]);

/** `firm:revoke-key`. */
export const firmRevokeKeyArgsSchema = z.strictObject({ id: keyIdSchema });
export const firmRevokeKeyResultSchema = z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true) }), refusedSchema]);

/** `firm:copy-key`: main puts a key made in the last 15 minutes on the clipboard (the page cannot). */
export const firmCopyKeyArgsSchema = z.strictObject({ key: firmKeySchema });
export const firmCopyKeyResultSchema = z.strictObject({ copied: z.boolean(), reason: z.enum(['not_recent']).optional() });

export { FIRM_AUDIT_PAGE_SIZE } from './firm-audit-limits';

/** `firm:query-audit`: one page, newest first, of one company or all; `before` from the previous page's `next`. */
export const firmAuditArgsSchema = z.strictObject({
  tenantId: tenantIdSchema.optional(),
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500),
});
export type FirmAuditArgs = z.input<typeof firmAuditArgsSchema>;
export const firmAuditResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), entries: firmAuditPageSchema.shape.entries, next: firmAuditPageSchema.shape.next }),
  refusedSchema,
]);

/** `firm:export-audit`: the audit (one company or all) saved as CSV where the user chooses. */
export const firmAuditExportArgsSchema = z.strictObject({ tenantId: tenantIdSchema.optional() });
export const firmAuditExportResultSchema = z.discriminatedUnion('ok', [
  /** `saved` false: the save dialog was cancelled. */
  z.strictObject({ ok: z.literal(true), saved: z.boolean(), rows: z.number().int().min(0) }),
  refusedSchema,
]);

export type FirmAuditEntry = z.output<typeof firmAuditEntrySchema>;
export type FirmKeysResult = z.output<typeof firmKeysResultSchema>;
export type FirmCreateKeyResult = z.output<typeof firmCreateKeyResultSchema>;
export type FirmRevokeKeyResult = z.output<typeof firmRevokeKeyResultSchema>;
export type FirmCopyKeyResult = z.output<typeof firmCopyKeyResultSchema>;
export type FirmAuditResult = z.output<typeof firmAuditResultSchema>;
export type FirmAuditExportResult = z.output<typeof firmAuditExportResultSchema>;

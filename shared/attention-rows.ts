import { z } from 'zod';
import { CONNECTION_ISSUES } from './connection-issues';
import { cleanTextSchema, COMPANY_NAME_MAX, tenantIdSchema } from './company-record';

/**
 * Rows of the company list that are not healthy companies but must never be hidden (issue 7,
 * findings 3 and 7): a stored record that cannot be read ("damaged"), and tokens in the vault
 * that no company record claims ("unknown connection"). Each can be disconnected; an unknown
 * connection can also be restored.
 */

/** At most this many such rows are sent; more are counted in the list's `omitted`. */
export const MAX_ATTENTION_ROWS = 1_000;

/** `damaged-<n>` (numbered as loaded) or `unknown-<tenantId>`. */
export const attentionIdSchema = z.string().regex(/^(damaged|unknown)-[0-9]{1,20}$/);

/** A stored field name path such as `lastTest.at` (only letters, digits and dots). */
const fieldPath = z.string().regex(/^[A-Za-z0-9.]{1,80}$/);

export const damagedRecordSchema = z.strictObject({
  kind: z.literal('damaged'),
  id: attentionIdSchema,
  /** The record's tenant id when it could be read. */
  tenantId: tenantIdSchema.nullable(),
  /** The record's company name when it could be read (cleaned). */
  companyName: cleanTextSchema(COMPANY_NAME_MAX).nullable(),
  /** Which stored fields could not be read, for support. */
  fields: z.array(fieldPath).max(20),
  /** Whether the vault holds tokens for it: disconnecting then revokes them at Fortnox. */
  hasTokens: z.boolean(),
});

export const unknownConnectionSchema = z.strictObject({
  kind: z.literal('unknown'),
  id: attentionIdSchema,
  tenantId: tenantIdSchema,
  /** False when the tokens cannot be decrypted on this computer: they can only be removed. */
  restorable: z.boolean(),
});

/** One row that needs the user's attention. */
export const attentionRowSchema = z.discriminatedUnion('kind', [damagedRecordSchema, unknownConnectionSchema]);

export type AttentionRow = z.output<typeof attentionRowSchema>;

/** The answer to restoring an unknown connection. */
export const restoreResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), tenantId: tenantIdSchema, companyName: cleanTextSchema(COMPANY_NAME_MAX).nullable() }),
  z.strictObject({
    ok: z.literal(false),
    /** `fortnox`: Fortnox could not identify the company with these tokens (see `issue`). */
    reason: z.enum(['not_found', 'tenant_mismatch', 'fortnox', 'not_saved']),
    issue: z.enum(CONNECTION_ISSUES).nullable(),
  }),
]);

export type RestoreResult = z.output<typeof restoreResultSchema>;

import { z } from 'zod';
import { epochMsSchema, tenantIdSchema } from './company-record';
import { KEY_COMPANIES_MAX, KEY_NAME_MAX, KEY_RIGHTS } from './tool-key-rules';
import { isCleanText } from './untrusted-text';

export { KEY_COMPANIES_MAX, KEY_LIFETIMES_DAYS, KEY_NAME_MAX, KEY_RIGHTS, type KeyLifetimeDays, type KeyRight } from './tool-key-rules';

/** At most this many keys are listed for the Activity view's key filter (the registry holds fewer). */
export const MAX_ACTIVITY_KEYS = 10_000;

/** A key's name: one line of printable text. */
export const keyNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(KEY_NAME_MAX)
  // No control characters and no bidirectional overrides: the name is shown in lists and logs.
  .refine(isCleanText, 'one line of printable text');

/** Which companies a key may use: every connected company, or the listed tenant ids. */
export const keyCompaniesSchema = z.union([z.literal('all'), z.array(tenantIdSchema).min(1).max(KEY_COMPANIES_MAX)]);

/** A key's companies. */
export type KeyCompanies = z.infer<typeof keyCompaniesSchema>;

/** SHA-256 of a key, lower-case hex: the only form in which a key is stored. */
export const keyHashSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A key's public id (shown in lists, used to revoke); not secret and not derived from the key. */
export const keyIdSchema = z.string().regex(/^key_[0-9a-f]{16}$/);

/** One tool key as stored: never the key itself, only its SHA-256. */
export const toolKeyRecordSchema = z.strictObject({
  id: keyIdSchema,
  name: keyNameSchema,
  companies: keyCompaniesSchema,
  right: z.enum(KEY_RIGHTS),
  sha256: keyHashSchema,
  createdAt: epochMsSchema,
  /** Null: never expires. */
  expiresAt: epochMsSchema.nullable(),
  /** Kept to the minute (see `LAST_USED_GRANULARITY_MS`), so a busy tool does not rewrite the file. */
  lastUsedAt: epochMsSchema.nullable(),
  revokedAt: epochMsSchema.nullable(),
});

/** A stored tool key. */
export type ToolKeyRecord = z.infer<typeof toolKeyRecordSchema>;

/** What creating a key needs (the Tools view sends this). */
export const newToolKeySchema = z.strictObject({
  name: keyNameSchema,
  companies: keyCompaniesSchema,
  right: z.enum(KEY_RIGHTS),
  lifetimeDays: z.union([z.literal(30), z.literal(90), z.literal(365), z.null()]),
});

/** A request to create a key. */
export type NewToolKey = z.infer<typeof newToolKeySchema>;

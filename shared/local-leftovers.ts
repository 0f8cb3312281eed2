import { z } from 'zod';
import { tenantIdSchema } from './company-record';
import { CONNECTION_ISSUES } from './connection-issues';
import { COMPANY_NAME_MAX, MAX_LISTED_COMPANIES } from './text-limits';
import { isCleanText } from './untrusted-text';

/**
 * What this computer still holds of its own while firm mode is on (issue 10 item 5): its own
 * connections (tokens in its vault) and its own client secret. Neither is used while the firm's
 * server is, and Settings offers to let them go. Names and counts only: no token or secret.
 */
export const localLeftoversSchema = z.strictObject({
  /** Firm mode is on (only then are these left over). */
  firmActive: z.boolean(),
  /** This computer's own connections that hold tokens (listed companies and unknown connections). */
  companies: z
    .array(
      z.strictObject({
        tenantId: tenantIdSchema,
        companyName: z.string().max(COMPANY_NAME_MAX).refine(isCleanText, 'one line of printable text').nullable(),
      }),
    )
    .max(MAX_LISTED_COMPANIES),
  /** A client secret of this computer's own is stored (the managed configuration's or the environment's is not its own). */
  clientSecret: z.boolean(),
});
export type LocalLeftovers = z.output<typeof localLeftoversSchema>;

/** `firm:let-go-local`: one own connection; `removeIfNotRevoked` when the user confirmed deleting it though Fortnox could not be told. */
export const letGoLocalArgsSchema = z.strictObject({ tenantId: tenantIdSchema, removeIfNotRevoked: z.boolean() });

/**
 * What letting one connection go did: `removed` (its tokens and record are gone), `revoked`
 * (Fortnox was told), and why not. `firm_off`: refused, firm mode is not on.
 */
export const letGoLocalResultSchema = z.strictObject({
  removed: z.boolean(),
  revoked: z.boolean(),
  issue: z.enum(CONNECTION_ISSUES).nullable(),
  refused: z.enum(['firm_off']).optional(),
});
export type LetGoLocalResult = z.output<typeof letGoLocalResultSchema>;

/** `firm:remove-local-secret`: whether this computer's own stored client secret was removed. */
export const removeLocalSecretResultSchema = z.strictObject({ removed: z.boolean(), refused: z.enum(['firm_off']).optional() });
export type RemoveLocalSecretResult = z.output<typeof removeLocalSecretResultSchema>;

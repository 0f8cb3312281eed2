import { z } from 'zod';
import { tenantIdSchema } from '../../shared/company-record';
import { keyNameSchema } from '../../shared/local-api-keys';
import { KEY_RIGHTS } from '../../shared/tool-key-rules';

/**
 * What the desktop's local API tells the firm server when it forwards a tool's call in firm mode
 * (issue 10 item 5): the LOCAL key's name, companies and right. The server intersects it with what
 * the accountant's session allows (server/http/tool-access.ts), so neither side widens the other:
 * the desktop cannot get more than the session may, and a session cannot be used as a key for
 * everything (on the tool routes a session without this header is refused).
 *
 * The header is a declaration, NOT a credential: anyone holding the session can write any scope.
 * It narrows on the desktop's behalf only; the server's own ceiling for sessions
 * (SESSION_TOOL_RIGHT, server/config.ts) is what bounds a session, and the server audits the name
 * as a "declared local key".
 *
 * Sent as one header whose value is the JSON below, base64url-encoded (a key's name may hold
 * letters like å, which an HTTP header cannot carry as they are).
 */

/** The header's name (lower case, as Node hands headers over). */
export const KEY_SCOPE_HEADER = 'x-connector-key-scope';

/**
 * At most this many companies are named in the header: a request for one company names only that
 * one; a listing for a key of more companies names `all` and the desktop filters the answer itself.
 */
export const KEY_SCOPE_MAX_COMPANIES = 200;

/** Longest header value accepted (the encoded JSON of 200 twenty-digit tenant ids and a name fits). */
export const KEY_SCOPE_MAX_LENGTH = 8 * 1024;

export const keyScopeSchema = z.strictObject({
  name: keyNameSchema,
  companies: z.union([z.literal('all'), z.array(tenantIdSchema).min(1).max(KEY_SCOPE_MAX_COMPANIES)]),
  right: z.enum(KEY_RIGHTS),
});
export type KeyScope = z.output<typeof keyScopeSchema>;

/** The header value for `scope` (checked against the schema first: a bad scope is a bug, thrown). */
export function encodeKeyScope(scope: z.input<typeof keyScopeSchema>): string {
  return Buffer.from(JSON.stringify(keyScopeSchema.parse(scope)), 'utf8').toString('base64url');
}

/** The scope a header value names, or undefined when it is not one (too long, not base64url, not JSON, wrong shape). */
export function decodeKeyScope(value: string): KeyScope | undefined {
  if (value.length === 0 || value.length > KEY_SCOPE_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = keyScopeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

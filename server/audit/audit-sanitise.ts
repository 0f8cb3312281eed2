import { redact } from '../../main/logging/logger';
import { AUDIT_PATH_MAX } from '../../shared/audit-entry';
import { COMPANY_NAME_MAX } from '../../shared/text-limits';
import { normalizeTenantId } from '../../shared/tenant-id';
import { cleanText } from '../../shared/untrusted-text';

/**
 * What may go into an audit row, made safe: one line of printable text, bounded, and without
 * anything shaped like a credential. Call sites pass names, ids and paths, never secrets; this is
 * the safety net behind that rule (as the logger's `redact` is for log lines).
 */

const REDACTED = '[redacted]';

/** Credentials of this product and its neighbours that could end up in a path or a name by mistake. */
const CREDENTIAL_SHAPES = [
  /fxs_[A-Za-z0-9_-]{8,}/g, // a server session secret
  /fxc_[0-9A-Za-z]{8,}/g, // an integration (tool) key
  /\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b/g, // a pairing code
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(\.[A-Za-z0-9_-]*)?/g, // a JWT or a JWS header.payload
];

/** `text` with every credential-shaped part replaced by `[redacted]`. */
export function scrubCredentials(text: string): string {
  let scrubbed = text;
  for (const shape of CREDENTIAL_SHAPES) scrubbed = scrubbed.replace(shape, REDACTED);
  return redact(scrubbed);
}

/** A person's or key's name for the `actor` column: one clean line, at most 320 characters. */
export function auditActor(name: string | null | undefined): string | null {
  const cleaned = cleanText(name, 320);
  return cleaned === undefined ? null : (cleanText(scrubCredentials(cleaned), 320) ?? null);
}

/** A company name as recorded. */
export function auditCompanyName(name: string | null | undefined): string | null {
  return cleanText(name, COMPANY_NAME_MAX) ?? null;
}

/** A tenant id in its canonical form, or null when it is not one. */
export function auditTenantId(tenantId: string | null | undefined): string | null {
  return normalizeTenantId(tenantId) ?? null;
}

/** An HTTP method as recorded (3–7 capital letters), or null. */
export function auditMethod(method: string | null | undefined): string | null {
  const upper = method?.toUpperCase();
  return upper !== undefined && /^[A-Z]{3,7}$/.test(upper) ? upper : null;
}

/** A status code, or null when it is not one. */
export function auditStatus(status: number | null | undefined): number | null {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}

/**
 * A path as recorded: without its query string or fragment, credentials redacted, every character
 * outside printable ASCII percent-encoded, cut to 512 characters ending in `…`. Null when it is
 * not a path (does not start with `/`).
 */
export function auditPath(path: string | null | undefined): string | null {
  if (typeof path !== 'string' || !path.startsWith('/')) return null;
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? '';
  const printable = Array.from(scrubCredentials(withoutQuery), (char) =>
    /^[\x21-\x7e]$/.test(char) ? char : Array.from(Buffer.from(char, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  ).join('');
  return printable.length <= AUDIT_PATH_MAX ? printable : `${printable.slice(0, AUDIT_PATH_MAX - 1)}…`;
}

/**
 * Normalisation of the Fortnox path a proxied call names (`/v1/companies/{n}/fortnox/{path}`),
 * for the proxy route (issue 8 item 4: no SSRF). Takes the RAW remainder of the request target
 * (Node's `req.url`, never a router's decoded parameter, which would already have turned `%2f`
 * into `/`) and accepts only a plain path under Fortnox's API roots `/3/...` and `/api/...`.
 * Anything that could change which path or host Fortnox sees is refused rather than repaired:
 * dot segments, empty segments, backslashes, and percent-encoded `/`, `\`, `.` and `%` (the last
 * catches double encoding such as `%252e`). Hand-written because it is small and security-critical.
 */

/** Why a Fortnox path was refused (all answered as `invalid_path`). */
export type FortnoxPathProblem = 'malformed' | 'absolute_url' | 'encoded_separator' | 'dot_segment' | 'outside_api' | 'too_long';

/** A path the proxy may send to Fortnox: `path` re-encoded segment by segment, `query` as sent (without `?`). */
export type FortnoxPathResult = { ok: true; path: string; query: string } | { ok: false; problem: FortnoxPathProblem };

/** Longest remainder (path and query) accepted. */
export const FORTNOX_TARGET_MAX = 4096;

/** The first segments of Fortnox's API paths: the classic `/3/` API and the newer `/api/` services. */
const API_ROOTS = new Set(['3', 'api']);

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Normalises `/3/invoices/1?x=y` style remainders; see the module comment for what is refused. */
export function normalizeFortnoxTarget(rawRemainder: string): FortnoxPathResult {
  if (rawRemainder.length > FORTNOX_TARGET_MAX) return { ok: false, problem: 'too_long' };
  if (CONTROL.test(rawRemainder) || rawRemainder.includes('#') || rawRemainder.includes(' ')) return { ok: false, problem: 'malformed' };
  const queryAt = rawRemainder.indexOf('?');
  const rawPath = queryAt === -1 ? rawRemainder : rawRemainder.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rawRemainder.slice(queryAt + 1);
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath) || rawPath.startsWith('//') || /^\/+[a-z][a-z0-9+.-]*:/i.test(rawPath)) {
    return { ok: false, problem: 'absolute_url' };
  }
  if (!rawPath.startsWith('/')) return { ok: false, problem: 'malformed' };
  if (rawPath.includes('\\') || /%(2f|5c|25|2e|00)/i.test(rawPath)) return { ok: false, problem: 'encoded_separator' };
  const rawSegments = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    if (raw === '.' || raw === '..') return { ok: false, problem: 'dot_segment' };
    if (raw === '') return { ok: false, problem: 'malformed' };
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    if (CONTROL.test(decoded) || decoded.includes('/') || decoded.includes('\\')) return { ok: false, problem: 'encoded_separator' };
    segments.push(decoded);
  }
  if (!API_ROOTS.has(segments[0] ?? '') || segments.length < 2) return { ok: false, problem: 'outside_api' };
  if (/%(?![0-9a-f]{2})/i.test(query)) return { ok: false, problem: 'malformed' };
  return {
    ok: true,
    path: `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`,
    query,
  };
}

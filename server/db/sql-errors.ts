/**
 * Reading PostgreSQL's SQLSTATE off an error, the same way for node-postgres and PGlite (both put
 * it on `code`; a wrapper may carry the driver's error as `cause`). One place, so the token service
 * and the re-encryption command agree on what a lock timeout is.
 */

/** SQLSTATE of a lock wait ended by `lock_timeout` (firm-server.md section 1, checked there). */
export const LOCK_NOT_AVAILABLE = '55P03';

/** The database error code of `error` or of its causes (three levels at most), if any. */
export function sqlState(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 3; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether `error` is a lock wait cut short by `lock_timeout` (55P03). */
export function isLockTimeout(error: unknown): boolean {
  return sqlState(error) === LOCK_NOT_AVAILABLE;
}

/**
 * Whether `error` is a statement the server refused while the connection lives on (it has a
 * SQLSTATE outside class 08 "connection exception" and 57P01-57P03 "shutdown"): worth trying
 * again on the same connection. A driver error without SQLSTATE ("Connection terminated") is not.
 */
export function isStatementError(error: unknown): boolean {
  const code = sqlState(error);
  if (code === undefined || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return !code.startsWith('08') && !['57P01', '57P02', '57P03'].includes(code);
}

/**
 * The firm audit's numbers the renderer needs, kept apart from the zod schemas (the renderer may
 * not import zod at runtime; see vite.config.mts).
 */

/** How long the firm server's audit keeps rows. */
export const FIRM_AUDIT_RETENTION_DAYS = 90;

/** Rows the desktop asks for per page of the firm's audit. */
export const FIRM_AUDIT_PAGE_SIZE = 200;

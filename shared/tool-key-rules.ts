/**
 * The rules of a tool key that the Tools view needs too (issue 8, item 2), kept free of zod so
 * the renderer can import them without bundling it. shared/local-api-keys.ts builds its schemas
 * from these.
 */

/**
 * What a tool key may do, from least to most trusted: `read` (proxied GET and HEAD only),
 * `read-write` (every proxied method), `token` (also raw access tokens). Each right includes the
 * ones before it.
 */
export const KEY_RIGHTS = ['read', 'read-write', 'token'] as const;

/** A tool key's right. */
export type KeyRight = (typeof KEY_RIGHTS)[number];

/** The lifetimes a key can be created with, in days; `null` is "never expires". */
export const KEY_LIFETIMES_DAYS = [30, 90, 365] as const;

/** A key's lifetime in days, or `null` for none. */
export type KeyLifetimeDays = (typeof KEY_LIFETIMES_DAYS)[number] | null;

/**
 * At most this many keys are kept (revoked and expired ones included, until they are removed or
 * dropped after `ENDED_KEY_KEPT_DAYS`), so the list and the key file stay bounded.
 */
export const MAX_TOOL_KEYS = 1_000;

/**
 * A revoked or expired key's record is dropped this many days after it stopped working, as the
 * audit log drops its lines (main/local-api/audit-log.ts, AUDIT_RETENTION_DAYS): until then the
 * Activity view can still name the key. It can be removed by hand sooner.
 */
export const ENDED_KEY_KEPT_DAYS = 90;

/** The longest key name kept. */
export const KEY_NAME_MAX = 100;

/** At most this many companies can be listed on one key (more: use "all"). */
export const KEY_COMPANIES_MAX = 10_000;

/**
 * A whole tool key: `fxc_`, 30 random and 6 checksum base62 characters (main/local-api/
 * tool-key-format.ts checks the checksum too). Only letters, digits and one underscore, so a key
 * can be put inside any shell, PowerShell, Python or Power Query string without escaping.
 */
export const TOOL_KEY_PATTERN = /^fxc_[0-9A-Za-z]{36}$/;

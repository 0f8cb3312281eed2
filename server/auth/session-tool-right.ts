import { KEY_RIGHTS } from '../../shared/tool-key-rules';

/**
 * SESSION_TOOL_RIGHT (server/config.ts): what an accountant's server session, forwarded by the
 * desktop's local API, may do on the firm server's tool routes at most. `none` switches that
 * forwarding off firm-wide; otherwise the highest key right a session may have (`read`: proxied
 * reads only; `read-write`: every proxied call; `token`: also raw access tokens). The desktop's
 * declared key scope (X-Connector-Key-Scope) only narrows below it (server/http/tool-access.ts).
 * Kept apart from tool-access.ts so the configuration does not load the HTTP layer.
 */
export const SESSION_TOOL_RIGHTS = ['none', ...KEY_RIGHTS] as const;
export type SessionToolRight = (typeof SESSION_TOOL_RIGHTS)[number];

/** Unset: today's behaviour, the declared scope alone limits a session. */
export const DEFAULT_SESSION_TOOL_RIGHT: SessionToolRight = 'token';

/**
 * The client list's states and bounds (issue 9 item 2), zod-free so the renderer can use them.
 */

/** A client's state, worked out when the list is read: never stored, so it cannot go stale. */
export const CLIENT_STATES = ['not_connected', 'connected', 'needs_reconnect', 'skipped'] as const;

/** One of {@link CLIENT_STATES}. */
export type ClientState = (typeof CLIENT_STATES)[number];

/** Most clients kept in the list (`clients.json`); an import past it adds what fits and says so. */
export const CLIENT_LIST_MAX = 10_000;

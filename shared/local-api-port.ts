/*
 * The local API's port range, without zod, so the renderer can check a typed port with the same
 * numbers main validates with (shared/local-api-status.ts).
 */

/** Ports a user or administrator may give the local API (no privileged ports below 1024). */
export const LOCAL_API_PORT_MIN = 1024;
export const LOCAL_API_PORT_MAX = 65_535;

/**
 * A port typed in Settings: empty means the default port (null); otherwise digits only, within
 * 1024–65535. Anything else (letters, signs, decimals, spaces inside) is refused.
 */
export function parseLocalApiPortInput(text: string): { ok: true; port: number | null } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, port: null };
  if (!/^\d{1,5}$/.test(trimmed)) return { ok: false };
  const port = Number(trimmed);
  return port >= LOCAL_API_PORT_MIN && port <= LOCAL_API_PORT_MAX ? { ok: true, port } : { ok: false };
}

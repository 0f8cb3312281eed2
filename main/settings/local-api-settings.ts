import {
  localApiPortSchema,
  type LocalApiPreference,
  type SaveLocalApiSettingsRequest,
} from '../../shared/local-api-status';

/** The local API's settings in effect: the managed configuration's fields over the user's. */
export interface EffectiveLocalApiSettings {
  enabled: boolean;
  /** null: the default port. */
  port: number | null;
  /** Fields the managed configuration sets; the user cannot change them. */
  locked: ('enabled' | 'port')[];
}

/**
 * Merges the user's settings.json and the IT department's managed values field by field: a
 * managed field always wins and is locked (turning the API off by policy is never a mere default).
 * The API is on, on its default port, when neither says otherwise.
 */
export function effectiveLocalApiSettings(user: LocalApiPreference | undefined, managed: LocalApiPreference | undefined): EffectiveLocalApiSettings {
  const locked: EffectiveLocalApiSettings['locked'] = [];
  if (managed?.enabled !== undefined) locked.push('enabled');
  if (managed?.port !== undefined) locked.push('port');
  return {
    enabled: managed?.enabled ?? user?.enabled ?? true,
    port: managed?.port ?? user?.port ?? null,
    locked,
  };
}

/** Why a change was refused. */
export type LocalApiChangeProblem = 'port_invalid' | 'locked';

/**
 * Checks a change from Settings against the rules and the locks, and gives what settings.json
 * should hold: a locked field may be sent back unchanged, never changed.
 */
export function checkLocalApiChange(
  request: SaveLocalApiSettingsRequest,
  current: EffectiveLocalApiSettings,
): { ok: true; stored: LocalApiPreference } | { ok: false; problem: LocalApiChangeProblem } {
  if (request.port !== null && !localApiPortSchema.safeParse(request.port).success) return { ok: false, problem: 'port_invalid' };
  if (current.locked.includes('enabled') && request.enabled !== current.enabled) return { ok: false, problem: 'locked' };
  if (current.locked.includes('port') && request.port !== current.port) return { ok: false, problem: 'locked' };
  const stored: LocalApiPreference = { enabled: request.enabled };
  if (request.port !== null) stored.port = request.port;
  return { ok: true, stored };
}

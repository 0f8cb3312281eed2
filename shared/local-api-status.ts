import { z } from 'zod';
import { LOCAL_API_PORT_MAX, LOCAL_API_PORT_MIN } from './local-api-port';

/** A port the local API may be given in Settings or the managed configuration. */
export const localApiPortSchema = z.number().int().min(LOCAL_API_PORT_MIN).max(LOCAL_API_PORT_MAX);

/** A port as the running server reports it (0 never; any TCP port). */
const listeningPortSchema = z.number().int().min(1).max(LOCAL_API_PORT_MAX);

/**
 * What the local API is doing, as Settings and the Tools view show it. Never carries a key or a
 * token: only the state, the port and, on failure, Node's error code (`EACCES`).
 */
export const localApiStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('starting'), port: z.number().int().min(0).max(LOCAL_API_PORT_MAX) }),
  z.strictObject({ state: z.literal('running'), port: listeningPortSchema }),
  z.strictObject({ state: z.literal('off'), by: z.enum(['user', 'managed']) }),
  z.strictObject({ state: z.literal('port_in_use'), port: listeningPortSchema }),
  z.strictObject({
    state: z.literal('failed'),
    port: z.number().int().min(0).max(LOCAL_API_PORT_MAX),
    code: z.string().regex(/^[A-Z0-9_]{1,40}$/),
  }),
]);

/** What the local API is doing. */
export type LocalApiStatus = z.infer<typeof localApiStatusSchema>;

/** Bounds of the local API's limits in settings.json and the managed configuration (issue 8 items 1, 3 and 4). */
export const LOCAL_API_LIMIT_BOUNDS = {
  /** The cap on a proxied answer's body, in MB (default 100). */
  maxResponseMB: { min: 1, max: 4096 },
  /** The cap on a proxied request's body, in MB (default 10; kept in memory for a 401 retry). */
  maxRequestMB: { min: 1, max: 100 },
  /** How long a call may wait for the company's shared Fortnox rate limit, in seconds (default 30). */
  queueWaitSeconds: { min: 1, max: 300 },
} as const;

const limitSchema = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max);

/**
 * The local API's settings as settings.json and the managed configuration hold them
 * (`"localApi": { "enabled": false, "port": 41900, "maxResponseMB": 20 }`); each field may be left
 * out. The limits have no field in Settings: they are for the file and the IT department.
 */
export const localApiPreferenceSchema = z.strictObject({
  enabled: z.boolean().optional(),
  port: localApiPortSchema.optional(),
  maxResponseMB: limitSchema(LOCAL_API_LIMIT_BOUNDS.maxResponseMB).optional(),
  maxRequestMB: limitSchema(LOCAL_API_LIMIT_BOUNDS.maxRequestMB).optional(),
  queueWaitSeconds: limitSchema(LOCAL_API_LIMIT_BOUNDS.queueWaitSeconds).optional(),
});

/** One source's local API settings. */
export type LocalApiPreference = z.infer<typeof localApiPreferenceSchema>;

/** The local API fields the IT department's managed configuration can set (and so lock). */
export const LOCAL_API_FIELDS = ['enabled', 'port'] as const;

/** What the Settings view shows of the local API's settings. */
export const localApiSettingsViewSchema = z.strictObject({
  enabled: z.boolean(),
  /** The chosen port; null: the default port. */
  port: localApiPortSchema.nullable(),
  defaultPort: localApiPortSchema,
  /** Fields set by the managed configuration: shown, not editable. */
  locked: z.array(z.enum(LOCAL_API_FIELDS)).max(LOCAL_API_FIELDS.length),
});

/** The local API's settings and what it is doing, for Settings and the Tools view. */
export const localApiViewSchema = z.strictObject({
  settings: localApiSettingsViewSchema,
  status: localApiStatusSchema,
});

/**
 * A change of the local API's settings from Settings. The port is checked by main (1024–65535)
 * so that a wrong one gets its own answer; here it is only bounded.
 */
export const saveLocalApiSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  port: z.number().int().min(0).max(1_000_000).nullable(),
});

/** Why a change of the local API's settings was not saved. */
export const LOCAL_API_SAVE_PROBLEMS = ['port_invalid', 'locked'] as const;

export const saveLocalApiSettingsResultSchema = z.discriminatedUnion('ok', [
  /** `sessionOnly`: settings.json could not be read, so the change holds until the app quits. */
  z.strictObject({ ok: z.literal(true), sessionOnly: z.boolean(), view: localApiViewSchema }),
  z.strictObject({ ok: z.literal(false), problem: z.enum(LOCAL_API_SAVE_PROBLEMS) }),
]);

/** The local API's settings as Settings shows them. */
export type LocalApiSettingsView = z.infer<typeof localApiSettingsViewSchema>;
/** The local API's settings and status. */
export type LocalApiView = z.infer<typeof localApiViewSchema>;
/** A change of the local API's settings. */
export type SaveLocalApiSettingsRequest = z.infer<typeof saveLocalApiSettingsSchema>;
/** The answer to a change of the local API's settings. */
export type SaveLocalApiSettingsResult = z.infer<typeof saveLocalApiSettingsResultSchema>;

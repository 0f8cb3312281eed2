import { z } from 'zod';

/** Ports a user or administrator may give the local API (no privileged ports below 1024). */
export const LOCAL_API_PORT_MIN = 1024;
export const LOCAL_API_PORT_MAX = 65_535;

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

import { z } from 'zod';
import { CONFIG_FIELDS, CONFIG_PROBLEMS } from './config-problems';
import { FLOW_ERROR_CODES } from './flow-errors';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './ipc-channels';
import { SCOPE_NAMES } from './scope-names';

/**
 * The one IPC contract between renderer and main: every channel with the zod schema of its
 * argument and of its result. Main parses every incoming argument and every outgoing value with
 * these; the types the renderer and preload use are inferred from them. All objects are strict, so
 * a field that is not declared here (a token, a code) cannot slip through.
 */

const scopeName = z.enum(SCOPE_NAMES);
const epochMs = z.number().int().nonnegative();
const flowId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Untrusted text from Fortnox, bounded so that a hostile page cannot flood the UI. */
const untrustedText = z.string().max(500);

export const configProblemSchema = z.strictObject({
  field: z.enum(CONFIG_FIELDS),
  problem: z.enum(CONFIG_PROBLEMS),
  source: z.enum(['environment', 'settings-file', 'default']),
});

export const appInfoSchema = z.strictObject({
  version: z.string().max(40),
  /** True when the app runs against the embedded Fortnox simulator. */
  simulator: z.boolean(),
  /** The operating system's preferred languages, most preferred first (BCP 47). */
  systemLanguages: z.array(z.string().max(35)).max(20),
  config: z.discriminatedUnion('ok', [
    z.strictObject({
      ok: z.literal(true),
      /** The origin the sign-in window opens, shown so the user knows where they sign in. */
      authorizeOrigin: z.string().max(200),
    }),
    z.strictObject({ ok: z.literal(false), problems: z.array(configProblemSchema).min(1).max(20) }),
  ]),
});

export const connectRequestSchema = z.strictObject({
  scopes: z
    .array(scopeName)
    .min(1)
    .max(SCOPE_NAMES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must be unique'),
  offlineAccess: z.boolean(),
  serviceAccount: z.boolean(),
  /** Replace a sign-in that is already open instead of focusing it. */
  restart: z.boolean(),
});

export const connectResultSchema = z.discriminatedUnion('result', [
  z.strictObject({ result: z.literal('started'), flowId }),
  z.strictObject({ result: z.literal('focused-existing'), flowId }),
  z.strictObject({ result: z.literal('refused'), error: z.literal('config_invalid') }),
]);

export const flowStatusSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('idle') }),
  z.strictObject({
    phase: z.literal('signing-in'),
    flowId,
    startedAt: epochMs,
    expiresAt: epochMs,
    scopes: z.array(scopeName),
    serviceAccount: z.boolean(),
  }),
  z.strictObject({
    phase: z.literal('succeeded'),
    flowId,
    scopes: z.array(scopeName),
    serviceAccount: z.boolean(),
    finishedAt: epochMs,
  }),
  z.strictObject({
    phase: z.literal('failed'),
    flowId,
    error: z.enum(FLOW_ERROR_CODES),
    fortnoxError: untrustedText.optional(),
    detail: untrustedText.optional(),
    finishedAt: epochMs,
  }),
]);

const noArgs = z.undefined();

/** Renderer-to-main channels: argument and result schema of each. */
export const invokeContract = {
  [INVOKE_CHANNELS.getAppInfo]: { args: noArgs, result: appInfoSchema },
  [INVOKE_CHANNELS.getFlowStatus]: { args: noArgs, result: flowStatusSchema },
  [INVOKE_CHANNELS.startConnect]: { args: connectRequestSchema, result: connectResultSchema },
  [INVOKE_CHANNELS.cancelConnect]: { args: noArgs, result: z.strictObject({ cancelled: z.boolean() }) },
} as const;

/** Main-to-renderer channels: payload schema of each. */
export const eventContract = {
  [EVENT_CHANNELS.flowStatus]: flowStatusSchema,
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeArgs<C extends keyof InvokeContract> = z.input<InvokeContract[C]['args']>;
export type InvokeResult<C extends keyof InvokeContract> = z.output<InvokeContract[C]['result']>;
export type EventPayload<C extends keyof typeof eventContract> = z.output<(typeof eventContract)[C]>;

export type AppInfo = z.output<typeof appInfoSchema>;
export type ConnectRequest = z.output<typeof connectRequestSchema>;
export type ConnectResult = z.output<typeof connectResultSchema>;
export type FlowStatusMessage = z.output<typeof flowStatusSchema>;

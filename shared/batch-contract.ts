import { z } from 'zod';
import { cleanTextSchema, epochMsSchema, tenantIdSchema } from './company-record';
import { CONNECTION_ISSUES } from './connection-issues';
import { FLOW_ERROR_CODES } from './flow-errors';
import { CANONICAL_ORG_NUMBER } from './org-number';
import { SCOPE_NAMES } from './scope-names';
import { COMPANY_NAME_MAX } from './text-limits';

/**
 * The batch connect ("Anslut flera företag") part of the IPC contract: what the renderer sends to
 * start and steer a batch, and the status main pushes. Only names, organisation numbers, tenant
 * ids, states and error codes cross: never a code, state or token.
 */

/** At most this many companies in one batch (a firm's clients; the list helper's bulk reconnect too). */
export const BATCH_ENTRIES_MAX = 1_000;
/** At most this many companies Fortnox returned that were not on the list, kept in one batch's status. */
export const BATCH_EXTRAS_MAX = 200;

/** An organisation number in canonical form `NNNNNN-NNNN` (as shared/org-number.ts writes it). */
export const orgNumberSchema = z.string().regex(CANONICAL_ORG_NUMBER);
const entryName = cleanTextSchema(COMPANY_NAME_MAX);

/**
 * One company to connect: by organisation number (an imported client) and/or tenant id (an
 * already connected company, for bulk reconnect), with the name the accountant knows it by.
 */
export const batchEntryInputSchema = z
  .strictObject({
    orgNumber: orgNumberSchema.optional(),
    name: entryName.optional(),
    tenantId: tenantIdSchema.optional(),
  })
  .refine((entry) => entry.orgNumber !== undefined || entry.tenantId !== undefined, 'an entry needs an organisation number or a tenant id');

/** The scopes a batch requests: a plain list (plus, optionally, the scope profile it came from). */
export const batchScopesSchema = z
  .array(z.enum(SCOPE_NAMES))
  .min(1)
  .max(SCOPE_NAMES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must be unique');

/**
 * `batch:start`. An empty `entries` list connects whatever companies the user picks in Fortnox,
 * until they stop. Entries with a tenant id reconnect that company in place.
 */
export const batchStartSchema = z.strictObject({
  entries: z.array(batchEntryInputSchema).max(BATCH_ENTRIES_MAX),
  scopes: batchScopesSchema,
  offlineAccess: z.boolean(),
  serviceAccount: z.boolean(),
  /** The scope profile the scopes came from, for the status and the log (never trusted for scopes). */
  profileId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});

/** Why a batch did not start. */
export const BATCH_REFUSALS = ['config_invalid', 'already_running'] as const;

export const batchStartResultSchema = z.discriminatedUnion('started', [
  z.strictObject({ started: z.literal(true), batchId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }),
  z.strictObject({ started: z.literal(false), reason: z.enum(BATCH_REFUSALS) }),
]);

/** An entry's index in the batch (entries keep their index; companies not on the list come after). */
export const batchEntryIdSchema = z.number().int().min(0).max(BATCH_ENTRIES_MAX + BATCH_EXTRAS_MAX);

/** `batch:skip`: the entry to skip, the current one when left out. */
export const batchSkipSchema = z.strictObject({ entryId: batchEntryIdSchema.optional() });
/** `batch:retry`: a failed or skipped entry to try again, next. */
export const batchRetrySchema = z.strictObject({ entryId: batchEntryIdSchema });
/** `batch:answer-unexpected`: keep the company Fortnox returned that was not on the list, or let it go (revoked). */
export const batchAnswerSchema = z.strictObject({ entryId: batchEntryIdSchema, keep: z.boolean() });

/** An entry's state. */
export const BATCH_ENTRY_STATES = ['waiting', 'current', 'connected', 'updated', 'skipped', 'failed', 'not-on-list'] as const;
/** What became of a company that was not on the list. */
export const BATCH_DECISIONS = ['pending', 'kept', 'discarded', 'expired'] as const;
/** The batch's state. */
export const BATCH_STATES = ['idle', 'running', 'paused', 'question', 'finished', 'stopped'] as const;

export const batchEntryViewSchema = z.strictObject({
  id: batchEntryIdSchema,
  orgNumber: orgNumberSchema.nullable(),
  /** The name from the list, or Fortnox's (cleaned) for a company not on the list. */
  name: entryName.nullable(),
  tenantId: tenantIdSchema.nullable(),
  /** The company's name as Fortnox returned it, once connected. */
  companyName: entryName.nullable(),
  state: z.enum(BATCH_ENTRY_STATES),
  /** False for a company Fortnox returned that was not on the list. */
  onList: z.boolean(),
  /** For a company not on the list: what the user decided. */
  decision: z.enum(BATCH_DECISIONS).nullable(),
  /** For `failed`: how the sign-in ended, and for `exchange_failed` what went wrong with Fortnox. */
  error: z.enum(FLOW_ERROR_CODES).nullable(),
  issue: z.enum(CONNECTION_ISSUES).nullable(),
});

export const batchCountsSchema = z.strictObject({
  /** Entries on the list. */
  total: z.number().int().min(0),
  /** Connected or updated entries of the list. */
  connected: z.number().int().min(0),
  updated: z.number().int().min(0),
  skipped: z.number().int().min(0),
  failed: z.number().int().min(0),
  waiting: z.number().int().min(0),
  /** Companies returned that were not on the list (kept or not). */
  notOnList: z.number().int().min(0),
});

export const batchStatusSchema = z.strictObject({
  batchId: z.string().max(64).nullable(),
  state: z.enum(BATCH_STATES),
  /** `list`: the entries given; `open`: whatever companies the user picks in Fortnox. */
  mode: z.enum(['list', 'open']),
  entries: z.array(batchEntryViewSchema).max(BATCH_ENTRIES_MAX + BATCH_EXTRAS_MAX),
  counts: batchCountsSchema,
  currentEntryId: batchEntryIdSchema.nullable(),
  /** Where the current company is: its sign-in window is open, or Fortnox approved and main is exchanging. */
  phase: z.enum(['signing-in', 'exchanging']).nullable(),
  /** The sign-in sessions used so far (a new one per "use another Fortnox login"). */
  logins: z.number().int().min(0),
  profileId: z.string().max(64).nullable(),
  startedAt: epochMsSchema.nullable(),
  finishedAt: epochMsSchema.nullable(),
});

export type BatchEntryInput = z.output<typeof batchEntryInputSchema>;
export type BatchStartRequest = z.output<typeof batchStartSchema>;
export type BatchStartResult = z.output<typeof batchStartResultSchema>;
export type BatchRefusal = (typeof BATCH_REFUSALS)[number];
export type BatchEntryState = (typeof BATCH_ENTRY_STATES)[number];
export type BatchDecision = (typeof BATCH_DECISIONS)[number];
export type BatchState = (typeof BATCH_STATES)[number];
export type BatchEntryView = z.output<typeof batchEntryViewSchema>;
export type BatchCounts = z.output<typeof batchCountsSchema>;
export type BatchStatus = z.output<typeof batchStatusSchema>;

import { z } from 'zod';
import { CLIENT_IMPORT_MAX_BYTES, CLIENT_IMPORT_MAX_ROWS } from './client-import-limits';
import { CLIENT_LIST_MAX, CLIENT_STATES } from './client-list-rules';
import { cleanTextSchema, tenantIdSchema } from './company-record';
import { CANONICAL_ORG_NUMBER, ORG_NUMBER_ERRORS } from './org-number';
import { COMPANY_NAME_MAX } from './text-limits';

/**
 * The client list's part of the IPC contract (issue 9 item 2): `clients:list`, `clients:import`,
 * `clients:remove`, `clients:export`. Only organisation numbers, names, states and counts cross.
 */

/** An organisation number in the canonical form shared/org-number.ts writes. */
export const clientOrgNumberSchema = z.string().regex(CANONICAL_ORG_NUMBER);

/** One client as the list shows it. */
export const clientViewSchema = z.strictObject({
  orgNumber: clientOrgNumberSchema,
  /** The name given when it was imported, else the connected company's name from Fortnox. */
  name: cleanTextSchema(COMPANY_NAME_MAX).nullable(),
  state: z.enum(CLIENT_STATES),
  /** The connected company with this organisation number, if any. */
  tenantId: tenantIdSchema.nullable(),
});

const stateCounts = z.strictObject(Object.fromEntries(CLIENT_STATES.map((state) => [state, z.number().int().min(0)])) as Record<(typeof CLIENT_STATES)[number], z.ZodNumber>);

/** Why `clients.json` was not read at start (the list then starts empty). */
export const CLIENT_FILE_PROBLEMS = ['corrupt', 'unreadable', 'newer_version', 'too_large', 'not_a_file'] as const;

/**
 * `clients.json` could not be read at start: what was wrong, where the file is, and where a damaged
 * one was moved aside (null when it was left in place: a newer version's file, or one that could
 * not be moved). The user's own local paths, nothing secret.
 */
export const clientFileProblemSchema = z.strictObject({
  kind: z.enum(CLIENT_FILE_PROBLEMS),
  filePath: z.string().min(1).max(4096),
  backupPath: z.string().min(1).max(4096).nullable(),
});

/** `clients:list`: every client, in the order they were added, and how many are in each state. */
export const clientListSchema = z.strictObject({
  clients: z.array(clientViewSchema).max(CLIENT_LIST_MAX),
  counts: stateCounts,
  /** Present when `clients.json` could not be read at start (the Clients view says so). */
  fileProblem: clientFileProblemSchema.optional(),
});

/** `clients:import`: the pasted text or the CSV file's text (the renderer checks the size first). */
export const clientImportArgsSchema = z.strictObject({ text: z.string().max(CLIENT_IMPORT_MAX_BYTES) });

const lineProblemSchema = z.strictObject({
  line: z.number().int().min(1),
  reason: z.enum([...ORG_NUMBER_ERRORS, 'duplicate', 'unclosed_quote'] as const),
  value: z.string().max(40),
  firstLine: z.number().int().min(1).optional(),
});

/** How an import ended: what was added, what was already there, and each line that was not taken. */
export const clientImportResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    added: z.number().int().min(0),
    /** Already in the list; the name was updated when a new one was given. */
    alreadyListed: z.number().int().min(0),
    /** Left out because the list holds at most CLIENT_LIST_MAX clients. */
    overLimit: z.number().int().min(0),
    problems: z.array(lineProblemSchema).max(CLIENT_IMPORT_MAX_ROWS),
    /** False when the list could not be written to disk (it is kept for this session). */
    stored: z.boolean(),
  }),
  z.strictObject({ ok: z.literal(false), error: z.enum(['empty', 'too_large', 'too_many_rows']) }),
]);

/** `clients:remove`: the clients to take off the list. */
export const clientRemoveArgsSchema = z.strictObject({ orgNumbers: z.array(clientOrgNumberSchema).min(1).max(CLIENT_LIST_MAX) });
export const clientRemoveResultSchema = z.strictObject({ removed: z.number().int().min(0), stored: z.boolean() });

/** `clients:export`: the clients to save, in the order shown (all when left out). */
export const clientExportArgsSchema = z.strictObject({ orgNumbers: z.array(clientOrgNumberSchema).max(CLIENT_LIST_MAX).optional() });
/** How an export ended: `saved` false when the save dialog was cancelled, `failed` when writing failed. */
export const clientExportResultSchema = z.strictObject({ saved: z.boolean(), rows: z.number().int().min(0), failed: z.boolean() });

/** `clients:changed`: pushed when the list changed in main (an import, a removal, a batch's skip). */
export const clientsChangedSchema = z.strictObject({});

export type ClientView = z.output<typeof clientViewSchema>;
export type ClientListing = z.output<typeof clientListSchema>;
export type ClientFileProblem = z.output<typeof clientFileProblemSchema>;
export type ClientImportOutcome = z.output<typeof clientImportResultSchema>;
export type ClientRemoveResult = z.output<typeof clientRemoveResultSchema>;
export type ClientExportResult = z.output<typeof clientExportResultSchema>;

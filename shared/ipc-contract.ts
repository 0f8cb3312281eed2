import { z } from 'zod';
import {
  clientExportArgsSchema,
  clientExportResultSchema,
  clientImportArgsSchema,
  clientImportResultSchema,
  clientListSchema,
  clientRemoveArgsSchema,
  clientRemoveResultSchema,
  clientsChangedSchema,
} from './client-contract';
import { localApiViewSchema, saveLocalApiSettingsResultSchema, saveLocalApiSettingsSchema } from './local-api-status';
import { attentionIdSchema, attentionRowSchema, MAX_ATTENTION_ROWS, restoreResultSchema } from './attention-rows';
import { AUDIT_COMPANIES_MAX, auditCompanySchema, auditFilterSchema, auditPageSchema, auditQuerySchema } from './audit-entry';
import {
  cleanTextSchema,
  companySummarySchema as companyRecordSummarySchema,
  epochMsSchema,
  grantedScopeSchema,
  tenantIdSchema,
} from './company-record';
import {
  batchAnswerSchema,
  batchRetrySchema,
  batchSkipSchema,
  batchStartResultSchema,
  batchStartSchema,
  batchStatusSchema,
  BATCH_DECISIONS,
} from './batch-contract';
import { CONFIG_FIELDS, CONFIG_PROBLEMS, CONFIG_SOURCES } from './config-problems';
import { firmPairSchema, firmResultSchema, firmViewSchema, saveFirmServerSchema } from './firm-mode';
import {
  firmAuditArgsSchema,
  firmAuditExportArgsSchema,
  firmAuditExportResultSchema,
  firmAuditResultSchema,
  firmCopyKeyArgsSchema,
  firmCopyKeyResultSchema,
  firmCreateKeyResultSchema,
  firmKeysResultSchema,
  firmRevokeKeyArgsSchema,
  firmRevokeKeyResultSchema,
} from './firm-desk';
import { newIntegrationKeySchema } from './firm-api';
import { letGoLocalArgsSchema, letGoLocalResultSchema, localLeftoversSchema, removeLocalSecretResultSchema } from './local-leftovers';
import { CONNECTION_ISSUES, STORAGE_MODES } from './connection-issues';
import { FLOW_ERROR_CODES } from './flow-errors';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './ipc-channels';
import { keyIdSchema, keyNameSchema, MAX_ACTIVITY_KEYS, newToolKeySchema, toolKeyRecordSchema } from './local-api-keys';
import { TOOL_EXAMPLE_KINDS } from './tool-examples';
import { MAX_TOOL_KEYS, TOOL_KEY_PATTERN } from './tool-key-rules';
import { SCOPE_NAMES } from './scope-names';
import { scopeProfileChangeResultSchema, scopeProfileChangeSchema, scopeProfilesViewSchema } from './scope-profiles';
import { LANGUAGES } from './ui-language';
import { INTEGRATION_NAME_MAX, isNormalIntegrationName } from './integration-name';
import { isShortcutId, type ShortcutId } from './keyboard-shortcuts';
import { setStartAtLoginArgsSchema, setStartAtLoginResultSchema, startAtLoginStateSchema } from './start-at-login';
import {
  COMPANY_NAME_MAX,
  MAX_LISTED_COMPANIES,
  RENDERER_ERROR_MESSAGE_MAX,
  RENDERER_ERROR_NAME_MAX,
  RENDERER_ERROR_STACK_MAX,
  UNTRUSTED_TEXT_MAX,
} from './text-limits';

/**
 * The one IPC contract between renderer and main: every channel with the zod schema of its
 * argument and of its result. Main parses every incoming argument and every outgoing value with
 * these; the types the renderer and preload use are inferred from them. All objects are strict, so
 * a field that is not declared here (a token, a code) cannot slip through.
 */

const scopeName = z.enum(SCOPE_NAMES);
// The building blocks are the stored company's (shared/company-record.ts): one definition each.
const epochMs = epochMsSchema;
const flowId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Untrusted text from Fortnox, cleaned and bounded so that a hostile page cannot flood or reorder the UI. */
const untrustedText = cleanTextSchema(UNTRUSTED_TEXT_MAX);
const tenantId = tenantIdSchema;
const grantedScope = grantedScopeSchema;
/** A company's name as Fortnox gave it, cleaned (as in the company summary), or null. */
const companyName = cleanTextSchema(COMPANY_NAME_MAX).nullable();

export const configProblemSchema = z.strictObject({
  field: z.enum(CONFIG_FIELDS),
  problem: z.enum(CONFIG_PROBLEMS),
  source: z.enum(CONFIG_SOURCES),
});

/** The integration's name in effect (null: none, the app's name is shown) and whether the managed configuration locks it. */
export const integrationNameStateSchema = z.strictObject({
  name: z.string().max(INTEGRATION_NAME_MAX).refine(isNormalIntegrationName).nullable(),
  locked: z.boolean(),
});

/** Setting the integration's name: the text as typed (an empty one clears it); main normalises it. */
export const saveIntegrationNameSchema = z.strictObject({ name: z.string().max(1000) });

export const saveIntegrationNameResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), name: integrationNameStateSchema.shape.name, sessionOnly: z.boolean() }),
  z.strictObject({ ok: z.literal(false), problem: z.enum(['locked', 'too_long']) }),
]);

/** A shortcut chosen in the app menu; `fromKeyboard` when its accelerator was pressed (then typing may hold it back). */
export const runShortcutSchema = z.strictObject({
  id: z.custom<ShortcutId>((value) => isShortcutId(value)),
  fromKeyboard: z.boolean(),
});

export const appInfoSchema = z.strictObject({
  version: z.string().max(40),
  /** True when the app runs against the embedded Fortnox simulator. */
  simulator: z.boolean(),
  /** True in an installed (packaged) build, which ignores FORTNOX_CLIENT_SECRET; texts then leave it out. */
  packaged: z.boolean(),
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
  /** The integration's name for the header and title (absent from an older main: the app's name is shown). */
  integrationName: integrationNameStateSchema.optional(),
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

/**
 * Where the sign-in window's main frame is: its host as the app shows it (punycode unless a single
 * Latin script, see main/connect/sign-in-location.ts) and whether it is https. Bounded, and limited
 * to characters a host can show: no spaces, controls, bidirectional overrides or URL delimiters.
 */
export const signInLocationSchema = z.strictObject({
  host: z
    .string()
    .min(1)
    .max(130)
    .regex(/^[\p{L}\p{N}.:[\]\u2026-]+$/u),
  secure: z.boolean(),
});

/** Where the sign-in window is, as shown to the user. */
export type SignInLocation = z.infer<typeof signInLocationSchema>;

export const flowStatusSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('idle') }),
  z.strictObject({
    phase: z.literal('signing-in'),
    flowId,
    startedAt: epochMs,
    expiresAt: epochMs,
    scopes: z.array(scopeName),
    serviceAccount: z.boolean(),
    /** The sign-in window's current main-frame location; absent until its first navigation. */
    location: signInLocationSchema.nullable().optional(),
  }),
  z.strictObject({
    /** Fortnox approved; main is exchanging the code and identifying the company. */
    phase: z.literal('exchanging'),
    flowId,
    scopes: z.array(scopeName),
    serviceAccount: z.boolean(),
  }),
  z.strictObject({
    phase: z.literal('succeeded'),
    flowId,
    scopes: z.array(scopeName),
    serviceAccount: z.boolean(),
    finishedAt: epochMs,
    /** The connected company, once tokens were exchanged (absent when no exchange was made). */
    company: z
      .strictObject({
        tenantId,
        companyName,
        /** True when this tenant was already connected and was updated in place. */
        reconnected: z.boolean(),
        /** Requested scopes Fortnox did not grant, and granted scopes that were not requested. */
        scopesNotGranted: z.array(grantedScope),
        scopesNotRequested: z.array(grantedScope),
      })
      .optional(),
  }),
  z.strictObject({
    phase: z.literal('failed'),
    flowId,
    error: z.enum(FLOW_ERROR_CODES),
    fortnoxError: untrustedText.optional(),
    detail: untrustedText.optional(),
    /** For `exchange_failed`: what went wrong talking to Fortnox. */
    issue: z.enum(CONNECTION_ISSUES).optional(),
    /** For `wrong_company`: the company being reconnected, the one signed in to instead, and whether that grant is still held. */
    otherCompany: z
      .strictObject({
        expected: z.strictObject({ tenantId, companyName }),
        actual: z.strictObject({ tenantId, companyName }),
        /** True while "add it instead" can still be chosen; false once it was let go (and revoked). */
        held: z.boolean(),
        /** True when the other company is already connected: keeping the sign-in reconnects it. */
        alreadyConnected: z.boolean(),
      })
      .optional(),
    finishedAt: epochMs,
  }),
]);


/** A company as the renderer gets it: derived from the stored record's schema (shared/company-record.ts). */
export const companySummarySchema = companyRecordSummarySchema;

export const storageStateSchema = z.strictObject({
  mode: z.enum(STORAGE_MODES),
  /** Why secrets are in memory only: Linux's basic_text backend, or no encryption available. */
  reason: z.enum(['basic_text', 'unavailable', 'error']).nullable(),
  /** Files that were unreadable or corrupt at start and were kept aside as backups. */
  problems: z
    .array(
      z.strictObject({
        file: z.enum(['companies', 'secrets']),
        kind: z.enum(['corrupt', 'unreadable', 'newer_version', 'too_large', 'not_a_file']),
        backupName: z.string().max(200).nullable(),
      }),
    )
    .max(10),
});

export const companyListSchema = z.strictObject({
  companies: z.array(companySummarySchema).max(MAX_LISTED_COMPANIES),
  storage: storageStateSchema,
  /** Damaged records and unknown connections, shown as rows that can be disconnected. */
  attention: z.array(attentionRowSchema).max(MAX_ATTENTION_ROWS).optional(),
  /** Companies and rows beyond the limits above, left out of this list (see MAX_LISTED_COMPANIES). */
  omitted: z.number().int().nonnegative().optional(),
});

const tenantArgs = z.strictObject({ tenantId });

export const testResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), companyName, at: epochMs }),
  z.strictObject({ ok: z.literal(false), issue: z.enum(CONNECTION_ISSUES), detail: untrustedText.nullable(), at: epochMs }),
]);

export const reconnectRequestSchema = z.strictObject({
  tenantId,
  /** The scopes to request this time; the company's previous ones when left out. */
  scopes: connectRequestSchema.shape.scopes.optional(),
  offlineAccess: z.boolean().optional(),
  serviceAccount: z.boolean().optional(),
  /** Replace a sign-in that is already open instead of focusing it. */
  restart: z.boolean().optional(),
});

/** Which held sign-in (to another company than the one reconnected) to keep or let go. */
export const heldGrantArgsSchema = z.strictObject({ flowId });

export const keepHeldResultSchema = z.discriminatedUnion('kept', [
  z.strictObject({ kept: z.literal(true), tenantId, companyName }),
  /** Nothing was held any more (it timed out or was let go), or storing it failed. */
  z.strictObject({ kept: z.literal(false), issue: z.enum(CONNECTION_ISSUES).nullable() }),
]);

export const disconnectResultSchema = z.strictObject({
  removed: z.boolean(),
  /** False when Fortnox could not be told: the user should remove the integration in Fortnox. */
  revoked: z.boolean(),
  issue: z.enum(CONNECTION_ISSUES).nullable(),
});

export const settingsViewSchema = z.strictObject({
  clientId: z.string().max(200).nullable(),
  redirectUri: z.string().max(2000).nullable(),
  /** Where each value comes from; environment values cannot be changed in the app. */
  clientIdSource: z.enum(CONFIG_SOURCES),
  redirectUriSource: z.enum(CONFIG_SOURCES),
  /**
   * Fields the IT department's managed configuration locks; the app does not let them be edited.
   * Never the client secret: a managed one is readable by every user, so a user may enter their own.
   */
  locked: z.array(z.enum(['clientId', 'redirectUri'])),
  clientSecret: z.strictObject({
    set: z.boolean(),
    source: z.enum(['managed', 'environment', 'vault', 'none']),
    /** When the stored secret was saved; the secret itself is never sent back. */
    savedAt: epochMs.nullable(),
  }),
  storage: storageStateSchema,
  simulator: z.boolean(),
});

export const saveSettingsSchema = z.strictObject({
  clientId: z.string().max(200),
  redirectUri: z.string().max(2000),
});

export const saveSettingsResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), problems: z.array(configProblemSchema).min(1).max(20) }),
]);

export const clientSecretArgsSchema = z.strictObject({ secret: z.string().min(1).max(500) });

export const clientSecretResultSchema = z.strictObject({
  saved: z.boolean(),
  /** `memory`: encryption is not available, so the secret is kept for this session only. */
  mode: z.enum(STORAGE_MODES),
});

export const companiesChangedSchema = z.strictObject({
  upserted: z.array(companySummarySchema).max(10_000),
  removed: z.array(tenantId).max(10_000),
  /** When present, every attention row now (replacing the previous ones). */
  attention: z.array(attentionRowSchema).max(MAX_ATTENTION_ROWS).optional(),
});

/** Pages the app may open in the browser: a fixed list, so the renderer can never name a URL. */
export const HELP_TARGETS = ['developer-portal', 'manage-integrations', 'scopes'] as const;

export const updateStatusSchema = z.strictObject({
  /** `disabled`: development build or no publish target; `downloaded`: installs when the app quits. */
  state: z.enum(['disabled', 'idle', 'checking', 'available', 'downloaded', 'error']),
  version: z.string().max(40).nullable(),
  checkedAt: epochMs.nullable(),
});

/** What the renderer's error boundary reports about a crash of the window (cut in the renderer, bounded here). */
export const rendererErrorReportSchema = z.strictObject({
  name: z.string().max(RENDERER_ERROR_NAME_MAX),
  message: z.string().max(RENDERER_ERROR_MESSAGE_MAX),
  componentStack: z.string().max(RENDERER_ERROR_STACK_MAX),
});

/** A tool key as the Tools view lists it: the stored record without its SHA-256 (and never the key). */
export const toolKeyViewSchema = toolKeyRecordSchema.omit({ sha256: true });

export const toolKeyListSchema = z.strictObject({
  keys: z.array(toolKeyViewSchema).max(MAX_TOOL_KEYS),
});

/** Why a key was not created: the key limit, companies no longer connected, a failed save, or no key registry this session. */
export const TOOL_KEY_REFUSALS = ['too_many_keys', 'unknown_companies', 'not_saved', 'unavailable'] as const;

export const createToolKeyResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    /** The key itself: sent this once, shown once, kept only in the panel's state. */
    key: z.string().regex(TOOL_KEY_PATTERN),
    record: toolKeyViewSchema,
    /** The local API's port, for the examples. */
    port: z.number().int().min(1).max(65_535),
  }),
  z.strictObject({ ok: z.literal(false), reason: z.enum(TOOL_KEY_REFUSALS) }),
]);

export const revokeToolKeyResultSchema = z.strictObject({
  /** False: no such key. */
  revoked: z.boolean(),
  /** False: refused from now on, but the revocation could not be written and may not survive a restart. */
  saved: z.boolean(),
});

/** What removing a key did: removed, already gone, refused (it still works: revoke it first), not stored, or no key registry this session. */
export const TOOL_KEY_REMOVALS = ['removed', 'unknown', 'still_usable', 'not_saved', 'unavailable'] as const;

export const removeToolKeyResultSchema = z.strictObject({ outcome: z.enum(TOOL_KEY_REMOVALS) });

/** What can be copied from the shown-once panel: the key, or one of its examples. */
export const TOOL_COPY_TARGETS = ['key', ...TOOL_EXAMPLE_KINDS] as const;

/**
 * The copy's answer; `not_recent`: the key was not made in this session within the last 15
 * minutes (main/local-api/recently-created-keys.ts), so main did not copy it.
 */
export const copyToolTextResultSchema = z.strictObject({ copied: z.boolean(), reason: z.enum(['not_recent']).optional() });

export const copyToolTextSchema = z.strictObject({
  what: z.enum(TOOL_COPY_TARGETS),
  key: z.string().regex(TOOL_KEY_PATTERN),
  /** The company the examples use, or null for none. */
  databaseNumber: tenantId.nullable(),
});
/** Show the company list filtered to these companies (a click on an alert notification). */
export const showCompaniesSchema = z.strictObject({
  tenantIds: z
    .array(tenantId)
    .min(1)
    .max(MAX_LISTED_COMPANIES)
    .refine((ids) => new Set(ids).size === ids.length, 'tenant ids must be unique'),
});

/** The language the window shows, for main's own texts (notifications, tray). */
export const uiLanguageArgsSchema = z.strictObject({ language: z.enum(LANGUAGES) });
/** Views main may ask the window to show (the tray's Open and Connect a company). */
export const SHOWN_VIEWS = ['companies', 'connect'] as const;

export const showViewSchema = z.strictObject({ view: z.enum(SHOWN_VIEWS) });

/** The tool keys the Activity view filters by: id and name only, never a hash. */
export const activityKeysSchema = z.strictObject({
  keys: z.array(z.strictObject({ id: keyIdSchema, name: keyNameSchema, revoked: z.boolean() })).max(MAX_ACTIVITY_KEYS),
  /** The companies the audit log has entries for (disconnected ones too), with the name recorded last. */
  companies: z.array(auditCompanySchema).max(AUDIT_COMPANIES_MAX),
});

/** How a CSV export of the audit log ended. */
/** The companies to export, in the order shown (the list holds at most this many). */
export const MAX_EXPORT_COMPANIES = 10_000;

export const exportCompaniesArgsSchema = z.strictObject({ tenantIds: z.array(tenantId).min(1).max(MAX_EXPORT_COMPANIES) });

/** How a company export ended: `saved` false when the save dialog was cancelled. */
export const companyExportResultSchema = z.strictObject({
  saved: z.boolean(),
  rows: z.number().int().min(0),
  /** True when the file could not be written. */
  failed: z.boolean(),
});

export const activityExportResultSchema = z.strictObject({
  /** False when the user cancelled the save dialog. */
  saved: z.boolean(),
  rows: z.number().int().min(0),
  /** True when there were more rows than one export holds. */
  truncated: z.boolean(),
  /** True when the file could not be written. */
  failed: z.boolean(),
});

const noArgs = z.undefined();

/** Renderer-to-main channels: argument and result schema of each. */
export const invokeContract = {
  [INVOKE_CHANNELS.getAppInfo]: { args: noArgs, result: appInfoSchema },
  [INVOKE_CHANNELS.getFlowStatus]: { args: noArgs, result: flowStatusSchema },
  [INVOKE_CHANNELS.startConnect]: { args: connectRequestSchema, result: connectResultSchema },
  [INVOKE_CHANNELS.cancelConnect]: { args: noArgs, result: z.strictObject({ cancelled: z.boolean() }) },
  [INVOKE_CHANNELS.listCompanies]: { args: noArgs, result: companyListSchema },
  [INVOKE_CHANNELS.testCompany]: { args: tenantArgs, result: testResultSchema },
  [INVOKE_CHANNELS.reconnectCompany]: { args: reconnectRequestSchema, result: connectResultSchema },
  [INVOKE_CHANNELS.disconnectCompany]: { args: tenantArgs, result: disconnectResultSchema },
  [INVOKE_CHANNELS.disconnectAttention]: { args: z.strictObject({ id: attentionIdSchema }), result: disconnectResultSchema },
  [INVOKE_CHANNELS.restoreConnection]: { args: tenantArgs, result: restoreResultSchema },
  [INVOKE_CHANNELS.copyCompanyDetails]: { args: tenantArgs, result: z.strictObject({ copied: z.boolean() }) },
  [INVOKE_CHANNELS.exportCompanies]: { args: exportCompaniesArgsSchema, result: companyExportResultSchema },
  [INVOKE_CHANNELS.getSettings]: { args: noArgs, result: settingsViewSchema },
  [INVOKE_CHANNELS.saveSettings]: { args: saveSettingsSchema, result: saveSettingsResultSchema },
  [INVOKE_CHANNELS.setClientSecret]: { args: clientSecretArgsSchema, result: clientSecretResultSchema },
  [INVOKE_CHANNELS.clearClientSecret]: { args: noArgs, result: z.strictObject({ cleared: z.boolean() }) },
  [INVOKE_CHANNELS.copyDiagnostics]: { args: noArgs, result: z.strictObject({ copied: z.boolean() }) },
  [INVOKE_CHANNELS.openHelp]: { args: z.strictObject({ target: z.enum(HELP_TARGETS) }), result: z.strictObject({ opened: z.boolean() }) },
  [INVOKE_CHANNELS.getUpdateStatus]: { args: noArgs, result: updateStatusSchema },
  /** The error view's Reload: main reloads the app window (the page itself may not navigate). */
  [INVOKE_CHANNELS.reloadApp]: { args: noArgs, result: z.strictObject({ reloading: z.boolean() }) },
  [INVOKE_CHANNELS.keepHeldCompany]: { args: heldGrantArgsSchema, result: keepHeldResultSchema },
  [INVOKE_CHANNELS.discardHeldCompany]: { args: heldGrantArgsSchema, result: z.strictObject({ discarded: z.boolean() }) },
  /** The error boundary's report of a crash of the window, into main's (redacting, rate-limited) log. */
  [INVOKE_CHANNELS.reportRendererError]: { args: rendererErrorReportSchema, result: z.strictObject({ logged: z.boolean() }) },
  [INVOKE_CHANNELS.getLocalApi]: { args: noArgs, result: localApiViewSchema },
  [INVOKE_CHANNELS.saveLocalApiSettings]: { args: saveLocalApiSettingsSchema, result: saveLocalApiSettingsResultSchema },
  [INVOKE_CHANNELS.retryLocalApi]: { args: noArgs, result: localApiViewSchema },
  [INVOKE_CHANNELS.listToolKeys]: { args: noArgs, result: toolKeyListSchema },
  [INVOKE_CHANNELS.createToolKey]: { args: newToolKeySchema, result: createToolKeyResultSchema },
  [INVOKE_CHANNELS.revokeToolKey]: { args: z.strictObject({ id: keyIdSchema }), result: revokeToolKeyResultSchema },
  [INVOKE_CHANNELS.removeToolKey]: { args: z.strictObject({ id: keyIdSchema }), result: removeToolKeyResultSchema },
  /** Main builds the text from the key (checksum checked) and writes the clipboard: the sandboxed page cannot. */
  [INVOKE_CHANNELS.copyToolText]: { args: copyToolTextSchema, result: copyToolTextResultSchema },
  /** The window's language, so main's notifications and tray texts follow it. */
  [INVOKE_CHANNELS.setUiLanguage]: { args: uiLanguageArgsSchema, result: z.strictObject({ applied: z.boolean() }) },
  [INVOKE_CHANNELS.getStartAtLogin]: { args: noArgs, result: startAtLoginStateSchema },
  [INVOKE_CHANNELS.setStartAtLogin]: { args: setStartAtLoginArgsSchema, result: setStartAtLoginResultSchema },
  [INVOKE_CHANNELS.queryActivity]: { args: auditQuerySchema, result: auditPageSchema },
  [INVOKE_CHANNELS.listActivityKeys]: { args: noArgs, result: activityKeysSchema },
  [INVOKE_CHANNELS.exportActivity]: { args: auditFilterSchema, result: activityExportResultSchema },
  [INVOKE_CHANNELS.startBatch]: { args: batchStartSchema, result: batchStartResultSchema },
  [INVOKE_CHANNELS.skipBatchEntry]: { args: batchSkipSchema, result: z.strictObject({ skipped: z.boolean() }) },
  [INVOKE_CHANNELS.retryBatchEntry]: { args: batchRetrySchema, result: z.strictObject({ retried: z.boolean() }) },
  [INVOKE_CHANNELS.stopBatch]: { args: noArgs, result: z.strictObject({ stopped: z.boolean() }) },
  /** `decision` null: nothing was waiting for that answer. */
  [INVOKE_CHANNELS.answerBatchUnexpected]: {
    args: batchAnswerSchema,
    result: z.strictObject({ decision: z.enum(BATCH_DECISIONS).exclude(['pending']).nullable() }),
  },
  [INVOKE_CHANNELS.newBatchLogin]: { args: noArgs, result: z.strictObject({ restarted: z.boolean() }) },
  [INVOKE_CHANNELS.getBatchStatus]: { args: noArgs, result: batchStatusSchema },
  [INVOKE_CHANNELS.getScopeProfiles]: { args: noArgs, result: scopeProfilesViewSchema },
  [INVOKE_CHANNELS.changeScopeProfiles]: { args: scopeProfileChangeSchema, result: scopeProfileChangeResultSchema },
  [INVOKE_CHANNELS.saveIntegrationName]: { args: saveIntegrationNameSchema, result: saveIntegrationNameResultSchema },
  [INVOKE_CHANNELS.listClients]: { args: noArgs, result: clientListSchema },
  [INVOKE_CHANNELS.importClients]: { args: clientImportArgsSchema, result: clientImportResultSchema },
  [INVOKE_CHANNELS.removeClients]: { args: clientRemoveArgsSchema, result: clientRemoveResultSchema },
  [INVOKE_CHANNELS.exportClients]: { args: clientExportArgsSchema, result: clientExportResultSchema },
  [INVOKE_CHANNELS.getFirmServer]: { args: noArgs, result: firmViewSchema },
  [INVOKE_CHANNELS.saveFirmServer]: { args: saveFirmServerSchema, result: firmResultSchema },
  [INVOKE_CHANNELS.signInFirm]: { args: noArgs, result: firmResultSchema },
  [INVOKE_CHANNELS.cancelFirmSignIn]: { args: noArgs, result: z.strictObject({ cancelled: z.boolean() }) },
  [INVOKE_CHANNELS.pairFirm]: { args: firmPairSchema, result: firmResultSchema },
  [INVOKE_CHANNELS.signOutFirm]: { args: noArgs, result: firmResultSchema },
  [INVOKE_CHANNELS.listFirmKeys]: { args: noArgs, result: firmKeysResultSchema },
  [INVOKE_CHANNELS.createFirmKey]: { args: newIntegrationKeySchema, result: firmCreateKeyResultSchema },
  [INVOKE_CHANNELS.revokeFirmKey]: { args: firmRevokeKeyArgsSchema, result: firmRevokeKeyResultSchema },
  [INVOKE_CHANNELS.copyFirmKey]: { args: firmCopyKeyArgsSchema, result: firmCopyKeyResultSchema },
  [INVOKE_CHANNELS.queryFirmAudit]: { args: firmAuditArgsSchema, result: firmAuditResultSchema },
  [INVOKE_CHANNELS.exportFirmAudit]: { args: firmAuditExportArgsSchema, result: firmAuditExportResultSchema },
  [INVOKE_CHANNELS.getLocalLeftovers]: { args: noArgs, result: localLeftoversSchema },
  [INVOKE_CHANNELS.letGoLocalConnection]: { args: letGoLocalArgsSchema, result: letGoLocalResultSchema },
  [INVOKE_CHANNELS.removeLocalSecret]: { args: noArgs, result: removeLocalSecretResultSchema },
} as const;

/** Main-to-renderer channels: payload schema of each. */
export const eventContract = {
  [EVENT_CHANNELS.flowStatus]: flowStatusSchema,
  [EVENT_CHANNELS.companiesChanged]: companiesChangedSchema,
  [EVENT_CHANNELS.updateStatus]: updateStatusSchema,
  [EVENT_CHANNELS.localApiChanged]: localApiViewSchema,
  [EVENT_CHANNELS.showCompanies]: showCompaniesSchema,
  [EVENT_CHANNELS.showView]: showViewSchema,
  [EVENT_CHANNELS.batchStatus]: batchStatusSchema,
  [EVENT_CHANNELS.runShortcut]: runShortcutSchema,
  [EVENT_CHANNELS.clientsChanged]: clientsChangedSchema,
  [EVENT_CHANNELS.firmChanged]: firmViewSchema,
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeArgs<C extends keyof InvokeContract> = z.input<InvokeContract[C]['args']>;
export type InvokeResult<C extends keyof InvokeContract> = z.output<InvokeContract[C]['result']>;
export type EventPayload<C extends keyof typeof eventContract> = z.output<(typeof eventContract)[C]>;

export type AppInfo = z.output<typeof appInfoSchema>;
export type ConnectRequest = z.output<typeof connectRequestSchema>;
export type ConnectResult = z.output<typeof connectResultSchema>;
export type FlowStatusMessage = z.output<typeof flowStatusSchema>;
export type CompanySummary = z.output<typeof companySummarySchema>;
export type CompanyList = z.output<typeof companyListSchema>;
export type StorageState = z.output<typeof storageStateSchema>;
export type TestResult = z.output<typeof testResultSchema>;
export type ReconnectRequest = z.output<typeof reconnectRequestSchema>;
export type DisconnectResult = z.output<typeof disconnectResultSchema>;
export type SettingsView = z.output<typeof settingsViewSchema>;
export type SaveSettingsRequest = z.output<typeof saveSettingsSchema>;
export type SaveSettingsResult = z.output<typeof saveSettingsResultSchema>;
export type ClientSecretResult = z.output<typeof clientSecretResultSchema>;
export type CompaniesChanged = z.output<typeof companiesChangedSchema>;
export type UpdateStatus = z.output<typeof updateStatusSchema>;
export type HelpTarget = (typeof HELP_TARGETS)[number];
export type KeepHeldResult = z.output<typeof keepHeldResultSchema>;
export type RendererErrorReport = z.output<typeof rendererErrorReportSchema>;
export type ToolKeyView = z.output<typeof toolKeyViewSchema>;
export type ToolKeyList = z.output<typeof toolKeyListSchema>;
export type NewToolKeyRequest = z.input<typeof newToolKeySchema>;
export type CreateToolKeyResult = z.output<typeof createToolKeyResultSchema>;
export type ToolKeyRefusal = (typeof TOOL_KEY_REFUSALS)[number];
export type RevokeToolKeyResult = z.output<typeof revokeToolKeyResultSchema>;
export type RemoveToolKeyResult = z.output<typeof removeToolKeyResultSchema>;
export type CopyToolTextRequest = z.output<typeof copyToolTextSchema>;
export type ToolCopyTarget = (typeof TOOL_COPY_TARGETS)[number];
export type ShowCompanies = z.output<typeof showCompaniesSchema>;
export type ShowView = z.output<typeof showViewSchema>;
export type { SetStartAtLoginResult, StartAtLoginState } from './start-at-login';
export type ActivityKeys = z.output<typeof activityKeysSchema>;
export type ActivityExportResult = z.output<typeof activityExportResultSchema>;
export type CompanyExportResult = z.output<typeof companyExportResultSchema>;
export type IntegrationNameState = z.output<typeof integrationNameStateSchema>;
export type SaveIntegrationNameResult = z.output<typeof saveIntegrationNameResultSchema>;
export type RunShortcut = z.output<typeof runShortcutSchema>;
export type { ClientExportResult, ClientImportOutcome, ClientListing, ClientRemoveResult, ClientView } from './client-contract';
export type { AuditCompany, AuditEntry, AuditFilter, AuditPage, AuditQuery } from './audit-entry';
/** For a `wrong_company` failure: both companies, and whether the other one can still be added. */
export type OtherCompany = NonNullable<Extract<FlowStatusMessage, { phase: 'failed' }>['otherCompany']>;
export type { AttentionRow, RestoreResult } from './attention-rows';
export type { BatchEntryInput, BatchStartRequest, BatchStartResult, BatchStatus } from './batch-contract';
export type { FirmConnectionState, FirmProblem, FirmResult, FirmView } from './firm-mode';
export type {
  FirmAuditArgs,
  FirmAuditEntry,
  FirmAuditExportResult,
  FirmAuditResult,
  FirmCopyKeyResult,
  FirmCreateKeyResult,
  FirmDeskProblem,
  FirmKeysResult,
  FirmKeyView,
  FirmRevokeKeyResult,
} from './firm-desk';

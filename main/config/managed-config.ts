import path from 'node:path';
import { z } from 'zod';
import { localApiPreferenceSchema, type LocalApiPreference } from '../../shared/local-api-status';
import { managedScopeProfileSchema, type ManagedScopeProfile } from '../../shared/scope-profiles';
import { integrationNameFieldSchema } from './app-preferences';
import { unreadFileProblem, type RawConfig, type SettingsFileRead } from './fortnox-config';

/**
 * Where an IT department places the managed configuration, per OS (machine-wide, writable only by
 * administrators): macOS `/Library/Application Support/Fortnox Connector/managed-settings.json`,
 * Windows `%ProgramData%\Fortnox Connector\managed-settings.json`,
 * Linux `/etc/fortnox-connector/managed-settings.json`.
 */
export function managedConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'darwin') return '/Library/Application Support/Fortnox Connector/managed-settings.json';
  if (platform === 'win32') {
    // An empty or relative ProgramData would resolve against the working directory; use the default.
    const programData = env.ProgramData && path.win32.isAbsolute(env.ProgramData) ? env.ProgramData : 'C:\\ProgramData';
    return path.win32.join(programData, 'Fortnox Connector', 'managed-settings.json');
  }
  return '/etc/fortnox-connector/managed-settings.json';
}

/** The managed file's shape. Unknown keys are refused so that a misspelt key is noticed. */
export const managedConfigSchema = z.strictObject({
  clientId: z.string().optional(),
  redirectUri: z.string().optional(),
  /** Kept in memory only: the app never copies a managed secret into its own storage. */
  clientSecret: z.string().min(1).max(500).optional(),
  authorizeUrl: z.string().optional(),
  tokenUrl: z.string().optional(),
  apiBaseUrl: z.string().optional(),
  signInOrigins: z.array(z.string()).optional(),
  signInFrameOrigins: z.array(z.string()).optional(),
  /** Whether the values above are locked in the app (default true: that is what a managed file is for). */
  lock: z.boolean().optional(),
  /** The local API: `{ "enabled": false }` turns it off for every user; its fields are always locked. */
  localApi: localApiPreferenceSchema.optional(),
  /**
   * The firm's scope profile: `{ "name": "Byråns standard", "scopes": ["companyinformation", …], "lock": true }`.
   * Locked (the default) the picker cannot change the scopes; `"lock": false` makes it the default.
   */
  scopeProfile: managedScopeProfileSchema.optional(),
  /** The integration's name in the app's header and title; when set it wins over the user's and is locked. */
  integrationName: integrationNameFieldSchema.optional(),
  /**
   * Firm mode for every user: `{ "url": "https://connector.byran.se" }`. Locked (the default) the
   * user cannot change or turn it off; `"lock": false` only fills it in.
   */
  firmServer: z.strictObject({ url: z.string().max(2000), lock: z.boolean().optional() }).optional(),
});

/** The validated values of one managed source (the file or the Windows registry policy). */
export type ManagedValues = z.infer<typeof managedConfigSchema>;

/** A parsed managed configuration. */
export interface ManagedConfig {
  raw: RawConfig;
  clientSecret?: string;
  /** Fields the app must not let the user change (a managed client secret never locks its field). */
  locked: Set<'clientId' | 'redirectUri'>;
  /** The local API's managed fields; each one wins over the user's and is locked whatever `lock` says. */
  localApi?: LocalApiPreference;
  /** The firm's scope profile; it wins over the user's default and, when locked, over any choice. */
  scopeProfile?: ManagedScopeProfile;
  /** The integration's name for every user (always locked: naming the firm's integration is the IT department's call). */
  integrationName?: string;
  /** The firm server's URL for every user, and whether the user may change it. */
  firmServer?: { url: string; locked: boolean };
}

/** Why the managed file could not be used. */
export type ManagedFileProblem = 'unreadable_file' | 'invalid_file' | 'file_too_large' | 'not_a_file';

/** Parses the managed file into its validated values (before merging with the registry policy). */
export function parseManagedValues(read: SettingsFileRead): { values?: ManagedValues; problem?: ManagedFileProblem } {
  if (read.kind === 'absent') return {};
  if (read.kind !== 'text') return { problem: unreadFileProblem(read) };
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return { problem: 'invalid_file' };
  }
  const parsed = managedConfigSchema.safeParse(json);
  if (!parsed.success) return { problem: 'invalid_file' };
  return { values: parsed.data };
}

/**
 * Merges the managed sources field by field, the registry policy over the file (an administrator's
 * policy is the more deliberate of the two); `lock` likewise.
 */
export function mergeManagedValues(file: ManagedValues | undefined, policy: ManagedValues | undefined): ManagedValues | undefined {
  if (!file && !policy) return undefined;
  const defined = <T extends object>(values: T | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as T;
  const merged: ManagedValues = { ...defined<ManagedValues>(file), ...defined<ManagedValues>(policy) };
  // The local API's fields one by one too: a policy with only LocalApiPort keeps the file's `enabled`.
  if (file?.localApi || policy?.localApi) {
    merged.localApi = { ...defined<LocalApiPreference>(file?.localApi), ...defined<LocalApiPreference>(policy?.localApi) };
  }
  // A profile is one decision: the policy's, with its own scopes, replaces the file's whole.
  return merged;
}

/** The managed configuration from validated values: raw fields, the secret kept apart, the locks. */
export function buildManagedConfig(values: ManagedValues): ManagedConfig {
  const { clientSecret, lock = true, localApi, scopeProfile, integrationName, firmServer, ...raw } = values;
  const locked = new Set<'clientId' | 'redirectUri'>();
  if (lock) {
    if (raw.clientId !== undefined) locked.add('clientId');
    if (raw.redirectUri !== undefined) locked.add('redirectUri');
    // A managed secret never locks the field: it is readable by every user of the computer, so a
    // user may (and should) enter one of their own, which is kept encrypted for that user only.
  }
  const cleaned: RawConfig = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  // An administrator who turns the local API off means it for every user: never just a default.
  const localApiValues = localApi && Object.values(localApi).some((value) => value !== undefined) ? { localApi } : {};
  return {
    raw: cleaned,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    locked,
    ...localApiValues,
    ...(scopeProfile ? { scopeProfile } : {}),
    ...(integrationName !== undefined ? { integrationName } : {}),
    ...(firmServer ? { firmServer: { url: firmServer.url, locked: firmServer.lock ?? true } } : {}),
  };
}

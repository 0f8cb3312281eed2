import { z } from 'zod';
import type { ConfigField, ConfigProblem, ConfigProblemCode, ConfigSource } from '../../shared/config-problems';
import { appPreferencesShape, splitPreferences, type AppPreferences } from './app-preferences';

/** Fortnox's production endpoints (fortnox.md sections 1, 3 and 8). */
export const FORTNOX_PRODUCTION = {
  authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
  tokenUrl: 'https://apps.fortnox.se/oauth-v1/token',
  apiBaseUrl: 'https://api.fortnox.se/3/',
} as const;

/**
 * Origins Fortnox's sign-in may move through besides the authorization URL's own. Fortnox does not
 * document which hosts its login, Fortnox ID and BankID pages use (fortnox.md section 11,
 * UNCONFIRMED), so these are Fortnox-owned hosts only; an IT department can add more with
 * FORTNOX_SIGN_IN_ORIGINS, and a blocked navigation names its origin in the UI instead of hanging.
 */
export const DEFAULT_EXTRA_SIGN_IN_ORIGINS: readonly string[] = [
  'https://apps.fortnox.se',
  'https://apps2.fortnox.se',
  'https://auth.fortnox.se',
  'https://login.fortnox.se',
  'https://id.fortnox.se',
  'https://www.fortnox.se',
];

/** A configuration that has passed validation. URLs are normalised `href`s, origins are `URL.origin`s. */
export interface FortnoxClientConfig {
  clientId: string;
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  /** Every origin the sign-in window may show; always contains the authorization URL's origin. */
  signInOrigins: string[];
  /** Origins allowed only in the sign-in page's frames and sub-resources (BankID, captcha); empty by default. */
  signInFrameOrigins: string[];
}

/** The outcome of resolving the configuration: usable, or the list of what is wrong. */
export type ConfigResult =
  | { ok: true; config: FortnoxClientConfig; sources: Record<keyof RawConfig, ConfigSource> }
  | { ok: false; problems: ConfigProblem[] };

/** The integration's configuration values, as each source gives them. */
const configFields = {
  clientId: z.string().optional(),
  redirectUri: z.string().optional(),
  authorizeUrl: z.string().optional(),
  tokenUrl: z.string().optional(),
  apiBaseUrl: z.string().optional(),
  signInOrigins: z.array(z.string()).optional(),
  signInFrameOrigins: z.array(z.string()).optional(),
};

/**
 * The settings file's shape: the configuration plus the app's own preferences (app-preferences.ts).
 * Unknown keys are refused so that a misspelt key is not silently ignored.
 */
export const settingsFileSchema = z.strictObject({ ...configFields, ...appPreferencesShape });

/** The raw, unvalidated values from one source. */
export type RawConfig = z.infer<z.ZodObject<typeof configFields>>;

/** Environment variables read, per field. */
export const CONFIG_ENV = {
  clientId: 'FORTNOX_CLIENT_ID',
  redirectUri: 'FORTNOX_REDIRECT_URI',
  authorizeUrl: 'FORTNOX_AUTHORIZE_URL',
  tokenUrl: 'FORTNOX_TOKEN_URL',
  apiBaseUrl: 'FORTNOX_API_BASE_URL',
  signInOrigins: 'FORTNOX_SIGN_IN_ORIGINS',
  signInFrameOrigins: 'FORTNOX_SIGN_IN_FRAME_ORIGINS',
} as const satisfies Record<keyof RawConfig, string>;

/** What the settings file reader found: nothing, a value to validate, or an error. */
export type SettingsFileRead =
  | { kind: 'absent' }
  | { kind: 'text'; text: string }
  | { kind: 'unreadable' }
  /** Over the size limit, or not a regular file (see main/storage/read-bounded-file.ts). */
  | { kind: 'too_large' }
  | { kind: 'not_a_file' };

/** The problem a settings or managed file that could not be read is reported as. */
export function unreadFileProblem(read: Extract<SettingsFileRead, { kind: 'unreadable' | 'too_large' | 'not_a_file' }>): 'unreadable_file' | 'file_too_large' | 'not_a_file' {
  if (read.kind === 'too_large') return 'file_too_large';
  if (read.kind === 'not_a_file') return 'not_a_file';
  return 'unreadable_file';
}

/** Reads the configuration fields from environment variables (empty strings count as unset). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): RawConfig {
  const raw: RawConfig = {};
  for (const field of ['clientId', 'redirectUri', 'authorizeUrl', 'tokenUrl', 'apiBaseUrl'] as const) {
    const value = env[CONFIG_ENV[field]]?.trim();
    if (value) raw[field] = value;
  }
  for (const field of ['signInOrigins', 'signInFrameOrigins'] as const) {
    const origins = env[CONFIG_ENV[field]]?.trim();
    const list = origins?.split(',').map((entry) => entry.trim()).filter(Boolean) ?? [];
    if (list.length > 0) raw[field] = list;
  }
  return raw;
}

/** Parses the settings file's text; a problem is reported, never thrown. */
export function parseSettingsFile(read: SettingsFileRead): { raw: RawConfig; preferences?: AppPreferences; problem?: ConfigProblemCode } {
  if (read.kind === 'absent') return { raw: {} };
  if (read.kind !== 'text') return { raw: {}, problem: unreadFileProblem(read) };
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return { raw: {}, problem: 'invalid_file' };
  }
  const parsed = settingsFileSchema.safeParse(json);
  if (!parsed.success) return { raw: {}, problem: 'invalid_file' };
  const { config, preferences } = splitPreferences(parsed.data);
  return Object.keys(preferences).length > 0 ? { raw: config, preferences } : { raw: config };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for http(s) URLs on a loopback host, where plain http cannot be intercepted by others. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** Validates one absolute http(s) URL: https, or http on loopback; no user info or fragment. */
export function checkEndpointUrl(value: string): { url: URL } | { problem: ConfigProblemCode } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'invalid_url' };
  if (url.protocol === 'http:' && !isLoopbackUrl(url)) return { problem: 'not_https' };
  if (url.username || url.password || url.hash || value.includes('#')) return { problem: 'forbidden_url_part' };
  return { url };
}

/** Fortnox client ids are short printable tokens; anything else is a copy-and-paste accident. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * Merges environment over settings file over defaults and validates every field. Never throws:
 * every problem is collected so that the UI can list them all at once.
 */
export function resolveConfig(env: RawConfig, file: RawConfig, fileProblem?: ConfigProblemCode): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (fileProblem) problems.push({ field: 'settingsFile', problem: fileProblem, source: 'settings-file' });

  const pick = <K extends keyof RawConfig>(field: K, fallback?: RawConfig[K]) => {
    if (env[field] !== undefined) return { value: env[field], source: 'environment' as const };
    if (file[field] !== undefined) return { value: file[field], source: 'settings-file' as const };
    return { value: fallback, source: 'default' as const };
  };
  const report = (field: ConfigField, problem: ConfigProblemCode, source: ConfigSource) =>
    problems.push({ field, problem, source });

  const clientId = pick('clientId');
  if (!clientId.value) report('clientId', 'missing', clientId.source);
  else if (!CLIENT_ID_PATTERN.test(clientId.value)) report('clientId', 'invalid_format', clientId.source);

  const urls = {} as Record<'redirectUri' | 'authorizeUrl' | 'tokenUrl' | 'apiBaseUrl', URL | undefined>;
  const sources = {} as Record<keyof RawConfig, ConfigSource>;
  sources.clientId = clientId.source;
  for (const field of ['redirectUri', 'authorizeUrl', 'tokenUrl', 'apiBaseUrl'] as const) {
    const fallback = field === 'redirectUri' ? undefined : FORTNOX_PRODUCTION[field];
    const picked = pick(field, fallback);
    sources[field] = picked.source;
    if (!picked.value) {
      report(field, 'missing', picked.source);
      continue;
    }
    const checked = checkEndpointUrl(picked.value);
    if ('problem' in checked) report(field, checked.problem, picked.source);
    else urls[field] = checked.url;
  }

  const origins = new Set<string>();
  const extra = pick('signInOrigins', [...DEFAULT_EXTRA_SIGN_IN_ORIGINS]);
  sources.signInOrigins = extra.source;
  for (const entry of extra.value ?? []) {
    const checked = checkEndpointUrl(entry);
    if ('problem' in checked) report('signInOrigins', checked.problem, extra.source);
    else origins.add(checked.url.origin);
  }

  // Frames and sub-resources of the sign-in page (BankID, captcha): nothing beyond the sign-in
  // origins unless configured, validated like them.
  const frameOrigins = new Set<string>();
  const frames = pick('signInFrameOrigins', []);
  sources.signInFrameOrigins = frames.source;
  for (const entry of frames.value ?? []) {
    const checked = checkEndpointUrl(entry);
    if ('problem' in checked) report('signInFrameOrigins', checked.problem, frames.source);
    else frameOrigins.add(checked.url.origin);
  }

  const { redirectUri, authorizeUrl, tokenUrl, apiBaseUrl } = urls;
  if (problems.length > 0 || !clientId.value || !redirectUri || !authorizeUrl || !tokenUrl || !apiBaseUrl) {
    return { ok: false, problems };
  }
  origins.add(authorizeUrl.origin);
  return {
    ok: true,
    sources,
    config: {
      clientId: clientId.value,
      redirectUri: redirectUri.href,
      authorizeUrl: authorizeUrl.href,
      tokenUrl: tokenUrl.href,
      apiBaseUrl: apiBaseUrl.href,
      signInOrigins: [...origins],
      signInFrameOrigins: [...frameOrigins],
    },
  };
}

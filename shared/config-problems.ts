/**
 * Why the Fortnox client configuration cannot be used. Main reports these as codes; the renderer
 * turns them into Swedish and English sentences. No configuration value (and never a secret) is sent.
 */
export const CONFIG_FIELDS = [
  'clientId',
  'redirectUri',
  'authorizeUrl',
  'tokenUrl',
  'apiBaseUrl',
  'signInOrigins',
  /** Extra origins for the sign-in page's frames (BankID, captcha). */
  'signInFrameOrigins',
  'settingsFile',
  /** The client secret, needed for every token call (entered in Settings, never shown again). */
  'clientSecret',
  /** The managed configuration file an IT department placed on the computer. */
  'managedFile',
  /** The machine policy in the Windows registry (HKLM\SOFTWARE\Policies\Fortnox Connector). */
  'managedPolicy',
  /** Firm mode: signed in to the firm server, which names the Fortnox client (`missing`: not signed in yet). */
  'firmServer',
] as const;

/** A configuration field that can be wrong. */
export type ConfigField = (typeof CONFIG_FIELDS)[number];

export const CONFIG_PROBLEMS = [
  /** Required and not given anywhere. */
  'missing',
  /** Not a parseable absolute URL. */
  'invalid_url',
  /** Must use https (plain http is accepted only for loopback addresses). */
  'not_https',
  /** Has a #fragment, user name or password, which OAuth forbids in these URLs. */
  'forbidden_url_part',
  /** The value has characters or a length that cannot be right. */
  'invalid_format',
  /** The settings file exists but could not be read. */
  'unreadable_file',
  /** The settings file is not valid JSON or does not have the expected shape. */
  'invalid_file',
  /** The settings file is larger than any settings file can be (1 MiB); it was not read. */
  'file_too_large',
  /** A folder, named pipe or device stands where the settings file should be; it was not read. */
  'not_a_file',
  /** The value is set and locked by the managed configuration (the IT department). */
  'locked',
  /**
   * The managed file could have been written by someone other than an administrator (owner not
   * root/SYSTEM/Administrators, or writable by others), so nothing in it is used.
   */
  'not_protected',
] as const;

/** One kind of configuration problem. */
export type ConfigProblemCode = (typeof CONFIG_PROBLEMS)[number];

/** Where a configuration value came from. */
export type ConfigSource = 'managed' | 'environment' | 'settings-file' | 'default';

/** Every configuration source, most binding first. */
export const CONFIG_SOURCES = ['managed', 'environment', 'settings-file', 'default'] as const;

/** One configuration problem, safe to show. */
export interface ConfigProblem {
  field: ConfigField;
  problem: ConfigProblemCode;
  source: ConfigSource;
}

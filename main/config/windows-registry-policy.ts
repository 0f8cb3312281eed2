import type { CommandPort } from './system-command';

/**
 * Machine policy key, as Chrome and Edge take theirs: under HKLM\SOFTWARE\Policies only
 * administrators can write (ordinary users can read it, so a clientSecret there is readable by
 * every user of the computer, like the managed file). Not redirected for 32-bit processes.
 */
export const POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Fortnox Connector';

/** One value as `reg.exe query` prints it. */
export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

/**
 * Parses `reg.exe query <key>` output: a line with the key's full name, then one line per value,
 * `    <name>    <REG_TYPE>    <data>` (four spaces apart; data may be missing for an empty
 * string). Lines naming subkeys and anything else are skipped. REG_MULTI_SZ data is printed with
 * the literal two characters `\0` between the strings.
 */
export function parseRegQueryOutput(stdout: string): RegistryValue[] {
  const values: RegistryValue[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^ {4}(\S(?:.*?\S)?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line.trimEnd());
    if (!match) continue;
    values.push({ name: match[1] ?? '', type: match[2] ?? '', data: match[3] ?? '' });
  }
  return values;
}

const STRING_VALUES = ['clientId', 'redirectUri', 'clientSecret', 'authorizeUrl', 'tokenUrl', 'apiBaseUrl', 'integrationName'] as const;
const STRING_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ']);
/**
 * The local API's values, all REG_DWORD: `LocalApiEnabled` (0 turns the local API off, 1 on),
 * `LocalApiPort` (1024–65535), and the limits `LocalApiMaxResponseMB`, `LocalApiMaxRequestMB` and
 * `LocalApiQueueWaitSeconds` (their ranges are the schema's). Registry value names are
 * case-insensitive, so any case is accepted.
 */
const LOCAL_API_VALUES: Partial<Record<string, 'enabled' | 'port' | 'maxResponseMB' | 'maxRequestMB' | 'queueWaitSeconds'>> = {
  localapienabled: 'enabled',
  localapiport: 'port',
  localapimaxresponsemb: 'maxResponseMB',
  localapimaxrequestmb: 'maxRequestMB',
  localapiqueuewaitseconds: 'queueWaitSeconds',
};
/**
 * The firm's scope profile: `ScopeProfileScopes` (REG_MULTI_SZ, or one REG_SZ with the wire names
 * separated by spaces or commas; required for a profile), `ScopeProfileName` (REG_SZ) and
 * `ScopeProfileLock` (REG_DWORD 0 or 1, default 1). Names in any case, like the local API's.
 */
const SCOPE_PROFILE_VALUES: Partial<Record<string, 'name' | 'scopes' | 'lock'>> = {
  scopeprofilename: 'name',
  scopeprofilescopes: 'scopes',
  scopeprofilelock: 'lock',
};
/** Firm mode (issue 10): `FirmServerUrl` (REG_SZ) and `FirmServerLock` (REG_DWORD 0 or 1, default 1). */
const FIRM_SERVER_VALUES: Partial<Record<string, 'url' | 'lock'>> = {
  firmserverurl: 'url',
  firmserverlock: 'lock',
};
/** The origin lists, which an installed app takes only from managed sources (see settings-service). */
const LIST_VALUES = ['signInOrigins', 'signInFrameOrigins'] as const;

/**
 * Turns the policy values into the managed file's shape (validated by the same schema after):
 * string values as REG_SZ, `signInOrigins` and `signInFrameOrigins` as REG_MULTI_SZ or one
 * comma-separated REG_SZ, `lock`
 * as REG_DWORD 0 or 1, `LocalApiEnabled` and `LocalApiPort` as REG_DWORD. A known name with the wrong type, or an unknown name, makes the whole
 * policy invalid, as a misspelt key does in the file (so the mistake is noticed, not ignored).
 * Names in parentheses are reg.exe's own "(Default)" line, in whatever language Windows speaks.
 */
export function policyObjectFromRegistry(values: readonly RegistryValue[]): { object: Record<string, unknown> } | { invalid: string } {
  const object: Record<string, unknown> = {};
  for (const value of values) {
    if (value.name.startsWith('(')) continue;
    if ((STRING_VALUES as readonly string[]).includes(value.name)) {
      if (!STRING_TYPES.has(value.type)) return { invalid: `${value.name} must be REG_SZ, not ${value.type}` };
      object[value.name] = value.data.trim();
    } else if ((LIST_VALUES as readonly string[]).includes(value.name)) {
      if (value.type === 'REG_MULTI_SZ') object[value.name] = splitList(value.data.split('\\0'));
      else if (STRING_TYPES.has(value.type)) object[value.name] = splitList(value.data.split(','));
      else return { invalid: `${value.name} must be REG_MULTI_SZ or REG_SZ, not ${value.type}` };
    } else if (LOCAL_API_VALUES[value.name.toLowerCase()]) {
      const field = LOCAL_API_VALUES[value.name.toLowerCase()] ?? 'enabled';
      if (value.type !== 'REG_DWORD') return { invalid: `${value.name} must be REG_DWORD, not ${value.type}` };
      const number = Number.parseInt(value.data, 16);
      if (field === 'enabled' && number !== 0 && number !== 1) return { invalid: `${value.name} must be 0 or 1` };
      // The port's and the limits' ranges are the managed file's schema's to judge (checked after this conversion).
      const localApi = (object.localApi ?? {}) as Record<string, unknown>;
      localApi[field] = field === 'enabled' ? number === 1 : number;
      object.localApi = localApi;
    } else if (SCOPE_PROFILE_VALUES[value.name.toLowerCase()]) {
      const field = SCOPE_PROFILE_VALUES[value.name.toLowerCase()] ?? 'name';
      const profile = (object.scopeProfile ?? {}) as Record<string, unknown>;
      object.scopeProfile = profile;
      if (field === 'lock') {
        if (value.type !== 'REG_DWORD') return { invalid: `${value.name} must be REG_DWORD, not ${value.type}` };
        const number = Number.parseInt(value.data, 16);
        if (number !== 0 && number !== 1) return { invalid: `${value.name} must be 0 or 1` };
        profile.lock = number === 1;
      } else if (field === 'scopes') {
        if (value.type === 'REG_MULTI_SZ') profile.scopes = splitList(value.data.split('\\0'));
        else if (STRING_TYPES.has(value.type)) profile.scopes = splitList(value.data.split(/[\s,]+/));
        else return { invalid: `${value.name} must be REG_MULTI_SZ or REG_SZ, not ${value.type}` };
      } else {
        if (!STRING_TYPES.has(value.type)) return { invalid: `${value.name} must be REG_SZ, not ${value.type}` };
        profile.name = value.data.trim();
      }
    } else if (FIRM_SERVER_VALUES[value.name.toLowerCase()]) {
      const field = FIRM_SERVER_VALUES[value.name.toLowerCase()] ?? 'url';
      const firmServer = (object.firmServer ?? {}) as Record<string, unknown>;
      object.firmServer = firmServer;
      if (field === 'lock') {
        if (value.type !== 'REG_DWORD') return { invalid: `${value.name} must be REG_DWORD, not ${value.type}` };
        const number = Number.parseInt(value.data, 16);
        if (number !== 0 && number !== 1) return { invalid: `${value.name} must be 0 or 1` };
        firmServer.lock = number === 1;
      } else {
        if (!STRING_TYPES.has(value.type)) return { invalid: `${value.name} must be REG_SZ, not ${value.type}` };
        // A lock without a URL is refused by the schema after this conversion (url is required).
        firmServer.url = value.data.trim();
      }
    } else if (value.name === 'lock') {
      if (value.type !== 'REG_DWORD') return { invalid: `lock must be REG_DWORD, not ${value.type}` };
      const number = Number.parseInt(value.data, 16);
      if (number !== 0 && number !== 1) return { invalid: 'lock must be 0 or 1' };
      object.lock = number === 1;
    } else {
      return { invalid: `unknown policy value ${JSON.stringify(value.name.slice(0, 60))}` };
    }
  }
  return { object };
}

function splitList(entries: string[]): string[] {
  return entries.map((entry) => entry.trim()).filter(Boolean);
}

/** What reading the policy key found. */
export type PolicyRead = { kind: 'absent' } | { kind: 'values'; values: RegistryValue[] } | { kind: 'failed'; reason: string };

/** reg.exe, by absolute path (never looked up on PATH). */
export function regExePath(systemRoot: string): string {
  return `${systemRoot}\\System32\\reg.exe`;
}

/**
 * Reads the policy key with `reg.exe query`. reg.exe exits with 1 when the key does not exist (its
 * message is translated, so only the exit code is used); that is "no policy".
 */
export async function readRegistryPolicy(command: CommandPort, systemRoot: string): Promise<PolicyRead> {
  const result = await command.run(regExePath(systemRoot), ['query', POLICY_KEY]);
  if (result.kind !== 'exited') return { kind: 'failed', reason: result.reason };
  if (result.code === 1) return { kind: 'absent' };
  if (result.code !== 0) return { kind: 'failed', reason: `reg.exe exited with ${result.code}` };
  return { kind: 'values', values: parseRegQueryOutput(result.stdout) };
}

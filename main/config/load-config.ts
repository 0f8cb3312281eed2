import { FILE_LIMITS, readBoundedFileSync } from '../storage/read-bounded-file';
import { configFromEnv, parseSettingsFile, resolveConfig, type ConfigResult, type RawConfig, type SettingsFileRead } from './fortnox-config';

/**
 * Reads the settings file without throwing or hanging: absent, its text (a UTF-8 BOM dropped),
 * unreadable, too large, or not a regular file (a FIFO or a link to a device).
 */
export function readSettingsFile(filePath: string): SettingsFileRead {
  return readBoundedFileSync(filePath, FILE_LIMITS.settings);
}

/** The raw values from both sources, before merging. */
export interface ConfigSources {
  env: RawConfig;
  file: RawConfig;
  fileProblem?: ReturnType<typeof parseSettingsFile>['problem'];
}

/** Collects the environment and settings-file values. */
export function collectConfigSources(env: NodeJS.ProcessEnv, settingsPath: string): ConfigSources {
  const parsed = parseSettingsFile(readSettingsFile(settingsPath));
  return { env: configFromEnv(env), file: parsed.raw, ...(parsed.problem ? { fileProblem: parsed.problem } : {}) };
}

/**
 * Whether to run against the embedded Fortnox simulator: never in a packaged build; otherwise when
 * asked for (FORTNOX_USE_SIMULATOR=1) or when no Fortnox client id is configured anywhere.
 */
export function shouldUseSimulator(packaged: boolean, env: NodeJS.ProcessEnv, sources: ConfigSources): boolean {
  if (packaged) return false;
  if (env.FORTNOX_USE_SIMULATOR === '1') return true;
  return !sources.env.clientId && !sources.file.clientId && !sources.fileProblem;
}

/** Resolves the configuration from collected sources. */
export function loadConfig(sources: ConfigSources): ConfigResult {
  return resolveConfig(sources.env, sources.file, sources.fileProblem);
}

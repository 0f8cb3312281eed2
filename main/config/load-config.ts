import { readFileSync } from 'node:fs';
import { configFromEnv, parseSettingsFile, resolveConfig, type ConfigResult, type RawConfig, type SettingsFileRead } from './fortnox-config';

/** Reads the settings file without throwing: absent, its text, or unreadable. */
export function readSettingsFile(filePath: string): SettingsFileRead {
  try {
    return { kind: 'text', text: readFileSync(filePath, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unreadable' };
  }
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

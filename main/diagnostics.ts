import type { ConfigResult } from './config/fortnox-config';
import type { CrashDumpList } from './crash-dumps';
import type { KnownSecrets } from './logging/known-secrets';
import { redact } from './logging/logger';

/** What goes into "Copy diagnostics": nothing secret, nothing a support person does not need. */
export interface DiagnosticsInput {
  appVersion: string;
  electronVersion: string;
  os: string;
  locale: string;
  simulator: boolean;
  config: ConfigResult;
  storageMode: string;
  companies: number;
  logLines: string[];
  /** The crash dumps on disk (names and sizes only); left out where the host has none. */
  crashDumps?: CrashDumpList;
}

/** The crash-dump lines of the diagnostics: a count, then one line per dump with its size. */
function crashDumpLines(list: CrashDumpList | undefined): string[] {
  if (!list) return [];
  const total = list.dumps.length + list.omitted;
  if (total === 0) return ['', 'Crash dumps: none'];
  return [
    '',
    `Crash dumps: ${total}`,
    ...list.dumps.map((dump) => `${dump.name} (${dump.size} bytes)`),
    ...(list.omitted > 0 ? [`… and ${list.omitted} more`] : []),
  ];
}

/**
 * Builds the diagnostics text. Configuration is listed without any secret (the client secret is
 * never part of `ConfigResult`), and every line passes the same redaction as the log file, plus
 * the known-secrets scrub, once more before it reaches the clipboard.
 */
export function buildDiagnostics(input: DiagnosticsInput, secrets?: KnownSecrets): string {
  const config = input.config.ok
    ? [
        `client id: ${input.config.config.clientId}`,
        `redirect URI: ${input.config.config.redirectUri}`,
        `authorize URL: ${input.config.config.authorizeUrl}`,
        `token URL: ${input.config.config.tokenUrl}`,
        `API base URL: ${input.config.config.apiBaseUrl}`,
        `sign-in origins: ${input.config.config.signInOrigins.join(', ')}`,
      ]
    : input.config.problems.map((problem) => `problem: ${problem.field} ${problem.problem} (${problem.source})`);
  const lines = [
    'Fortnox Connector diagnostics',
    `version: ${input.appVersion} (Electron ${input.electronVersion})`,
    `OS: ${input.os}`,
    `locale: ${input.locale}`,
    `mode: ${input.simulator ? 'simulator' : 'Fortnox'}`,
    `secret storage: ${input.storageMode}`,
    `connected companies: ${input.companies}`,
    '',
    'Configuration:',
    ...config,
    ...crashDumpLines(input.crashDumps),
    '',
    `Last ${input.logLines.length} log lines:`,
    ...input.logLines,
  ];
  return lines.map((line) => redact(secrets ? secrets.scrub(line) : line)).join('\n');
}

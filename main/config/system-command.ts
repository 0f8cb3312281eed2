import { execFile } from 'node:child_process';

/** How a command ended: with an exit code and its output, or not at all. */
export type CommandResult =
  | { kind: 'exited'; code: number; stdout: string }
  | { kind: 'failed'; reason: 'timeout' | 'output_too_large' | 'not_started' };

/** Runs one program with arguments (no shell); tests pass fakes that print canned output. */
export interface CommandPort {
  /** `extraEnv` is added to the port's environment (used to pass paths as data, not code). */
  run(file: string, args: readonly string[], extraEnv?: Readonly<Record<string, string>>): Promise<CommandResult>;
}

/** Limits for the system commands the configuration reads (reg.exe, PowerShell). */
export interface CommandLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

const DEFAULT_LIMITS: CommandLimits = { timeoutMs: 15_000, maxOutputBytes: 256 * 1024 };

/**
 * The real command port: `execFile` without a shell, a hidden window, a time limit and an output
 * limit, so a hung or chatty program can neither stall the app's start nor fill its memory.
 * `env` is the child's whole environment (plus each call's `extraEnv`): pass only what the
 * program needs, never the app's own environment (see childEnvironment in managed-source.ts).
 */
export function nodeCommandPort(env: Readonly<Record<string, string>>, limits: CommandLimits = DEFAULT_LIMITS): CommandPort {
  return {
    run: (file, args, extraEnv = {}) =>
      new Promise((resolve) => {
        execFile(
          file,
          [...args],
          {
            shell: false,
            windowsHide: true,
            timeout: limits.timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: limits.maxOutputBytes,
            encoding: 'utf8',
            env: { ...env, ...extraEnv },
          },
          (error, stdout) => {
            if (!error) {
              resolve({ kind: 'exited', code: 0, stdout });
              return;
            }
            const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
            if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') resolve({ kind: 'failed', reason: 'output_too_large' });
            else if (failure.killed) resolve({ kind: 'failed', reason: 'timeout' });
            else if (typeof failure.code === 'number') resolve({ kind: 'exited', code: failure.code, stdout });
            else resolve({ kind: 'failed', reason: 'not_started' });
          },
        );
      }),
  };
}

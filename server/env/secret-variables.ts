import { readBoundedFileSync, type BoundedFileRead } from '../../main/storage/read-bounded-file';

/** One problem with one environment variable: its name, what is wrong, and a good value. */
export interface EnvProblem {
  variable: string;
  /** A phrase that follows the variable's name, e.g. "must be a whole number from 0 to 65535". */
  problem: string;
  /** A good value, as `NAME=value` or a sentence. Never the value that was given. */
  example: string;
}

/** The environment as the server reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Secret files (a key, a client secret) hold a line or a few: anything larger is not one. */
export const SECRET_FILE_MAX_BYTES = 64 * 1024;

/** Why a named file cannot be read, as a phrase that follows the variable's name. */
export function fileReadProblem(read: Exclude<BoundedFileRead, { kind: 'text' }>): string {
  switch (read.kind) {
    case 'absent':
      return 'names a file that does not exist';
    case 'unreadable':
      return `names a file that cannot be read (${read.code})`;
    case 'too_large':
      return `names a file larger than ${read.maxBytes} bytes, which cannot be a secret file`;
    case 'not_a_file':
      return 'names something that is not a regular file';
  }
}

/**
 * Reads a secret given either as `NAME` or as a file named by `NAME_FILE` (the Docker and
 * Kubernetes secrets convention): the text and the variable it came from, nothing when neither is
 * set, or problems pushed to `problems` (both set, a file that cannot be read or is empty).
 */
export function readSecretVariable(env: Env, name: string, problems: EnvProblem[], fileExample: string): { text: string; variable: string } | undefined {
  const direct = env[name]?.trim() ? env[name] : undefined;
  const fileVariable = `${name}_FILE`;
  const file = env[fileVariable]?.trim();
  const example = `${fileVariable}=${fileExample}`;
  if (direct !== undefined && file) {
    problems.push({ variable: name, problem: `and ${fileVariable} are both set; set only one`, example });
    return undefined;
  }
  if (direct !== undefined) return { text: direct, variable: name };
  if (!file) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (file.length > 4096 || /[\0-\x1f\x7f]/.test(file)) {
    problems.push({ variable: fileVariable, problem: 'is not a usable file path', example });
    return undefined;
  }
  const read = readBoundedFileSync(file, SECRET_FILE_MAX_BYTES);
  if (read.kind !== 'text') {
    problems.push({ variable: fileVariable, problem: fileReadProblem(read), example });
    return undefined;
  }
  if (read.text.trim() === '') {
    problems.push({ variable: fileVariable, problem: 'names an empty file', example });
    return undefined;
  }
  return { text: read.text, variable: fileVariable };
}

import { z } from 'zod';
import { checkEndpointUrl } from '../../main/config/fortnox-config';
import type { Env, EnvProblem } from './secret-variables';

/** What a URL problem of checkEndpointUrl (the desktop's rule) reads as after a variable's name. */
export const URL_PROBLEM = {
  invalid_url: 'is not an absolute http(s) URL',
  not_https: 'must use https (plain http only on 127.0.0.1, [::1] or localhost)',
  forbidden_url_part: 'must not contain a user name, password or #fragment',
} as const;

/** A control character: never part of a path, a name or a secret that is typed or pasted. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
export const CONTROL = /[\0-\x1f\x7f]/;

/** A printable value without spaces or control characters. */
export const PRINTABLE = /^[\x21-\x7e]+$/;

/** Reads variables one at a time, collecting problems instead of stopping at the first. */
export class EnvReader {
  readonly problems: EnvProblem[] = [];
  readonly notices: string[] = [];

  constructor(private readonly env: Env) {}

  /** Whether a variable is set to something other than blanks. */
  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  report(variable: string, problem: string, example: string): void {
    this.problems.push({ variable, problem, example });
  }

  /** A variable's value, trimmed; blank counts as unset (as in the desktop app). */
  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** Parses one variable with `schema`; a failure is reported with the schema's first message. */
  read<T>(name: string, schema: z.ZodType<T, string>, example: string, maxLength = 2048): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.length > maxLength) {
      this.report(name, `is longer than ${maxLength} characters`, example);
      return undefined;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) this.report(name, issue.message, example);
    return undefined;
  }
}

/** A whole number within bounds. */
export function boundedInteger(min: number, max: number, what = ''): z.ZodType<number, string> {
  const message = `must be a whole number from ${min} to ${max}${what}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

/**
 * An absolute URL as checkEndpointUrl accepts it (https, or http on loopback), normalised, without
 * a query. With `httpRefused`, plain http is refused even on loopback, with that message.
 */
export function endpointUrl(httpRefused?: string): z.ZodType<URL, string> {
  return z.string().transform((value, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const checked = checkEndpointUrl(value);
    if ('problem' in checked) {
      if (checked.problem === 'not_https' && httpRefused) return fail(httpRefused);
      return fail(URL_PROBLEM[checked.problem as keyof typeof URL_PROBLEM] ?? URL_PROBLEM.invalid_url);
    }
    if (httpRefused && checked.url.protocol !== 'https:') return fail(httpRefused);
    if (checked.url.search) return fail('must not contain a ?query');
    return checked.url;
  });
}

/** A comma-separated list, each entry checked by `entry`: its value, or a problem phrase reported with its position. */
export function list<T>(maxItems: number, entry: (item: string) => { value: T } | { problem: string }): z.ZodType<T[], string> {
  return z.string().transform((value, ctx) => {
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length > maxItems) {
      ctx.addIssue({ code: 'custom', message: `lists ${items.length} entries; at most ${maxItems}` });
      return z.NEVER;
    }
    const out: T[] = [];
    items.forEach((item, index) => {
      const checked = entry(item);
      if ('problem' in checked) ctx.addIssue({ code: 'custom', message: `entry ${index + 1} ${checked.problem}` });
      else out.push(checked.value);
    });
    return out;
  });
}

export const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

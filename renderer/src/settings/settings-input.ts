import type { ConfigProblem } from '../../../shared/config-problems';
import type { SaveSettingsRequest } from '../../../shared/ipc-contract';
import { configProblemText } from './config-problem-text';
import type { Messages } from '../i18n/messages';

/*
 * Checks the settings form before anything is sent to main. Main checks again and is the judge
 * (it knows the rules for https and loopback addresses); these checks only catch what would make
 * main refuse the message itself (lengths over the contract's limits) or is plainly empty, so
 * the user gets a specific sentence instead of "the app did not respond".
 */

/** The contract's limits (shared/ipc-contract.ts: saveSettingsSchema, clientSecretArgsSchema). */
export const LIMITS = { clientId: 200, redirectUri: 2000, clientSecret: 500 } as const;

/** The two fields of the settings form. */
export type SettingsField = keyof SaveSettingsRequest;

/** The sentences to show next to each field; an empty list means the field is fine. */
export type FieldMessages = Record<SettingsField, string[]>;

/** Problems found in the form before saving, per field, as sentences. */
export function checkSettingsInput(values: SaveSettingsRequest, messages: Messages): FieldMessages {
  const names = messages.config.fieldNames;
  const result: FieldMessages = { clientId: [], redirectUri: [] };
  for (const field of ['clientId', 'redirectUri'] as const) {
    const value = values[field];
    if (value.trim() === '') result[field].push(messages.config.problems.missing(names[field], field));
    else if (value.length > LIMITS[field]) result[field].push(messages.settings.tooLong(names[field], LIMITS[field], value.length));
    else if (field === 'redirectUri' && !URL.canParse(value.trim()))
      result[field].push(messages.config.problems.invalid_url(names[field], field));
  }
  return result;
}

/**
 * Main's problems sorted to the field they belong to; the rest (the settings files, other
 * settings) go to the form as a whole. A problem with a value set in the environment or by the
 * IT department gets the full sentence with where to fix it; for a value typed in the form, what
 * is wrong is enough.
 */
export function problemsByField(
  problems: readonly ConfigProblem[],
  messages: Messages,
): { fields: FieldMessages; form: string[] } {
  const fields: FieldMessages = { clientId: [], redirectUri: [] };
  const form: string[] = [];
  for (const problem of problems) {
    const typedHere = problem.source === 'settings-file' || problem.source === 'default';
    if ((problem.field === 'clientId' || problem.field === 'redirectUri') && typedHere && problem.problem !== 'locked') {
      fields[problem.field].push(
        messages.config.problems[problem.problem](messages.config.fieldNames[problem.field], problem.field),
      );
    } else if (problem.field === 'clientId' || problem.field === 'redirectUri') {
      fields[problem.field].push(configProblemText(problem, messages));
    } else {
      form.push(configProblemText(problem, messages));
    }
  }
  return { fields, form };
}

/** Why a client secret cannot be saved as typed, or null when it can. */
export function checkClientSecret(secret: string, messages: Messages): string | null {
  if (secret.length === 0) return messages.settings.secretEmpty;
  if (secret.length > LIMITS.clientSecret) return messages.settings.secretTooLong(LIMITS.clientSecret, secret.length);
  if (secret.trim() !== secret) return messages.settings.secretWhitespace;
  return null;
}

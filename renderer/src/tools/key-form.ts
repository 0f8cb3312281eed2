import type { NewToolKeyRequest } from '../../../shared/ipc-contract';
import { KEY_NAME_MAX, type KeyLifetimeDays, type KeyRight } from '../../../shared/tool-key-rules';
import { isCleanText } from '../../../shared/untrusted-text';

/** The lifetimes the form offers, as radio values ("none": never expires). */
export const LIFETIME_CHOICES = ['30', '90', '365', 'none'] as const;

/** One lifetime choice. */
export type LifetimeChoice = (typeof LIFETIME_CHOICES)[number];

/** What the create form holds: kept whole across a failed attempt, so nothing typed is lost. */
export interface KeyFormState {
  name: string;
  /** Every connected company (also those connected later), or the chosen ones. */
  scope: 'all' | 'chosen';
  chosen: ReadonlySet<string>;
  right: KeyRight;
  lifetime: LifetimeChoice;
}

/** A fresh form: read-only (least trusted) and 90 days, so the defaults are the safe choice. */
export const EMPTY_KEY_FORM: KeyFormState = { name: '', scope: 'chosen', chosen: new Set(), right: 'read', lifetime: '90' };

/** What can be wrong with the form, each shown at its field. */
export type KeyFormProblem =
  | { field: 'name'; problem: 'missing' }
  | { field: 'name'; problem: 'too-long'; length: number }
  | { field: 'name'; problem: 'not-one-line' }
  | { field: 'companies'; problem: 'none-chosen' };

/**
 * The name as it will be kept: runs of white space other than line breaks become one space, ends
 * trimmed (main refuses anything else). A line break stays, so the form can say what is wrong.
 */
export function normalizedName(name: string): string {
  return name.replace(/[^\S\r\n\u2028\u2029]+/g, ' ').trim();
}

/** The form's problems, in the order of its fields (the first one gets the focus). */
export function checkKeyForm(state: KeyFormState): KeyFormProblem[] {
  const problems: KeyFormProblem[] = [];
  const name = normalizedName(state.name);
  if (name === '') problems.push({ field: 'name', problem: 'missing' });
  else if (name.length > KEY_NAME_MAX) problems.push({ field: 'name', problem: 'too-long', length: name.length });
  // A line break, control character or bidirectional override would be refused by main.
  else if (!isCleanText(name)) problems.push({ field: 'name', problem: 'not-one-line' });
  if (state.scope === 'chosen' && state.chosen.size === 0) problems.push({ field: 'companies', problem: 'none-chosen' });
  return problems;
}

/** The request main gets for a form without problems. */
export function keyRequest(state: KeyFormState): NewToolKeyRequest {
  const lifetimeDays: KeyLifetimeDays = state.lifetime === 'none' ? null : (Number(state.lifetime) as 30 | 90 | 365);
  return {
    name: normalizedName(state.name),
    companies: state.scope === 'all' ? 'all' : [...state.chosen],
    right: state.right,
    lifetimeDays,
  };
}

/** The chosen companies with `tenantIds` added (all of them chosen) or removed. */
export function toggleAll(chosen: ReadonlySet<string>, tenantIds: readonly string[], on: boolean): ReadonlySet<string> {
  const next = new Set(chosen);
  for (const tenantId of tenantIds) {
    if (on) next.add(tenantId);
    else next.delete(tenantId);
  }
  return next;
}

/** The chosen companies with one switched. */
export function toggleOne(chosen: ReadonlySet<string>, tenantId: string): ReadonlySet<string> {
  const next = new Set(chosen);
  if (!next.delete(tenantId)) next.add(tenantId);
  return next;
}

/** Drops chosen companies that are no longer connected (a disconnect while the form is open). */
export function keepConnected(chosen: ReadonlySet<string>, connected: ReadonlySet<string>): ReadonlySet<string> {
  for (const tenantId of chosen) if (!connected.has(tenantId)) return new Set([...chosen].filter((each) => connected.has(each)));
  return chosen;
}

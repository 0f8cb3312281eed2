import { z } from 'zod';
import { auditEntrySchema, type AuditEntry } from '../../shared/audit-entry';

/** Distinct sets of text fields remembered as accepted at most; past it they are forgotten and checked again. */
export const MAX_REMEMBERED_AUDIT_SHAPES = 1_024;

/** A required whole-number field of the schema and its bounds, read from the schema itself. */
interface WholeNumberField {
  name: string;
  min: number;
  max: number;
}

const shape = auditEntrySchema.shape as Record<string, z.ZodType>;
/** The schema's required number fields (all whole numbers with bounds): `at`, `status`, `durationMs`, `bytesIn`, `bytesOut`. */
const NUMBER_FIELDS: readonly WholeNumberField[] = Object.entries(shape).flatMap(([name, field]) =>
  field instanceof z.ZodNumber && field.isInt && field.minValue !== null && field.maxValue !== null ? [{ name, min: field.minValue, max: field.maxValue }] : [],
);
/** The schema's required boolean fields (`complete`). */
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(Object.entries(shape).flatMap(([name, field]) => (field instanceof z.ZodBoolean ? [name] : [])));
const NUMBER_FIELD_NAMES: ReadonlySet<string> = new Set(NUMBER_FIELDS.map((field) => field.name));

/** The bounds `auditEntrySchema` sets on one of its required whole-number fields (`at`, `status`, …), read from the schema. */
export function auditNumberBounds(name: string): { min: number; max: number } {
  const field = NUMBER_FIELDS.find((each) => each.name === name);
  if (field === undefined) throw new Error(`auditEntrySchema has no required whole-number field ${name}`);
  return { min: field.min, max: field.max };
}

/**
 * Checks audit entries against `auditEntrySchema` (strict: no undeclared field, every text field
 * bounded and clean) without a full zod parse for every request of a busy tool. The local API's
 * entries of one key, company and route differ only in their numbers and `complete`; so the text
 * fields (every field that is not a required number or boolean, names and values, encoded
 * injectively) of each entry the schema accepted are remembered, and a later entry with exactly
 * the same ones only has its numbers checked, against the bounds read from the same schema. Any
 * other entry is parsed by the schema as before. `audit-entry-check.test.ts` checks that it
 * accepts exactly what the schema accepts.
 */
export class AuditEntryCheck {
  private readonly accepted = new Set<string>();
  /** The text fields (name, value, name, value, …) of the entry last accepted, to compare the next one with, field by field, without building its string. */
  private last: readonly (string | null)[] = [];

  /**
   * The entry when the schema accepts it, undefined when it does not. An entry accepted without a
   * parse is handed back as it is (not copied): the audit log serialises it at once.
   */
  check(entry: unknown): AuditEntry | undefined {
    if (sameTextFields(entry, this.last) && numbersValid(entry as Record<string, unknown>)) return entry as AuditEntry;
    const texts = textFieldsOf(entry);
    if (texts !== undefined && this.accepted.has(texts.key) && numbersValid(entry as Record<string, unknown>)) {
      this.last = texts.fields;
      return entry as AuditEntry;
    }
    const parsed = auditEntrySchema.safeParse(entry);
    if (!parsed.success) return undefined;
    if (texts !== undefined) {
      if (this.accepted.size >= MAX_REMEMBERED_AUDIT_SHAPES) this.accepted.clear();
      this.accepted.add(texts.key);
      this.last = texts.fields;
    }
    return parsed.data;
  }
}

/**
 * Whether the entry is a plain object with every required number and boolean field (booleans of
 * the right type) and exactly the text fields `last` lists, in the same order with the same values.
 */
function sameTextFields(entry: unknown, last: readonly (string | null)[]): boolean {
  if (last.length === 0 || typeof entry !== 'object' || entry === null || Object.getPrototypeOf(entry) !== Object.prototype) return false;
  const record = entry as Record<string, unknown>;
  let at = 0;
  let numbers = 0;
  let booleans = 0;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) return false;
    const value = record[name];
    if (NUMBER_FIELD_NAMES.has(name)) numbers += 1;
    else if (BOOLEAN_FIELDS.has(name)) {
      if (typeof value !== 'boolean') return false;
      booleans += 1;
    } else {
      if (last[at] !== name || last[at + 1] !== value) return false;
      at += 2;
    }
  }
  return at === last.length && numbers === NUMBER_FIELDS.length && booleans === BOOLEAN_FIELDS.size;
}

/**
 * The entry's text fields as one string (JSON of name, value pairs in the entry's own order, so two
 * different sets never give the same string), or undefined when the entry is not a plain object,
 * lacks a required number or boolean, or has a text field whose value is not a string or null.
 */
function textFieldsOf(entry: unknown): { key: string; fields: (string | null)[] } | undefined {
  if (typeof entry !== 'object' || entry === null || Object.getPrototypeOf(entry) !== Object.prototype) return undefined;
  const record = entry as Record<string, unknown>;
  const texts: (string | null)[] = [];
  let numbers = 0;
  let booleans = 0;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (NUMBER_FIELD_NAMES.has(name)) numbers += 1;
    else if (BOOLEAN_FIELDS.has(name)) {
      if (typeof value !== 'boolean') return undefined;
      booleans += 1;
    } else if (typeof value === 'string' || value === null) texts.push(name, value);
    else return undefined;
  }
  if (numbers !== NUMBER_FIELDS.length || booleans !== BOOLEAN_FIELDS.size) return undefined;
  return { key: JSON.stringify(texts), fields: texts };
}

function numbersValid(record: Record<string, unknown>): boolean {
  for (const field of NUMBER_FIELDS) {
    const value = record[field.name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < field.min || value > field.max) return false;
  }
  return true;
}

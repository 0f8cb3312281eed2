/**
 * The JavaScript types both adapters return, so code above `Database` never asks which one it has:
 * timestamptz → Date, bytea → Buffer, int8 → number (refused beyond 2^53 - 1), text[] → string[],
 * numeric → string, json/jsonb → parsed value. node-postgres gives int8 as a string and PGlite gives
 * bytea as a plain Uint8Array; the parsers here close those gaps.
 */

/** PostgreSQL type oids the adapters parse themselves. */
export const PG_OID = { bytea: 17, int8: 20, int8Array: 1016 } as const;

/** Thrown when a bigint column holds a value a JavaScript number cannot represent exactly. */
export class UnsafeIntegerError extends RangeError {
  constructor(text: string) {
    super(`A bigint value (${text}) is beyond JavaScript's safe integer range; read it as text (::text) instead.`);
    this.name = 'UnsafeIntegerError';
  }
}

/** Parses int8 text to a number, refusing values outside ±(2^53 - 1) instead of rounding them. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new UnsafeIntegerError(text);
  return value;
}

type Nested<T> = T | null | Nested<T>[];

/** Applies `parse` to every non-null element of a (possibly nested) parsed array. */
export function mapArray<From, To>(value: Nested<From>[], parse: (element: From) => To): Nested<To>[] {
  return value.map((element) =>
    element === null ? null : Array.isArray(element) ? mapArray(element, parse) : parse(element as From),
  );
}

/** A Buffer over the same memory as `bytes` (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

import { inspect } from 'node:util';

/**
 * A configuration value that must never be printed (the Fortnox client secret, a database URL with
 * its password). The value is read with `reveal()` where it is used; logging the configuration,
 * `JSON.stringify`, `String()` and `util.inspect` all show `[redacted]`.
 */
export class SecretText {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself, for the one call that needs it. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretText([redacted])';
  }
}

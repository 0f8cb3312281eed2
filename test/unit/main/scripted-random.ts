import type { RandomBytes } from '../../../main/connect/random-token';

/**
 * A deterministic stand-in for the CSPRNG: call n fills its buffer with bytes derived from n, so
 * every call returns different bytes and a test can predict them. Records the sizes asked for.
 */
export class ScriptedRandom {
  readonly requests: number[] = [];
  private calls = 0;

  readonly bytes: RandomBytes = (size) => {
    this.calls += 1;
    this.requests.push(size);
    return ScriptedRandom.pattern(this.calls, size);
  };

  /** The bytes that call number `call` (1-based) of `size` bytes returns. */
  static pattern(call: number, size: number): Uint8Array {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 1) out[i] = (call * 131 + i * 29 + 7) % 256;
    return out;
  }
}

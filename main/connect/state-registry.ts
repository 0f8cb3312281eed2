import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken, type RandomBytes } from './random-token';

/** 32 bytes = 256 bits of CSPRNG output; the issue asks for at least 128. */
export const STATE_BYTES = 32;

/** Why a returned `state` was refused. Every reason ends the flow with `state_mismatch`. */
export type StateRejection = 'missing' | 'unknown' | 'already_used' | 'expired';

/** The outcome of checking a returned `state`. */
export type StateCheck = { ok: true; flowId: string } | { ok: false; reason: StateRejection };

interface Entry {
  flowId: string;
  /** SHA-256 of the state: fixed length for timingSafeEqual, and the state itself is not kept. */
  digest: Buffer;
  expiresAt: number;
  consumed: boolean;
}

function digestOf(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** At most this many spent states are remembered (one flow runs at a time; this is generous). */
const MAX_REMEMBERED = 64;

/** How long a spent state is remembered, so that a replay reads "already used" rather than "unknown". */
const REMEMBER_SPENT_MS = 60 * 60 * 1000;

/**
 * The `state` values of pending sign-ins. Lives in main only; the renderer never sees a state.
 * Each state is bound to one flow, accepted once, and refused after the flow's expiry.
 */
export class StateRegistry {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly random: RandomBytes,
    private readonly now: () => number,
  ) {}

  /** Makes a fresh state for `flowId`, valid until `expiresAt` (epoch ms). */
  issue(flowId: string, expiresAt: number): string {
    this.prune();
    const state = randomToken(this.random, STATE_BYTES);
    this.entries.push({ flowId, digest: digestOf(state), expiresAt, consumed: false });
    return state;
  }

  /**
   * Checks a returned state and spends it. Compares against every entry in constant time and
   * without stopping at the first match, so timing tells nothing about which entry was close.
   */
  consume(returned: string | undefined): StateCheck {
    if (returned === undefined || returned === '') return { ok: false, reason: 'missing' };
    const returnedDigest = digestOf(returned);
    let match: Entry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, returnedDigest) && !match) match = entry;
    }
    if (!match) return { ok: false, reason: 'unknown' };
    if (match.consumed) return { ok: false, reason: 'already_used' };
    match.consumed = true;
    if (this.now() >= match.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, flowId: match.flowId };
  }

  /** Marks the flow's state as spent (the flow ended some other way); a later return is refused. */
  retire(flowId: string): void {
    for (const entry of this.entries) if (entry.flowId === flowId) entry.consumed = true;
  }

  /** How many states are still waiting for an answer (for tests and diagnostics). */
  pendingCount(): number {
    const now = this.now();
    return this.entries.filter((entry) => !entry.consumed && entry.expiresAt > now).length;
  }

  private prune(): void {
    const cutoff = this.now() - REMEMBER_SPENT_MS;
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      const entry = this.entries[i];
      if (entry && entry.expiresAt < cutoff) this.entries.splice(i, 1);
    }
    // Oldest spent entries go first when the list grows past its bound; pending ones are kept.
    while (this.entries.length >= MAX_REMEMBERED) {
      const spent = this.entries.findIndex((entry) => entry.consumed);
      if (spent === -1) break;
      this.entries.splice(spent, 1);
    }
  }
}

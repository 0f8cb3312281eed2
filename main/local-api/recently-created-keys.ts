import { timingSafeEqual } from 'node:crypto';
import { toolKeyHash } from './tool-key-format';

/** How long after it was made a key may still be copied from its shown-once panel. */
export const COPY_WINDOW_MS = 15 * 60 * 1000;

/**
 * The keys made in this session within the last 15 minutes, held only as their SHA-256: the
 * Tools view's copy channel copies (and adds to the logger's known secrets) only these, so the
 * page cannot put any other well-formed key on the clipboard or grow the redaction list forever.
 * Nothing is stored; a restart forgets them, as the shown-once panel does.
 */
export class RecentlyCreatedKeys {
  private readonly created: { digest: Buffer; at: number }[] = [];

  constructor(private readonly now: () => number) {}

  /** Remembers a key just made. */
  add(key: string): void {
    this.prune();
    this.created.push({ digest: Buffer.from(toolKeyHash(key), 'hex'), at: this.now() });
  }

  /** Whether `key` was made in this session less than 15 minutes ago (hash compared in constant time). */
  has(key: string): boolean {
    this.prune();
    const digest = Buffer.from(toolKeyHash(key), 'hex');
    let found = false;
    for (const entry of this.created) if (timingSafeEqual(entry.digest, digest)) found = true;
    return found;
  }

  private prune(): void {
    const now = this.now();
    while (this.created.length > 0 && now - (this.created[0]?.at ?? now) > COPY_WINDOW_MS) this.created.shift();
  }
}

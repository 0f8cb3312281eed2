import { denyAllPermissions, releaseSignInSession, type SignInSessionLike } from './sign-in-session';
import type { SignInSessionChoice } from './sign-in-window-port';

/** A sign-in window's session, and what to do with it when the window goes. */
export interface SignInSessionLease<S extends SignInSessionLike> {
  session: S;
  /**
   * The window is gone. A fresh session is released (storage and cache emptied); a shared one only
   * loses the window's request listener, and only if no later window of the batch has set its own.
   */
  windowGone(): Promise<void>;
}

interface SharedEntry<S> {
  session: S;
  /** The window whose request listener the session holds now. */
  owner: object | undefined;
}

/**
 * The sign-in windows' sessions: a new in-memory partition per single sign-in, and one per batch
 * shared by its windows (so Fortnox's login cookie carries from one company to the next). Partition
 * names never start with `persist:`, so nothing reaches the disk; every session is hardened once
 * (all permissions denied) and emptied when released. Electron keeps an in-memory session alive
 * until the app exits (`session.fromPartition` returns the same one for the same name), so a
 * released batch session is never used again: the next batch gets a new random name.
 */
export class SignInSessions<S extends SignInSessionLike> {
  private readonly shared = new Map<string, SharedEntry<S>>();

  constructor(
    private readonly fromPartition: (partition: string) => S,
    private readonly newName: () => string,
  ) {}

  /** The session for one window. */
  lease(choice: SignInSessionChoice | undefined): SignInSessionLease<S> {
    if (choice?.kind !== 'shared') {
      const session = this.fromPartition(`signin-${this.newName()}`);
      denyAllPermissions(session);
      return { session, windowGone: () => releaseSignInSession(session) };
    }
    let entry = this.shared.get(choice.id);
    if (!entry) {
      entry = { session: this.fromPartition(`signin-batch-${this.newName()}`), owner: undefined };
      denyAllPermissions(entry.session);
      this.shared.set(choice.id, entry);
    }
    const shared = entry;
    const owner = {};
    shared.owner = owner;
    return {
      session: shared.session,
      windowGone: () => {
        if (shared.owner === owner) {
          shared.owner = undefined;
          shared.session.webRequest.onBeforeRequest(null);
        }
        return Promise.resolve();
      },
    };
  }

  /** Empties and forgets a shared session; unknown ids are ignored. */
  async release(id: string): Promise<void> {
    const entry = this.shared.get(id);
    if (!entry) return;
    this.shared.delete(id);
    await releaseSignInSession(entry.session);
  }

  /** How many shared sessions are held (for tests and the quit check). */
  sharedCount(): number {
    return this.shared.size;
  }
}

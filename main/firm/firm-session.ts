import { z } from 'zod';
import { epochMsSchema } from '../../shared/company-record';
import { firmUserSchema, sessionTokenSchema, type FirmUser, type sessionResponseSchema } from '../../shared/firm-api';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import type { SecretVault } from '../storage/secret-vault';

/** The vault entry that holds the firm server session (encrypted with safeStorage like every secret). */
export const FIRM_SESSION_ENTRY = 'firmSession';

/** The stored session: bound to the server it was made for, so a changed URL never receives it. */
const storedSessionSchema = z.strictObject({
  serverUrl: z.string().max(2000),
  session: sessionTokenSchema,
  expiresAt: epochMsSchema,
  user: firmUserSchema,
});
type StoredSession = z.infer<typeof storedSessionSchema>;

/** Why the session ended. */
export type SignedOutReason = 'signed_out' | 'refused' | 'expired' | 'server_changed';

/** Collaborators of the session keeper. */
export interface FirmSessionDeps {
  vault: SecretVault;
  now: () => number;
  log: Logger;
  /** The session secret is registered here so the logger can never write it. */
  secrets?: KnownSecrets;
}

/**
 * The accountant's session at the firm server. Its secret lives only in the encrypted vault and in
 * main's memory; nothing here hands it to the renderer (the IPC contract has no field for it).
 * A 401 `session_required` from the server ends it (`refused`), as does its expiry.
 */
export class FirmSession {
  private current: StoredSession | undefined;
  private readonly listeners = new Set<(reason: SignedOutReason | null) => void>();

  constructor(private readonly deps: FirmSessionDeps) {}

  /** Loads the stored session; one for another server, expired or unreadable is removed. */
  async init(serverUrl: string | null): Promise<void> {
    const raw = await this.deps.vault.get(FIRM_SESSION_ENTRY);
    if (raw === undefined) return;
    let stored: StoredSession | undefined;
    try {
      stored = storedSessionSchema.parse(JSON.parse(raw));
    } catch {
      this.deps.log.warn('stored firm server session is unreadable; signing in again is needed');
    }
    if (!stored || stored.serverUrl !== serverUrl || stored.expiresAt <= this.deps.now()) {
      await this.deps.vault.delete(FIRM_SESSION_ENTRY);
      return;
    }
    this.deps.secrets?.add(stored.session);
    this.current = stored;
  }

  /** The session secret for the Authorization header, while it is valid for `serverUrl`. */
  bearer(serverUrl: string): string | undefined {
    const current = this.valid();
    return current && current.serverUrl === serverUrl ? current.session : undefined;
  }

  /** Who is signed in, or null. */
  user(): FirmUser | null {
    return this.valid()?.user ?? null;
  }

  /** When the session ends (epoch ms), or null when signed out. */
  expiresAt(): number | null {
    return this.valid()?.expiresAt ?? null;
  }

  /** The server the session belongs to, or null. */
  serverUrl(): string | null {
    return this.valid()?.serverUrl ?? null;
  }

  /** Keeps a new session from the server (pairing code or OIDC sign-in). */
  async store(serverUrl: string, answer: z.output<typeof sessionResponseSchema>): Promise<void> {
    const stored: StoredSession = { serverUrl, session: answer.session, expiresAt: answer.expiresAt, user: answer.user };
    this.deps.secrets?.add(answer.session);
    await this.deps.vault.set(FIRM_SESSION_ENTRY, JSON.stringify(stored));
    this.current = stored;
    this.deps.log.info('signed in to the firm server', { role: answer.user.role });
    this.emit(null);
  }

  /** Updates who is signed in (from `GET /v1/me`), keeping the session. */
  async updateUser(user: FirmUser, expiresAt: number): Promise<void> {
    if (!this.current) return;
    this.current = { ...this.current, user, expiresAt };
    await this.deps.vault.set(FIRM_SESSION_ENTRY, JSON.stringify(this.current));
  }

  /**
   * Signs out: asks the server to end the session (best effort: `endAtServer` may fail when the
   * server is unreachable), then forgets it here in any case.
   */
  async signOut(endAtServer: () => Promise<void>): Promise<{ endedAtServer: boolean }> {
    if (!this.current) return { endedAtServer: false };
    let endedAtServer = true;
    try {
      await endAtServer();
    } catch {
      endedAtServer = false;
    }
    await this.forget('signed_out');
    return { endedAtServer };
  }

  /** The server no longer accepts the session (401 `session_required`). */
  async refused(): Promise<void> {
    if (!this.current) return;
    await this.forget('refused');
  }

  /** The firm server's URL changed: the session was for the other one. */
  async serverChanged(serverUrl: string | null): Promise<void> {
    if (this.current && this.current.serverUrl !== serverUrl) await this.forget('server_changed');
  }

  /** Listens for sign-in (null) and sign-out (its reason). */
  onChange(listener: (reason: SignedOutReason | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the last removal from the vault (after an expiry noticed on a read) is done. */
  settled(): Promise<void> {
    return this.removal;
  }

  private removal: Promise<void> = Promise.resolve();

  private valid(): StoredSession | undefined {
    if (this.current && this.current.expiresAt <= this.deps.now()) {
      // Noticed on a synchronous read: signed out at once, the vault entry removed right after.
      void this.forget('expired');
      return undefined;
    }
    return this.current;
  }

  private forget(reason: SignedOutReason): Promise<void> {
    const session = this.current?.session;
    this.current = undefined;
    if (session) this.deps.secrets?.remove(session);
    this.deps.log.info('signed out of the firm server', { reason });
    this.emit(reason);
    this.removal = this.removal.then(() => this.deps.vault.delete(FIRM_SESSION_ENTRY)).catch(() => {
      this.deps.log.warn('the firm server session could not be removed from the vault');
    });
    return this.removal;
  }

  private emit(reason: SignedOutReason | null): void {
    for (const listener of [...this.listeners]) listener(reason);
  }
}

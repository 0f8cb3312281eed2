import type { ClientFileProblem, ClientImportOutcome } from '../../shared/client-contract';
import { parseClientList, type ImportedClient } from '../../shared/client-import';
import { CLIENT_LIST_MAX } from '../../shared/client-list-rules';
import { canonicalOrgNumber } from '../../shared/org-number';
import { errorFields } from '../logging/error-fields';
import type { Logger } from '../logging/logger';
import type { ClientRecord, ClientStore } from './client-file';

/** What the register is built from. */
export interface ClientRegisterDeps {
  store: ClientStore;
  now: () => number;
  log: Logger;
}

/** What adding clients did. */
export interface AddedClients {
  added: number;
  alreadyListed: number;
  overLimit: number;
  stored: boolean;
}

/**
 * The firm's client list (issue 9 item 2): the organisation numbers imported for a batch or in the
 * Clients view, with the name given and whether a batch skipped each. Changes are kept in memory
 * at once and then written to the store; a failed write is logged and reported (`stored: false`),
 * and the list stays as changed for this session. Listeners hear of every change (the window is
 * told, so a batch's skip shows at once).
 */
export class ClientRegister {
  private clients: ClientRecord[] = [];
  private problem: ClientFileProblem | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ClientRegisterDeps) {}

  /**
   * Reads the stored list; a damaged file gives an empty list (the file layer moved it aside), and
   * the reason is kept for the Clients view (`fileProblem`). The
   * schema checks each number's shape only: an edited or planted file's repeated numbers (the first
   * is kept) and numbers that fail the check digit are left out, as an import would have.
   */
  async init(): Promise<void> {
    const seen = new Set<string>();
    const { clients: stored, problem } = await this.deps.store.load();
    this.problem = problem;
    this.clients = stored.filter((client) => {
      if (canonicalOrgNumber(client.orgNumber) !== client.orgNumber || seen.has(client.orgNumber)) return false;
      seen.add(client.orgNumber);
      return true;
    });
    const dropped = stored.length - this.clients.length;
    if (dropped > 0) this.deps.log.warn('client list: repeated or invalid numbers left out', { dropped });
  }

  /**
   * Why the stored list was not read at start (a damaged file moved aside, a newer version's file
   * left untouched...), or null: the Clients view tells the user what happened and where the file is.
   */
  fileProblem(): ClientFileProblem | null {
    return this.problem;
  }

  /** The clients, in the order they were added. */
  records(): readonly ClientRecord[] {
    return this.clients;
  }

  /** Calls `listener` after each change; returns the unsubscribe. */
  onChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads pasted text or a CSV file's text with the shared parser and adds the clients it names.
   * Lines that are not taken come back with their line number and reason.
   */
  async importText(text: string): Promise<ClientImportOutcome> {
    const parsed = parseClientList(text);
    if (!parsed.ok) return parsed;
    const added = await this.add(parsed.clients);
    this.deps.log.info('clients imported', { added: added.added, alreadyListed: added.alreadyListed, problems: parsed.problems.length });
    return { ok: true, ...added, problems: parsed.problems };
  }

  /**
   * Adds clients not yet listed (at most up to CLIENT_LIST_MAX); a listed one gets the new name
   * when one is given. With `takenUp` (a batch starting on them), their skipped mark is cleared.
   */
  async add(clients: readonly ImportedClient[], options: { takenUp?: boolean } = {}): Promise<AddedClients> {
    const byNumber = new Map(this.clients.map((client, index) => [client.orgNumber, index]));
    const next = [...this.clients];
    let added = 0;
    let alreadyListed = 0;
    let overLimit = 0;
    let changed = false;
    for (const client of clients) {
      const orgNumber = canonicalOrgNumber(client.orgNumber);
      if (orgNumber === undefined) continue;
      const index = byNumber.get(orgNumber);
      if (index !== undefined) {
        alreadyListed += 1;
        const known = next[index];
        if (!known) continue;
        const name = client.name ?? known.name;
        const skippedAt = options.takenUp ? null : known.skippedAt;
        if (name !== known.name || skippedAt !== known.skippedAt) {
          next[index] = { ...known, name, skippedAt };
          changed = true;
        }
        continue;
      }
      if (next.length >= CLIENT_LIST_MAX) {
        overLimit += 1;
        continue;
      }
      byNumber.set(orgNumber, next.length);
      next.push({ orgNumber, name: client.name ?? null, addedAt: this.deps.now(), skippedAt: null });
      added += 1;
      changed = true;
    }
    const stored = changed ? await this.commit(next) : true;
    return { added, alreadyListed, overLimit, stored };
  }

  /** Takes clients off the list; returns how many were on it. */
  async remove(orgNumbers: readonly string[]): Promise<{ removed: number; stored: boolean }> {
    const gone = new Set(orgNumbers);
    const next = this.clients.filter((client) => !gone.has(client.orgNumber));
    const removed = this.clients.length - next.length;
    if (removed === 0) return { removed, stored: true };
    return { removed, stored: await this.commit(next) };
  }

  /**
   * Marks a client as skipped by a batch (the batch calls this for each entry it skips). A number
   * not on the list is ignored. Never rejects: a failed write is logged.
   */
  async markSkipped(orgNumber: string): Promise<void> {
    const canonical = canonicalOrgNumber(orgNumber);
    const index = this.clients.findIndex((client) => client.orgNumber === canonical);
    const known = this.clients[index];
    if (!known || known.skippedAt !== null) return;
    const next = [...this.clients];
    next[index] = { ...known, skippedAt: this.deps.now() };
    await this.commit(next);
  }

  private async commit(next: ClientRecord[]): Promise<boolean> {
    this.clients = next;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.deps.log.warn('client list listener failed', errorFields(error));
      }
    }
    try {
      await this.deps.store.save(next);
      return true;
    } catch (error) {
      this.deps.log.warn('client list could not be saved', errorFields(error));
      return false;
    }
  }
}

import type { ToolKeyRecord } from '../../shared/local-api-keys';

/** Where tool key records are kept: loaded once, saved whole after every change. */
export interface ToolKeyStore {
  /** Every stored record; an unreadable store yields none (no key works: it fails closed). */
  load(): Promise<ToolKeyRecord[]>;
  /** Replaces the stored records; rejects when they could not be written. */
  save(records: readonly ToolKeyRecord[]): Promise<void>;
}

/** A store in memory (tests, and a vault without a disk). `saved` counts the saves. */
export class MemoryToolKeyStore implements ToolKeyStore {
  private records: ToolKeyRecord[] = [];
  saved = 0;
  /** Makes the next saves reject (fault tests). */
  failSaves = false;

  constructor(initial: readonly ToolKeyRecord[] = []) {
    this.records = initial.map((record) => ({ ...record }));
  }

  async load(): Promise<ToolKeyRecord[]> {
    return this.records.map((record) => ({ ...record }));
  }

  async save(records: readonly ToolKeyRecord[]): Promise<void> {
    if (this.failSaves) throw new Error('disk full');
    this.records = records.map((record) => ({ ...record }));
    this.saved += 1;
  }

  /** What a later `load` would return, without copying. */
  peek(): readonly ToolKeyRecord[] {
    return this.records;
  }
}

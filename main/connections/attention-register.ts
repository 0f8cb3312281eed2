import type { AttentionRow } from '../../shared/attention-rows';
import type { DamagedStoredRecord } from './company-records';

/** A vault token entry as the token store lists it. */
export interface TokenEntry {
  tenantId: string;
  /** False when the entry cannot be decrypted on this computer. */
  readable: boolean;
}

/**
 * What the company list shows besides healthy companies (issue 7, findings 3 and 7): stored
 * records that could not be read, and vault token entries no record claims. Kept in memory;
 * damaged records are written back to `companies.json` unchanged until they are disconnected.
 */
export class AttentionRegister {
  private readonly damaged = new Map<string, DamagedStoredRecord>();
  private readonly unknown = new Map<string, TokenEntry>();
  private nextDamaged = 1;

  /** Adds a damaged record; returns its row id. */
  addDamaged(record: DamagedStoredRecord): string {
    const id = `damaged-${this.nextDamaged++}`;
    this.damaged.set(id, record);
    return id;
  }

  /** Lists vault entries that neither a company nor a damaged record claims as unknown connections. */
  addUnknown(entries: readonly TokenEntry[], claimed: (tenantId: string) => boolean): void {
    const damagedTenants = new Set([...this.damaged.values()].map((record) => record.tenantId));
    for (const entry of entries) {
      if (!claimed(entry.tenantId) && !damagedTenants.has(entry.tenantId)) this.unknown.set(entry.tenantId, entry);
    }
  }

  /** The damaged records as stored, to be written back with the healthy ones. */
  damagedRaws(): unknown[] {
    return [...this.damaged.values()].map((record) => record.raw);
  }

  damagedRecord(id: string): DamagedStoredRecord | undefined {
    return this.damaged.get(id);
  }

  unknownEntry(id: string): TokenEntry | undefined {
    return id.startsWith('unknown-') ? this.unknown.get(id.slice('unknown-'.length)) : undefined;
  }

  /** Removes a row by id; true when there was one. */
  remove(id: string): boolean {
    if (this.damaged.delete(id)) return true;
    return id.startsWith('unknown-') && this.unknown.delete(id.slice('unknown-'.length));
  }

  /** Forgets every row of a tenant that is now a healthy company again; true when any was removed. */
  forgetTenant(tenantId: string): boolean {
    let changed = this.unknown.delete(tenantId);
    for (const [id, record] of this.damaged) {
      if (record.tenantId === tenantId) changed = this.damaged.delete(id) || changed;
    }
    return changed;
  }

  get size(): number {
    return this.damaged.size + this.unknown.size;
  }

  /** The rows for the renderer; `hasTokens` tells whether a damaged record's tenant has tokens to revoke. */
  rows(hasTokens: (tenantId: string) => boolean): AttentionRow[] {
    const rows: AttentionRow[] = [];
    for (const [id, record] of this.damaged) {
      rows.push({
        kind: 'damaged',
        id,
        tenantId: record.tenantId,
        companyName: record.companyName,
        fields: record.fields,
        hasTokens: record.tenantId !== null && hasTokens(record.tenantId),
      });
    }
    for (const entry of this.unknown.values()) {
      rows.push({ kind: 'unknown', id: `unknown-${entry.tenantId}`, tenantId: entry.tenantId, restorable: entry.readable });
    }
    return rows;
  }
}

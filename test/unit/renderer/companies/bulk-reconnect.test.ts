import { describe, expect, it } from 'vitest';
import { BULK_RECONNECT_MAX, bulkReconnectRequest } from '../../../../renderer/src/companies/bulk-reconnect';
import { batchStartSchema, BATCH_ENTRIES_MAX } from '../../../../shared/batch-contract';
import { company } from './company-fixtures';

describe('bulk reconnect as a batch', () => {
  it('names each company by tenant id, in the order given, asking for every scope any of them asked for, with offline access', () => {
    const request = bulkReconnectRequest([
      company({ tenantId: '2001', companyName: 'Bergs Bygg AB', organizationNumber: '556677-8899', requestedScopes: ['invoice', 'companyinformation'] }),
      company({ tenantId: '1001', companyName: null, organizationNumber: null, requestedScopes: ['bookkeeping', 'invoice'] }),
    ]);
    expect(request).toEqual({
      entries: [{ tenantId: '2001', name: 'Bergs Bygg AB', orgNumber: '556677-8899' }, { tenantId: '1001' }],
      scopes: ['bookkeeping', 'companyinformation', 'invoice'],
      offlineAccess: true,
      serviceAccount: false,
    });
    expect(batchStartSchema.safeParse(request).success).toBe(true);
  });

  it('asks as a service account only when every company is one', () => {
    const service = company({ tenantId: '1', accountType: 'service' });
    expect(bulkReconnectRequest([service, company({ tenantId: '2', accountType: 'service' })])).toMatchObject({ serviceAccount: true });
    expect(bulkReconnectRequest([service, company({ tenantId: '3' })])).toMatchObject({ serviceAccount: false });
  });

  it('holds as many companies as a batch does', () => {
    expect(BULK_RECONNECT_MAX).toBe(BATCH_ENTRIES_MAX);
  });

  it('refuses more companies than a batch holds, and companies that asked for no scope', () => {
    const many = Array.from({ length: BATCH_ENTRIES_MAX + 1 }, (_, index) => company({ tenantId: String(index + 1) }));
    expect(bulkReconnectRequest(many)).toBe('too-many');
    expect(bulkReconnectRequest([company({ tenantId: '1', requestedScopes: [] })])).toBe('no-scopes');
  });
});

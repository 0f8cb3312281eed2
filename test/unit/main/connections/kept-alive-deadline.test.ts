import { describe, expect, it } from 'vitest';
import { endedConnections } from '../../../../main/connections/access-only-expiry';
import { startBackgroundRefresh } from '../../../../main/connections/background-refresh';
import { companyRecordSchema, type CompanyRecord } from '../../../../main/connections/company-records';
import { REFRESH_TOKEN_LIFETIME_MS } from '../../../../main/connections/token-keeper';
import { companySummarySchema } from '../../../../shared/company-record';
import { FakeClock } from '../fake-timers';

const DAY = 24 * 60 * 60 * 1000;

function record(tenantId: string, overrides: Partial<CompanyRecord> = {}): CompanyRecord {
  return {
    tenantId,
    companyName: null,
    organizationNumber: null,
    accountType: 'service',
    requestedScopes: ['companyinformation'],
    grantedScopes: ['companyinformation'],
    offlineAccess: true,
    connectedAt: 0,
    lastRefreshedAt: null,
    accessTokenExpiresAt: null,
    statusIssue: null,
    statusDetail: null,
    refreshTokenIssuedAt: 0,
    status: 'active',
    lastTest: null,
    ...overrides,
  };
}

describe('the 45-day deadline of a service account kept alive by its credentials', () => {
  it('loads a stored record without keptAliveBy, and one with it', () => {
    const { keptAliveBy: _none, ...old } = record('1', { keptAliveBy: 'refresh_token' });
    expect(companyRecordSchema.parse(old).keptAliveBy).toBeUndefined();
    expect(companyRecordSchema.parse(record('1', { keptAliveBy: 'client_credentials' })).keptAliveBy).toBe('client_credentials');
    expect(companySummarySchema.shape.keptAliveBy.safeParse('client_credentials').success).toBe(true);
  });

  it('never marks a service account with a working grant as ended when its refresh token passes 45 days', () => {
    const now = REFRESH_TOKEN_LIFETIME_MS + DAY;
    const records = [record('1', { keptAliveBy: 'client_credentials' }), record('2', { keptAliveBy: 'refresh_token' }), record('3')];
    expect(endedConnections(records, now).map((ended) => ended.tenantId)).toEqual(['2', '3']);
  });

  it('plans no refresh-token refresh for a service account with a working grant', () => {
    const clock = new FakeClock();
    const issued = { connectedAt: clock.now(), refreshTokenIssuedAt: clock.now() };
    clock.advance(10 * DAY);
    const refreshed: string[] = [];
    const stop = startBackgroundRefresh({
      timers: clock.timers,
      now: clock.now,
      records: () => [
        record('1', { ...issued, keptAliveBy: 'client_credentials' }),
        record('2', { ...issued, keptAliveBy: 'refresh_token' }),
        record('3', { ...issued, accountType: 'user' }),
      ],
      refresh: (tenantId) => refreshed.push(tenantId),
      markEnded: () => undefined,
    });
    clock.advance(60_000);
    stop();
    expect(refreshed).toEqual(['2', '3']);
  });
});

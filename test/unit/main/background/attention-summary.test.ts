import { describe, expect, it } from 'vitest';
import { nextAttentionChange, summarizeAttention } from '../../../../main/background/attention-summary';
import { companySummarySchema } from '../../../../shared/ipc-contract';
import { DAY, NOW, summary } from './company-summaries';

describe('the attention summary', () => {
  it('counts nothing when every company is healthy and far from its deadline', () => {
    expect(summarizeAttention([summary('1'), summary('2', {}, 8)], NOW)).toEqual({ reconnect: [], expiringSoon: [], count: 0 });
  });

  it('lists companies that need reconnecting, by tenant id, with their names', () => {
    const result = summarizeAttention(
      [
        summary('20', { status: 'needs_reconnect', statusIssue: 'invalid_grant' }),
        summary('3', { status: 'needs_reconnect', statusIssue: 'revoked', companyName: null }),
        summary('4'),
      ],
      NOW,
    );
    expect(result.reconnect).toEqual([
      { tenantId: '3', companyName: null, deadline: NOW + 40 * DAY },
      { tenantId: '20', companyName: 'Bolag 20 AB', deadline: NOW + 40 * DAY },
    ]);
    expect(result.count).toBe(2);
  });

  it('warns about refresh tokens that expire within 7 days, soonest first', () => {
    const result = summarizeAttention([summary('1', {}, 6), summary('2', {}, 2), summary('3', {}, 7), summary('4', {}, 7.01)], NOW);
    expect(result.expiringSoon.map((company) => [company.tenantId, company.expiresAt])).toEqual([
      ['2', NOW + 2 * DAY],
      ['1', NOW + 6 * DAY],
      ['3', NOW + 7 * DAY],
    ]);
    expect(result.reconnect).toEqual([]);
    expect(result.count).toBe(3);
  });

  it('counts a company past its deadline that main has not marked yet as needing a reconnect', () => {
    const result = summarizeAttention([summary('1', {}, 0), summary('2', { status: 'error', statusIssue: 'network' }, -1)], NOW);
    expect(result.reconnect.map((company) => company.tenantId)).toEqual(['1', '2']);
    expect(result.expiringSoon).toEqual([]);
  });

  it('gives a service account kept alive by client credentials no 45-day deadline', () => {
    const result = summarizeAttention(
      [
        summary('1', { accountType: 'service', keptAliveBy: 'client_credentials' }, 1),
        summary('2', { accountType: 'service', keptAliveBy: 'client_credentials' }, -10),
        summary('3', { accountType: 'service', keptAliveBy: 'refresh_token' }, 1),
      ],
      NOW,
    );
    expect(result.expiringSoon.map((company) => company.tenantId)).toEqual(['3']);
    expect(result.reconnect).toEqual([]);
  });

  it('still counts a service account kept alive by credentials once it needs a new sign-in', () => {
    const result = summarizeAttention(
      [summary('1', { accountType: 'service', keptAliveBy: 'client_credentials', status: 'needs_reconnect', statusIssue: 'revoked' })],
      NOW,
    );
    expect(result.reconnect.map((company) => company.tenantId)).toEqual(['1']);
  });

  it('leaves out access-only connections: their ended hour is what the user chose', () => {
    const result = summarizeAttention(
      [
        summary('1', { status: 'needs_reconnect', statusIssue: 'access_only_ended', offlineAccess: false, refreshTokenExpiresAt: null }),
        summary('2', { status: 'access_only', offlineAccess: false, refreshTokenExpiresAt: null }),
      ],
      NOW,
    );
    expect(result.count).toBe(0);
  });

  it('keeps a refreshing company in the 7-day list, so it does not flicker out while the refresh runs', () => {
    expect(summarizeAttention([summary('1', { status: 'refreshing' }, 3)], NOW).expiringSoon).toHaveLength(1);
  });

  it('accepts the company summaries exactly as the IPC contract sends them', () => {
    const parsed = companySummarySchema.parse(summary('5', {}, 1));
    expect(summarizeAttention([parsed], NOW).count).toBe(1);
  });
});

describe('when the attention summary next changes by time alone', () => {
  it('is when the first token enters its last 7 days', () => {
    expect(nextAttentionChange([summary('1', {}, 30), summary('2', {}, 10)], NOW)).toBe(NOW + 3 * DAY);
  });

  it('is the deadline itself for a token already in its last 7 days', () => {
    expect(nextAttentionChange([summary('1', {}, 30), summary('2', {}, 2)], NOW)).toBe(NOW + 2 * DAY);
  });

  it('is never for companies without a deadline', () => {
    expect(
      nextAttentionChange(
        [
          summary('1', { accountType: 'service', keptAliveBy: 'client_credentials' }),
          summary('2', { status: 'needs_reconnect' }),
          summary('3', { refreshTokenExpiresAt: null }),
        ],
        NOW,
      ),
    ).toBeNull();
  });
});

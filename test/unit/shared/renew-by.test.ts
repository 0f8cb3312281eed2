import { describe, expect, it } from 'vitest';
import { RENEW_WARNING_MS, renewBy } from '../../../shared/renew-by';
import { DAY, NOW, summary } from '../main/background/company-summaries';

describe('the renew-by date of a company', () => {
  it('is the refresh token deadline main derived (issued + 45 days)', () => {
    expect(renewBy(summary('1', {}, 20), NOW)).toEqual({ kind: 'date', at: NOW + 20 * DAY, soon: false, passed: false });
  });

  it('is soon from 7 days before the deadline on, and passed at the deadline', () => {
    expect(RENEW_WARNING_MS).toBe(7 * DAY);
    expect(renewBy(summary('1', {}, 7), NOW)).toMatchObject({ soon: true, passed: false });
    expect(renewBy(summary('1', {}, 7), NOW - 1)).toMatchObject({ soon: false });
    expect(renewBy(summary('1', {}, 0), NOW)).toMatchObject({ soon: true, passed: true });
  });

  it('is no date for a service account kept alive by client credentials', () => {
    expect(renewBy(summary('1', { accountType: 'service', keptAliveBy: 'client_credentials' }, 1), NOW)).toEqual({ kind: 'kept-alive' });
    expect(renewBy(summary('1', { accountType: 'service', keptAliveBy: 'refresh_token' }, 1), NOW).kind).toBe('date');
  });

  it('is none without a refresh token, for access-only connections and for companies needing a new sign-in', () => {
    expect(renewBy(summary('1', { refreshTokenExpiresAt: null }), NOW)).toEqual({ kind: 'none' });
    expect(renewBy(summary('1', { status: 'access_only' }), NOW)).toEqual({ kind: 'none' });
    expect(renewBy(summary('1', { status: 'needs_reconnect' }), NOW)).toEqual({ kind: 'none' });
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit-entry';
import { activityBytes, activityDuration, activityRequest, activityStatus } from '../../../../renderer/src/activity/activity-format';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const entry: AuditEntry = {
  at: 0,
  kind: 'proxy',
  keyId: null,
  keyName: null,
  tenantId: '101',
  method: 'GET',
  path: '/3/invoices',
  status: 200,
  durationMs: 1,
  bytesIn: 0,
  bytesOut: 1,
  complete: true,
};

describe('activity formatting', () => {
  it('says sizes in bytes, kB and MB with the language decimal sign', () => {
    expect(activityBytes(512, 'sv')).toBe('512 B');
    expect(activityBytes(12_345, 'sv')).toBe('12,3 kB');
    expect(activityBytes(12_345, 'en')).toBe('12.3 kB');
    expect(activityBytes(4_500_000, 'en')).toBe('4.5 MB');
  });

  it('says durations in milliseconds, and long ones in seconds', () => {
    expect(activityDuration(45, 'en')).toBe('45 ms');
    expect(activityDuration(12_500, 'sv')).toBe('12,5 s');
  });

  it('names a token request by its kind and a call by its method and path', () => {
    expect(activityRequest({ ...entry, kind: 'token', method: 'POST', path: '/v1/companies/101/access-token' }, MESSAGES.sv.activity)).toBe('POST Åtkomsttoken');
    expect(activityRequest(entry, MESSAGES.en.activity)).toBe('GET /3/invoices');
    expect(activityRequest({ ...entry, kind: 'other', path: null, status: 401 }, MESSAGES.en.activity)).toBe('GET Local API');
  });

  it("puts the local API's reason beside a refusal's status, in Swedish and English", () => {
    const refused: AuditEntry = { ...entry, status: 403, errorCode: 'company_not_allowed' };

    expect(activityStatus(refused, MESSAGES.sv.activity)).toBe('403 · företaget ingår inte i nyckeln');
    expect(activityStatus(refused, MESSAGES.en.activity)).toBe('403 · company not in the key');
    expect(activityStatus({ ...entry, status: 429, errorCode: 'rate_limited', complete: false }, MESSAGES.en.activity)).toBe('429 · Fortnox limit full (cut off)');
  });

  it('shows only the number where the local API gave no reason (a success, a Fortnox answer passed through, an older line)', () => {
    expect(activityStatus(entry, MESSAGES.sv.activity)).toBe('200');
    expect(activityStatus({ ...entry, status: 404 }, MESSAGES.en.activity)).toBe('404');
  });

  it("says how many times a minute's refusals without a valid key happened, on their one line", () => {
    const counted: AuditEntry = { ...entry, status: 401, errorCode: 'unauthorized', count: 1200 };

    expect(activityStatus(counted, MESSAGES.en.activity)).toBe('401 · invalid key (1,200 times that minute)');
    expect(activityStatus({ ...counted, count: 1 }, MESSAGES.en.activity)).toBe('401 · invalid key');
  });
});

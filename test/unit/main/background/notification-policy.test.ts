import { describe, expect, it } from 'vitest';
import { summarizeAttention } from '../../../../main/background/attention-summary';
import { decideAlerts, type AlertDecision } from '../../../../main/background/notification-policy';
import type { CompanySummary } from '../../../../shared/ipc-contract';
import { NOW, summary } from './company-summaries';

const broken = (tenantId: string, overrides: Partial<CompanySummary> = {}) =>
  summary(tenantId, { status: 'needs_reconnect', statusIssue: 'invalid_grant', ...overrides });

function decide(companies: CompanySummary[], notified: Iterable<string> = [], holdExpiring = false, language: 'sv' | 'en' = 'sv'): AlertDecision {
  return decideAlerts({ summary: summarizeAttention(companies, NOW), notified: new Set(notified), language, holdExpiring });
}

describe('the notification policy', () => {
  it('is quiet when no company needs attention', () => {
    expect(decide([summary('1'), summary('2')])).toEqual({ notification: null, notified: [], changed: false });
  });

  it('names the one company that needs reconnecting', () => {
    const decision = decide([broken('1'), summary('2')]);
    expect(decision.notification).toEqual({
      kind: 'reconnect',
      text: { title: 'Bolag 1 AB behöver anslutas igen', body: expect.any(String) as string },
      tenantIds: ['1'],
    });
    expect(decision.changed).toBe(true);
  });

  it('groups several companies into one notification with their count', () => {
    const decision = decide([broken('1'), broken('2'), broken('3')], [], false, 'en');
    expect(decision.notification?.text.title).toBe('3 companies need reconnecting');
    expect(decision.notification?.tenantIds).toEqual(['1', '2', '3']);
  });

  it('does not repeat an alert already notified, and stays quiet while nothing changes', () => {
    const first = decide([broken('1'), broken('2')]);
    const second = decide([broken('1'), broken('2')], first.notified);
    expect(second.notification).toBeNull();
    expect(second.changed).toBe(false);
  });

  it('notifies the whole group again when one more company fails, so the count matches the badge', () => {
    const first = decide([broken('1'), broken('2')]);
    const second = decide([broken('1'), broken('2'), broken('3')], first.notified);
    expect(second.notification?.text.title).toBe('3 företag behöver anslutas igen');
    expect(second.notification?.tenantIds).toEqual(['1', '2', '3']);
  });

  it('notifies again when a company that recovered fails once more', () => {
    const failed = decide([broken('1')]);
    const recovered = decide([summary('1')], failed.notified);
    expect(recovered.notification).toBeNull();
    expect(recovered.notified).toEqual([]);
    expect(recovered.changed).toBe(true);
    const again = decide([broken('1')], recovered.notified);
    expect(again.notification?.tenantIds).toEqual(['1']);
  });

  it('gives the 7-day warning its own group, apart from reconnecting', () => {
    const first = decide([broken('1')]);
    const decision = decide([broken('1'), summary('2', {}, 5), summary('3', {}, 6)], first.notified, false, 'en');
    expect(decision.notification?.kind).toBe('expiring');
    expect(decision.notification?.text.title).toBe("2 companies' connections expire within 7 days");
    expect(decision.notification?.tenantIds).toEqual(['2', '3']);
  });

  it('warns again about a token whose deadline moved and that came close again', () => {
    const first = decide([summary('2', {}, 5)]);
    const moved = decide([summary('2', {}, 3)], first.notified);
    expect(moved.notification?.kind).toBe('expiring');
  });

  it('tells a company whose token passed its deadline that it now needs reconnecting', () => {
    const warned = decide([summary('2', {}, 1)]);
    const passed = decide([summary('2', {}, 0)], warned.notified);
    expect(passed.notification?.kind).toBe('reconnect');
  });

  it('makes one notification of both groups when both are new at once (a start with many problems)', () => {
    const decision = decide([broken('1'), broken('2'), summary('3', {}, 2)]);
    expect(decision.notification?.kind).toBe('combined');
    expect(decision.notification?.text.title).toBe('3 företag behöver åtgärdas');
    expect(decision.notification?.tenantIds).toEqual(['1', '2', '3']);
  });

  it('holds the 7-day warning without forgetting one already notified', () => {
    const warned = decide([summary('3', {}, 2)]);
    const held = decide([summary('3', {}, 2), summary('4', {}, 3)], warned.notified, true);
    expect(held.notification).toBeNull();
    expect(held.notified).toEqual(warned.notified);
    const reconnectWhileHeld = decide([broken('1'), summary('4', {}, 3)], [], true);
    expect(reconnectWhileHeld.notification?.kind).toBe('reconnect');
    expect(reconnectWhileHeld.notified).toEqual([`1:reconnect:${NOW + 40 * 24 * 60 * 60 * 1000}`]);
  });
});

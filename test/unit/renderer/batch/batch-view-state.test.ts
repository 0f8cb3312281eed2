import { describe, expect, it } from 'vitest';
import type { BatchEntryView, BatchStatus } from '../../../../shared/batch-contract';
import { batchActive, currentInstruction, differingFortnoxName, entryLabel, entryStateText, pausedOn, pendingQuestion, progressText } from '../../../../renderer/src/batch/batch-view-state';
import { INITIAL_BATCH_STATUS } from '../../../../renderer/src/batch/use-batch-status';
import { enBatch, svBatch } from '../../../../renderer/src/i18n/batch-messages';

function entry(id: number, overrides: Partial<BatchEntryView> = {}): BatchEntryView {
  return {
    id,
    orgNumber: '556677-8899',
    name: 'Företag AB',
    tenantId: null,
    companyName: null,
    state: 'waiting',
    onList: true,
    decision: null,
    error: null,
    issue: null,
    ...overrides,
  };
}

function status(overrides: Partial<BatchStatus>): BatchStatus {
  return { ...INITIAL_BATCH_STATUS, batchId: 'batch-0001', state: 'running', ...overrides };
}

describe('the batch view state', () => {
  it("names the company Fortnox returned beside the list's name when they differ, so a hostile or mistyped client is seen", () => {
    const connected = (companyName: string | null, name: string | null = 'Företag AB') => entry(0, { state: 'connected', tenantId: '201', name, companyName });
    expect(differingFortnoxName(connected('Någon Annan AB'))).toBe('Någon Annan AB');
    // A look-alike: Cyrillic "е" in place of the Latin one.
    expect(differingFortnoxName(connected('För\u0435tag AB'))).not.toBeNull();
    expect(differingFortnoxName(connected('<img src=x onerror=alert(1)>'))).toBe('<img src=x onerror=alert(1)>');
    expect(svBatch.fortnoxName('Någon Annan AB')).toBe('Namn i Fortnox: Någon Annan AB');
    expect(enBatch.fortnoxName('Någon Annan AB')).toBe('Name in Fortnox: Någon Annan AB');
  });

  it('says nothing when Fortnox names the company as the list does (case and spacing aside), or one of them has no name', () => {
    const connected = (companyName: string | null, name: string | null = 'Företag AB') => entry(0, { state: 'connected', tenantId: '201', name, companyName });
    expect(differingFortnoxName(connected('Företag AB'))).toBeNull();
    expect(differingFortnoxName(connected('FÖRETAG  ab '))).toBeNull();
    expect(differingFortnoxName(connected('Fo\u0308retag AB'))).toBeNull();
    expect(differingFortnoxName(connected(null))).toBeNull();
    expect(differingFortnoxName(connected('Företag AB', null))).toBeNull();
  });

  it('counts connected and updated companies as done: "37 av 120 anslutna"', () => {
    const counts = { total: 120, connected: 30, updated: 7, skipped: 2, failed: 1, waiting: 80, notOnList: 0 };
    expect(progressText(status({ counts }), svBatch)).toBe('37 av 120 anslutna');
    expect(progressText(status({ counts }), enBatch)).toBe('37 of 120 connected');
    expect(progressText(status({ counts: { ...counts, total: 1200, connected: 1000 } }), svBatch)).toBe('1\u00a0007 av 1\u00a0200 anslutna');
    expect(progressText(status({ mode: 'open', counts: { ...counts, updated: 0 } }), svBatch)).toBe('30 anslutna');
  });

  it('tells the user which company to pick in Fortnox, by name and organisation number', () => {
    const running = status({ entries: [entry(0, { state: 'current' })], currentEntryId: 0, phase: 'signing-in' });
    expect(currentInstruction(running, svBatch)).toBe('Välj Företag AB (556677-8899) i Fortnox');
    expect(currentInstruction(running, enBatch)).toBe('Pick Företag AB (556677-8899) in Fortnox');
    expect(currentInstruction({ ...running, phase: 'exchanging' }, svBatch)).toBe('Ansluter Företag AB (556677-8899)…');
    expect(currentInstruction(status({ mode: 'open', phase: 'signing-in' }), svBatch)).toBe('Välj ett företag i Fortnox');
    expect(currentInstruction(status({ phase: null }), svBatch)).toBeNull();
  });

  it('names an entry by what is known: name and number, number only, or database number', () => {
    expect(entryLabel(entry(0, { name: null }), svBatch)).toBe('556677-8899');
    expect(entryLabel(entry(0, { name: null, companyName: 'Från Fortnox AB' }), svBatch)).toBe('Från Fortnox AB (556677-8899)');
    expect(entryLabel(entry(0, { name: null, orgNumber: null, tenantId: '42' }), enBatch)).toBe('Database 42');
  });

  it('finds the failure a paused batch waits on and the question about a company not on the list', () => {
    const failed = entry(1, { state: 'failed', error: 'access_denied' });
    expect(pausedOn(status({ state: 'paused', entries: [entry(0), failed] }))).toBe(failed);
    expect(pausedOn(status({ state: 'running', entries: [failed] }))).toBeUndefined();
    const outsider = entry(2, { onList: false, state: 'not-on-list', decision: 'pending' });
    expect(pendingQuestion(status({ state: 'question', entries: [entry(0), outsider] }))).toBe(outsider);
  });

  it('words each state, and what became of a company not on the list', () => {
    expect(entryStateText(entry(0, { state: 'updated' }), svBatch)).toBe('Uppdaterad');
    expect(entryStateText(entry(0, { onList: false, state: 'not-on-list', decision: 'pending' }), svBatch)).toBe('Inte i listan');
    expect(entryStateText(entry(0, { onList: false, state: 'connected', decision: 'kept' }), svBatch)).toBe('Inte i listan, behållen');
    expect(entryStateText(entry(0, { onList: false, state: 'not-on-list', decision: 'discarded' }), enBatch)).toBe('Not on the list, let go');
  });

  it('is active while running, paused or asking, and not when idle, finished or stopped', () => {
    expect(['running', 'paused', 'question'].map((state) => batchActive(status({ state: state as BatchStatus['state'] })))).toEqual([true, true, true]);
    expect(['idle', 'finished', 'stopped'].map((state) => batchActive(status({ state: state as BatchStatus['state'] })))).toEqual([false, false, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { batchStatusSchema, type BatchEntryInput } from '../../../../shared/batch-contract';
import { BatchQueue } from '../../../../main/batch/batch-queue';
import type { ReturnedCompany } from '../../../../main/batch/returned-company';
import { FakeClock } from '../fake-timers';

const ALFA: BatchEntryInput = { orgNumber: '556677-8899', name: 'Alfa AB' };
const BETA: BatchEntryInput = { orgNumber: '559123-4567', name: 'Beta AB' };
const GAMMA: BatchEntryInput = { orgNumber: '556000-0001', name: 'Gamma AB' };

function company(tenantId: string, organizationNumber: string | null, companyName = `Bolag ${tenantId}`): ReturnedCompany {
  return { tenantId, organizationNumber, companyName, alreadyConnected: false };
}

function queueOf(entries: BatchEntryInput[], clock = new FakeClock()) {
  return new BatchQueue({ batchId: 'batch-0001', entries, now: clock.now });
}

/** The id of the entry the next sign-in is for. */
function begin(queue: BatchQueue): number | 'open' | undefined {
  const next = queue.begin();
  return next === undefined ? undefined : next.kind === 'open' ? 'open' : next.entry.id;
}

describe('BatchQueue', () => {
  it('runs the list in order and counts progress as "connected of total"', () => {
    const queue = queueOf([ALFA, BETA, GAMMA]);
    expect(begin(queue)).toBe(0);
    expect(queue.status()).toMatchObject({ state: 'running', currentEntryId: 0, phase: 'signing-in' });
    expect(begin(queue)).toBeUndefined(); // one sign-in at a time
    queue.exchanging();
    expect(queue.status().phase).toBe('exchanging');
    queue.connected(queue.match(company('11', '5566778899'))?.id, company('11', '5566778899'), false);
    expect(queue.status().counts).toMatchObject({ total: 3, connected: 1, waiting: 2 });
    expect(queue.status().entries[0]).toMatchObject({ state: 'connected', tenantId: '11', companyName: 'Bolag 11' });
    expect(begin(queue)).toBe(1);
    expect(batchStatusSchema.safeParse(queue.status()).success).toBe(true);
  });

  it('matches a returned company by organisation number in any form Fortnox writes it, or by tenant id', () => {
    const queue = queueOf([ALFA, { tenantId: '0042', name: 'Redan ansluten AB' }]);
    expect(queue.match(company('7', '556677-8899'))?.id).toBe(0);
    expect(queue.match(company('7', '165566778899'))?.id).toBe(0);
    expect(queue.match(company('42', '999999-9999'))?.id).toBe(1);
    expect(queue.match(company('8', '556677-8890'))).toBeUndefined();
    expect(queue.match(company('9', null))).toBeUndefined();
  });

  it('marks a company that was connected before as updated, not as a second connection', () => {
    const queue = queueOf([{ tenantId: '42' }]);
    begin(queue);
    queue.connected(0, { ...company('42', null), alreadyConnected: true }, true);
    expect(queue.status().entries).toHaveLength(1);
    expect(queue.status().counts).toMatchObject({ connected: 0, updated: 1 });
    expect(queue.finishIfDone()).toBe(true);
    expect(queue.status().state).toBe('finished');
  });

  it('folds duplicate entries into the first', () => {
    const queue = queueOf([ALFA, { orgNumber: ALFA.orgNumber as string }, BETA, { tenantId: '5' }, { tenantId: '005', name: 'Fem AB' }]);
    expect(queue.status().entries.map((entry) => [entry.orgNumber, entry.tenantId, entry.name])).toEqual([
      ['556677-8899', null, 'Alfa AB'],
      ['559123-4567', null, 'Beta AB'],
      [null, '5', 'Fem AB'],
    ]);
  });

  it('pauses on a failure until the entry is retried (first in line) or skipped', () => {
    const queue = queueOf([ALFA, BETA, GAMMA]);
    begin(queue);
    queue.failed('access_denied');
    expect(queue.status()).toMatchObject({ state: 'paused', currentEntryId: null });
    expect(queue.status().entries[0]).toMatchObject({ state: 'failed', error: 'access_denied' });
    expect(begin(queue)).toBeUndefined();
    expect(queue.retry(0)).toBe(true);
    expect(begin(queue)).toBe(0);
    queue.failed('exchange_failed', 'network');
    expect(queue.status().entries[0]).toMatchObject({ error: 'exchange_failed', issue: 'network' });
    expect(queue.skip(0)?.orgNumber).toBe('556677-8899');
    expect(queue.status().state).toBe('running');
    expect(begin(queue)).toBe(1);
  });

  it('skips the current entry and refuses to skip or retry what cannot be', () => {
    const queue = queueOf([ALFA, BETA]);
    begin(queue);
    expect(queue.skip()?.id).toBe(0);
    expect(queue.status()).toMatchObject({ currentEntryId: null, counts: { skipped: 1 } });
    expect(queue.skip(0)).toBeUndefined();
    expect(queue.retry(1)).toBe(false); // waiting, not failed or skipped
    expect(queue.retry(0)).toBe(true); // a skipped entry may be tried after all
    expect(begin(queue)).toBe(0);
  });

  it('asks about a company not on the list, then goes back to the company it was signing in for', () => {
    const queue = queueOf([ALFA, BETA]);
    begin(queue);
    const extra = queue.unexpected(company('99', '212000-0142', 'Okänd AB'), 'flow-held-1');
    expect(extra).toMatchObject({ id: 2, onList: false, state: 'not-on-list', decision: 'pending', heldFlowId: 'flow-held-1' });
    expect(queue.status()).toMatchObject({ state: 'question', counts: { total: 2, notOnList: 1, waiting: 2 } });
    expect(begin(queue)).toBeUndefined();
    queue.answered(2, 'kept');
    expect(queue.status().entries[2]).toMatchObject({ state: 'connected', decision: 'kept' });
    expect(begin(queue)).toBe(0);
    // Kept once, the same company matches itself and is never asked about again.
    expect(queue.match(company('99', null))?.id).toBe(2);
  });

  it('keeps a discarded company listed as not on the list', () => {
    const queue = queueOf([ALFA]);
    begin(queue);
    queue.unexpected(company('99', null), 'flow-held-1');
    queue.answered(1, 'discarded');
    expect(queue.status().entries[1]).toMatchObject({ state: 'not-on-list', decision: 'discarded' });
    expect(queue.match(company('99', null))).toBeUndefined();
  });

  it('files another company of the list under its own entry and keeps the current one next', () => {
    const queue = queueOf([ALFA, BETA]);
    begin(queue);
    queue.connected(queue.match(company('12', '559123-4567'))?.id, company('12', '559123-4567'), false);
    expect(queue.status().entries.map((entry) => entry.state)).toEqual(['waiting', 'connected']);
    expect(begin(queue)).toBe(0);
  });

  it('stops: the current entry waits again, nothing more starts and the time is kept', () => {
    const clock = new FakeClock();
    const queue = queueOf([ALFA, BETA], clock);
    begin(queue);
    clock.advance(5_000);
    queue.stop();
    expect(queue.status()).toMatchObject({ state: 'stopped', currentEntryId: null, finishedAt: clock.now() });
    expect(queue.status().entries[0]?.state).toBe('waiting');
    expect(begin(queue)).toBeUndefined();
    expect(queue.retry(0)).toBe(false);
    expect(queue.ended()).toBe(true);
  });

  it('in open mode signs in to whatever comes, lists each company and finishes when stopped', () => {
    const queue = queueOf([]);
    expect(queue.mode).toBe('open');
    expect(begin(queue)).toBe('open');
    expect(queue.busy()).toBe(true);
    queue.connected(undefined, company('31', '556677-8899'), false);
    expect(begin(queue)).toBe('open');
    queue.connected(queue.match(company('31', null))?.id, company('31', null), true);
    expect(queue.status().entries).toHaveLength(1);
    expect(queue.status().entries[0]).toMatchObject({ state: 'updated', orgNumber: '556677-8899' });
    expect(queue.finishIfDone()).toBe(false);
    queue.stop();
    expect(queue.status().state).toBe('finished');
  });

  it('counts the sign-in sessions: another Fortnox login puts the current company back first', () => {
    const queue = queueOf([ALFA, BETA]);
    begin(queue);
    queue.interrupted();
    expect(queue.status()).toMatchObject({ logins: 2, currentEntryId: null });
    expect(begin(queue)).toBe(0);
  });
});

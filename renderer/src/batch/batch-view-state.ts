import type { BatchEntryView, BatchStatus } from '../../../shared/batch-contract';
import type { BatchMessages } from '../i18n/batch-messages';

/** The name an entry is shown by: the list's name (or Fortnox's) with its organisation number. */
export function entryLabel(entry: BatchEntryView, texts: BatchMessages): string {
  return texts.entryLabel(entry.name ?? entry.companyName, entry.orgNumber, entry.tenantId);
}

/**
 * Fortnox's name for a connected entry when it is not the list's name, else null. An entry is
 * matched on the organisation number Fortnox returns, which the company itself can edit: a
 * mistyped or hostile client shows up here. Case, spacing and Unicode form are not differences;
 * a look-alike letter from another script is.
 */
export function differingFortnoxName(entry: BatchEntryView): string | null {
  if (entry.name === null || entry.companyName === null) return null;
  return comparable(entry.name) === comparable(entry.companyName) ? null : entry.companyName;
}

function comparable(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('sv');
}

/** The progress line ("37 av 120 anslutna", or in open mode "5 anslutna"). */
export function progressText(status: BatchStatus, texts: BatchMessages): string {
  const done = status.counts.connected + status.counts.updated;
  return status.mode === 'open' ? texts.progressOpen(done) : texts.progress(done, status.counts.total);
}

/** What the user should do now in Fortnox, or null when no sign-in is under way. */
export function currentInstruction(status: BatchStatus, texts: BatchMessages): string | null {
  if (status.phase === null) return null;
  const entry = status.currentEntryId === null ? undefined : status.entries[status.currentEntryId];
  if (status.phase === 'exchanging') return texts.exchanging(entry ? entryLabel(entry, texts) : '…');
  return entry ? texts.pickInFortnox(entryLabel(entry, texts)) : texts.pickAnyInFortnox;
}

/** The failed entry a paused batch waits on (the first failed one on the list), if any. */
export function pausedOn(status: BatchStatus): BatchEntryView | undefined {
  return status.state === 'paused' ? status.entries.find((entry) => entry.state === 'failed') : undefined;
}

/** The company Fortnox returned that was not on the list and waits for keep or let go, if any. */
export function pendingQuestion(status: BatchStatus): BatchEntryView | undefined {
  return status.entries.find((entry) => entry.decision === 'pending');
}

/** The state word of an entry in the list. */
export function entryStateText(entry: BatchEntryView, texts: BatchMessages): string {
  if (!entry.onList && entry.decision !== null && entry.decision !== 'pending') return texts.states[entry.decision];
  if (entry.state === 'not-on-list') return texts.states.notOnList;
  return texts.states[entry.state];
}

/** True while a batch is under way: the start form gives way to the progress. */
export function batchActive(status: BatchStatus): boolean {
  return status.state === 'running' || status.state === 'paused' || status.state === 'question';
}

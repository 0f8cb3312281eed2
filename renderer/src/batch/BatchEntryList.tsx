import type { BatchStatus } from '../../../shared/batch-contract';
import type { BatchMessages } from '../i18n/batch-messages';
import { differingFortnoxName, entryLabel, entryStateText } from './batch-view-state';

interface BatchEntryListProps {
  status: BatchStatus;
  texts: BatchMessages;
  busy: boolean;
  ended: boolean;
  onRetry: (entryId: number) => void;
  onSkip: (entryId: number) => void;
}

/** Every company of the batch with its state; a failed or skipped one can be tried again, a waiting one skipped. */
export function BatchEntryList({ status, texts, busy, ended, onRetry, onSkip }: BatchEntryListProps) {
  if (status.entries.length === 0) return null;
  return (
    <section aria-labelledby="batch-entries-heading" className="batch-entries">
      <h3 id="batch-entries-heading">{texts.entriesHeading}</h3>
      <ol className="batch-entry-list" data-testid="batch-entries">
        {status.entries.map((entry) => {
          const name = entryLabel(entry, texts);
          const fortnoxName = differingFortnoxName(entry);
          return (
            <li key={entry.id} className={`batch-entry batch-entry-${entry.state}`} data-state={entry.state} data-testid={`batch-entry-${entry.id}`}>
              <span className="batch-entry-name" dir="auto">
                {name}
                {fortnoxName !== null && (
                  // Text, never HTML: the name is the company's own, as Fortnox returned it.
                  <span className="batch-entry-fortnox-name" dir="auto" data-testid={`batch-entry-fortnox-name-${entry.id}`}>
                    {texts.fortnoxName(fortnoxName)}
                  </span>
                )}
              </span>
              <span className="batch-entry-state">{entryStateText(entry, texts)}</span>
              {!ended && entry.onList && (entry.state === 'failed' || entry.state === 'skipped') && (
                <button type="button" className="secondary small" disabled={busy} aria-label={texts.retryEntry(name)} onClick={() => onRetry(entry.id)}>
                  {texts.retry}
                </button>
              )}
              {!ended && entry.state === 'waiting' && (
                <button type="button" className="secondary small" disabled={busy} aria-label={texts.skipEntry(name)} onClick={() => onSkip(entry.id)}>
                  {texts.skip}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

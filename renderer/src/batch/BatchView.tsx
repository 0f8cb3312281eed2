import { useEffect, useRef, useState } from 'react';
import type { BatchEntryInput } from '../../../shared/batch-contract';
import type { ConnectorApi } from '../../../shared/connector-api';
import { BATCH_MESSAGES } from '../i18n/batch-messages';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import type { Selection } from '../connect/scope-selection';
import { BatchEntryList } from './BatchEntryList';
import { BatchProgress, type BatchActions } from './BatchProgress';
import { BatchStartForm } from './BatchStartForm';
import { profileIdField } from './batch-profile-id';
import { batchActive, pendingQuestion } from './batch-view-state';
import { UnexpectedCompanyQuestion } from './UnexpectedCompanyQuestion';
import { useBatchStatus } from './use-batch-status';

/** What `batch:start` takes as a profile id (shared/batch-contract.ts). */

interface BatchViewProps {
  /** The list being written in the start form (kept by the app across views). */
  draft: string;
  onDraftChange: (text: string) => void;
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  /** The scopes chosen in the Connect view's picker: the batch requests these. */
  selection: Selection;
  /** The scope profile those scopes are, if they are one (named in the form, sent with the start). */
  profile: { id: string; name: string } | null;
  onChangeScopes: () => void;
  focusOnMount: boolean;
}

/**
 * "Anslut flera företag": start a batch from a pasted list or a CSV file (or with no list), follow
 * it company by company, skip, retry, stop, answer about a company not on the list, and switch to
 * another Fortnox login. Main runs the batch (main/batch/); this view shows its pushed status.
 */
export function BatchView({ api, messages, language, selection, profile, onChangeScopes, focusOnMount, draft, onDraftChange }: BatchViewProps) {
  const texts = BATCH_MESSAGES[language];
  const status = useBatchStatus(api);
  const [busy, setBusy] = useState(false);
  const [startProblem, setStartProblem] = useState<string | null>(null);
  /** After a batch ended, the user asked for a new list. */
  const [composing, setComposing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    action()
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };

  const start = (entries: BatchEntryInput[]) =>
    run(async () => {
      setStartProblem(null);
      try {
        const result = await api.startBatch({
          entries,
          scopes: [...selection.scopes],
          offlineAccess: selection.offlineAccess,
          serviceAccount: selection.serviceAccount,
          ...profileIdField(profile),
        });
        if (result.started) setComposing(false);
        else setStartProblem(texts.refusals[result.reason]);
      } catch {
        setStartProblem(texts.startFailed);
      }
    });

  const actions: BatchActions = {
    skip: (entryId) => run(() => api.skipBatchEntry(entryId)),
    retry: (entryId) => run(() => api.retryBatchEntry(entryId)),
    stop: () => run(() => api.stopBatch()),
    newLogin: () => run(() => api.newBatchLogin()),
    answer: (entryId, keep) => run(() => api.answerBatchUnexpected(entryId, keep)),
  };

  const active = batchActive(status);
  const question = pendingQuestion(status);
  const ended = status.state === 'finished' || status.state === 'stopped';
  const showForm = status.state === 'idle' || (ended && composing);

  return (
    <section aria-labelledby="batch-view-heading" className="batch-view" data-testid="batch-view">
      <h2 id="batch-view-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      {showForm && (
        <BatchStartForm
          messages={messages}
          texts={texts}
          selection={selection}
          profileName={profile?.name ?? null}
          startProblem={startProblem}
          busy={busy}
          onStart={start}
          onChangeScopes={onChangeScopes}
          text={draft}
          onTextChange={onDraftChange}
        />
      )}
      {active && <BatchProgress status={status} messages={messages} texts={texts} busy={busy} actions={actions} />}
      {ended && !composing && question && (
        // Stopped while asking: the answer is still possible until the held sign-in runs out.
        <UnexpectedCompanyQuestion entry={question} texts={texts} busy={busy} onAnswer={actions.answer} />
      )}
      {ended && !composing && (
        <div className="batch-summary" role="status" data-testid="batch-summary">
          <h3>{status.state === 'finished' ? texts.finishedHeading : texts.stoppedHeading}</h3>
          <p>{texts.summary(status.counts.connected + status.counts.updated, status.counts.skipped, status.counts.failed)}</p>
          <button type="button" className="primary" onClick={() => setComposing(true)}>
            {texts.newBatch}
          </button>
        </div>
      )}
      {!showForm && (
        <BatchEntryList
          status={status}
          texts={texts}
          busy={busy}
          ended={ended}
          onRetry={actions.retry}
          onSkip={(entryId) => actions.skip(entryId)}
        />
      )}
    </section>
  );
}

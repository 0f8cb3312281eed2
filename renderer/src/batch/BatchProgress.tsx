import type { BatchEntryView, BatchStatus } from '../../../shared/batch-contract';
import type { BatchMessages } from '../i18n/batch-messages';
import type { Messages } from '../i18n/messages';
import { currentInstruction, entryLabel, pausedOn, pendingQuestion, progressText } from './batch-view-state';
import { UnexpectedCompanyQuestion } from './UnexpectedCompanyQuestion';

/** The actions the progress panel offers; each resolves when main has answered. */
export interface BatchActions {
  skip: (entryId?: number) => void;
  retry: (entryId: number) => void;
  stop: () => void;
  newLogin: () => void;
  answer: (entryId: number, keep: boolean) => void;
}

interface BatchProgressProps {
  status: BatchStatus;
  messages: Messages;
  texts: BatchMessages;
  busy: boolean;
  actions: BatchActions;
}

/** Why an entry failed, in words: the flow's own message, or what went wrong talking to Fortnox. */
function failureText(entry: BatchEntryView, messages: Messages): string {
  if (entry.error === 'exchange_failed' && entry.issue !== null) return messages.issues[entry.issue];
  return entry.error === null ? '' : messages.flow.errors[entry.error].title;
}

/**
 * A running batch: the progress (a live region, so a screen reader hears "38 av 120 anslutna"),
 * what to do in Fortnox now, and skip, stop and "use another Fortnox login"; when paused on a
 * failure, why and retry; when Fortnox returned a company not on the list, the question.
 */
export function BatchProgress({ status, messages, texts, busy, actions }: BatchProgressProps) {
  const instruction = currentInstruction(status, texts);
  const failed = pausedOn(status);
  const question = pendingQuestion(status);

  return (
    <div className="batch-progress">
      <div role="status" aria-live="polite" className="batch-progress-status">
        <p className="batch-count" data-testid="batch-progress">
          {progressText(status, texts)}
        </p>
        <p className="hint">{texts.progressDetails(status.counts.skipped, status.counts.failed, status.counts.notOnList)}</p>
        {instruction && (
          <p className="batch-current" dir="auto" data-testid="batch-current">
            {instruction}
          </p>
        )}
      </div>
      {status.phase === 'signing-in' && <p className="hint">{texts.oneLoginHint}</p>}
      {question && <UnexpectedCompanyQuestion entry={question} texts={texts} busy={busy} onAnswer={actions.answer} />}
      {failed && (
        <div className="notice notice-error batch-failed" data-testid="batch-failed">
          <h3 dir="auto">{texts.failedHeading(entryLabel(failed, texts))}</h3>
          <p>{failureText(failed, messages)}</p>
          <p className="hint">{texts.pausedHint}</p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy} onClick={() => actions.retry(failed.id)}>
              {texts.retry}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => actions.skip(failed.id)}>
              {texts.skip}
            </button>
          </div>
        </div>
      )}
      <div className="button-row batch-controls">
        {status.mode === 'list' && status.phase !== null && (
          <button type="button" className="secondary" disabled={busy} onClick={() => actions.skip()}>
            {texts.skip}
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={actions.stop}>
          {status.mode === 'open' ? texts.done : texts.stop}
        </button>
        <button type="button" className="secondary" disabled={busy} aria-describedby="batch-new-login-hint" onClick={actions.newLogin}>
          {texts.newLogin}
        </button>
      </div>
      <p id="batch-new-login-hint" className="hint">
        {texts.newLoginHint}
      </p>
    </div>
  );
}

import { useEffect, useRef } from 'react';
import type { BatchEntryView } from '../../../shared/batch-contract';
import type { BatchMessages } from '../i18n/batch-messages';
import { entryLabel } from './batch-view-state';

interface UnexpectedCompanyQuestionProps {
  entry: BatchEntryView;
  texts: BatchMessages;
  busy: boolean;
  onAnswer: (entryId: number, keep: boolean) => void;
}

/**
 * "Fortnox returned X, which is not on the list: keep it?" The batch waits for the answer, so the
 * focus moves here when the question appears; letting it go revokes the access at Fortnox.
 */
export function UnexpectedCompanyQuestion({ entry, texts, busy, onAnswer }: UnexpectedCompanyQuestionProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    container.current?.focus();
  }, [entry.id]);
  return (
    <div
      className="notice notice-warning batch-question"
      role="group"
      aria-labelledby="batch-question-heading"
      aria-describedby="batch-question-text"
      tabIndex={-1}
      ref={container}
      data-testid="batch-question"
    >
      <h3 id="batch-question-heading">{texts.unexpectedHeading}</h3>
      <p id="batch-question-text" dir="auto">
        {texts.unexpected(entryLabel(entry, texts))}
      </p>
      <p className="hint" id="batch-discard-hint">
        {texts.discardHint}
      </p>
      <div className="button-row">
        <button type="button" className="primary" disabled={busy} onClick={() => onAnswer(entry.id, true)}>
          {texts.keep}
        </button>
        <button type="button" className="secondary" disabled={busy} aria-describedby="batch-discard-hint" onClick={() => onAnswer(entry.id, false)}>
          {texts.discard}
        </button>
      </div>
    </div>
  );
}

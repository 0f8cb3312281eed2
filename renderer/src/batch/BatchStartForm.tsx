import { useId, useState } from 'react';
import type { BatchEntryInput } from '../../../shared/batch-contract';
import type { BatchMessages } from '../i18n/batch-messages';
import type { Messages } from '../i18n/messages';
import type { Selection } from '../connect/scope-selection';
import { readClientFile } from '../clients/client-file-text';
import { FileChooser } from '../common/FileChooser';
import { fileFits, readBatchList } from './batch-list-input';

interface BatchStartFormProps {
  messages: Messages;
  texts: BatchMessages;
  selection: Selection;
  /** The scope profile the selection is, if any. */
  profileName: string | null;
  /** Text of a refusal or failure of the last start, shown as an alert. */
  startProblem: string | null;
  busy: boolean;
  onStart: (entries: BatchEntryInput[]) => void;
  onChangeScopes: () => void;
  /** The list being written, kept by the app so that a trip to change the scopes loses nothing. */
  text: string;
  onTextChange: (text: string) => void;
}

/** The batch's start: a pasted list or a CSV file of organisation numbers, the scopes, and Start. */
export function BatchStartForm({ messages, texts, selection, profileName, startProblem, busy, onStart, onChangeScopes, text, onTextChange: setText }: BatchStartFormProps) {
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const ids = { list: useId(), hint: useId(), read: useId() };
  const list = readBatchList(text);
  const noScopes = selection.scopes.length === 0;

  const chooseFile = (file: File) => {
    if (!fileFits(file.size)) {
      setFileProblem(texts.fileTooLarge);
      return;
    }
    // UTF-8, or Windows-1252 as Swedish Excel writes CSV, the same way as the Clients view's import.
    void readClientFile(file).then((read) => {
      if (read.ok) {
        setFileProblem(null);
        setText(read.text);
      } else setFileProblem(read.error === 'too_large' ? texts.fileTooLarge : texts.fileUnreadable);
    });
  };

  return (
    <div className="batch-start">
      <p>{texts.intro}</p>
      <label htmlFor={ids.list}>{texts.listLabel}</label>
      <textarea
        id={ids.list}
        className="batch-list-input"
        rows={8}
        value={text}
        spellCheck={false}
        aria-describedby={`${ids.hint} ${ids.read}`}
        data-testid="batch-list"
        onChange={(event) => setText(event.target.value)}
      />
      <p id={ids.hint} className="hint">
        {texts.listHint}
      </p>
      <p>
        <FileChooser texts={messages.fileChooser} accept=".csv,.txt,text/csv,text/plain" testId="batch-file" onFile={chooseFile} />
      </p>
      {fileProblem && (
        <p className="notice notice-error" role="alert">
          {fileProblem}
        </p>
      )}
      <div id={ids.read} aria-live="polite">
        {list.kind === 'read' && <p data-testid="batch-ready">{texts.ready(list.entries.length)}</p>}
        {list.kind === 'too-many' && (
          <p className="notice notice-error" role="alert" data-testid="batch-too-many">
            {texts.tooMany(list.count, list.max)}
          </p>
        )}
        {list.kind === 'refused' && (
          <p className="notice notice-error" role="alert">
            {messages.clients.import.failures[list.result.error]}
          </p>
        )}
        {list.kind === 'read' && list.result.problems.length > 0 && (
          <div className="notice notice-warning" data-testid="batch-problems">
            <p>{texts.problemsHeading(list.result.problems.length)}</p>
            <ul>
              {list.result.problems.slice(0, 50).map((problem) => (
                <li key={`${problem.line}-${problem.reason}`} dir="auto">
                  {messages.clients.import.problem(problem)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <p className="batch-scopes">
        {noScopes
          ? texts.noScopes
          : profileName !== null
            ? texts.scopesProfile(profileName, selection.scopes.length)
            : texts.scopesSummary(selection.scopes.length)}{' '}
        <button type="button" className="link-button" onClick={onChangeScopes}>
          {texts.changeScopes}
        </button>
      </p>
      {startProblem && (
        <p className="notice notice-error" role="alert">
          {startProblem}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={busy || noScopes || list.kind !== 'read' || list.entries.length === 0}
          data-testid="batch-start"
          onClick={() => list.kind === 'read' && onStart(list.entries)}
        >
          {texts.start}
        </button>
        <button type="button" className="secondary" disabled={busy || noScopes} aria-describedby="batch-open-hint" onClick={() => onStart([])}>
          {texts.startOpen}
        </button>
      </div>
      <p id="batch-open-hint" className="hint">
        {texts.startOpenHint}
      </p>
    </div>
  );
}

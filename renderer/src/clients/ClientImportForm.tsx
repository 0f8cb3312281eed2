import { useId, useState, type FormEvent } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { CLIENT_IMPORT_MAX_BYTES, utf8Length } from '../../../shared/client-import-limits';
import type { ClientLineProblem } from '../../../shared/client-import';
import type { Messages } from '../i18n/messages';
import { FileChooser } from '../common/FileChooser';
import { readClientFile } from './client-file-text';

/** At most this many problems are listed; the rest are counted. */
const PROBLEMS_SHOWN = 200;

type ImportState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; summary: string; problems: readonly ClientLineProblem[]; notes: string[] }
  | { kind: 'refused'; text: string };

interface ClientImportFormProps {
  api: ConnectorApi;
  messages: Messages;
}

/**
 * The import box: paste organisation numbers (with names) or choose a CSV file. The text is parsed
 * in main with the shared parser (shared/client-import.ts); what came in is counted and every line
 * that was not taken is listed with its line number and reason. A file is imported as soon as it
 * is chosen; a pasted text with Import (or Ctrl/Cmd+Enter in the box).
 */
export function ClientImportForm({ api, messages }: ClientImportFormProps) {
  const texts = messages.clients.import;
  const id = useId();
  const [text, setText] = useState('');
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  const run = async (input: string, fromBox: boolean) => {
    if (input.length > CLIENT_IMPORT_MAX_BYTES || utf8Length(input) > CLIENT_IMPORT_MAX_BYTES) {
      setState({ kind: 'refused', text: texts.failures.too_large });
      return;
    }
    setState({ kind: 'busy' });
    try {
      const outcome = await api.importClients(input);
      if (!outcome.ok) {
        setState({ kind: 'refused', text: texts.failures[outcome.error] });
        return;
      }
      const notes: string[] = [];
      if (outcome.overLimit > 0) notes.push(texts.overLimit(outcome.overLimit));
      if (!outcome.stored) notes.push(texts.notStored);
      setState({ kind: 'done', summary: texts.result(outcome.added, outcome.alreadyListed), problems: outcome.problems, notes });
      // Every line was taken: the box is emptied for the next list; otherwise it stays to be corrected.
      if (fromBox && outcome.problems.length === 0) setText('');
    } catch {
      setState({ kind: 'refused', text: messages.clients.noResponse });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(text, true);
  };

  const chooseFile = async (file: File) => {
    const read = await readClientFile(file);
    if (!read.ok) setState({ kind: 'refused', text: read.error === 'too_large' ? texts.failures.too_large : texts.fileUnreadable });
    else await run(read.text, false);
  };

  const busy = state.kind === 'busy';
  return (
    <form className="client-import" aria-labelledby={`${id}-heading`} onSubmit={submit} data-testid="client-import">
      <h3 id={`${id}-heading`}>{texts.heading}</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>{texts.textLabel}</label>
        <textarea
          id={`${id}-text`}
          rows={5}
          value={text}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          data-testid="client-import-text"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
          }}
        />
        <p className="hint" id={`${id}-hint`}>
          {texts.textHint}
        </p>
      </div>
      <div className="client-import-actions">
        <button type="submit" disabled={busy} data-testid="client-import-button">
          {busy ? texts.busy : texts.button}
        </button>
        <FileChooser texts={messages.fileChooser} accept=".csv,.txt,text/csv,text/plain" disabled={busy} testId="client-import-file" onFile={(file) => void chooseFile(file)} />
      </div>
      <div role="status" className="client-import-result" data-testid="client-import-result">
        {state.kind === 'refused' && <p className="problem">{state.text}</p>}
        {state.kind === 'done' && (
          <>
            <p>{state.summary}</p>
            {state.notes.map((note) => (
              <p key={note} className="problem">
                {note}
              </p>
            ))}
          </>
        )}
      </div>
      {state.kind === 'done' && state.problems.length > 0 && (
        <div className="client-import-problems" data-testid="client-import-problems">
          <p className="problem">{texts.problemsHeading(state.problems.length)}</p>
          <ul>
            {state.problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
              <li key={`${problem.line}`} data-line={problem.line}>
                {texts.problem(problem)}
              </li>
            ))}
          </ul>
          {state.problems.length > PROBLEMS_SHOWN && <p className="hint">{texts.moreProblems(state.problems.length - PROBLEMS_SHOWN)}</p>}
        </div>
      )}
    </form>
  );
}

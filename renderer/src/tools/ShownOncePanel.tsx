import { useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ToolCopyTarget } from '../../../shared/ipc-contract';
import { TOOL_EXAMPLE_KINDS, toolExample } from '../../../shared/tool-examples';
import type { Messages } from '../i18n/messages';
import { ShownKeyField } from './ShownKeyField';

/** A key just created, as the panel shows it. Lives only in the Tools view's state. */
export interface ShownKey {
  key: string;
  name: string;
  port: number;
  /** The company the examples read, or null when the key has none to name yet. */
  databaseNumber: string | null;
  /** That company's name, for the sentence above the examples. */
  companyName: string | null;
}

interface ShownOncePanelProps {
  api: ConnectorApi;
  shown: ShownKey;
  messages: Messages;
  /** "Done": the view forgets the key. */
  onDone: () => void;
}

type CopyOutcome = { what: ToolCopyTarget; copied: boolean; tooLate?: boolean };

/**
 * The new key, shown this once: the key with a copy button, a warning that it will not be shown
 * again, and ready examples (curl, PowerShell, Python, Excel Power Query) each with a copy button.
 * Copying goes through main (the sandboxed page has no clipboard access), which builds the same
 * text from the same function. The heading takes the focus when the panel opens.
 */
export function ShownOncePanel({ api, shown, messages, onDone }: ShownOncePanelProps) {
  const texts = messages.tools.created;
  const heading = useRef<HTMLHeadingElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const copy = async (what: ToolCopyTarget) => {
    setOutcome(null);
    let copied: boolean;
    let tooLate = false;
    try {
      const answer = await api.copyToolText({ what, key: shown.key, databaseNumber: shown.databaseNumber });
      copied = answer.copied;
      tooLate = answer.reason === 'not_recent';
    } catch {
      copied = false;
    }
    setOutcome({ what, copied, tooLate });
  };

  const outcomeFor = (what: ToolCopyTarget) =>
    outcome?.what === what ? (
      <span className={outcome.copied ? 'tone-ok' : 'tone-problem'} data-testid={`tool-copy-outcome-${what}`}>
        {outcome.copied ? texts.copied : outcome.tooLate ? texts.copyTooLate : texts.copyFailed}
      </span>
    ) : null;

  const input = { port: shown.port, key: shown.key, databaseNumber: shown.databaseNumber };
  return (
    <section className="card shown-once" aria-labelledby="tool-created-heading" data-testid="tool-created">
      <h3 id="tool-created-heading" ref={heading} tabIndex={-1} dir="auto">
        {texts.heading(shown.name)}
      </h3>
      <p className="notice notice-warning" data-testid="tool-created-warning">
        {texts.warning}
      </p>
      <ShownKeyField
        inputId="tool-created-key"
        label={texts.keyLabel}
        value={shown.key}
        valueTestId="tool-key-value"
        copyLabel={texts.copyKey}
        onCopy={() => void copy('key')}
        outcome={outcomeFor('key')}
      />
      <h4>{texts.examplesHeading}</h4>
      <p className="hint">{texts.examplesIntro(shown.port, shown.companyName)}</p>
      {TOOL_EXAMPLE_KINDS.map((kind) => {
        const name = texts.exampleNames[kind];
        return (
          <section className="tool-example" key={kind} aria-labelledby={`tool-example-${kind}`} data-testid={`tool-example-${kind}`}>
            <h5 id={`tool-example-${kind}`}>{name}</h5>
            <p className="hint">{texts.exampleNotes[kind]}</p>
            <pre tabIndex={0} aria-labelledby={`tool-example-${kind}`}>
              <code>{toolExample(kind, input)}</code>
            </pre>
            <div className="button-row">
              <button type="button" className="secondary" onClick={() => void copy(kind)}>
                {texts.copyExample(name)}
              </button>
              <span role="status">{outcomeFor(kind)}</span>
            </div>
          </section>
        );
      })}
      <div className="button-row">
        <button id="tool-created-done-button" type="button" className="primary" onClick={onDone} data-testid="tool-created-done">
          {texts.done}
        </button>
      </div>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { Messages } from '../i18n/messages';

type Outcome = 'copying' | 'copied' | 'copy-failed' | 'reload-failed';

/**
 * What the window shows when the UI itself failed: a plain explanation, "Copy diagnostics" (built
 * by main, as in Settings) and "Reload" (main reloads the window: the page may not navigate itself).
 * The heading takes the focus, so keyboard and screen-reader users land on it.
 */
export function CrashView({ api, messages, error }: { api: ConnectorApi; messages: Messages; error: Error }) {
  const texts = messages.crash;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    setOutcome('copying');
    try {
      setOutcome((await api.copyDiagnostics()).copied ? 'copied' : 'copy-failed');
    } catch {
      setOutcome('copy-failed');
    }
  };
  const reload = async () => {
    try {
      if (!(await api.reloadApp()).reloading) setOutcome('reload-failed');
    } catch {
      setOutcome('reload-failed');
    }
  };

  const outcomeText = {
    copying: texts.copying,
    copied: texts.copied,
    'copy-failed': texts.copyFailed,
    'reload-failed': texts.reloadFailed,
  };
  return (
    <main className="layout" data-testid="crash-view">
      <section className="card" aria-labelledby="crash-heading">
        <h1 id="crash-heading" ref={heading} tabIndex={-1}>
          {texts.heading}
        </h1>
        <p role="alert">{texts.body}</p>
        <details>
          <summary>{texts.details}</summary>
          <p className="hint" data-testid="crash-details">
            {`${error.name}: ${error.message}`.slice(0, 300)}
          </p>
        </details>
        <div className="button-row">
          <button type="button" data-testid="crash-reload" onClick={() => void reload()}>
            {texts.reload}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="crash-copy-diagnostics"
            disabled={outcome === 'copying'}
            onClick={() => void copy()}
          >
            {texts.copyDiagnostics}
          </button>
        </div>
        <div role="status" className="form-outcome" data-testid="crash-outcome">
          {outcome !== null && (
            <p className={outcome === 'copied' ? 'tone-ok' : outcome === 'copying' ? 'hint' : 'tone-problem'}>
              {outcomeText[outcome]}
            </p>
          )}
        </div>
      </section>
    </main>
  );
}

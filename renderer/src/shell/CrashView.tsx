import { useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { copyDiagnosticsText, useCopyDiagnostics } from '../common/use-copy-diagnostics';
import type { Messages } from '../i18n/messages';
import { shownError } from './renderer-error-report';

/**
 * What the window shows when the UI itself failed: a plain explanation, "Copy diagnostics" (built
 * by main, as in Settings) and "Reload" (main reloads the window: the page may not navigate itself).
 * The heading takes the focus, so keyboard and screen-reader users land on it.
 */
export function CrashView({ api, messages, error }: { api: ConnectorApi; messages: Messages; error: Error }) {
  const texts = messages.crash;
  const { outcome, copy } = useCopyDiagnostics(api);
  const [reloadFailed, setReloadFailed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const reload = async () => {
    try {
      if (!(await api.reloadApp()).reloading) setReloadFailed(true);
    } catch {
      setReloadFailed(true);
    }
  };

  const shown = reloadFailed ? { text: texts.reloadFailed, className: 'tone-problem' } : outcome && copyDiagnosticsText(outcome, messages);
  return (
    <main className="layout" data-testid="crash-view">
      <section className="card" aria-labelledby="crash-heading">
        <h1 id="crash-heading" ref={heading} tabIndex={-1}>
          {texts.heading}
        </h1>
        <p role="alert">{texts.body}</p>
        <details>
          <summary>{messages.technicalDetails}</summary>
          <p className="hint" data-testid="crash-details" dir="auto">
            {shownError(error)}
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
            onClick={() => {
              setReloadFailed(false);
              void copy();
            }}
          >
            {messages.diagnostics.button}
          </button>
        </div>
        <div role="status" className="form-outcome" data-testid="crash-outcome">
          {shown && <p className={shown.className}>{shown.text}</p>}
        </div>
      </section>
    </main>
  );
}

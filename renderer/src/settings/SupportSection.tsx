import type { ConnectorApi } from '../../../shared/connector-api';
import { copyDiagnosticsText, useCopyDiagnostics } from '../common/use-copy-diagnostics';
import type { Messages } from '../i18n/messages';

/** Support: copies diagnostics (version, OS, settings without secrets, the last log lines) through main. */
export function SupportSection({ api, messages }: { api: ConnectorApi; messages: Messages }) {
  const texts = messages.support;
  const { outcome, copy } = useCopyDiagnostics(api);
  const shown = outcome === null ? null : copyDiagnosticsText(outcome, messages);
  return (
    <section className="card" aria-labelledby="support-heading" data-testid="support-section">
      <h3 id="support-heading">{texts.heading}</h3>
      <p id="diagnostics-includes" className="hint">
        {texts.includes}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="secondary"
          aria-describedby="diagnostics-includes"
          disabled={outcome === 'copying'}
          data-testid="copy-diagnostics"
          onClick={() => void copy()}
        >
          {messages.diagnostics.button}
        </button>
      </div>
      <div role="status" className="form-outcome" data-testid="copy-diagnostics-outcome">
        {shown && <p className={shown.className}>{shown.text}</p>}
      </div>
    </section>
  );
}

import { useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { Messages } from '../i18n/messages';

type Outcome = 'copying' | 'copied' | 'copy-failed' | 'no-response';

/** Support: copies diagnostics (version, OS, settings without secrets, the last log lines) through main. */
export function SupportSection({ api, messages }: { api: ConnectorApi; messages: Messages }) {
  const texts = messages.support;
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const copy = async () => {
    setOutcome('copying');
    try {
      setOutcome((await api.copyDiagnostics()).copied ? 'copied' : 'copy-failed');
    } catch {
      setOutcome('no-response');
    }
  };

  const text = {
    copying: texts.copying,
    copied: texts.copied,
    'copy-failed': texts.copyFailed,
    'no-response': texts.requestFailed,
  };
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
          {texts.button}
        </button>
      </div>
      <div role="status" className="form-outcome" data-testid="copy-diagnostics-outcome">
        {outcome !== null && (
          <p className={outcome === 'copied' ? 'tone-ok' : outcome === 'copying' ? 'hint' : 'tone-problem'}>{text[outcome]}</p>
        )}
      </div>
    </section>
  );
}

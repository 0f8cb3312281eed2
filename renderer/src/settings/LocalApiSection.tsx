import { useRef, useState, type FormEvent } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { parseLocalApiPortInput } from '../../../shared/local-api-port';
import type { LocalApiSettingsView, LocalApiView } from '../../../shared/local-api-status';
import type { Messages } from '../i18n/messages';
import { LocalApiStatus } from './LocalApiStatus';

interface LocalApiSectionProps {
  api: ConnectorApi;
  /** The local API's settings and status (`useLocalApi`); null while unknown. */
  view: LocalApiView | null;
  messages: Messages;
}

/** What happened at the last save, kept as data so a language switch translates it too. */
type Outcome = { kind: 'port-invalid'; typed: string } | { kind: 'saved'; sessionOnly: boolean } | { kind: 'locked' } | { kind: 'no-response' };

/** The Settings section of the local API: on/off, port, and its status line. */
export function LocalApiSection({ api, view, messages }: LocalApiSectionProps) {
  const texts = messages.localApi;
  return (
    <section className="card" aria-labelledby="local-api-heading" data-testid="local-api-section">
      <h3 id="local-api-heading">{texts.heading}</h3>
      <p className="hint">{texts.intro}</p>
      {view === null ? (
        <LocalApiStatus status={null} messages={messages} />
      ) : (
        <LocalApiForm api={api} settings={view.settings} messages={messages} />
      )}
      {view !== null && <LocalApiStatus status={view.status} messages={messages} onRetry={() => api.retryLocalApi()} />}
    </section>
  );
}

function LocalApiForm({ api, settings, messages }: { api: ConnectorApi; settings: LocalApiSettingsView; messages: Messages }) {
  const texts = messages.localApi;
  const [enabled, setEnabled] = useState(settings.enabled);
  const [portText, setPortText] = useState(settings.port === null ? '' : String(settings.port));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  const portInput = useRef<HTMLInputElement>(null);
  const enabledLocked = settings.locked.includes('enabled');
  const portLocked = settings.locked.includes('port');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = portLocked ? { ok: true as const, port: settings.port } : parseLocalApiPortInput(portText);
    if (!parsed.ok) {
      setOutcome({ kind: 'port-invalid', typed: portText.trim().slice(0, 40) });
      portInput.current?.focus();
      return;
    }
    setSaving(true);
    try {
      // Locked values go back as they are; main refuses any change to them.
      const result = await api.saveLocalApiSettings({ enabled: enabledLocked ? settings.enabled : enabled, port: parsed.port });
      if (result.ok) {
        setOutcome({ kind: 'saved', sessionOnly: result.sessionOnly });
        setPortText(result.view.settings.port === null ? '' : String(result.view.settings.port));
      } else if (result.problem === 'port_invalid') {
        setOutcome({ kind: 'port-invalid', typed: portText.trim().slice(0, 40) });
        portInput.current?.focus();
      } else {
        setOutcome({ kind: 'locked' });
      }
    } catch {
      setOutcome({ kind: 'no-response' });
    } finally {
      setSaving(false);
    }
  };

  const portError = outcome?.kind === 'port-invalid' ? texts.portInvalid(outcome.typed, settings.defaultPort) : null;
  const portDescribedBy = ['local-api-port-hint', portLocked ? 'local-api-port-locked' : '', portError ? 'local-api-port-error' : ''].filter(Boolean).join(' ');
  return (
    <form className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="form-field">
        <label className="checkbox-label" htmlFor="local-api-enabled">
          <input
            id="local-api-enabled"
            type="checkbox"
            checked={enabledLocked ? settings.enabled : enabled}
            disabled={enabledLocked}
            aria-describedby={enabledLocked ? 'local-api-enabled-locked' : undefined}
            onChange={(event) => setEnabled(event.target.checked)}
          />{' '}
          {texts.enabledLabel}
        </label>
        {enabledLocked && (
          <p id="local-api-enabled-locked" className="hint environment-note" data-testid="local-api-enabled-locked">
            {texts.lockedByManaged}
          </p>
        )}
      </div>
      <div className="form-field">
        <label htmlFor="local-api-port">{texts.portLabel}</label>
        <input
          id="local-api-port"
          ref={portInput}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          placeholder={String(settings.defaultPort)}
          value={portLocked ? String(settings.port ?? settings.defaultPort) : portText}
          readOnly={portLocked}
          aria-invalid={portError !== null || undefined}
          aria-describedby={portDescribedBy}
          onChange={(event) => setPortText(event.target.value)}
        />
        <p id="local-api-port-hint" className="hint">
          {texts.portHint(settings.defaultPort)}
        </p>
        {portLocked && (
          <p id="local-api-port-locked" className="hint environment-note" data-testid="local-api-port-locked">
            {texts.lockedByManaged}
          </p>
        )}
        {portError && (
          <p id="local-api-port-error" className="field-errors single" data-testid="local-api-port-error">
            {portError}
          </p>
        )}
      </div>
      {!(enabledLocked && portLocked) && (
        <div className="button-row">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? texts.saving : texts.save}
          </button>
        </div>
      )}
      <div role="status" className="form-outcome" data-testid="local-api-outcome">
        {outcome?.kind === 'saved' && <p className="tone-ok">{outcome.sessionOnly ? texts.savedSessionOnly : texts.saved}</p>}
        {outcome?.kind === 'locked' && <p className="tone-problem">{texts.notSavedLocked}</p>}
        {outcome?.kind === 'no-response' && <p className="tone-problem">{texts.requestFailed}</p>}
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { IntegrationNameState } from '../../../shared/ipc-contract';
import { INTEGRATION_NAME_MAX, normalizeIntegrationName } from '../../../shared/integration-name';
import type { Messages } from '../i18n/messages';

interface IntegrationNameSectionProps {
  api: ConnectorApi;
  /** The name in effect (main's app info), or undefined from a main that does not know names. */
  current: IntegrationNameState | undefined;
  messages: Messages;
  /** After a save: main's app info (and with it the header and title) is read again. */
  onSaved: () => void;
}

type Outcome = { kind: 'saved'; name: string | null; sessionOnly: boolean } | { kind: 'refused'; problem: 'locked' | 'too_long' } | { kind: 'failed' };

/** Settings: the integration's name for the header and title; read-only when the managed configuration sets it. */
export function IntegrationNameSection({ api, current, messages, onSaved }: IntegrationNameSectionProps) {
  const texts = messages.shell.integrationName;
  const [value, setValue] = useState(current?.name ?? '');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = current?.locked ?? false;
  const checked = normalizeIntegrationName(value);
  const tooLong = !checked.ok;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (tooLong || locked) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api.saveIntegrationName(value);
      if (result.ok) {
        setValue(result.name ?? '');
        setOutcome({ kind: 'saved', name: result.name, sessionOnly: result.sessionOnly });
        onSaved();
      } else {
        setOutcome({ kind: 'refused', problem: result.problem });
      }
    } catch {
      setOutcome({ kind: 'failed' });
    } finally {
      setBusy(false);
    }
  };

  const outcomeText = (() => {
    if (!outcome) return null;
    if (outcome.kind === 'failed') return { ok: false, text: texts.failed };
    if (outcome.kind === 'refused') return { ok: false, text: outcome.problem === 'locked' ? texts.locked : texts.problems.too_long };
    const text = outcome.name === null ? texts.cleared : texts.saved(outcome.name);
    return { ok: !outcome.sessionOnly, text: outcome.sessionOnly ? `${text} ${texts.sessionOnly}` : text };
  })();

  return (
    <section className="card" aria-labelledby="integration-name-heading">
      <h3 id="integration-name-heading">{texts.heading}</h3>
      <p className="hint">{texts.intro}</p>
      {locked && <p className="notice notice-info">{texts.locked}</p>}
      <form className="settings-form" noValidate onSubmit={(event) => void save(event)}>
        <div className="form-field">
          <label htmlFor="integration-name">{texts.label}</label>
          <input
            id="integration-name"
            type="text"
            dir="auto"
            autoComplete="off"
            value={locked ? (current?.name ?? '') : value}
            readOnly={locked}
            maxLength={INTEGRATION_NAME_MAX * 2}
            aria-invalid={tooLong || undefined}
            aria-describedby={tooLong ? 'integration-name-hint integration-name-error' : 'integration-name-hint'}
            onChange={(event) => setValue(event.target.value)}
          />
          <p id="integration-name-hint" className="hint">
            {texts.hint}
          </p>
          {tooLong && (
            <p id="integration-name-error" className="field-errors single" data-testid="integration-name-error">
              {texts.problems.too_long}
            </p>
          )}
        </div>
        {!locked && (
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy || tooLong}>
              {texts.save}
            </button>
          </div>
        )}
        <div role="status" className="form-outcome" data-testid="integration-name-outcome">
          {outcomeText && <p className={outcomeText.ok ? 'tone-ok' : 'tone-problem'}>{outcomeText.text}</p>}
        </div>
      </form>
    </section>
  );
}

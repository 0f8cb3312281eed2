import { useState, type FormEvent } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ClientSecretResult, SettingsView } from '../../../shared/ipc-contract';
import { formatAbsolute } from '../common/relative-time';
import { CONFIG_FIELD_NAMES } from '../i18n/config-field-names';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { checkClientSecret } from './settings-input';

interface ClientSecretFormProps {
  api: ConnectorApi;
  settings: SettingsView;
  messages: Messages;
  language: Language;
  onChanged: () => void;
}

type Outcome =
  | { kind: 'saved'; mode: ClientSecretResult['mode'] }
  | { kind: 'not-saved' }
  | { kind: 'removed' }
  | { kind: 'not-removed' }
  | { kind: 'no-response' };

/**
 * The client secret: a password field that is never pre-filled (main never sends the secret
 * back), the date it was saved and where it comes from, Save and Remove. What the user typed
 * stays in the field until it was saved.
 */
export function ClientSecretForm({ api, settings, messages, language, onChanged }: ClientSecretFormProps) {
  const texts = messages.settings;
  const [secret, setSecret] = useState('');
  const [checked, setChecked] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const { clientSecret } = settings;
  const managed = clientSecret.source === 'managed';
  const environment = clientSecret.source === 'environment';
  // A managed secret does not lock the field (nothing can lock it): the managed file (or registry
  // policy) is readable by every user of the computer, so entering one's own secret here
  // (encrypted per user) is preferred. Only a development run's environment variable wins over it.
  const locked = environment;
  const variable = CONFIG_FIELD_NAMES.clientSecret?.environment ?? '';
  const problem = checked ? checkClientSecret(secret, messages) : null;

  const state = (() => {
    if (managed) return texts.secretManaged;
    if (environment) return texts.secretFromEnvironment(variable);
    if (!clientSecret.set) return texts.secretNotSet;
    return texts.secretSaved(clientSecret.savedAt === null ? '' : formatAbsolute(clientSecret.savedAt, language)).trim();
  })();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setOutcome(null);
    if (checkClientSecret(secret, messages) !== null) return;
    setBusy('save');
    try {
      const result = await api.setClientSecret(secret);
      setOutcome(result.saved ? { kind: 'saved', mode: result.mode } : { kind: 'not-saved' });
      if (result.saved) {
        setSecret('');
        setChecked(false);
        onChanged();
      }
    } catch {
      setOutcome({ kind: 'no-response' });
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('remove');
    setOutcome(null);
    try {
      const result = await api.clearClientSecret();
      setOutcome(result.cleared ? { kind: 'removed' } : { kind: 'not-removed' });
      if (result.cleared) onChanged();
    } catch {
      setOutcome({ kind: 'no-response' });
    } finally {
      setBusy(null);
    }
  };

  const outcomeText = (() => {
    switch (outcome?.kind) {
      case undefined:
        return null;
      case 'saved':
        return { ok: outcome.mode === 'encrypted', text: outcome.mode === 'memory' ? texts.secretSavedMemory : texts.secretSavedNow };
      case 'not-saved':
        return { ok: false, text: texts.secretNotSaved };
      case 'removed':
        return { ok: true, text: texts.secretRemoved };
      case 'not-removed':
        return { ok: false, text: texts.secretNotRemoved };
      case 'no-response':
        return { ok: false, text: texts.requestFailed };
    }
  })();

  return (
    <section className="card" aria-labelledby="client-secret-heading">
      <h3 id="client-secret-heading">{texts.secretHeading}</h3>
      <p className="hint">{texts.secretIntro}</p>
      <p className={managed ? 'secret-state notice notice-warning' : 'secret-state'} data-testid="client-secret-state">
        {state}
      </p>
      <form className="settings-form" noValidate onSubmit={(event) => void save(event)}>
        <div className="form-field">
          <label htmlFor="client-secret">{texts.secretLabel}</label>
          <input
            id="client-secret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={secret}
            disabled={locked}
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem ? 'client-secret-error' : undefined}
            onChange={(event) => setSecret(event.target.value)}
          />
          {problem && (
            <p id="client-secret-error" className="field-errors single" data-testid="client-secret-error">
              {problem}
            </p>
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={locked || busy !== null}>
            {texts.secretSave}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={locked || !clientSecret.set || clientSecret.source !== 'vault' || busy !== null}
            onClick={() => void remove()}
          >
            {texts.secretRemove}
          </button>
        </div>
        <div role="status" className="form-outcome" data-testid="client-secret-outcome">
          {outcomeText && <p className={outcomeText.ok ? 'tone-ok' : 'tone-problem'}>{outcomeText.text}</p>}
        </div>
      </form>
    </section>
  );
}

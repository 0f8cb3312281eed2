import { useRef, useState, type FormEvent } from 'react';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { SaveSettingsRequest, SettingsView } from '../../../shared/ipc-contract';
import { CONFIG_FIELD_NAMES } from '../i18n/config-field-names';
import type { Messages } from '../i18n/messages';
import { checkSettingsInput, problemsByField, type SettingsField } from './settings-input';

interface ClientSettingsFormProps {
  api: ConnectorApi;
  settings: SettingsView;
  messages: Messages;
  /** What main reported about the configuration at start (getAppInfo), shown until the first save. */
  currentProblems: readonly ConfigProblem[];
  onSaved: () => void;
}

/**
 * What went wrong with the last save, kept as data (not sentences) so that switching the
 * language also translates the messages already on screen.
 */
type Outcome =
  | { kind: 'local'; values: SaveSettingsRequest }
  | { kind: 'refused'; problems: ConfigProblem[] }
  | { kind: 'no-response' }
  | { kind: 'saved' };

const FIELDS: readonly SettingsField[] = ['clientId', 'redirectUri'];

/** Why a field cannot be edited here: the IT department's managed configuration, or an environment variable. */
type Lock = 'managed' | 'environment' | null;

function lockOf(settings: SettingsView, field: SettingsField, source: SettingsView['clientIdSource']): Lock {
  if (source === 'managed' || settings.locked.includes(field)) return 'managed';
  return source === 'environment' ? 'environment' : null;
}

/** Client id and redirect URI. Values set in the environment or locked by the IT department are read-only. */
export function ClientSettingsForm({ api, settings, messages, currentProblems, onSaved }: ClientSettingsFormProps) {
  const texts = messages.settings;
  const [values, setValues] = useState<SaveSettingsRequest>(() => ({
    clientId: settings.clientId ?? '',
    redirectUri: settings.redirectUri ?? '',
  }));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  const inputs = useRef<Partial<Record<SettingsField, HTMLInputElement | null>>>({});

  const lockedBy: Record<SettingsField, Lock> = {
    clientId: lockOf(settings, 'clientId', settings.clientIdSource),
    redirectUri: lockOf(settings, 'redirectUri', settings.redirectUriSource),
  };
  const editable = FIELDS.filter((field) => lockedBy[field] === null);
  const labels: Record<SettingsField, string> = { clientId: texts.clientIdLabel, redirectUri: texts.redirectUriLabel };

  const shown = (() => {
    if (outcome?.kind === 'local') {
      const fields = checkSettingsInput(outcome.values, messages);
      for (const field of FIELDS) if (lockedBy[field]) fields[field] = [];
      return { fields, form: [] as string[] };
    }
    if (outcome?.kind === 'refused') return problemsByField(outcome.problems, messages);
    if (outcome === null) {
      // Before the first save: main's current problems with these two fields (the rest are shown
      // on the other views, with how to fix them).
      const own = currentProblems.filter((problem) => problem.field === 'clientId' || problem.field === 'redirectUri');
      return { fields: problemsByField(own, messages).fields, form: [] as string[] };
    }
    return { fields: { clientId: [], redirectUri: [] }, form: [] as string[] };
  })();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkSettingsInput(values, messages);
    const invalid = editable.filter((field) => checked[field].length > 0);
    if (invalid.length > 0) {
      setOutcome({ kind: 'local', values });
      const first = invalid[0];
      if (first) inputs.current[first]?.focus();
      return;
    }
    setSaving(true);
    try {
      // Locked values cannot change; main gets them back as they are.
      const result = await api.saveSettings({
        clientId: lockedBy.clientId ? (settings.clientId ?? '') : values.clientId.trim(),
        redirectUri: lockedBy.redirectUri ? (settings.redirectUri ?? '') : values.redirectUri.trim(),
      });
      if (result.ok) {
        setOutcome({ kind: 'saved' });
        onSaved();
      } else {
        setOutcome({ kind: 'refused', problems: result.problems });
        const first = editable.find((field) => result.problems.some((problem) => problem.field === field));
        if (first) inputs.current[first]?.focus();
      }
    } catch {
      setOutcome({ kind: 'no-response' });
    } finally {
      setSaving(false);
    }
  };

  const failed = outcome?.kind === 'local' || outcome?.kind === 'refused';
  return (
    <section className="card" aria-labelledby="client-settings-heading">
      <h3 id="client-settings-heading">{texts.clientHeading}</h3>
      <p className="hint">{texts.clientIntro}</p>
      <form className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        {FIELDS.map((field) => {
          const errors = shown.fields[field];
          const environment = CONFIG_FIELD_NAMES[field]?.environment ?? '';
          const describedBy = [
            field === 'redirectUri' ? 'redirectUri-hint' : '',
            lockedBy[field] ? `${field}-locked` : '',
            errors.length > 0 ? `${field}-errors` : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <div className="form-field" key={field}>
              <label htmlFor={`settings-${field}`}>{labels[field]}</label>
              <input
                id={`settings-${field}`}
                ref={(element) => {
                  inputs.current[field] = element;
                }}
                type={field === 'redirectUri' ? 'url' : 'text'}
                autoComplete="off"
                spellCheck={false}
                value={values[field]}
                readOnly={lockedBy[field] !== null}
                aria-invalid={errors.length > 0 || undefined}
                aria-describedby={describedBy || undefined}
                onChange={(event) => setValues((previous) => ({ ...previous, [field]: event.target.value }))}
              />
              {field === 'redirectUri' && (
                <p id="redirectUri-hint" className="hint">
                  {texts.redirectUriHint}
                </p>
              )}
              {lockedBy[field] && (
                <p id={`${field}-locked`} className="hint environment-note" data-testid={`settings-${field}-locked`}>
                  {lockedBy[field] === 'managed' ? texts.lockedByManaged : texts.fromEnvironment(environment)}
                </p>
              )}
              {errors.length > 0 && (
                <ul id={`${field}-errors`} className="field-errors" data-testid={`settings-${field}-errors`}>
                  {errors.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        {editable.length === 0 ? (
          <p className="hint">{texts.allLocked}</p>
        ) : (
          <div className="button-row">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? texts.saving : texts.save}
            </button>
          </div>
        )}
        <div role="status" className="form-outcome" data-testid="settings-outcome">
          {outcome?.kind === 'saved' && <p className="tone-ok">{texts.saved}</p>}
          {outcome?.kind === 'no-response' && <p className="tone-problem">{texts.requestFailed}</p>}
          {failed && <p className="tone-problem">{texts.notSaved}</p>}
          {shown.form.length > 0 && (
            <ul className="field-errors">
              {shown.form.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </div>
      </form>
    </section>
  );
}

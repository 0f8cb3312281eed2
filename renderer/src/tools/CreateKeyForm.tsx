import { useRef, useState, type FormEvent } from 'react';
import type { CompanySummary, NewToolKeyRequest } from '../../../shared/ipc-contract';
import { KEY_NAME_MAX, KEY_RIGHTS } from '../../../shared/tool-key-rules';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { CompanyChecklist } from './CompanyChecklist';
import { checkKeyForm, keepConnected, keyRequest, LIFETIME_CHOICES, type KeyFormProblem, type KeyFormState } from './key-form';

interface CreateKeyFormProps {
  companies: readonly CompanySummary[];
  companiesLoad: 'loading' | 'failed' | 'loaded';
  form: KeyFormState;
  onFormChange: (next: KeyFormState) => void;
  messages: Messages;
  language: Language;
  /**
   * Sends the request (to main's key registry, or to the firm server): null when the key was made
   * (the view then shows it once and clears the form), else the text that says why not.
   */
  create: (request: NewToolKeyRequest) => Promise<string | null>;
  /** The heading's id and text are the view's: the firm's keys are named differently. */
  heading?: string;
}

type Failure = { kind: 'refused'; text: string } | { kind: 'no-response' };

/**
 * The create form: name, companies (all, or a filterable checklist), the right (radio buttons
 * that say in plain words what each allows; the access-token right with a warning) and the
 * lifetime. Problems are shown at their fields and the first gets the focus; the form is kept
 * whole after any failure (its state lives in the view), so nothing typed is lost.
 */
export function CreateKeyForm({ companies, companiesLoad, form, onFormChange, messages, language, create, heading }: CreateKeyFormProps) {
  const texts = messages.tools.create;
  const [problems, setProblems] = useState<KeyFormProblem[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const companiesFieldset = useRef<HTMLFieldSetElement>(null);
  const set = (patch: Partial<KeyFormState>) => onFormChange({ ...form, ...patch });
  // Problems shown are those of the last attempt, updated as the user fixes them.
  const current = problems.length > 0 ? checkKeyForm(form) : problems;
  const nameProblem = current.find((problem) => problem.field === 'name');
  const companiesProblem = current.find((problem) => problem.field === 'companies');

  const problemText = (problem: KeyFormProblem): string => {
    if (problem.field === 'companies') return texts.noneChosen;
    if (problem.problem === 'missing') return texts.nameMissing;
    if (problem.problem === 'too-long') return texts.nameTooLong(KEY_NAME_MAX, problem.length);
    return texts.nameNotOneLine;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    const connected = new Set(companies.map((company) => company.tenantId));
    const state = { ...form, chosen: keepConnected(form.chosen, connected) };
    if (state.chosen !== form.chosen) onFormChange(state);
    const found = checkKeyForm(state);
    setProblems(found);
    const first = found[0];
    if (first) {
      if (first.field === 'name') nameInput.current?.focus();
      else companiesFieldset.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    setBusy(true);
    try {
      const refused = await create(keyRequest(state));
      if (refused !== null) setFailure({ kind: 'refused', text: refused });
    } catch {
      setFailure({ kind: 'no-response' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card tool-create" aria-labelledby="tool-create-heading">
      <h3 id="tool-create-heading">{heading ?? texts.heading}</h3>
      <form className="settings-form" noValidate onSubmit={(event) => void submit(event)} data-testid="tool-create-form">
        <div className="form-field">
          <label htmlFor="tool-key-name">{texts.nameLabel}</label>
          <input
            id="tool-key-name"
            ref={nameInput}
            type="text"
            autoComplete="off"
            value={form.name}
            // A little room past the limit, so a pasted name is cut visibly and the message says by how much.
            maxLength={KEY_NAME_MAX * 2}
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby={nameProblem ? 'tool-key-name-hint tool-key-name-error' : 'tool-key-name-hint'}
            onChange={(event) => set({ name: event.target.value })}
          />
          <p id="tool-key-name-hint" className="hint">
            {texts.nameHint}
          </p>
          {nameProblem && (
            <p id="tool-key-name-error" className="field-errors single" data-testid="tool-key-name-error">
              {problemText(nameProblem)}
            </p>
          )}
        </div>

        <fieldset className="form-field" ref={companiesFieldset} aria-describedby={companiesProblem ? 'tool-companies-error' : undefined}>
          <legend>{texts.companiesLegend}</legend>
          <div className="radio-option">
            <input id="tool-scope-all" type="radio" name="tool-scope" checked={form.scope === 'all'} onChange={() => set({ scope: 'all' })} />
            <label htmlFor="tool-scope-all">{texts.companiesAll}</label>
            <p className="hint">{texts.companiesAllHint}</p>
          </div>
          <div className="radio-option">
            <input id="tool-scope-chosen" type="radio" name="tool-scope" checked={form.scope === 'chosen'} onChange={() => set({ scope: 'chosen' })} />
            <label htmlFor="tool-scope-chosen">{texts.companiesChosen}</label>
          </div>
          {companiesProblem && (
            <p id="tool-companies-error" className="field-errors single" data-testid="tool-companies-error">
              {problemText(companiesProblem)}
            </p>
          )}
          {form.scope === 'chosen' && (
            <CompanyChecklist
              companies={companies}
              companiesLoad={companiesLoad}
              chosen={form.chosen}
              onChange={(chosen) => set({ chosen })}
              messages={messages}
              language={language}
              errorId={companiesProblem ? 'tool-companies-error' : undefined}
            />
          )}
        </fieldset>

        <fieldset className="form-field">
          <legend>{texts.rightsLegend}</legend>
          {KEY_RIGHTS.map((right) => (
            <div className="radio-option" key={right}>
              <input
                id={`tool-right-${right}`}
                type="radio"
                name="tool-right"
                value={right}
                checked={form.right === right}
                aria-describedby={`tool-right-${right}-text`}
                onChange={() => set({ right })}
              />
              <label htmlFor={`tool-right-${right}`}>{texts.rights[right].label}</label>
              <p id={`tool-right-${right}-text`} className="hint">
                {texts.rights[right].description}
              </p>
            </div>
          ))}
          {form.right === 'token' && (
            <p className="notice notice-warning" role="note" data-testid="tool-token-warning">
              {texts.tokenWarning}
            </p>
          )}
        </fieldset>

        <fieldset className="form-field">
          <legend>{texts.lifetimeLegend}</legend>
          <div className="radio-row">
            {LIFETIME_CHOICES.map((lifetime) => (
              <span className="radio-option inline" key={lifetime}>
                <input
                  id={`tool-lifetime-${lifetime}`}
                  type="radio"
                  name="tool-lifetime"
                  value={lifetime}
                  checked={form.lifetime === lifetime}
                  onChange={() => set({ lifetime })}
                />
                <label htmlFor={`tool-lifetime-${lifetime}`}>{texts.lifetimes[lifetime]}</label>
              </span>
            ))}
          </div>
        </fieldset>

        <div className="button-row">
          <button id="tool-create-submit-button" type="submit" className="primary" disabled={busy} data-testid="tool-create-submit">
            {busy ? texts.creating : texts.submit}
          </button>
        </div>
        <div role="alert" className="form-outcome" data-testid="tool-create-outcome">
          {current.length > 0 && (
            <div className="tone-problem">
              <p>{texts.problemsHeading}</p>
              <ul>
                {current.map((problem) => (
                  <li key={problem.field}>{problemText(problem)}</li>
                ))}
              </ul>
            </div>
          )}
          {failure && <p className="tone-problem">{failure.kind === 'refused' ? failure.text : texts.requestFailed}</p>}
        </div>
      </form>
    </section>
  );
}

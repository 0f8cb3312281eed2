import { useState, type FormEvent } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { FirmProblem, FirmResult, FirmView } from '../../../shared/ipc-contract';
import { FIRM_MESSAGES } from '../i18n/firm-messages';
import type { Language } from '../i18n/language';
import type { ConnectionIssue } from '../../../shared/connection-issues';
import { LocalLeftovers } from './LocalLeftovers';

interface FirmServerSectionProps {
  api: ConnectorApi;
  view: FirmView;
  language: Language;
  /** The app's text for a connection issue (why Fortnox could not be told, when letting own connections go). */
  issueText: (issue: ConnectionIssue) => string;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

/**
 * Settings: "Use my firm's server" (issue 10 item 5). The server's URL (locked when the managed
 * configuration sets it), signing in through the firm's identity provider in the system browser
 * or with a pairing code, who is signed in and the live list's state, and signing out. Loaded
 * lazily: most desktops never use it.
 */
export function FirmServerSection({ api, view, language, issueText }: FirmServerSectionProps) {
  const texts = FIRM_MESSAGES[language];
  const [use, setUse] = useState(view.url !== null);
  const [url, setUrl] = useState(view.url ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [problem, setProblem] = useState<{ field: 'url' | 'code' | 'sign-in'; text: string } | null>(null);
  const shownUse = view.locked || use || view.url !== null;

  const problemText = (reason: FirmProblem) => texts.problems[reason];

  const run = async (field: 'url' | 'code' | 'sign-in', action: () => Promise<FirmResult>, success: (result: FirmResult) => string | null) => {
    setBusy(field !== 'sign-in');
    setOutcome(null);
    setProblem(null);
    try {
      const result = await action();
      if (result.ok) {
        const text = success(result);
        setOutcome(text === null ? null : { ok: true, text });
      } else if (result.problem !== 'cancelled') {
        setProblem({ field, text: problemText(result.problem) });
      }
    } catch {
      setProblem({ field, text: texts.failed });
    } finally {
      setBusy(false);
    }
  };

  const saveUrl = (event: FormEvent) => {
    event.preventDefault();
    void run('url', () => api.saveFirmServer(url), () => texts.saved);
  };
  const toggle = (checked: boolean) => {
    setUse(checked);
    if (!checked && view.url !== null) {
      setUrl('');
      void run('url', () => api.saveFirmServer(''), () => null);
    }
  };
  const pair = (event: FormEvent) => {
    event.preventDefault();
    void run(
      'code',
      () => api.pairFirm(code),
      () => {
        setCode('');
        return null;
      },
    );
  };
  const signedIn = view.user !== null;

  return (
    <section className="card" aria-labelledby="firm-server-heading" data-testid="firm-server">
      <h3 id="firm-server-heading">{texts.heading}</h3>
      <p className="hint">{texts.intro}</p>
      {view.locked && <p className="notice notice-info">{texts.locked}</p>}
      <div className="form-field">
        <label className="checkbox-label" htmlFor="firm-server-use">
          <input
            id="firm-server-use"
            type="checkbox"
            checked={shownUse}
            disabled={view.locked || busy}
            aria-describedby="firm-server-use-hint"
            onChange={(event) => toggle(event.target.checked)}
          />{' '}
          {texts.useLabel}
        </label>
        <p id="firm-server-use-hint" className="hint">
          {texts.useHint}
        </p>
      </div>
      {shownUse && (
        <form className="settings-form" noValidate onSubmit={saveUrl}>
          <div className="form-field">
            <label htmlFor="firm-server-url">{texts.urlLabel}</label>
            <input
              id="firm-server-url"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              dir="ltr"
              maxLength={2000}
              value={view.locked ? (view.url ?? '') : url}
              readOnly={view.locked}
              aria-invalid={problem?.field === 'url' || undefined}
              aria-describedby={problem?.field === 'url' ? 'firm-server-url-hint firm-server-url-error' : 'firm-server-url-hint'}
              onChange={(event) => setUrl(event.target.value)}
            />
            <p id="firm-server-url-hint" className="hint">
              {texts.urlHint}
            </p>
            {problem?.field === 'url' && (
              <p id="firm-server-url-error" className="field-errors single">
                {problem.text}
              </p>
            )}
          </div>
          {!view.locked && (
            <div className="button-row">
              <button type="submit" className="secondary" disabled={busy}>
                {texts.save}
              </button>
            </div>
          )}
        </form>
      )}
      {view.url !== null && (
        <div className="firm-session" data-testid="firm-session">
          <p role="status" data-testid="firm-state">
            {signedIn && view.user ? `${texts.signedInAs(view.user.name, view.user.email)} ${texts.roles[view.user.role]}. ` : ''}
            {texts.states[view.state]}
          </p>
          {signedIn ? (
            <div className="button-row">
              <button type="button" className="secondary" disabled={busy} onClick={() => void run('sign-in', () => api.signOutFirm(), () => texts.signedOut)}>
                {texts.signOut}
              </button>
            </div>
          ) : (
            <>
              <h4>{texts.signInHeading}</h4>
              {view.signIn?.oidc !== false && (
                <div className="form-field">
                  {view.signingIn ? (
                    <>
                      <p className="notice notice-info">{texts.signingIn}</p>
                      <div className="button-row">
                        <button type="button" className="secondary" onClick={() => void api.cancelFirmSignIn()}>
                          {texts.cancel}
                        </button>
                      </div>
                    </>
                  ) : (
                    <>
                      <div className="button-row">
                        <button type="button" className="primary" onClick={() => void run('sign-in', () => api.signInFirm(), () => null)}>
                          {texts.signIn}
                        </button>
                      </div>
                      <p className="hint">{texts.signInHint}</p>
                    </>
                  )}
                  {problem?.field === 'sign-in' && <p className="field-errors single">{problem.text}</p>}
                </div>
              )}
              {view.signIn?.pairing !== false && (
                <form className="settings-form" noValidate onSubmit={pair}>
                  <div className="form-field">
                    <label htmlFor="firm-pairing-code">{texts.pairingLabel}</label>
                    <input
                      id="firm-pairing-code"
                      type="text"
                      autoComplete="one-time-code"
                      autoCapitalize="characters"
                      spellCheck={false}
                      dir="ltr"
                      maxLength={40}
                      value={code}
                      aria-invalid={problem?.field === 'code' || undefined}
                      aria-describedby={problem?.field === 'code' ? 'firm-pairing-hint firm-pairing-error' : 'firm-pairing-hint'}
                      onChange={(event) => setCode(event.target.value)}
                    />
                    <p id="firm-pairing-hint" className="hint">
                      {texts.pairingHint}
                    </p>
                    {problem?.field === 'code' && (
                      <p id="firm-pairing-error" className="field-errors single">
                        {problem.text}
                      </p>
                    )}
                  </div>
                  <div className="button-row">
                    <button type="submit" className="secondary" disabled={busy || code.trim() === ''}>
                      {texts.pair}
                    </button>
                  </div>
                </form>
              )}
            </>
          )}
        </div>
      )}
      {view.url !== null && <LocalLeftovers api={api} texts={texts.leftovers} issueText={issueText} reloadKey={`${view.url}|${view.user?.email ?? ''}`} />}
      <div role="status" className="form-outcome" data-testid="firm-outcome">
        {outcome && <p className={outcome.ok ? 'tone-ok' : 'tone-problem'}>{outcome.text}</p>}
      </div>
    </section>
  );
}

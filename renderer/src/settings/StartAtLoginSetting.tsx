import { useEffect, useId, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { StartAtLoginStatus } from '../../../shared/start-at-login';
import type { Messages } from '../i18n/messages';

interface StartAtLoginSettingProps {
  api: ConnectorApi;
  messages: Messages;
  /** `card`: a section of Settings; `inline`: part of the Get started card. */
  variant: 'card' | 'inline';
}

type State = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; status: StartAtLoginStatus };

/** Whether the operating system has the app registered to start at login (approved or not yet). */
function registered(status: StartAtLoginStatus): boolean {
  return status === 'on' || status === 'requires_approval';
}

/**
 * "Start at login": a checkbox that turns the operating system's login item (macOS, Windows) or
 * autostart entry (Linux) on and off through main, showing what the system reports afterwards:
 * macOS may still want the user's approval, and some systems cannot do it at all.
 */
export function StartAtLoginSetting({ api, messages, variant }: StartAtLoginSettingProps) {
  const texts = messages.startAtLogin;
  const id = useId();
  const [state, setState] = useState<State>({ load: 'loading' });
  /** The value asked for while main answers, shown at once (the checkbox follows the click). */
  const [pending, setPending] = useState<boolean | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    api.getStartAtLogin().then(
      (answer) => current && setState({ load: 'loaded', status: answer.status }),
      () => current && setState({ load: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [api]);

  const change = async (enabled: boolean) => {
    setPending(enabled);
    setFailed(false);
    try {
      const result = await api.setStartAtLogin(enabled);
      setState({ load: 'loaded', status: result.status });
      setFailed(!result.ok);
    } catch {
      setFailed(true);
    } finally {
      setPending(null);
    }
  };

  const status = state.load === 'loaded' ? state.status : null;
  const note = status === null || status === 'on' || status === 'off' ? null : texts.notes[status];
  const body = (
    <>
      {state.load === 'loading' && (
        <p className="hint" role="status">
          {texts.loading}
        </p>
      )}
      {state.load === 'failed' && (
        <p className="notice notice-error" role="alert">
          {texts.readFailed}
        </p>
      )}
      {status !== null && (
        <div className="scope option">
          <input
            id={`${id}-checkbox`}
            type="checkbox"
            data-testid="start-at-login"
            checked={pending ?? registered(status)}
            disabled={pending !== null || status === 'unsupported'}
            aria-describedby={`${id}-description${note ? ` ${id}-note` : ''}`}
            onChange={(event) => void change(event.target.checked)}
          />
          <div className="scope-text">
            <label htmlFor={`${id}-checkbox`} className="scope-label">
              {texts.label}
            </label>
            <p id={`${id}-description`} className="scope-description">
              {texts.description}
            </p>
            {note && (
              <p id={`${id}-note`} className="notice notice-warning" data-testid="start-at-login-note" data-status={status}>
                {note}
              </p>
            )}
          </div>
        </div>
      )}
      {failed && (
        <p className="notice notice-error" role="alert" data-testid="start-at-login-failed">
          {texts.changeFailed}
        </p>
      )}
    </>
  );
  if (variant === 'inline') {
    return (
      <div className="start-at-login" data-testid="start-at-login-setup">
        <h3>{texts.heading}</h3>
        {body}
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="start-at-login-settings">
      <h3 id={`${id}-heading`}>{texts.heading}</h3>
      {body}
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { SettingsView } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { ClientSecretForm } from './ClientSecretForm';
import { ClientSettingsForm } from './ClientSettingsForm';
import { StorageBanner } from './StorageBanner';

type LoadState = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; settings: SettingsView };

interface SettingsPageProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  focusOnMount: boolean;
  /** Main's configuration problems from getAppInfo (empty when the configuration is valid). */
  configProblems: readonly ConfigProblem[];
  /** After the client settings changed: the app asks main again whether the configuration is valid. */
  onConfigChanged: () => void;
}

/** The Settings view: client id, redirect URI, client secret and how secrets are stored. */
export function SettingsPage({ api, messages, language, focusOnMount, configProblems, onConfigChanged }: SettingsPageProps) {
  const texts = messages.settings;
  const heading = useRef<HTMLHeadingElement>(null);
  const [state, setState] = useState<LoadState>({ load: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  useEffect(() => {
    let current = true;
    api.getSettings().then(
      (settings) => current && setState({ load: 'loaded', settings }),
      // A failed reload keeps what is on screen (and what the user typed in it).
      () => current && setState((previous) => (previous.load === 'loaded' ? previous : { load: 'failed' })),
    );
    return () => {
      current = false;
    };
  }, [api, generation]);

  const reload = () => setGeneration((value) => value + 1);

  return (
    <section className="settings-view" aria-labelledby="settings-heading">
      <h2 id="settings-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      {state.load === 'loading' && (
        <p className="hint" role="status">
          {texts.loading}
        </p>
      )}
      {state.load === 'failed' && (
        <div className="notice notice-error" role="alert" data-testid="settings-load-failed">
          <p>{texts.loadFailed}</p>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setState({ load: 'loading' });
              reload();
            }}
          >
            {texts.retry}
          </button>
        </div>
      )}
      {state.load === 'loaded' && (
        <div className="settings-grid">
          {state.settings.simulator && <p className="notice notice-info">{messages.simulatorExplanation}</p>}
          <ClientSettingsForm
            api={api}
            settings={state.settings}
            messages={messages}
            currentProblems={configProblems}
            onSaved={() => {
              reload();
              onConfigChanged();
            }}
          />
          <ClientSecretForm
            api={api}
            settings={state.settings}
            messages={messages}
            language={language}
            onChanged={() => {
              reload();
              onConfigChanged();
            }}
          />
          <section className="card" aria-labelledby="storage-heading">
            <h3 id="storage-heading">{texts.storageHeading}</h3>
            <StorageBanner storage={state.settings.storage} messages={messages} showWhenFine />
          </section>
        </div>
      )}
    </section>
  );
}

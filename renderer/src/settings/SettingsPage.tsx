import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AppInfo, SettingsView, UpdateStatus } from '../../../shared/ipc-contract';
import { problemsAtFields, problemsOutsideForms, type SetupStage } from './first-run';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { AboutSection } from './AboutSection';
import { ClientSecretForm } from './ClientSecretForm';
import { ClientSettingsForm } from './ClientSettingsForm';
import { ConfigProblems } from './ConfigProblems';
import { GetStarted } from './GetStarted';
import { LocalApiSection } from './LocalApiSection';
import { IntegrationNameSection } from './IntegrationNameSection';
import { useLocalApi } from './use-local-api';
import { StartAtLoginSetting } from './StartAtLoginSetting';
import { DefaultProfileSection } from './DefaultProfileSection';
import { StorageBanner } from '../shell/StorageBanner';
import { SupportSection } from './SupportSection';

// Firm mode (issue 10) loads when Settings shows it; until then the client forms show as they always did.
const FirmModeArea = lazy(() => import('./FirmModeArea').then((module) => ({ default: module.FirmModeArea })));

type LoadState = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; settings: SettingsView };

interface SettingsPageProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  focusOnMount: boolean;
  /** Main's answer to getAppInfo, or null when it is not (yet) known. */
  info: AppInfo | null;
  /** Main's configuration problems from getAppInfo (empty when the configuration is valid). */
  configProblems: readonly ConfigProblem[];
  /** Not null on a first start: the view is presented as Get started. */
  setup: SetupStage;
  updateStatus: UpdateStatus | null;
  /** After the client settings changed: the app asks main again whether the configuration is valid. */
  onConfigChanged: () => void;
  onGoToConnect: () => void;
}

/**
 * The Settings view: client id, redirect URI, client secret and how secrets are stored, then
 * Support and About. On a first start it opens as Get started, with what an integration is.
 */
export function SettingsPage(props: SettingsPageProps) {
  const { api, messages, language, focusOnMount, info, configProblems, setup, onConfigChanged } = props;
  const texts = messages.settings;
  const heading = useRef<HTMLHeadingElement>(null);
  const [state, setState] = useState<LoadState>({ load: 'loading' });
  const [generation, setGeneration] = useState(0);
  const localApi = useLocalApi(api);

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
  // Saving asks main again for both the settings and whether the configuration is now valid.
  const changed = () => {
    reload();
    onConfigChanged();
  };
  const elsewhere = problemsOutsideForms(configProblems);
  const simulator = info?.simulator ?? (state.load === 'loaded' && state.settings.simulator);

  const clientForms = state.load === 'loaded' && (
    <>
      <ClientSettingsForm
        api={api}
        settings={state.settings}
        messages={messages}
        currentProblems={problemsAtFields(configProblems, setup)}
        onSaved={changed}
      />
      <ClientSecretForm api={api} settings={state.settings} messages={messages} language={language} onChanged={changed} />
    </>
  );

  return (
    <section className="settings-view" aria-labelledby="settings-heading" data-setup={setup ?? undefined}>
      <h2 id="settings-heading" ref={heading} tabIndex={-1}>
        {setup === null ? texts.heading : messages.setup.heading}
      </h2>
      <div className="settings-grid">
        {setup !== null && (
          <GetStarted
            stage={setup}
            problems={configProblems}
            messages={messages}
            openHelp={(target) => api.openHelp(target)}
            onGoToConnect={props.onGoToConnect}
            api={api}
          />
        )}
        {elsewhere.length > 0 && <ConfigProblems messages={messages} problems={elsewhere} packaged={info?.packaged ?? false} level={3} />}
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
          <>
            {state.settings.simulator && <p className="notice notice-info">{messages.simulatorExplanation}</p>}
            <Suspense fallback={clientForms}>
              <FirmModeArea api={api} language={language} messages={messages} clientForms={clientForms} onConfigChanged={onConfigChanged} />
            </Suspense>
            <section className="card" aria-labelledby="storage-heading">
              <h3 id="storage-heading">{texts.storageHeading}</h3>
              <StorageBanner storage={state.settings.storage} messages={messages} showWhenFine />
            </section>
            <LocalApiSection api={api} view={localApi} messages={messages} />
            {info && <IntegrationNameSection api={api} current={info.integrationName} messages={messages} onSaved={onConfigChanged} />}
          </>
        )}
        {/* During Get started the same setting is offered inside the Get started card. */}
        {setup === null && <StartAtLoginSetting api={api} messages={messages} variant="card" />}
        {setup === null && <DefaultProfileSection api={api} messages={messages} language={language} />}
        <SupportSection api={api} messages={messages} />
        <AboutSection
          info={info}
          simulator={simulator}
          updateStatus={props.updateStatus}
          messages={messages}
          language={language}
        />
      </div>
    </section>
  );
}

import { useEffect, useRef } from 'react';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { ConnectorApi } from '../../../shared/connector-api';
import { SETUP_STEPS, setupChecklist, type SetupStage } from './first-run';
import type { Messages } from '../i18n/messages';
import { HelpButton } from '../common/HelpButton';
import { StartAtLoginSetting } from './StartAtLoginSetting';

interface GetStartedProps {
  stage: Exclude<SetupStage, null>;
  /** Main's current configuration problems (empty once the configuration is valid). */
  problems: readonly ConfigProblem[];
  messages: Messages;
  openHelp: ConnectorApi['openHelp'];
  onGoToConnect: () => void;
  /** For the start-at-login option offered during Get started. */
  api: ConnectorApi;
}

/**
 * The top of the Settings view on a first start: what an integration is, where its values come
 * from (a help page main opens), and which of them are still missing. Once main reports the
 * configuration as valid, it gives way to a short "done" with the way on to Connect.
 */
export function GetStarted({ stage, problems, messages, openHelp, onGoToConnect, api }: GetStartedProps) {
  const texts = messages.setup;
  const done = useRef<HTMLElement>(null);

  useEffect(() => {
    // "Done" appears only because the user just saved the last missing value (further down the
    // page): take the focus there, so keyboard and screen-reader users hear it and find the way on.
    if (stage === 'done') done.current?.focus();
  }, [stage]);

  if (stage === 'done') {
    return (
      <section
        ref={done}
        tabIndex={-1}
        className="notice notice-success setup-done"
        aria-labelledby="setup-done-heading"
        data-testid="setup-done"
      >
        <h3 id="setup-done-heading">{texts.doneHeading}</h3>
        <p>{texts.doneBody}</p>
        <button type="button" className="primary" onClick={onGoToConnect}>
          {texts.doneButton}
        </button>
        <StartAtLoginSetting api={api} messages={messages} variant="inline" />
      </section>
    );
  }
  const checklist = setupChecklist(problems);
  return (
    <div className="card get-started" data-testid="get-started">
      {texts.intro.map((paragraph) => (
        <p key={paragraph} className="intro">
          {paragraph}
        </p>
      ))}
      <HelpButton target="developer-portal" openHelp={openHelp} messages={messages} />
      <h3 id="setup-checklist-heading">{texts.checklistHeading}</h3>
      <ul className="setup-checklist" aria-labelledby="setup-checklist-heading" data-testid="setup-checklist">
        {SETUP_STEPS.map((step) => (
          <li key={step} className={`setup-step step-${checklist[step]}`} data-testid={`setup-step-${step}`} data-state={checklist[step]}>
            <span className="setup-mark" aria-hidden="true">
              {checklist[step] === 'done' ? '✓' : '○'}
            </span>
            <span>
              {texts.steps[step]}: {texts.stepStates[checklist[step]]}
            </span>
          </li>
        ))}
      </ul>
      <StartAtLoginSetting api={api} messages={messages} variant="inline" />
    </div>
  );
}

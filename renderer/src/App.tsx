import { useReducer, useState } from 'react';
import type { ConnectorApi } from '../../shared/connector-api';
import type { FlowStatusMessage } from '../../shared/ipc-contract';
import { AppHeader } from './components/AppHeader';
import { ConfigProblems } from './components/ConfigProblems';
import { ConnectPanel } from './components/ConnectPanel';
import { FlowStatusPanel, type RequestProblem } from './components/FlowStatusPanel';
import { ScopePicker } from './components/ScopePicker';
import { connectBlocker } from './connect-blocker';
import { useAppInfo } from './hooks/use-app-info';
import { useFlowStatus } from './hooks/use-flow-status';
import { useLanguage } from './hooks/use-language';
import { MESSAGES } from './i18n/messages';
import { INITIAL_SELECTION, selectionReducer } from './scope-selection';

/** Which call to main is under way. */
type Pending = 'connect' | 'restart' | 'focus' | 'cancel' | null;

/** The whole window. Works with any object of the ConnectorApi shape (preload or test harness). */
export function App({ api }: { api: ConnectorApi }) {
  const appInfo = useAppInfo(api);
  const status = useFlowStatus(api);
  const info = appInfo.state === 'loaded' ? appInfo.info : null;
  const [language, setLanguage] = useLanguage(info?.systemLanguages);
  const messages = MESSAGES[language];

  // The selection lives here, apart from the flow status, so no flow outcome can reset it.
  const [selection, dispatch] = useReducer(selectionReducer, INITIAL_SELECTION);
  const [pending, setPending] = useState<Pending>(null);
  // Set once the user has asked for something; only then may a new status move the focus.
  const [userActed, setUserActed] = useState(false);
  // Remembered with the status it happened under, so the next status from main replaces it.
  const [problem, setProblem] = useState<{ code: RequestProblem; during: FlowStatusMessage } | null>(null);

  const blocker = connectBlocker({
    appInfo,
    selectedCount: selection.scopes.length,
    phase: status.phase,
    starting: pending === 'connect' || pending === 'restart',
  });

  async function call(kind: Exclude<Pending, null>, run: () => Promise<RequestProblem | null>) {
    setPending(kind);
    setUserActed(true);
    setProblem(null);
    try {
      const code = await run();
      if (code) setProblem({ code, during: status });
    } catch {
      setProblem({ code: 'no-response', during: status });
    } finally {
      setPending(null);
    }
  }

  /** Starts a sign-in with the current selection (restart replaces one that is open). */
  const connect = (restart: boolean) =>
    call(restart ? 'restart' : 'connect', async () => {
      const result = await api.startConnect({
        scopes: [...selection.scopes],
        offlineAccess: selection.offlineAccess,
        serviceAccount: selection.serviceAccount,
        restart,
      });
      return result.result === 'refused' ? 'config_invalid' : null;
    });

  /** Asks main to bring the open sign-in window to the front (startConnect without restart). */
  const showWindow = () =>
    call('focus', async () => {
      const scopes = status.phase === 'signing-in' && status.scopes.length > 0 ? status.scopes : selection.scopes;
      const result = await api.startConnect({
        scopes: [...scopes],
        offlineAccess: selection.offlineAccess,
        serviceAccount: status.phase === 'signing-in' ? status.serviceAccount : selection.serviceAccount,
        restart: false,
      });
      return result.result === 'refused' ? 'config_invalid' : null;
    });

  const cancel = () =>
    call('cancel', async () => {
      await api.cancelConnect();
      return null;
    });

  const retryBlocked =
    status.phase === 'signing-in' ? selection.scopes.length === 0 : blocker !== null;

  return (
    <>
      <AppHeader
        messages={messages}
        language={language}
        onLanguageChange={setLanguage}
        simulator={info?.simulator ?? false}
      />
      <main className="layout">
        {appInfo.state === 'failed' && (
          <p className="notice notice-error" role="alert">
            {messages.appInfoFailed}
          </p>
        )}
        {info && !info.config.ok && <ConfigProblems messages={messages} problems={info.config.problems} />}
        <div className="columns">
          <ScopePicker selected={selection.scopes} language={language} messages={messages} dispatch={dispatch} />
          <div className="sidebar">
            <FlowStatusPanel
              status={status}
              language={language}
              messages={messages}
              requestProblem={problem && problem.during === status ? problem.code : null}
              busy={pending !== null}
              userActed={userActed}
              retryBlocked={retryBlocked}
              onShowWindow={() => void showWindow()}
              onStartOver={() => void connect(true)}
              onCancel={() => void cancel()}
              onTryAgain={() => void connect(false)}
            />
            <ConnectPanel
              selection={selection}
              messages={messages}
              dispatch={dispatch}
              blocker={blocker}
              authorizeOrigin={info?.config.ok ? info.config.authorizeOrigin : null}
              onConnect={() => void connect(false)}
            />
          </div>
        </div>
      </main>
      {info && (
        <footer className="app-footer">
          <p>{messages.version(info.version)}</p>
        </footer>
      )}
    </>
  );
}

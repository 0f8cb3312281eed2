import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ConfigProblem } from '../../shared/config-problems';
import type { ConnectorApi } from '../../shared/connector-api';
import type { CompanySummary, HelpTarget } from '../../shared/ipc-contract';
import type { AppView } from './shell/app-view';
import { companyLabel } from './companies/company-label';
import { NO_FILTER } from './companies/company-filter';
import { DEFAULT_SORT } from './companies/company-sort';
import { AppHeader } from './shell/AppHeader';
import { AppSidebar } from './shell/AppSidebar';
import { CompaniesView, type CompanyListView } from './companies/CompaniesView';
import { ConnectView } from './connect/ConnectView';
import { FlowStatusPanel } from './connect/FlowStatusPanel';
import { SettingsPage } from './settings/SettingsPage';
import { UpdateBanner } from './shell/UpdateBanner';
import { connectBlocker } from './connect/connect-blocker';
import { needsSetup, setupStage, startView } from './settings/first-run';
import { useAppInfo } from './shell/use-app-info';
import { useCompanies } from './companies/use-companies';
import { useFlowActions, type ReconnectTarget } from './connect/use-flow-actions';
import { useFlowStatus } from './connect/use-flow-status';
import { useLanguage } from './i18n/use-language';
import { useUpdateStatus } from './shell/use-update-status';
import { MESSAGES } from './i18n/messages';
import { INITIAL_SELECTION, selectionReducer } from './connect/scope-selection';
import { useScopeProfiles } from './connect/use-scope-profiles';
import { activeProfile, lockedProfile, pickerProfiles, startingSelection } from './connect/scope-profiles';
import { refusedScopes } from './connect/refused-scopes';
import { profileIdField } from './batch/batch-profile-id';
import { shortcutView, type ShortcutId } from '../../shared/keyboard-shortcuts';
import { dismissedAfter, flowStatusShown } from './connect/flow-status-visibility';
import { isMacPlatform } from './shell/platform';
import { sidebarCounts } from './shell/sidebar-counts';
import { focusViewSearch, useGlobalShortcuts } from './shell/use-global-shortcuts';
import { useToolKeys } from './shell/use-tool-keys';
import { useNow } from './common/use-now';

/**
 * The batch view, loaded the first time it is shown: it brings the CSV parser (Papa Parse), which
 * would not fit the initial bundle's size budget (vite.config.mts).
 */
const BatchView = lazy(() => import('./batch/BatchView').then((module) => ({ default: module.BatchView })));

/** The Clients view is loaded when first opened: it is not needed at start (the initial JS budget). */
// Views loaded on first opening keep the initial bundle within its budget (vite.config.mts).
const ActivityView = lazy(() => import('./activity/ActivityView').then((module) => ({ default: module.ActivityView })));
const ClientsView = lazy(() => import('./clients/ClientsView').then((module) => ({ default: module.ClientsView })));
/** The Tools view (this computer's tool keys, or the firm server's integration keys in firm mode). */
const ToolsView = lazy(() => import('./tools/ToolsView').then((module) => ({ default: module.ToolsView })));

const NO_PROBLEMS: readonly ConfigProblem[] = [];

/** The whole window. Works with any object of the ConnectorApi shape (preload or test harness). */
export function App({ api }: { api: ConnectorApi }) {
  const [appInfo, reloadAppInfo] = useAppInfo(api);
  const status = useFlowStatus(api);
  const companies = useCompanies(api);
  const updateStatus = useUpdateStatus(api);
  const info = appInfo.state === 'loaded' ? appInfo.info : null;
  const [language, setLanguage] = useLanguage(info?.systemLanguages);
  const messages = MESSAGES[language];
  const openHelp = useCallback((target: HelpTarget) => api.openHelp(target), [api]);

  // The app opens on the company list, or on Settings as Get started when the integration is not
  // configured (first-run.ts); null until main's app info says which, unless the user picked a
  // view first. `focusView` is set when a button (not the menu) switched views, so the new view
  // takes the focus and keyboard users are not left on a vanished button.
  const [chosenView, setView] = useState<AppView | null>(null);
  const [focusView, setFocusView] = useState(false);
  /** The batch start form's list, kept while the accountant changes the scopes in Connect. */
  const [batchDraft, setBatchDraft] = useState('');
  // Whether setup was needed since the user last went to another view than Settings, so that
  // saving the last missing value there shows "done" with the way on to Connect (state adjusted
  // while rendering, as React recommends).
  const [setupNeeded, setSetupNeeded] = useState(false);
  if (chosenView === null && appInfo.state !== 'loading') setView(startView(appInfo));
  if (info && needsSetup(info) && !setupNeeded) setSetupNeeded(true);
  const [listView, setListView] = useState<CompanyListView>({ ...NO_FILTER, sort: DEFAULT_SORT });
  // The companies an alert notification named, after its click; null shows all.
  const [shownTenants, setShownTenants] = useState<readonly string[] | null>(null);

  // Main's own texts (OS notifications, tray) follow the window's language.
  useEffect(() => {
    api.setUiLanguage(language).catch(() => undefined);
  }, [api, language]);

  // A click on an alert notification: the company list, filtered to the companies it named only
  // (the text and status filters are cleared so none of them is hidden), with the focus on it.
  useEffect(
    () =>
      api.onShowCompanies((request) => {
        setShownTenants(request.tenantIds);
        setListView((previous) => ({ ...previous, ...NO_FILTER }));
        setSetupNeeded(false);
        setView('companies');
        setFocusView(true);
      }),
    [api],
  );

  // The selection lives here, apart from the flow status, so no flow outcome can reset it.
  const [chosenSelection, dispatch] = useReducer(selectionReducer, INITIAL_SELECTION);
  const [target, setTarget] = useState<ReconnectTarget | null>(null);

  // Scope profiles (issue 9 item 4): once main's profiles are known, the selection starts from the
  // locked profile, the one used last, or the default (state adjusted while rendering, once).
  const profiles = useScopeProfiles(api);
  const profilesView = profiles.state.load === 'loaded' ? profiles.state.view : null;
  const profileList = pickerProfiles(profilesView, language, messages);
  const [chosenProfileId, setChosenProfileId] = useState<string | null>(null);
  const [profilesApplied, setProfilesApplied] = useState(false);
  if (!profilesApplied && profiles.state.load !== 'loading') {
    setProfilesApplied(true);
    const start = profilesView ? startingSelection(profilesView, profileList) : null;
    if (start) {
      dispatch({ type: 'set-scopes', scopes: start.scopes });
      setChosenProfileId(start.profileId);
    }
  }
  // A profile the IT department locked is what every sign-in requests, whatever else was chosen.
  const locked = lockedProfile(profilesView);
  const selection = locked ? { ...chosenSelection, scopes: locked.scopes } : chosenSelection;
  const flow = useFlowActions({ api, status, selection, target });
  // invalid_scope on the Connect view's own sign-in: the scopes Fortnox named are marked in the picker.
  const refused = flow.attempt.kind === 'connect' ? refusedScopes(status, selection.scopes) : null;

  // Once the company being reconnected "with other scopes" is connected, the Connect view goes
  // back to connecting new companies (state adjusted while rendering, as React recommends).
  const [seenStatus, setSeenStatus] = useState(status);
  if (seenStatus !== status) {
    setSeenStatus(status);
    if (target && status.phase === 'succeeded' && status.company?.tenantId === target.tenantId) setTarget(null);
  }

  const goTo = (next: AppView, focus: boolean) => {
    if (next !== 'settings') setSetupNeeded(false);
    setView(next);
    setFocusView(focus);
  };

  // The tray's Open and Connect a company: main brings the window up and asks for the view (what
  // goTo does, with state setters only, so the subscription never holds a stale render).
  useEffect(
    () =>
      api.onShowView(({ view }) => {
        setSetupNeeded(false);
        setView(view);
        setFocusView(true);
      }),
    [api],
  );

  const reconnectOtherScopes = (company: CompanySummary) => {
    setTarget({
      tenantId: company.tenantId,
      name: companyLabel(company, messages),
      // Reconnecting another company after this one still returns to the user's own selection.
      previous: target ? target.previous : selection,
    });
    dispatch({
      type: 'replace',
      selection: {
        scopes: company.requestedScopes,
        offlineAccess: company.offlineAccess,
        serviceAccount: company.accountType === 'service',
      },
    });
    goTo('connect', true);
  };

  const cancelReconnect = () => {
    if (target) dispatch({ type: 'replace', selection: target.previous });
    setTarget(null);
  };

  const blocker = connectBlocker({
    appInfo,
    selectedCount: selection.scopes.length,
    phase: status.phase,
    starting: flow.pending === 'connect' || flow.pending === 'restart',
  });
  // Try again and Start over repeat the last attempt: a row's Reconnect needs no selection.
  const retryBlocked =
    flow.attempt.kind === 'reconnect'
      ? appInfo.state !== 'loaded' || !appInfo.info.config.ok
      : status.phase === 'signing-in'
        ? selection.scopes.length === 0
        : blocker !== null;

  // A row's Reconnect names its company above the status (the status itself carries no tenant).
  const reconnectingTenant = flow.attempt.kind === 'reconnect' ? flow.attempt.tenantId : null;
  const reconnectingCompany =
    reconnectingTenant !== null && companies.list.load === 'loaded'
      ? companies.list.companies.find((company) => company.tenantId === reconnectingTenant)
      : undefined;
  const reconnecting =
    reconnectingTenant === null || status.phase === 'idle'
      ? null
      : reconnectingCompany
        ? companyLabel(reconnectingCompany, messages)
        : reconnectingTenant;

  // A success names the company with its organisation number, which the company list holds.
  const organizationNumberOf = (tenantId: string): string | null =>
    companies.list.load === 'loaded'
      ? (companies.list.companies.find((company) => company.tenantId === tenantId)?.organizationNumber ?? null)
      : null;
  // The outcome the user closed, or that belongs to the previous company once a new sign-in is
  // asked for (flow-status-visibility.ts); hidden until main reports the next flow.
  const [dismissedFlow, setDismissedFlow] = useState<string | null>(null);
  const statusShown = flowStatusShown(status, dismissedFlow);
  // An element to focus once the next render has put it on screen (by id): a shortcut's target,
  // or where the focus goes when the status it was in is closed.
  const pendingFocus = useRef<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const focusAfterRender = (id: string) => {
    pendingFocus.current = id;
    setFocusRequest((value) => value + 1);
  };
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const id = pendingFocus.current;
    if (id === null) return;
    pendingFocus.current = null;
    const element = document.getElementById(id);
    if (element instanceof HTMLButtonElement && !element.disabled) element.focus();
    else mainRef.current?.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
  }, [focusRequest]);
  const clearOutcome = () => setDismissedFlow((previous) => dismissedAfter(status, previous));
  const dismissStatus = () => {
    clearOutcome();
    focusAfterRender('connect-button');
  };

  const flowPanel = (onShowCompanies?: () => void) => (
    <FlowStatusPanel
      onDismiss={dismissStatus}
      status={status}
      language={language}
      messages={messages}
      requestProblem={flow.requestProblem}
      busy={flow.pending !== null}
      userActed={flow.userActed}
      retryBlocked={retryBlocked}
      onShowWindow={flow.showWindow}
      onStartOver={flow.startOver}
      onCancel={flow.cancel}
      onTryAgain={flow.tryAgain}
      onShowCompanies={onShowCompanies}
      reconnecting={reconnecting}
      onKeepOther={flow.keepOther}
      onDiscardOther={flow.discardOther}
      keepFailedFor={flow.keepFailedFor}
      organizationNumberOf={organizationNumberOf}
      invalidScope={
        refused && !locked
          ? {
              refused,
              requested: selection.scopes,
              onRemoveAndRetry: () => {
                const remaining = selection.scopes.filter((name) => !refused.includes(name));
                dispatch({ type: 'set-scopes', scopes: remaining });
                flow.connect(true, remaining);
              },
            }
          : null
      }
    />
  );

  // On the company list, the status shows while a sign-in is under way, and afterwards when the
  // sign-in was started there (a row's Reconnect).
  const active = status.phase === 'signing-in' || status.phase === 'exchanging';
  const showFlowOnCompanies = statusShown && (active || (status.phase !== 'idle' && flow.attempt.kind === 'reconnect'));

  // Global shortcuts (shared/keyboard-shortcuts.ts), from the keyboard and the app menu.
  const mac = isMacPlatform();
  const runShortcut = (id: ShortcutId) => {
    const view = shortcutView(id);
    if (view) return goTo(view, true);
    if (id === 'connect') {
      goTo('connect', false);
      focusAfterRender('connect-button');
      return;
    }
    focusViewSearch(mainRef.current);
  };
  useGlobalShortcuts(api, mac, runShortcut);

  const now = useNow(60_000);
  const toolKeys = useToolKeys(api, chosenView);
  const configProblemCount = info && !info.config.ok ? info.config.problems.length : 0;
  // Not per filter keystroke (the list's filter lives here): only when a source changes.
  const counts = useMemo(
    () => sidebarCounts({ companies: companies.list, toolKeys, configProblems: configProblemCount, now }),
    [companies.list, toolKeys, configProblemCount, now],
  );
  const integrationName = info?.integrationName?.name ?? null;

  // The window's title (Electron shows it in the title bar and task switcher) follows the view and language.
  const viewTitle = chosenView ? messages.nav.views[chosenView] : null;
  useEffect(() => {
    const name = integrationName ?? messages.appTitle;
    document.title = viewTitle ? messages.shell.windowTitle(viewTitle, name) : name;
  }, [messages, viewTitle, integrationName]);

  return (
    <div className="app-shell">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(event) => {
          // Focus only: the page never navigates, not even to its own fragment.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {messages.shell.skipLink}
      </a>
      <AppHeader
        messages={messages}
        language={language}
        onLanguageChange={setLanguage}
        simulator={info?.simulator ?? false}
        integrationName={integrationName}
      />
      <AppSidebar view={chosenView} messages={messages} counts={counts} mac={mac} onChange={(next) => goTo(next, false)} />
      <div className="app-content">
      <UpdateBanner status={updateStatus} messages={messages} />
      <main className="layout" id="main-content" tabIndex={-1} ref={mainRef}>
        {chosenView === null && (
          <p className="hint" role="status">
            {messages.starting}
          </p>
        )}
        {chosenView === 'companies' && (
          <CompaniesView
            api={api}
            configProblems={info && !info.config.ok ? info.config.problems : null}
            packaged={info?.packaged ?? false}
            list={companies.list}
            onRetry={companies.retry}
            listView={listView}
            onListViewChange={setListView}
            messages={messages}
            language={language}
            flowPanel={showFlowOnCompanies ? flowPanel() : null}
            focusHeading={focusView}
            onConnectNew={() => goTo('connect', true)}
            onBatchStarted={() => goTo('batch', true)}
            onReconnect={(company) => {
              clearOutcome();
              return flow.reconnectFromRow(company);
            }}
            onReconnectOtherScopes={reconnectOtherScopes}
            shownTenants={shownTenants}
            onShowAll={() => setShownTenants(null)}
          />
        )}
        {chosenView === 'connect' && (
          <ConnectView
            appInfo={appInfo}
            messages={messages}
            language={language}
            selection={selection}
            dispatch={dispatch}
            blocker={blocker}
            flowPanel={statusShown ? flowPanel(() => goTo('companies', true)) : null}
            target={target}
            onCancelReconnect={cancelReconnect}
            onConnect={() => {
              clearOutcome();
              flow.connect(false);
              // What a sign-in started with is remembered across restarts (not a reconnect's scopes).
              if (!target && profilesView) {
                const profileId = activeProfile(profileList, selection.scopes, chosenProfileId)?.id ?? null;
                void profiles.change({ action: 'remember', profileId, scopes: [...selection.scopes] });
              }
            }}
            focusOnMount={focusView}
            openHelp={openHelp}
            profiles={profiles}
            chosenProfileId={chosenProfileId}
            onScopesChange={(scopes, profileId) => {
              dispatch({ type: 'set-scopes', scopes });
              setChosenProfileId(profileId);
            }}
            refusedScopes={refused ?? []}
          />
        )}
        {chosenView === 'batch' && (
          <Suspense
            fallback={
              <p className="hint" role="status">
                {messages.starting}
              </p>
            }
          >
            <BatchView
              api={api}
              messages={messages}
              language={language}
              selection={selection}
              profile={activeProfile(profileList, selection.scopes, chosenProfileId)}
              onChangeScopes={() => goTo('connect', true)}
              focusOnMount={focusView}
              draft={batchDraft}
              onDraftChange={setBatchDraft}
            />
          </Suspense>
        )}
        {chosenView === 'tools' && (
          <Suspense fallback={<p className="hint">{messages.tools.list.loading}</p>}>
            <ToolsView api={api} companies={companies.list} messages={messages} language={language} focusHeading={focusView} />
          </Suspense>
        )}
        {chosenView === 'settings' && (
          <SettingsPage
            api={api}
            messages={messages}
            language={language}
            focusOnMount={focusView}
            info={info}
            configProblems={info && !info.config.ok ? info.config.problems : NO_PROBLEMS}
            setup={setupStage(info, setupNeeded)}
            updateStatus={updateStatus}
            onConfigChanged={reloadAppInfo}
            onGoToConnect={() => goTo('connect', true)}
          />
        )}
        {chosenView === 'activity' && (
          <Suspense fallback={<p className="hint">{messages.activity.loading}</p>}>
            <ActivityView api={api} messages={messages} language={language} companies={companies.list} focusOnMount={focusView} />
          </Suspense>
        )}
        {chosenView === 'clients' && (
          <Suspense fallback={<p className="hint">{messages.clients.loading}</p>}>
            <ClientsView
              api={api}
              messages={messages}
              language={language}
              focusOnMount={focusView}
              connectMissing={{
                scopes: selection.scopes.length,
                start: async (entries) => {
                  const result = await api.startBatch({
                    entries,
                    scopes: [...selection.scopes],
                    offlineAccess: selection.offlineAccess,
                    serviceAccount: selection.serviceAccount,
                    ...profileIdField(activeProfile(profileList, selection.scopes, chosenProfileId)),
                  });
                  // The batch view says which client to pick in Fortnox next and offers skip and stop.
                  if (result.started) goTo('batch', true);
                  return result;
                },
                onChangeScopes: () => goTo('connect', true),
              }}
            />
          </Suspense>
        )}
      </main>
      {info && (
        <footer className="app-footer">
          <p>{messages.version(info.version)}</p>
        </footer>
      )}
      </div>
    </div>
  );
}

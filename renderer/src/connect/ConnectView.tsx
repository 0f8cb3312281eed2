import { useEffect, useRef, type Dispatch, type ReactNode } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AppInfoState, ConnectBlocker } from './connect-blocker';
import type { ReconnectTarget } from './use-flow-actions';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import type { Selection, SelectionAction } from './scope-selection';
import { ConfigProblems } from '../settings/ConfigProblems';
import { ConnectPanel } from './ConnectPanel';
import { ScopeProfilePicker } from './ScopeProfilePicker';
import type { ScopeName } from '../../../shared/scope-names';
import type { ScopeProfilesControl } from './use-scope-profiles';
import { activeProfile, lockedProfile, pickerProfiles } from './scope-profiles';

interface ConnectViewProps {
  appInfo: AppInfoState;
  messages: Messages;
  language: Language;
  selection: Selection;
  dispatch: Dispatch<SelectionAction>;
  blocker: ConnectBlocker | null;
  flowPanel: ReactNode;
  /** Set when Reconnect "with other scopes" brought the user here. */
  target: ReconnectTarget | null;
  onCancelReconnect: () => void;
  onConnect: () => void;
  /** Move the focus here on mount (when another view sent the user here). */
  focusOnMount: boolean;
  openHelp: ConnectorApi['openHelp'];
  /** The scope profiles (useScopeProfiles). */
  profiles: ScopeProfilesControl;
  /** The profile chosen last (two profiles may hold the same scopes). */
  chosenProfileId: string | null;
  onScopesChange: (scopes: readonly ScopeName[], profileId: string | null) => void;
  /** Scopes Fortnox refused in the last sign-in (invalid_scope), marked in the picker. */
  refusedScopes: readonly ScopeName[];
}

/** Connect a company: the scope picker, the flow status and the Connect button. */
export function ConnectView(props: ConnectViewProps) {
  const { appInfo, messages, language, selection, dispatch, blocker, flowPanel, target, focusOnMount } = props;
  const info = appInfo.state === 'loaded' ? appInfo.info : null;
  const heading = useRef<HTMLHeadingElement>(null);
  const notice = useRef<HTMLDivElement>(null);
  const profilesView = props.profiles.state.load === 'loaded' ? props.profiles.state.view : null;
  const profileName = activeProfile(pickerProfiles(profilesView, language, messages), selection.scopes, props.chosenProfileId)?.name ?? null;
  const scopesLocked = lockedProfile(profilesView) !== null;

  useEffect(() => {
    if (!focusOnMount) return;
    // Reconnecting: the notice says what is going on; otherwise start at the top of the view.
    (notice.current ?? heading.current)?.focus();
  }, [focusOnMount]);

  return (
    <section aria-labelledby="connect-view-heading" className="connect-view">
      <h2 id="connect-view-heading" className="visually-hidden" ref={heading} tabIndex={-1}>
        {messages.nav.views.connect}
      </h2>
      {/* First in the view and sticky: one Tab after the view's heading, and never scrolled away by a status. */}
      <div className="connect-bar" data-testid="connect-bar">
        <p id="connect-reason" className="connect-reason" role="status">
          {blocker ? messages.connect.blockers[blocker] : ''}
        </p>
        <button
          type="button"
          id="connect-button"
          className="primary connect-button"
          disabled={blocker !== null}
          aria-describedby="connect-reason"
          onClick={props.onConnect}
        >
          {target ? messages.connect.reconnectButton(target.name) : messages.connect.button}
        </button>
      </div>
      {appInfo.state === 'failed' && (
        <p className="notice notice-error" role="alert">
          {messages.appInfoFailed}
        </p>
      )}
      {info && !info.config.ok && <ConfigProblems messages={messages} problems={info.config.problems} packaged={info.packaged} />}
      {target && (
        <div className="notice notice-info reconnect-notice" ref={notice} tabIndex={-1} data-testid="reconnect-notice">
          <p dir="auto">{messages.connect.reconnectNotice(target.name)}</p>
          <button type="button" className="secondary small" onClick={props.onCancelReconnect}>
            {messages.connect.cancelReconnect}
          </button>
        </div>
      )}
      <div className="columns">
        <ScopeProfilePicker
          value={selection.scopes}
          onChange={props.onScopesChange}
          chosenProfileId={props.chosenProfileId}
          profiles={props.profiles}
          language={language}
          messages={messages}
          openHelp={props.openHelp}
          refused={props.refusedScopes}
        />
        <div className="sidebar">
          {flowPanel}
          <ConnectPanel
            selection={selection}
            messages={messages}
            dispatch={dispatch}
            authorizeOrigin={info?.config.ok ? info.config.authorizeOrigin : null}
            profileName={profileName}
            language={language}
            scopesLocked={scopesLocked}
          />
        </div>
      </div>
    </section>
  );
}

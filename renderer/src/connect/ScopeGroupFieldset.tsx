import { scopeInfo, scopesInGroup, type ScopeGroup, type ScopeInfo } from '../../../shared/scope-catalogue';
import type { ScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { groupState, leftOutBySelectAll, type SelectionAction } from './scope-selection';
import { GroupCheckbox } from './GroupCheckbox';
import { ScopeCheckbox } from './ScopeCheckbox';

interface ScopeGroupFieldsetProps {
  group: ScopeGroup;
  /** The group's scopes that match the filter. */
  visibleScopes: readonly ScopeInfo[];
  selected: readonly ScopeName[];
  language: Language;
  messages: Messages;
  dispatch: (action: SelectionAction) => void;
  /** Locked by the IT department's managed profile: shown, not changeable. */
  locked: boolean;
  /** Scopes Fortnox refused (invalid_scope), marked on their checkboxes. */
  refused: readonly ScopeName[];
}

/**
 * One group as a fieldset: a select-all checkbox for the whole group, then its scopes. "Välj
 * alla" leaves out deletevoucher and scopes that Fortnox's scopes page does not list, and says so.
 */
export function ScopeGroupFieldset({ group, visibleScopes, selected, language, messages, dispatch, locked, refused }: ScopeGroupFieldsetProps) {
  const members = scopesInGroup(group.id);
  const chosen = members.filter((name) => selected.includes(name)).length;
  const label = group.label[language];
  const leftOut = leftOutBySelectAll(group.id);
  const noteId = leftOut.length > 0 ? `group-${group.id}-left-out` : undefined;
  return (
    <fieldset className="scope-group">
      <legend>{label}</legend>
      <div className="group-head">
        <GroupCheckbox
          state={groupState(selected, group.id)}
          visibleLabel={messages.picker.selectAllVisible}
          accessibleName={messages.picker.selectAllName(label)}
          onChange={(value) => dispatch({ type: 'set-group', group: group.id, selected: value })}
          disabled={locked}
          describedBy={noteId}
        />
        <span className="group-count">{messages.picker.groupCount(chosen, members.length)}</span>
      </div>
      {noteId && (
        <p id={noteId} className="hint group-note">
          {messages.scopeProfiles.selectAllLeavesOut(leftOut.map((name) => scopeInfo(name).label[language]).join(', '))}
        </p>
      )}
      <ul className="scope-list">
        {visibleScopes.map((scope) => (
          <li key={scope.name}>
            <ScopeCheckbox
              scope={scope}
              language={language}
              messages={messages}
              checked={selected.includes(scope.name)}
              onChange={(value) => dispatch({ type: 'set-scope', scope: scope.name, selected: value })}
              disabled={locked}
              refused={refused.includes(scope.name)}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

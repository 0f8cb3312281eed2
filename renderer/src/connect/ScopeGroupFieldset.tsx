import type { Dispatch } from 'react';
import { scopesInGroup, type ScopeGroup, type ScopeInfo } from '../../../shared/scope-catalogue';
import type { ScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { groupState, type SelectionAction } from './scope-selection';
import { GroupCheckbox } from './GroupCheckbox';
import { ScopeCheckbox } from './ScopeCheckbox';

interface ScopeGroupFieldsetProps {
  group: ScopeGroup;
  /** The group's scopes that match the filter. */
  visibleScopes: readonly ScopeInfo[];
  selected: readonly ScopeName[];
  language: Language;
  messages: Messages;
  dispatch: Dispatch<SelectionAction>;
}

/** One group as a fieldset: a select-all checkbox for the whole group, then its scopes. */
export function ScopeGroupFieldset({ group, visibleScopes, selected, language, messages, dispatch }: ScopeGroupFieldsetProps) {
  const members = scopesInGroup(group.id);
  const chosen = members.filter((name) => selected.includes(name)).length;
  const label = group.label[language];
  return (
    <fieldset className="scope-group">
      <legend>{label}</legend>
      <div className="group-head">
        <GroupCheckbox
          state={groupState(selected, group.id)}
          visibleLabel={messages.picker.selectAllVisible}
          accessibleName={messages.picker.selectAllName(label)}
          onChange={(value) => dispatch({ type: 'set-group', group: group.id, selected: value })}
        />
        <span className="group-count">{messages.picker.groupCount(chosen, members.length)}</span>
      </div>
      <ul className="scope-list">
        {visibleScopes.map((scope) => (
          <li key={scope.name}>
            <ScopeCheckbox
              scope={scope}
              language={language}
              messages={messages}
              checked={selected.includes(scope.name)}
              onChange={(value) => dispatch({ type: 'set-scope', scope: scope.name, selected: value })}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

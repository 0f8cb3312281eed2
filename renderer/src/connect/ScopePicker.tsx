import { useRef, useState, type ReactNode } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { filterScopes } from './scope-filter';
import { DELETE_VOUCHER_SCOPE, selectionReducer, type SelectionAction } from './scope-selection';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { HelpButton } from '../common/HelpButton';
import { ScopeGroupFieldset } from './ScopeGroupFieldset';

/** Scope actions the picker handles itself (the options are the Connect panel's). */
type ScopeAction = Extract<SelectionAction, { type: 'set-scope' | 'set-group' | 'apply-preset' | 'clear-all' }>;

interface ScopePickerProps {
  /** The chosen scopes. */
  value: readonly ScopeName[];
  /** Called with the whole new scope list after every change. */
  onChange: (scopes: readonly ScopeName[]) => void;
  language: Language;
  messages: Messages;
  openHelp: ConnectorApi['openHelp'];
  /**
   * The quick picks and profiles above the filter (ProfileBar); the batch view passes its own
   * or none.
   */
  profiles?: ReactNode;
  /** Set when the IT department locked the scopes: why, shown instead of letting them change. */
  lockedReason?: string | null;
  /** Scopes Fortnox refused in the last sign-in (invalid_scope), marked on their checkboxes. */
  refused?: readonly ScopeName[];
}

/**
 * The scope picker: profiles, filter and the grouped scope checkboxes. Controlled (value and
 * onChange), so the Connect view and the batch view embed the same picker. Ticking
 * `deletevoucher` asks first, in a dialog of its own.
 */
export function ScopePicker({ value, onChange, language, messages, openHelp, profiles, lockedReason = null, refused = [] }: ScopePickerProps) {
  const { picker } = messages;
  const [query, setQuery] = useState('');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const filterInput = useRef<HTMLInputElement>(null);
  const result = filterScopes(query, language);
  const locked = lockedReason !== null;

  const apply = (action: ScopeAction) => {
    const next = selectionReducer({ scopes: value, offlineAccess: true, serviceAccount: false }, action).scopes;
    if (next !== value) onChange(next);
  };
  const dispatch = (action: SelectionAction) => {
    if (locked) return;
    if (action.type === 'set-scope' && action.scope === DELETE_VOUCHER_SCOPE && action.selected) {
      setConfirmingDelete(true);
      return;
    }
    if (action.type === 'set-scope' || action.type === 'set-group' || action.type === 'apply-preset' || action.type === 'clear-all') apply(action);
  };

  const clearFilter = () => {
    setQuery('');
    filterInput.current?.focus();
  };

  return (
    <section className="card picker" aria-labelledby="picker-heading">
      <h2 id="picker-heading">{picker.heading}</h2>
      <p className="intro">{picker.intro}</p>
      <p className="intro-help">
        <HelpButton target="scopes" openHelp={openHelp} messages={messages} look="link" />
      </p>

      {locked ? (
        <p className="notice notice-info picker-locked" data-testid="scopes-locked">
          {lockedReason}
        </p>
      ) : (
        profiles
      )}

      <div className="filter">
        <label htmlFor="scope-filter">{picker.filterLabel}</label>
        <input
          id="scope-filter"
          ref={filterInput}
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder={picker.filterPlaceholder}
          value={query}
          aria-describedby="scope-filter-result"
          onChange={(event) => setQuery(event.target.value)}
        />
        <button
          type="button"
          className="secondary clear-all"
          disabled={locked || value.length === 0}
          onClick={() => dispatch({ type: 'clear-all' })}
        >
          {picker.clearAll}
        </button>
        <p id="scope-filter-result" className="hint" role="status">
          {result.unfiltered ? '' : picker.matchCount(result.matchCount)}
        </p>
      </div>

      {result.groups.length === 0 ? (
        <div className="no-match">
          <p>{picker.noMatch(query.trim())}</p>
          <button type="button" className="secondary" onClick={clearFilter}>
            {picker.clearFilter}
          </button>
        </div>
      ) : (
        <div className="groups">
          {result.groups.map(({ group, scopes }) => (
            <ScopeGroupFieldset
              key={group.id}
              group={group}
              visibleScopes={scopes}
              selected={value}
              language={language}
              messages={messages}
              dispatch={dispatch}
              locked={locked}
              refused={refused}
            />
          ))}
        </div>
      )}

      <ConfirmDialog
        id="deletevoucher"
        open={confirmingDelete}
        title={messages.scopeProfiles.deleteVoucher.title}
        body={messages.scopeProfiles.deleteVoucher.body}
        cancel={messages.scopeProfiles.deleteVoucher.cancel}
        confirm={messages.scopeProfiles.deleteVoucher.confirm}
        onConfirm={() => {
          setConfirmingDelete(false);
          apply({ type: 'set-scope', scope: DELETE_VOUCHER_SCOPE, selected: true });
        }}
        onCancel={() => setConfirmingDelete(false)}
      />
    </section>
  );
}

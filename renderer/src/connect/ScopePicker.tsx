import { useRef, useState, type Dispatch } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { SCOPE_PRESETS } from '../../../shared/scope-catalogue';
import type { ScopeName } from '../../../shared/scope-names';
import { scopeParameter } from '../../../shared/scope-string';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { filterScopes } from './scope-filter';
import { matchingPreset, type SelectionAction } from './scope-selection';
import { HelpButton } from '../common/HelpButton';
import { ScopeGroupFieldset } from './ScopeGroupFieldset';

interface ScopePickerProps {
  selected: readonly ScopeName[];
  language: Language;
  messages: Messages;
  dispatch: Dispatch<SelectionAction>;
  openHelp: ConnectorApi['openHelp'];
}

/** The scope picker: filter, presets and the grouped scope checkboxes. */
export function ScopePicker({ selected, language, messages, dispatch, openHelp }: ScopePickerProps) {
  const { picker } = messages;
  const [query, setQuery] = useState('');
  const filterInput = useRef<HTMLInputElement>(null);
  const result = filterScopes(query, language);
  const activePreset = matchingPreset(selected);

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

      <div className="presets" role="group" aria-labelledby="presets-heading">
        <h3 id="presets-heading">{picker.presetsHeading}</h3>
        <p id="presets-intro" className="hint">
          {picker.presetsIntro}
        </p>
        <div className="button-row">
          {SCOPE_PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              className="preset"
              aria-pressed={activePreset === preset.id}
              aria-describedby={`preset-${preset.id}-scopes`}
              title={picker.presetScopes(scopeParameter(preset.scopes))}
              onClick={() => dispatch({ type: 'apply-preset', preset: preset.id })}
            >
              {preset.label[language]}
            </button>
          ))}
        </div>
        {/* Descriptions for the preset buttons; kept outside them so they do not join their names. */}
        <div hidden>
          {SCOPE_PRESETS.map((preset) => (
            <span key={preset.id} id={`preset-${preset.id}-scopes`}>
              {picker.presetScopes(scopeParameter(preset.scopes))}
            </span>
          ))}
        </div>
      </div>

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
          disabled={selected.length === 0}
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
              selected={selected}
              language={language}
              messages={messages}
              dispatch={dispatch}
            />
          ))}
        </div>
      )}
    </section>
  );
}

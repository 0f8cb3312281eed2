import { useDeferredValue, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import { sortCompanies, sortFromOption } from '../companies/company-sort';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { companyChoices } from './company-choices';
import { toggleAll, toggleOne } from './key-form';

interface CompanyChecklistProps {
  companies: readonly CompanySummary[];
  /** Whether the company list has been read yet (an empty list then means none are connected). */
  companiesLoad: 'loading' | 'failed' | 'loaded';
  chosen: ReadonlySet<string>;
  onChange: (chosen: ReadonlySet<string>) => void;
  messages: Messages;
  /** Unused since company names always sort the Swedish way (companies/company-sort.ts); kept for callers. */
  language: Language;
  /** Set when the form found no company chosen: the id of the message that says so. */
  errorId: string | undefined;
}

/**
 * A filterable checklist of the connected companies (search by name, organisation number with or
 * without the dash, or tenant id). Keyboard: Arrow Down from the search box enters the list, the
 * arrow keys, Home and End move in it (one tab stop for the whole list, a roving tabindex), Space
 * ticks, Arrow Up from the first row returns to the search box. Enter in the search box never
 * submits the form.
 */
export function CompanyChecklist({ companies, companiesLoad, chosen, onChange, messages, errorId }: CompanyChecklistProps) {
  const texts = messages.tools.create;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const deferredQuery = useDeferredValue(query);
  const sorted = useMemo(() => sortCompanies(companies, sortFromOption('name-asc')), [companies]);
  const { matches, shown } = useMemo(() => companyChoices(sorted, deferredQuery), [sorted, deferredQuery]);
  const shownIds = shown.map((company) => company.tenantId);
  // The row that takes the list's one tab stop: the last one focused, if still shown, else the first.
  const tabStop = active !== null && shownIds.includes(active) ? active : (shownIds[0] ?? null);

  const focusRow = (tenantId: string | undefined) => {
    if (tenantId === undefined) return;
    setActive(tenantId);
    list.current?.querySelector<HTMLInputElement>(`input[data-tenant-id="${tenantId}"]`)?.focus();
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.preventDefault();
    if (event.key === 'ArrowDown' && shownIds.length > 0) {
      event.preventDefault();
      focusRow(tabStop ?? undefined);
    }
  };

  const onRowKey = (event: KeyboardEvent<HTMLInputElement>, index: number) => {
    const move: Record<string, number | undefined> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: shownIds.length - 1,
    };
    const target = move[event.key];
    if (event.key === 'Enter') event.preventDefault();
    if (target === undefined) return;
    event.preventDefault();
    if (target < 0) search.current?.focus();
    else focusRow(shownIds[Math.min(target, shownIds.length - 1)]);
  };

  if (companiesLoad !== 'loaded') {
    return (
      <p className={companiesLoad === 'failed' ? 'tone-problem' : 'hint'} role="status">
        {companiesLoad === 'failed' ? messages.companies.loadFailed : messages.companies.loading}
      </p>
    );
  }
  if (companies.length === 0) {
    return (
      <p className="hint" id="tool-companies-none" data-testid="tool-companies-none">
        {texts.noCompanies}
      </p>
    );
  }

  const matchIds = matches.map((company) => company.tenantId);
  return (
    <div className="company-checklist">
      <div className="checklist-tools">
        <label htmlFor="tool-company-filter">{texts.filterLabel}</label>
        <input
          id="tool-company-filter"
          ref={search}
          type="search"
          value={query}
          placeholder={texts.filterPlaceholder}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="tool-checklist-hint tool-chosen-count"
          aria-controls="tool-company-list"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onSearchKey}
        />
        <p id="tool-checklist-hint" className="hint">
          {texts.checklistHint}
        </p>
        <div className="button-row">
          <button type="button" className="secondary" disabled={matchIds.length === 0} onClick={() => onChange(toggleAll(chosen, matchIds, true))}>
            {texts.selectMatches(matchIds.length)}
          </button>
          <button type="button" className="secondary" disabled={chosen.size === 0} onClick={() => onChange(new Set())}>
            {texts.clearChosen}
          </button>
        </div>
        <p id="tool-chosen-count" className="selected-count" role="status" data-testid="tool-chosen-count">
          {texts.chosenCount(chosen.size, companies.length)}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="no-match">{texts.noMatch(deferredQuery.trim())}</p>
      ) : (
        <ul
          id="tool-company-list"
          ref={list}
          className="checklist"
          aria-label={texts.checklistLabel}
          aria-describedby={errorId}
          data-testid="tool-company-list"
        >
          {shown.map((company, index) => {
            const id = `tool-company-${company.tenantId}`;
            return (
              <li key={company.tenantId}>
                <input
                  id={id}
                  type="checkbox"
                  data-tenant-id={company.tenantId}
                  checked={chosen.has(company.tenantId)}
                  tabIndex={company.tenantId === tabStop ? 0 : -1}
                  onFocus={() => setActive(company.tenantId)}
                  onChange={() => onChange(toggleOne(chosen, company.tenantId))}
                  onKeyDown={(event) => onRowKey(event, index)}
                />
                <label htmlFor={id}>
                  <span className="company-name" dir="auto">
                    {companyLabel(company, messages)}
                  </span>{' '}
                  <span className="hint">{company.organizationNumber ?? company.tenantId}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {matches.length > shown.length && <p className="hint">{texts.moreMatches(shown.length, matches.length)}</p>}
    </div>
  );
}

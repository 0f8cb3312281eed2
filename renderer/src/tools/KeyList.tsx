import { useDeferredValue, useMemo, useState } from 'react';
import type { CompanySummary, ToolKeyView } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import { formatAbsolute, formatRelative } from '../companies/relative-time';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { filterKeys, keyState, sortKeys } from './key-list';

/** Company names listed in a row before "and N more". */
const NAMES_SHOWN = 3;

interface KeyListProps {
  keys: readonly ToolKeyView[];
  companies: readonly CompanySummary[];
  now: number;
  messages: Messages;
  language: Language;
  /** The key whose revocation is under way (its button is disabled). */
  revoking: string | null;
  onRevoke: (key: ToolKeyView) => void;
}

/**
 * Every key: name, companies (all, or up to three names and how many more), what it may do,
 * created, last used, expiry (an expired key is marked) and Revoke. Usable keys first, then
 * expired, then revoked ones (marked, without a button); newest first within each; a search by
 * name for long lists.
 */
export function KeyList({ keys, companies, now, messages, language, revoking, onRevoke }: KeyListProps) {
  const texts = messages.tools.list;
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const names = useMemo(() => new Map(companies.map((company) => [company.tenantId, companyLabel(company, messages)])), [companies, messages]);
  const sorted = useMemo(() => sortKeys(keys, now), [keys, now]);
  const shown = useMemo(() => filterKeys(sorted, deferredQuery), [sorted, deferredQuery]);

  if (keys.length === 0) {
    return (
      <p className="hint" data-testid="tool-keys-empty">
        {texts.empty}
      </p>
    );
  }

  const companiesText = (key: ToolKeyView) => {
    if (key.companies === 'all') return texts.allCompanies;
    const listed = key.companies.slice(0, NAMES_SHOWN).map((tenantId) => names.get(tenantId) ?? messages.companies.companyWithTenant(tenantId));
    return texts.companyNames(listed, key.companies.length - listed.length);
  };

  return (
    <div className="tool-key-list">
      <div className="filter">
        <label htmlFor="tool-key-filter">{texts.filterLabel}</label>
        <input id="tool-key-filter" type="search" value={query} autoComplete="off" onChange={(event) => setQuery(event.target.value)} />
        <p className="company-count" role="status">
          {texts.count(shown.length, keys.length)}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="no-match">{texts.noMatch}</p>
      ) : (
        <div className="table-scroll">
          <table className="key-table" data-testid="tool-key-table">
            <thead>
              <tr>
                <th scope="col">{texts.columns.name}</th>
                <th scope="col">{texts.columns.companies}</th>
                <th scope="col">{texts.columns.right}</th>
                <th scope="col">{texts.columns.created}</th>
                <th scope="col">{texts.columns.lastUsed}</th>
                <th scope="col">{texts.columns.expires}</th>
                <th scope="col">{texts.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((key) => {
                const state = keyState(key, now);
                return (
                  <tr key={key.id} data-testid="tool-key-row" data-key-id={key.id} data-state={state}>
                    <th scope="row" dir="auto">
                      {key.name}
                    </th>
                    <td>{companiesText(key)}</td>
                    <td>{texts.rights[key.right]}</td>
                    <td>{formatAbsolute(key.createdAt, language)}</td>
                    <td title={key.lastUsedAt === null ? undefined : formatAbsolute(key.lastUsedAt, language)}>
                      {key.lastUsedAt === null ? texts.neverUsed : formatRelative(key.lastUsedAt, now, language)}
                    </td>
                    <td data-testid="tool-key-expiry">
                      {key.expiresAt === null ? texts.neverExpires : formatAbsolute(key.expiresAt, language)}
                      {state === 'expired' && (
                        <>
                          {' '}
                          <span className="status-badge tone-problem">{texts.states.expired}</span>
                        </>
                      )}
                    </td>
                    <td>
                      {state === 'revoked' ? (
                        <span className="status-badge" data-testid="tool-key-revoked">
                          {texts.revokedAt(formatAbsolute(key.revokedAt ?? now, language))}
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          aria-label={texts.revokeName(key.name)}
                          disabled={revoking === key.id}
                          onClick={() => onRevoke(key)}
                        >
                          {texts.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

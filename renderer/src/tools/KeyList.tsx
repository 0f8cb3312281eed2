import { useDeferredValue, useMemo, useState } from 'react';
import type { CompanySummary, ToolKeyView } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import { formatAbsolute, formatRelative } from '../common/relative-time';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { filterKeys, keyPage, keyState, sortKeys } from './key-list';

/** Company names listed in a row before "and N more". */
const NAMES_SHOWN = 3;

interface KeyListProps {
  keys: readonly ToolKeyView[];
  companies: readonly CompanySummary[];
  now: number;
  messages: Messages;
  language: Language;
  /** The key whose revocation or removal is under way (its button is disabled). */
  revoking: string | null;
  onRevoke: (key: ToolKeyView) => void;
  /** "Ta bort / Remove", offered only for revoked or expired keys; absent (the firm's keys), not offered. */
  onRemove?: (key: ToolKeyView) => void;
}

/** A date as a <time> element, so the exact moment is machine-readable (and checked by the e2e spec). */
function DateCell({ at, text, testId }: { at: number; text: string; testId: string }) {
  return (
    <time dateTime={new Date(at).toISOString()} data-testid={testId}>
      {text}
    </time>
  );
}

/**
 * Every key: name, companies (all, or up to three names and how many more), what it may do,
 * created, last used, expiry (an expired key is marked) and Revoke, or Remove for a revoked or
 * expired key. Usable keys first, then expired, then revoked ones; newest first within each; a
 * search by name and pages of `KEYS_PER_PAGE` rows, so hundreds of keys stay quick to render and
 * to tab through (the pager's buttons are ordinary buttons; its page line is announced).
 */
export function KeyList({ keys, companies, now, messages, language, revoking, onRevoke, onRemove }: KeyListProps) {
  const texts = messages.tools.list;
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const deferredQuery = useDeferredValue(query);
  const names = useMemo(() => new Map(companies.map((company) => [company.tenantId, companyLabel(company, messages)])), [companies, messages]);
  const sorted = useMemo(() => sortKeys(keys, now), [keys, now]);
  const shown = useMemo(() => filterKeys(sorted, deferredQuery), [sorted, deferredQuery]);
  const current = keyPage(shown, page);

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
        <input
          id="tool-key-filter"
          type="search"
          value={query}
          autoComplete="off"
          onChange={(event) => {
            setQuery(event.target.value);
            setPage(0);
          }}
        />
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
              {current.rows.map((key) => {
                const state = keyState(key, now);
                return (
                  <tr key={key.id} data-testid="tool-key-row" data-key-id={key.id} data-state={state}>
                    <th scope="row" dir="auto">
                      {key.name}
                    </th>
                    <td>{companiesText(key)}</td>
                    <td>{texts.rights[key.right]}</td>
                    <td>
                      <DateCell at={key.createdAt} text={formatAbsolute(key.createdAt, language)} testId="tool-key-created" />
                    </td>
                    <td title={key.lastUsedAt === null ? undefined : formatAbsolute(key.lastUsedAt, language)} data-testid="tool-key-last-used">
                      {key.lastUsedAt === null ? (
                        texts.neverUsed
                      ) : (
                        <DateCell at={key.lastUsedAt} text={formatRelative(key.lastUsedAt, now, language)} testId="tool-key-last-used-time" />
                      )}
                    </td>
                    <td data-testid="tool-key-expiry">
                      {key.expiresAt === null ? (
                        texts.neverExpires
                      ) : (
                        <DateCell at={key.expiresAt} text={formatAbsolute(key.expiresAt, language)} testId="tool-key-expires-time" />
                      )}
                      {state === 'expired' && (
                        <>
                          {' '}
                          <span className="status-badge tone-problem">{texts.states.expired}</span>
                        </>
                      )}
                    </td>
                    <td>
                      {state === 'revoked' && (
                        <span className="status-badge" data-testid="tool-key-revoked">
                          {texts.revokedAt(formatAbsolute(key.revokedAt ?? now, language))}
                        </span>
                      )}
                      {state === 'active' ? (
                        <button
                          type="button"
                          className="danger"
                          aria-label={texts.revokeName(key.name)}
                          disabled={revoking === key.id}
                          onClick={() => onRevoke(key)}
                        >
                          {texts.revoke}
                        </button>
                      ) : (
                        onRemove && (
                          <>
                            {' '}
                            <button
                              type="button"
                              className="secondary"
                              aria-label={texts.removeName(key.name)}
                              disabled={revoking === key.id}
                              onClick={() => onRemove(key)}
                              data-testid="tool-key-remove"
                            >
                              {texts.remove}
                            </button>
                          </>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {current.pages > 1 && (
        <nav className="button-row key-pager" aria-label={texts.pager.label} data-testid="tool-key-pager">
          {/* aria-disabled rather than disabled: a button that becomes disabled under the focus drops it to the page. */}
          <button type="button" className="secondary" aria-disabled={current.page === 0} onClick={() => current.page > 0 && setPage(current.page - 1)}>
            {texts.pager.previous}
          </button>
          <span role="status" data-testid="tool-key-page">
            {texts.pager.page(current.page + 1, current.pages)}
          </span>
          <button
            type="button"
            className="secondary"
            aria-disabled={current.page === current.pages - 1}
            onClick={() => current.page < current.pages - 1 && setPage(current.page + 1)}
          >
            {texts.pager.next}
          </button>
        </nav>
      )}
    </div>
  );
}

import { CONNECTION_STATUSES, type ConnectionStatus } from '../../../shared/connection-issues';
import type { StatusFilter } from './company-filter';
import { isSortOption, SORT_OPTIONS, type SortOptionId } from './company-sort';
import type { Messages } from '../i18n/messages';

interface CompanyToolbarProps {
  messages: Messages;
  query: string;
  status: StatusFilter;
  sort: SortOptionId;
  counts: Record<ConnectionStatus, number>;
  total: number;
  onQueryChange: (query: string) => void;
  onStatusChange: (status: StatusFilter) => void;
  onSortChange: (sort: SortOptionId) => void;
}

function isStatusFilter(value: string): value is StatusFilter {
  return value === 'all' || (CONNECTION_STATUSES as readonly string[]).includes(value);
}

/** Search, status filter and sort order for the company list; all native, labelled controls. */
export function CompanyToolbar(props: CompanyToolbarProps) {
  const { messages, query, status, sort, counts, total } = props;
  const texts = messages.companies;
  return (
    <div className="company-toolbar">
      <div className="field grow">
        <label htmlFor="company-filter">{texts.filterLabel}</label>
        <input
          id="company-filter"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder={texts.filterPlaceholder}
          value={query}
          aria-describedby="company-count"
          onChange={(event) => props.onQueryChange(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="company-status-filter">{texts.statusFilterLabel}</label>
        <select
          id="company-status-filter"
          value={status}
          onChange={(event) => {
            if (isStatusFilter(event.target.value)) props.onStatusChange(event.target.value);
          }}
        >
          <option value="all">{texts.statusAll(total)}</option>
          {CONNECTION_STATUSES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {texts.statusOption(texts.statuses[candidate], counts[candidate])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="company-sort">{texts.sortLabel}</label>
        <select
          id="company-sort"
          value={sort}
          onChange={(event) => {
            if (isSortOption(event.target.value)) props.onSortChange(event.target.value);
          }}
        >
          {SORT_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {texts.sortOptions[option]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

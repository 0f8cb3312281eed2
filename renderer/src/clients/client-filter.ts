import type { ClientView } from '../../../shared/ipc-contract';
import { CLIENT_STATES, type ClientState } from '../../../shared/client-list-rules';
import type { Language } from '../i18n/language';

/** What the list shows: one state or all, and a search text. */
export interface ClientFilter {
  state: ClientState | 'all';
  query: string;
}

/** The list unfiltered. */
export const NO_CLIENT_FILTER: ClientFilter = { state: 'all', query: '' };

/** The order states are listed in: what needs the accountant first, connected clients last. */
const STATE_ORDER: Record<ClientState, number> = { needs_reconnect: 0, not_connected: 1, skipped: 2, connected: 3 };

/** True when `value` is a state the filter can show. */
export function isClientFilterState(value: string): value is ClientFilter['state'] {
  return value === 'all' || (CLIENT_STATES as readonly string[]).includes(value);
}

/**
 * The clients the filter lets through, what needs the accountant first (needs reconnecting, not
 * connected, skipped, connected), then by name in the UI language's collation (Swedish puts Å, Ä
 * and Ö last, which the accountant's Swedish client names expect in English too), clients without
 * a name last. The search matches a part of the name, or of the organisation number with or
 * without its hyphen.
 */
export function filterClients(clients: readonly ClientView[], filter: ClientFilter, language: Language): ClientView[] {
  const collator = new Intl.Collator(language === 'sv' ? 'sv' : ['en', 'sv'], { sensitivity: 'base', numeric: true });
  const query = filter.query.trim().toLocaleLowerCase(language === 'sv' ? 'sv-SE' : 'en-GB');
  const digits = query.replace(/[\s-]/g, '');
  const numberQuery = /^[0-9]+$/.test(digits) ? digits : null;
  const shown = clients.filter((client) => {
    if (filter.state !== 'all' && client.state !== filter.state) return false;
    if (query === '') return true;
    if (numberQuery !== null && client.orgNumber.replace('-', '').includes(numberQuery)) return true;
    return client.name !== null && client.name.toLocaleLowerCase(language === 'sv' ? 'sv-SE' : 'en-GB').includes(query);
  });
  return shown.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) ||
      collator.compare(a.name ?? '', b.name ?? '') ||
      a.orgNumber.localeCompare(b.orgNumber),
  );
}

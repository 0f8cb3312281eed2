import { useEffect, useMemo, useRef, useState } from 'react';
import type { BatchEntryInput, BatchStartResult } from '../../../shared/batch-contract';
import type { ConnectorApi } from '../../../shared/connector-api';
import { CLIENT_STATES } from '../../../shared/client-list-rules';
import type { ClientView } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { ClientImportForm } from './ClientImportForm';
import { ClientTable, clientLabel } from './ClientTable';
import { clientFileNotice } from './client-file-notice';
import { filterClients, isClientFilterState, NO_CLIENT_FILTER, type ClientFilter } from './client-filter';
import { missingClients } from './missing-clients';
import { useClients } from './use-clients';

interface ClientsViewProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  /** Move the focus to the heading on mount (when a button, not the menu, led here). */
  focusOnMount: boolean;
  /** "Connect the missing ones": starts a batch with the Connect view's scopes (their count shown). */
  connectMissing: {
    scopes: number;
    start: (entries: BatchEntryInput[]) => Promise<BatchStartResult>;
    onChangeScopes: () => void;
  };
}

type Notice = { text: string; problem: boolean } | null;

/**
 * The Clients view (issue 9 item 2): the firm's clients by organisation number with their state
 * (not connected, connected, needs reconnecting, skipped by a batch), how many are connected, a
 * filter by state and text, the import box, and the CSV export of what the filter shows.
 */
export function ClientsView({ api, messages, language, focusOnMount, connectMissing }: ClientsViewProps) {
  const texts = messages.clients;
  const heading = useRef<HTMLHeadingElement>(null);
  const { state, reload } = useClients(api);
  const [filter, setFilter] = useState<ClientFilter>(NO_CLIENT_FILTER);
  const [notice, setNotice] = useState<Notice>(null);
  const [exporting, setExporting] = useState(false);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  const listing = state.load === 'loaded' ? state.listing : null;
  const fileNotice = listing?.fileProblem ? clientFileNotice(listing.fileProblem, texts) : null;
  const shown = useMemo(() => (listing ? filterClients(listing.clients, filter, language) : []), [listing, filter, language]);
  const total = listing?.clients.length ?? 0;

  const remove = async (client: ClientView) => {
    try {
      const result = await api.removeClients([client.orgNumber]);
      setNotice(result.stored ? { text: texts.removed(clientLabel(client, messages)), problem: false } : { text: messages.clients.import.notStored, problem: true });
    } catch {
      setNotice({ text: texts.removeFailed, problem: true });
    }
    reload();
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const result = await api.exportClients(shown.map((client) => client.orgNumber));
      if (result.failed) setNotice({ text: texts.exportFailed, problem: true });
      else if (!result.saved) setNotice({ text: texts.exportCancelled, problem: false });
      else setNotice({ text: texts.exported(result.rows), problem: false });
    } catch {
      setNotice({ text: texts.noResponse, problem: true });
    } finally {
      setExporting(false);
    }
  };

  const missing = listing ? missingClients(listing.clients) : null;
  const startMissing = async () => {
    if (!missing || missing.entries.length === 0) return;
    setStarting(true);
    try {
      const result = await connectMissing.start(missing.entries);
      if (!result.started) setNotice({ text: texts.batchRefused[result.reason], problem: true });
      else {
        const capped = missing.missing > missing.entries.length ? ` ${texts.batchCapped(missing.entries.length, missing.missing)}` : '';
        setNotice({ text: `${texts.batchStarted(missing.entries.length)}${capped}`, problem: false });
      }
    } catch {
      setNotice({ text: texts.noResponse, problem: true });
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="clients-view" aria-labelledby="clients-heading">
      <h2 id="clients-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p className="hint">{texts.intro}</p>
      {fileNotice && (
        <div className="notice notice-warning" data-testid="client-file-problem">
          <h3>{fileNotice.heading}</h3>
          <p className="client-file-problem">{fileNotice.body}</p>
        </div>
      )}
      {listing && total > 0 && (
        <p className="client-summary" data-testid="client-summary">
          <strong>{texts.connectedOf(listing.counts.connected, total)}</strong>
          {CLIENT_STATES.filter((clientState) => clientState !== 'connected').map((clientState) => (
            <span key={clientState} className={`client-count state-${clientState}`} data-testid={`client-count-${clientState}`}>
              {texts.stateOption(texts.states[clientState], listing.counts[clientState])}
            </span>
          ))}
        </p>
      )}
      {missing && missing.missing > 0 && (
        <div className="client-connect-missing">
          <button type="button" className="primary" disabled={starting} aria-describedby="client-connect-missing-hint" onClick={() => void startMissing()} data-testid="client-connect-missing">
            {texts.connectMissing(missing.missing)}
          </button>
          <p className="hint" id="client-connect-missing-hint">
            {texts.connectMissingHint(connectMissing.scopes)}{' '}
            <button type="button" className="link-button" onClick={connectMissing.onChangeScopes}>
              {texts.changeScopes}
            </button>
          </p>
        </div>
      )}
      <ClientImportForm api={api} messages={messages} />

      {state.load === 'loading' && (
        <p className="hint" role="status">
          {texts.loading}
        </p>
      )}
      {state.load === 'failed' && (
        <div role="alert">
          <p>{texts.loadFailed}</p>
          <button type="button" onClick={reload}>
            {texts.retry}
          </button>
        </div>
      )}
      {listing && total === 0 && (
        <div className="empty-state" data-testid="clients-empty">
          <h3>{texts.emptyHeading}</h3>
          <p>{texts.emptyBody}</p>
        </div>
      )}
      {listing && total > 0 && (
        <>
          <div className="company-toolbar client-toolbar">
            <div className="field">
              <label htmlFor="client-search">{texts.searchLabel}</label>
              <input
                id="client-search"
                type="search"
                value={filter.query}
                placeholder={texts.searchPlaceholder}
                data-testid="client-search"
                onChange={(event) => setFilter({ ...filter, query: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="client-state-filter">{texts.stateFilter}</label>
              <select
                id="client-state-filter"
                value={filter.state}
                data-testid="client-state-filter"
                onChange={(event) => {
                  if (isClientFilterState(event.target.value)) setFilter({ ...filter, state: event.target.value });
                }}
              >
                <option value="all">{texts.allStates(total)}</option>
                {CLIENT_STATES.map((clientState) => (
                  <option key={clientState} value={clientState}>
                    {texts.stateOption(texts.states[clientState], listing.counts[clientState])}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" onClick={() => void exportCsv()} disabled={exporting || shown.length === 0} data-testid="client-export">
              {exporting ? texts.exporting : texts.exportCsv}
            </button>
          </div>
          <p className={notice?.problem ? 'client-notice problem' : 'client-notice'} role="status" data-testid="client-notice">
            {notice?.text ?? ''}
          </p>
          <p className="company-count" id="client-count" data-testid="client-count">
            {texts.shownCount(shown.length, total)}
          </p>
          {shown.length === 0 ? (
            <p className="hint">{texts.noMatch}</p>
          ) : (
            <ClientTable clients={shown} messages={messages} onRemove={(client) => void remove(client)} resetKey={JSON.stringify(filter)} />
          )}
        </>
      )}
    </section>
  );
}

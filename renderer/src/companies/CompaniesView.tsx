import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AttentionSummary } from './AttentionSummary';
import { BULK_TEST_CONCURRENCY, runBounded, summariseBulkTest } from './bulk-test';
import { BULK_RECONNECT_MAX, bulkReconnectRequest } from './bulk-reconnect';
import { CompanyBulkBar, type BulkStatus } from './CompanyBulkBar';
import { CompanyDetail } from './CompanyDetail';
import { CompanyTable } from './CompanyTable';
import type { CompanyRowActions } from './CompanyTableRow';
import {
  chooseRow,
  clearSelection,
  keepExisting,
  moveActive,
  NO_SELECTION,
  selectAll,
  selectedInOrder,
  type ClickMode,
  type CompanySelection,
  type Move,
} from './company-selection';
import type { ConfigProblem } from '../../../shared/config-problems';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AttentionRow, CompanySummary } from '../../../shared/ipc-contract';
import { describeDisconnect, feedbackText, type RowFeedback } from './company-feedback';
import { companyLabel } from './company-label';
import { countByStatus, filterCompanies, type CompanyFilter } from './company-filter';
import type { CompanyListState } from './company-list-state';
import { sortCompanies, sortFromOption, type SortOptionId } from './company-sort';
import { useMediaQuery } from '../common/use-media-query';
import { useNow } from '../common/use-now';
import { SHORT_WINDOW } from './short-window';
import { useStableCallback } from '../common/use-stable-callback';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { AttentionRows, type RestoreFeedback } from './AttentionRows';
import { CompanyToolbar } from './CompanyToolbar';
import { ConfigProblems } from '../settings/ConfigProblems';
import { DisconnectDialog } from './DisconnectDialog';
import { DisconnectNoticeView, type DisconnectNotice } from './DisconnectNotice';
import { StorageBanner } from '../shell/StorageBanner';

/** The list's filter and sort, kept by App so they survive a visit to another view. */
export interface CompanyListView extends CompanyFilter {
  sort: SortOptionId;
}

interface CompaniesViewProps {
  api: ConnectorApi;
  /** Configuration problems from main, shown here too: nothing can connect until they are fixed. */
  configProblems: readonly ConfigProblem[] | null;
  /** Main's appInfo.packaged (false while it is not known). */
  packaged: boolean;
  list: CompanyListState;
  onRetry: () => void;
  listView: CompanyListView;
  onListViewChange: (next: CompanyListView) => void;
  messages: Messages;
  language: Language;
  /** The flow status panel, when a sign-in is under way or was started from this view. */
  flowPanel: ReactNode;
  /** Move the focus to the heading on mount (when another view sent the user here). */
  focusHeading: boolean;
  onConnectNew: () => void;
  onReconnect: (company: CompanySummary) => Promise<RowFeedback | null>;
  onReconnectOtherScopes: (company: CompanySummary) => void;
  /** The companies an alert notification named (its click): only they are listed until Show all. */
  shownTenants?: readonly string[] | null;
  onShowAll?: () => void;
  /** A bulk reconnect started its batch: show the batch's progress (the batch view). */
  onBatchStarted?: () => void;
}

/** How long "Kopierat" stays before the row goes quiet again. */
const COPIED_VISIBLE_MS = 4000;

/** The app's start page: every connected company, searchable and sortable, with its actions. */
export function CompaniesView(props: CompaniesViewProps) {
  const { api, list, listView, messages, language, flowPanel, focusHeading } = props;
  const texts = messages.companies;
  const heading = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const restoredRef = useRef<HTMLDivElement>(null);
  const now = useNow(30_000);
  const [feedback, setFeedback] = useState<ReadonlyMap<string, RowFeedback>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const [confirming, setConfirming] = useState<CompanySummary | null>(null);
  const [notice, setNotice] = useState<DisconnectNotice | null>(null);
  const [confirmingRow, setConfirmingRow] = useState<AttentionRow | null>(null);
  const [restoring, setRestoring] = useState<ReadonlyMap<string, RestoreFeedback>>(new Map());
  const [restored, setRestored] = useState<string | null>(null);
  const [selectionState, setSelection] = useState<CompanySelection>(NO_SELECTION);
  const [detailOpen, setDetailOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const [detailFocus, setDetailFocus] = useState(0);
  const [bulk, setBulk] = useState<BulkStatus>({ kind: 'idle' });
  const detailHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  useEffect(() => {
    // The row is gone after a disconnect; keep keyboard and screen-reader users at the outcome.
    if (notice?.phase === 'done') noticeRef.current?.focus();
  }, [notice]);

  useEffect(() => {
    // The restored row, and the Restore button that had the focus, are gone: land on the outcome.
    if (restored) restoredRef.current?.focus();
  }, [restored]);

  const companies = list.load === 'loaded' ? list.companies : EMPTY;
  // Rendered with the keystroke itself, not deferred: a deferred render came after a frame of its
  // own (the box's new text) and was sliced across more frames, so the list trailed the typing by
  // two or three frames while the work itself fits in one (bench/company-list-bench.ts).
  const query = listView.query;
  // Sorted only when the companies, the order or the language change; filtering keeps that order.
  const sorted = useMemo(() => sortCompanies(companies, sortFromOption(listView.sort)), [companies, listView.sort]);
  const shownTenants = props.shownTenants ?? null;
  const filtered = useMemo(() => {
    const byFilter = filterCompanies(sorted, { query, status: listView.status });
    if (shownTenants === null) return byFilter;
    const shown = new Set(shownTenants);
    return byFilter.filter((company) => shown.has(company.tenantId));
  }, [sorted, query, listView.status, shownTenants]);
  const keys = useMemo(() => filtered.map((company) => company.tenantId), [filtered]);
  const counts = useMemo(() => countByStatus(companies), [companies]);
  const byTenant = useMemo(() => new Map(companies.map((company) => [company.tenantId, company])), [companies]);
  // A disconnected company leaves the selection, so nothing is done to it later.
  const selection = useMemo(() => keepExisting(selectionState, (key) => byTenant.has(key)), [selectionState, byTenant]);


  useEffect(() => {
    if (detailFocus > 0) detailHeading.current?.focus();
  }, [detailFocus]);

  const setRow = (tenantId: string, next: RowFeedback | null) =>
    setFeedback((previous) => {
      const copy = new Map(previous);
      if (next) copy.set(tenantId, next);
      else copy.delete(tenantId);
      return copy;
    });
  const announce = (company: CompanySummary, next: RowFeedback) =>
    setAnnouncement(texts.announce(companyLabel(company, messages), feedbackText(next, messages).text));

  const onTest = useStableCallback(async (company: CompanySummary) => {
    setRow(company.tenantId, { kind: 'testing' });
    let next: RowFeedback;
    try {
      next = { kind: 'tested', result: await api.testCompany(company.tenantId) };
    } catch {
      next = { kind: 'no-response' };
    }
    setRow(company.tenantId, next);
    announce(company, next);
  });

  const onCopy = useStableCallback(async (company: CompanySummary) => {
    let next: RowFeedback;
    try {
      next = (await api.copyCompanyDetails(company.tenantId)).copied ? { kind: 'copied' } : { kind: 'copy-failed' };
    } catch {
      next = { kind: 'no-response' };
    }
    setRow(company.tenantId, next);
    announce(company, next);
    if (next.kind === 'copied') {
      window.setTimeout(
        () => setFeedback((previous) => {
          if (previous.get(company.tenantId)?.kind !== 'copied') return previous;
          const copy = new Map(previous);
          copy.delete(company.tenantId);
          return copy;
        }),
        COPIED_VISIBLE_MS,
      );
    }
  });

  const onReconnect = useStableCallback(async (company: CompanySummary) => {
    setRow(company.tenantId, null);
    const next = await props.onReconnect(company);
    if (next) {
      setRow(company.tenantId, next);
      announce(company, next);
    }
  });

  const onReconnectOtherScopes = useStableCallback((company: CompanySummary) => props.onReconnectOtherScopes(company));
  const onDisconnect = useStableCallback((company: CompanySummary) => setConfirming(company));

  const onChoose = useStableCallback((tenantId: string, mode: ClickMode) => {
    setSelection((current) => chooseRow(current, keys, tenantId, mode));
    if (mode === 'only') setDetailOpen(true);
  });
  const rowActions = useMemo<CompanyRowActions>(
    () => ({ onTest, onReconnect, onReconnectOtherScopes, onDisconnect, onCopy, onChoose }),
    [onTest, onReconnect, onReconnectOtherScopes, onDisconnect, onCopy, onChoose],
  );
  const onMove = (move: Move, extend: boolean, from: string) => {
    // The focused row is where a move starts, also before any row was chosen.
    setSelection((current) => moveActive(current.active === null ? { ...current, active: from, anchor: current.anchor ?? from } : current, keys, move, extend));
    setFocusRequest((value) => value + 1);
  };
  const onToggle = () => {
    if (selection.active !== null) setSelection((current) => (current.active === null ? current : chooseRow(current, keys, current.active, 'toggle')));
  };
  const onOpenDetail = () => {
    if (selection.active === null) return;
    setDetailOpen(true);
    setDetailFocus((value) => value + 1);
  };
  const onDeleteKey = () => {
    const company = selection.active === null ? undefined : byTenant.get(selection.active);
    if (company) setConfirming(company);
  };
  // In a short window the pane covers the list (short-window.ts): leaving it closes it.
  const shortWindow = useMediaQuery(SHORT_WINDOW);
  const closeDetail = () => {
    setDetailOpen(false);
    setFocusRequest((value) => value + 1);
  };
  const leaveDetail = () => {
    if (shortWindow) setDetailOpen(false);
    setFocusRequest((value) => value + 1);
  };

  const selectedKeys = selectedInOrder(selection, keys);
  const selectedCompanies = () => selectedKeys.map((key) => byTenant.get(key)).filter((company): company is CompanySummary => company !== undefined);

  const onBulkTest = async () => {
    const chosen = selectedCompanies();
    if (chosen.length === 0) return;
    let done = 0;
    setBulk({ kind: 'testing', done, total: chosen.length });
    const outcomes = await runBounded(chosen, BULK_TEST_CONCURRENCY, async (company) => {
      setRow(company.tenantId, { kind: 'testing' });
      let result = null;
      try {
        result = await api.testCompany(company.tenantId);
        setRow(company.tenantId, { kind: 'tested', result });
      } catch {
        setRow(company.tenantId, { kind: 'no-response' });
      }
      done += 1;
      setBulk({ kind: 'testing', done, total: chosen.length });
      return { tenantId: company.tenantId, result };
    });
    const summary = summariseBulkTest(outcomes);
    const failedNames = summary.failed.map((tenantId) => {
      const company = byTenant.get(tenantId);
      return company ? companyLabel(company, messages) : tenantId;
    });
    setBulk({ kind: 'tested', ok: summary.ok, total: summary.tested, failedNames });
  };

  const onBulkReconnect = async () => {
    const bulkTexts = messages.companyTable.bulk;
    const chosen = selectedCompanies();
    if (chosen.length === 0) return;
    const request = bulkReconnectRequest(chosen);
    if (request === 'too-many') return setBulk({ kind: 'message', text: bulkTexts.reconnectTooMany(BULK_RECONNECT_MAX), problem: true });
    if (request === 'no-scopes') return setBulk({ kind: 'message', text: bulkTexts.reconnectNoScopes, problem: true });
    try {
      const result = await api.startBatch(request);
      if (!result.started) {
        setBulk({ kind: 'message', text: result.reason === 'already_running' ? bulkTexts.reconnectBusy : bulkTexts.reconnectConfig, problem: true });
        return;
      }
      setBulk({ kind: 'message', text: bulkTexts.reconnectStarted(chosen.length), problem: false });
      props.onBatchStarted?.();
    } catch {
      setBulk({ kind: 'message', text: bulkTexts.reconnectFailed, problem: true });
    }
  };

  const onExport = async () => {
    const tenantIds = selectedKeys.length > 0 ? selectedKeys : keys;
    if (tenantIds.length === 0) return;
    const bulkTexts = messages.companyTable.bulk;
    setBulk({ kind: 'exporting' });
    try {
      const result = await api.exportCompanies(tenantIds);
      if (result.failed) setBulk({ kind: 'message', text: bulkTexts.exportFailed, problem: true });
      else if (!result.saved) setBulk({ kind: 'message', text: bulkTexts.exportCancelled, problem: false });
      else setBulk({ kind: 'message', text: bulkTexts.exported(result.rows), problem: false });
    } catch {
      setBulk({ kind: 'message', text: texts.requestFailed, problem: true });
    }
  };

  const confirmDisconnect = async () => {
    const company = confirming;
    if (!company) return;
    const name = companyLabel(company, messages);
    setConfirming(null);
    setNotice({ phase: 'pending', name });
    let result = null;
    try {
      result = await api.disconnectCompany(company.tenantId);
    } catch {
      // Reported as "the app did not respond" by describeDisconnect(null).
    }
    setNotice({ phase: 'done', view: describeDisconnect(result, name, messages) });
  };

  const rowLabel = (row: AttentionRow) =>
    row.kind === 'damaged' && row.companyName === null && row.tenantId === null
      ? messages.attention.damagedUnnamed
      : companyLabel({ companyName: row.kind === 'damaged' ? row.companyName : null, tenantId: row.tenantId }, messages);

  const setRestoreFeedback = (id: string, next: RestoreFeedback | null) =>
    setRestoring((previous) => {
      const copy = new Map(previous);
      if (next) copy.set(id, next);
      else copy.delete(id);
      return copy;
    });

  const onRestore = async (row: Extract<AttentionRow, { kind: 'unknown' }>) => {
    setRestored(null);
    setRestoreFeedback(row.id, { kind: 'restoring' });
    try {
      const result = await api.restoreConnection(row.tenantId);
      if (result.ok) {
        setRestoreFeedback(row.id, null);
        // Announced once, by the notice's role="status" (which also takes the focus).
        setRestored(messages.attention.restored(companyLabel(result, messages)));
      } else {
        setRestoreFeedback(row.id, { kind: 'failed', result });
      }
    } catch {
      // The app did not answer: that is not "Fortnox could not tell which company it is".
      setRestoreFeedback(row.id, { kind: 'no-response' });
    }
  };

  const confirmRowDisconnect = async () => {
    const row = confirmingRow;
    if (!row) return;
    const name = rowLabel(row);
    setConfirmingRow(null);
    setRestored(null);
    setNotice({ phase: 'pending', name });
    let result = null;
    try {
      result = await api.disconnectAttention(row.id);
    } catch {
      // Reported as "the app did not respond" by describeDisconnect(null).
    }
    setNotice({ phase: 'done', view: describeDisconnect(result, name, messages) });
  };

  const update = (patch: Partial<CompanyListView>) => props.onListViewChange({ ...listView, ...patch });

  return (
    <section className="companies-view" aria-labelledby="companies-heading">
      <h2 id="companies-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      {props.configProblems && <ConfigProblems messages={messages} problems={props.configProblems} packaged={props.packaged} />}
      {flowPanel}
      {list.load === 'loaded' && <StorageBanner storage={list.storage} messages={messages} />}
      {notice && (
        <DisconnectNoticeView
          notice={notice}
          messages={messages}
          noticeRef={noticeRef}
          openHelp={(target) => api.openHelp(target)}
          onDismiss={() => setNotice(null)}
        />
      )}

      {restored && (
        <div className="notice notice-success" role="status" data-testid="restore-result" ref={restoredRef} tabIndex={-1}>
          <p dir="auto">{restored}</p>
        </div>
      )}
      {list.load === 'loaded' && list.omitted > 0 && (
        <p className="notice notice-warning" data-testid="companies-omitted">
          {messages.attention.omitted(list.omitted)}
        </p>
      )}
      {list.load === 'loaded' && (
        <AttentionRows
          rows={list.attention}
          messages={messages}
          restoring={restoring}
          onDisconnect={setConfirmingRow}
          onRestore={(row) => void onRestore(row)}
        />
      )}

      {list.load === 'loading' && (
        <p className="hint" role="status" data-testid="companies-loading">
          {texts.loading}
        </p>
      )}
      {list.load === 'failed' && (
        <div className="notice notice-error" role="alert" data-testid="companies-load-failed">
          <p>{texts.loadFailed}</p>
          <button type="button" className="secondary" onClick={props.onRetry}>
            {texts.retry}
          </button>
        </div>
      )}
      {list.load === 'loaded' && companies.length === 0 && (
        <div className="card empty-state" data-testid="companies-empty">
          <h3>{texts.emptyHeading}</h3>
          {texts.emptyBody.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          <button type="button" className="primary" onClick={props.onConnectNew}>
            {texts.emptyButton}
          </button>
        </div>
      )}
      {list.load === 'loaded' && companies.length > 0 && (
        <>
          <CompanyToolbar
            messages={messages}
            query={listView.query}
            status={listView.status}
            sort={listView.sort}
            counts={counts}
            total={companies.length}
            onQueryChange={(next) => update({ query: next })}
            onStatusChange={(next) => update({ status: next })}
            onSortChange={(next) => update({ sort: next })}
          />
          {shownTenants !== null && (
            <div className="notice notice-info alert-filter" data-testid="alert-filter">
              <p>{texts.shownFromAlert(shownTenants.length)}</p>
              <button type="button" className="secondary" onClick={props.onShowAll}>
                {texts.showAll}
              </button>
            </div>
          )}
          <div className="company-list-bar">
            <p id="company-count" className="company-count" role="status" data-testid="company-count">
              {texts.count(filtered.length, companies.length)}
            </p>
            <AttentionSummary counts={counts} status={listView.status} messages={messages} onStatusChange={(next) => update({ status: next })} />
            <CompanyBulkBar
              selectedCount={selectedKeys.length}
              shownCount={keys.length}
              status={bulk}
              messages={messages}
              onTest={() => void onBulkTest()}
              onReconnect={() => void onBulkReconnect()}
              onExport={() => void onExport()}
              onSelectAll={() => setSelection((current) => selectAll(current, keys))}
              onClearSelection={() => setSelection((current) => clearSelection(current))}
            />
          </div>
          {filtered.length === 0 ? (
            <div className="no-match">
              <p>{texts.noMatch}</p>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  update({ query: '', status: 'all' });
                  props.onShowAll?.();
                }}
              >
                {texts.clearFilters}
              </button>
            </div>
          ) : (
            <div className={detailOpen ? 'companies-layout with-detail' : 'companies-layout'}>
              <CompanyTable
                companies={filtered}
                selection={selection}
                feedback={feedback}
                messages={messages}
                language={language}
                now={now}
                actions={rowActions}
                resetKey={`${query}\n${listView.status}\n${listView.sort}\n${shownTenants?.join(',') ?? ''}`}
                focusRequest={focusRequest}
                onMove={onMove}
                onToggle={onToggle}
                onSelectAll={() => setSelection((current) => selectAll(current, keys))}
                onClearSelection={() => setSelection((current) => clearSelection(current))}
                onOpenDetail={onOpenDetail}
                onDelete={onDeleteKey}
              />
              {detailOpen && (
                <CompanyDetail
                  company={selection.active === null ? null : (byTenant.get(selection.active) ?? null)}
                  feedback={selection.active === null ? undefined : feedback.get(selection.active)}
                  messages={messages}
                  language={language}
                  now={now}
                  actions={rowActions}
                  headingRef={detailHeading}
                  onLeave={leaveDetail}
                  onClose={closeDetail}
                />
              )}
            </div>
          )}
        </>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <DisconnectDialog
        companyName={confirming ? companyLabel(confirming, messages) : null}
        messages={messages}
        onConfirm={() => void confirmDisconnect()}
        onCancel={() => setConfirming(null)}
      />
      <DisconnectDialog
        companyName={confirmingRow ? rowLabel(confirmingRow) : null}
        body={
          confirmingRow?.kind === 'damaged' && !confirmingRow.hasTokens
            ? messages.attention.dialogBodyNoTokens
            : messages.attention.dialogBody
        }
        messages={messages}
        onConfirm={() => void confirmRowDisconnect()}
        onCancel={() => setConfirmingRow(null)}
      />
    </section>
  );
}

const EMPTY: readonly CompanySummary[] = [];

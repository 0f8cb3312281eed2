import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { FIRM_AUDIT_PAGE_SIZE, FIRM_AUDIT_RETENTION_DAYS } from '../../../shared/firm-audit-limits';
import type { CompanySummary, FirmAuditEntry, FirmDeskProblem, FirmView } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import type { CompanyListState } from '../companies/company-list-state';
import { FIRM_DESK_MESSAGES, type FirmDeskMessages } from '../i18n/firm-desk-messages';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { ActivityCells, ActivityList, ActivityLoadState, ExportButton, ExportStatus, type ActivityCell } from './ActivityList';
import { activityTime } from './activity-format';
import { ACTIVITY_SHOWN_MAX } from './activity-state';
import { useCsvExport } from './use-csv-export';

interface FirmActivityViewProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  companies: CompanyListState;
  focusOnMount: boolean;
  firm: FirmView;
}

/** The pages loaded for the current company filter. */
interface AuditState {
  load: 'loading' | 'loaded' | 'failed';
  entries: readonly FirmAuditEntry[];
  next: number | null;
  more: 'idle' | 'loading' | 'failed';
  problem: FirmDeskProblem | null;
}

const LOADING: AuditState = { load: 'loading', entries: [], next: null, more: 'idle', problem: null };
const NO_COMPANIES: readonly CompanySummary[] = [];

/** The audit's columns, in order. */
const FIRM_COLUMNS = ['time', 'who', 'what', 'company', 'status'] as const;

/** Who did it, as shown: "Nyckel: Lönesystemet", "Användare: anna@byran.se", or unknown. */
function whoText(entry: FirmAuditEntry, desk: FirmDeskMessages): string {
  if (entry.actor === null || entry.actorKind === null) return desk.activity.nobody;
  return `${desk.activity.actorKinds[entry.actorKind]}: ${entry.actor}`;
}

/** What was done: the action, and for proxied calls the method and path. */
function whatText(entry: FirmAuditEntry, desk: FirmDeskMessages): string {
  const action = desk.activity.actions[entry.action];
  return entry.method !== null && entry.path !== null ? `${action} · ${entry.method} ${entry.path}` : action;
}

/**
 * The Activity view in firm mode (issue 10 item 6): the firm server's audit (who, user or key;
 * what; when; which company), newest first, a page at a time in the same windowed list as the
 * local log, filtered by company, with a CSV export that main saves where the user chooses (the
 * window never learns where). The server keeps 90 days, and the view says so.
 */
export function FirmActivityView({ api, messages, language, companies, focusOnMount, firm }: FirmActivityViewProps) {
  const texts = messages.activity;
  const desk = FIRM_DESK_MESSAGES[language];
  const heading = useRef<HTMLHeadingElement>(null);
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<AuditState>(LOADING);
  const { exported, run: runExport, reset: resetExport } = useCsvExport(texts.noResponse);
  const generation = useRef(0);
  const signedIn = firm.user !== null;

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  useEffect(() => {
    if (!signedIn) return;
    generation.current += 1;
    const mine = generation.current;
    api.queryFirmAudit({ limit: FIRM_AUDIT_PAGE_SIZE, ...(tenantId !== null ? { tenantId } : {}) }).then(
      (answer) => {
        if (mine !== generation.current) return;
        setState(answer.ok ? { load: 'loaded', entries: answer.entries, next: answer.next, more: 'idle', problem: null } : { ...LOADING, load: 'failed', problem: answer.problem });
      },
      () => mine === generation.current && setState({ ...LOADING, load: 'failed' }),
    );
  }, [api, tenantId, reload, signedIn]);

  /** A new filter or a refresh: the list starts over (the effect above reads the first page). */
  const restart = (next: { tenantId?: string | null }) => {
    setState(LOADING);
    if (next.tenantId !== undefined) setTenantId(next.tenantId);
    else setReload((value) => value + 1);
  };

  const showMore = useCallback(() => {
    if (state.load !== 'loaded' || state.next === null || state.more === 'loading' || state.entries.length >= ACTIVITY_SHOWN_MAX) return;
    const mine = generation.current;
    setState({ ...state, more: 'loading' });
    api.queryFirmAudit({ limit: FIRM_AUDIT_PAGE_SIZE, before: state.next, ...(tenantId !== null ? { tenantId } : {}) }).then(
      (answer) => {
        if (mine !== generation.current) return;
        setState((previous) =>
          answer.ok
            ? { ...previous, entries: [...previous.entries, ...answer.entries].slice(0, ACTIVITY_SHOWN_MAX), next: answer.next, more: 'idle' }
            : { ...previous, more: 'failed', problem: answer.problem },
        );
      },
      () => mine === generation.current && setState((previous) => ({ ...previous, more: 'failed', problem: null })),
    );
  }, [api, state, tenantId]);

  const known = companies.load === 'loaded' ? companies.companies : NO_COMPANIES;
  const names = useMemo(() => new Map(known.map((company) => [company.tenantId, companyLabel(company, messages)])), [known, messages]);
  // The firm's companies, then any the loaded rows name that are no longer connected.
  const options = useMemo(() => {
    const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, language);
    const current = [...names].map(([id, label]) => ({ id, label })).sort(byLabel);
    const gone = new Map<string, string>();
    for (const entry of state.entries) {
      if (entry.tenantId !== null && !names.has(entry.tenantId) && !gone.has(entry.tenantId)) gone.set(entry.tenantId, texts.disconnectedCompany(entry.companyName, entry.tenantId));
    }
    if (tenantId !== null && !names.has(tenantId) && !gone.has(tenantId)) gone.set(tenantId, texts.unknownCompany(tenantId));
    return [...current, ...[...gone].map(([id, label]) => ({ id, label })).sort(byLabel)];
  }, [names, state.entries, tenantId, texts, language]);

  const companyText = (entry: FirmAuditEntry) =>
    entry.tenantId === null ? desk.activity.noCompany : (names.get(entry.tenantId) ?? texts.disconnectedCompany(entry.companyName, entry.tenantId));

  const exportCsv = () =>
    runExport(async () => {
      const result = await api.exportFirmAudit(tenantId ?? undefined);
      if (!result.ok) return { text: desk.problems[result.problem], problem: true };
      if (!result.saved) return { text: desk.activity.exportCancelled, problem: false };
      return { text: desk.activity.exported(result.rows), problem: false };
    });

  const renderRow = (index: number) => {
    const entry = state.entries[index];
    if (!entry) return null;
    const cells: ActivityCell<keyof FirmDeskMessages['activity']['columns']>[] = [
      ['time', activityTime(entry.at, language), 'time'],
      ['who', whoText(entry, desk), 'key'],
      ['what', whatText(entry, desk), 'request'],
      ['company', companyText(entry), 'company'],
      ['status', entry.status === null ? '–' : String(entry.status), entry.status !== null && entry.status >= 400 ? 'status problem' : 'status'],
    ];
    return (
      <div className="activity-row firm-activity-row" data-testid="firm-activity-row" data-id={entry.id} data-tenant-id={entry.tenantId ?? ''}>
        <ActivityCells cells={cells} columns={desk.activity.columns} dir="auto" />
      </div>
    );
  };

  return (
    <section className="activity-view" aria-labelledby="activity-heading" data-testid="firm-activity">
      <h2 id="activity-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p className="hint">
        {desk.activity.intro} {desk.activity.retention(FIRM_AUDIT_RETENTION_DAYS)}
      </p>
      {!signedIn ? (
        <p className="notice" data-testid="firm-activity-signed-out">
          {desk.activity.signedOut}
        </p>
      ) : (
        <>
          <div className="company-toolbar activity-toolbar">
            <div className="field">
              <label htmlFor="firm-activity-company">{texts.companyFilter}</label>
              <select
                id="firm-activity-company"
                value={tenantId ?? ''}
                onChange={(event) => {
                  restart({ tenantId: event.target.value === '' ? null : event.target.value });
                  resetExport();
                }}
              >
                <option value="">{texts.allCompanies}</option>
                {options.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" onClick={() => restart({})}>
              {texts.refresh}
            </button>
            <ExportButton exported={exported} onExport={() => void exportCsv()} texts={texts} />
          </div>
          <ExportStatus exported={exported} />
          <ActivityLoadState
            load={state.load}
            failedText={state.problem === null ? texts.loadFailed : desk.problems[state.problem]}
            failedTestId="firm-activity-failed"
            onRetry={() => restart({})}
            texts={texts}
          />
          {state.load === 'loaded' && state.entries.length === 0 && (
            <p className="empty-state" data-testid="activity-empty">
              {tenantId === null ? desk.activity.empty : desk.activity.noMatch}
            </p>
          )}
          {state.entries.length > 0 && (
            <ActivityList
              count={state.entries.length}
              hasMore={state.next !== null}
              countId="firm-activity-count"
              headerClassName="activity-row firm-activity-row activity-header"
              columns={FIRM_COLUMNS}
              columnNames={desk.activity.columns}
              renderRow={renderRow}
              resetKey={`${tenantId ?? ''}|${reload}`}
              canShowMore={state.next !== null && state.entries.length < ACTIVITY_SHOWN_MAX}
              more={state.more}
              onShowMore={showMore}
              moreFailedText={state.problem === null ? texts.loadFailed : desk.problems[state.problem]}
              texts={texts}
            />
          )}
        </>
      )}
    </section>
  );
}

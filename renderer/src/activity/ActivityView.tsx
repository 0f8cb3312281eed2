import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ActivityKeys, AuditCompany, AuditEntry, CompanySummary } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import type { CompanyListState } from '../companies/company-list-state';
import { ActivityCells, ActivityList, ActivityLoadState, ExportButton, ExportStatus, type ActivityCell } from './ActivityList';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { ACTIVITY_PERIODS, activityFilter, isActivityPeriod, isFiltered, NO_ACTIVITY_CHOICE, type ActivityChoice } from './activity-filter';
import { activityCompanyOptions } from './activity-companies';
import { activityBytes, activityDuration, activityRequest, activityStatus, activityTime } from './activity-format';
import { ACTIVITY_SHOWN_MAX, canShowMore } from './activity-state';
import { useActivity } from './use-activity';
import { useCsvExport } from './use-csv-export';
import { useFirmServer } from '../settings/use-firm-server';

interface ActivityViewProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
  companies: CompanyListState;
  /** Move the focus to the heading on mount (when a button, not the menu, led here). */
  focusOnMount: boolean;
}

const NO_COMPANIES: readonly CompanySummary[] = [];

/** The local log's columns, in order. */
const LOCAL_COLUMNS = ['time', 'company', 'key', 'request', 'status', 'duration', 'bytes'] as const;

/** The firm server's audit, loaded the first time firm mode's Activity view is shown. */
const FirmActivityView = lazy(() => import('./FirmActivityView').then((module) => ({ default: module.FirmActivityView })));

/**
 * The Activity view: in firm mode the firm server's audit (issue 10 item 6), else this
 * computer's local API log. Until main has said which, it shows that it is loading.
 */
export function ActivityView(props: ActivityViewProps) {
  const firm = useFirmServer(props.api);
  const loading = (
    <p className="hint" role="status">
      {props.messages.activity.loading}
    </p>
  );
  if (firm === null) return loading;
  if (firm.url === null) return <LocalActivityView {...props} />;
  return (
    <Suspense fallback={loading}>
      <FirmActivityView {...props} firm={firm} />
    </Suspense>
  );
}

/**
 * The local Activity view (issue 8 item 5): the local API's audit log, newest first, filtered by
 * company, key and period (one company or one key is that company's or key's own view), a page
 * at a time in a windowed list, with a CSV export of everything the filter matches.
 */
function LocalActivityView({ api, messages, language, companies, focusOnMount }: ActivityViewProps) {
  const texts = messages.activity;
  const heading = useRef<HTMLHeadingElement>(null);
  const [choice, setChoice] = useState<ActivityChoice>(NO_ACTIVITY_CHOICE);
  // The filter holds the period's start, counted when the choice was made or Refresh pressed.
  const [filter, setFilter] = useState(() => activityFilter(NO_ACTIVITY_CHOICE, Date.now()));
  const [reload, setReload] = useState(0);
  const [keys, setKeys] = useState<ActivityKeys['keys']>([]);
  const [seenCompanies, setSeenCompanies] = useState<readonly AuditCompany[]>([]);
  const { exported, run: runExport, reset: resetExport } = useCsvExport(texts.noResponse);
  const { state, showMore } = useActivity(api, filter, reload);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  useEffect(() => {
    let current = true;
    api.listActivityKeys().then(
      (answer) => {
        if (!current) return;
        setKeys(answer.keys);
        setSeenCompanies(answer.companies);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, reload]);

  const known = companies.load === 'loaded' ? companies.companies : NO_COMPANIES;
  const names = useMemo(() => new Map(known.map((company) => [company.tenantId, companyLabel(company, messages)])), [known, messages]);
  const companyOptions = useMemo(() => activityCompanyOptions(names, seenCompanies, texts, language), [names, seenCompanies, texts, language]);
  const seenNames = useMemo(() => new Map(companyOptions.filter((option) => option.disconnected).map((option) => [option.tenantId, option.label])), [companyOptions]);
  const keyNames = useMemo(() => new Map(keys.map((key) => [key.id, key.name])), [keys]);

  const choose = (next: ActivityChoice) => {
    setChoice(next);
    setFilter(activityFilter(next, Date.now()));
    resetExport();
  };
  const refresh = () => {
    setFilter(activityFilter(choice, Date.now()));
    setReload((value) => value + 1);
  };
  const exportCsv = () =>
    runExport(async () => {
      const result = await api.exportActivity(filter);
      if (result.failed) return { text: texts.exportFailed, problem: true };
      if (!result.saved) return { text: texts.exportCancelled, problem: false };
      if (result.truncated) return { text: texts.exportTruncated(result.rows), problem: true };
      return { text: texts.exported(result.rows), problem: false };
    });

  const companyText = (entry: AuditEntry) =>
    entry.tenantId === null
      ? texts.noCompany
      : (names.get(entry.tenantId) ??
        (entry.companyName !== undefined ? texts.disconnectedCompany(entry.companyName, entry.tenantId) : (seenNames.get(entry.tenantId) ?? texts.unknownCompany(entry.tenantId))));
  const keyText = (entry: AuditEntry) => entry.keyName ?? (entry.keyId !== null ? (keyNames.get(entry.keyId) ?? texts.unknownKey) : texts.unknownKey);

  const renderRow = (index: number) => {
    const entry = state.entries[index];
    if (!entry) return null;
    const refused = entry.status >= 400;
    const cells: ActivityCell<keyof typeof texts.columns>[] = [
      ['time', activityTime(entry.at, language), 'time'],
      ['company', companyText(entry), 'company'],
      ['key', keyText(entry), 'key'],
      ['request', activityRequest(entry, texts), 'request'],
      ['status', activityStatus(entry, texts), refused || !entry.complete ? 'status problem' : 'status'],
      ['duration', activityDuration(entry.durationMs, language), 'number'],
      ['bytes', `${activityBytes(entry.bytesIn, language)} / ${activityBytes(entry.bytesOut, language)}`, 'number'],
    ];
    return (
      <div className="activity-row" data-testid="activity-row" data-tenant-id={entry.tenantId ?? ''} data-key-id={entry.keyId ?? ''} data-status={entry.status}>
        <ActivityCells cells={cells} columns={texts.columns} />
      </div>
    );
  };

  return (
    <section className="activity-view" aria-labelledby="activity-heading">
      <h2 id="activity-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p className="hint">{texts.intro}</p>
      <div className="company-toolbar activity-toolbar">
        <div className="field">
          <label htmlFor="activity-company">{texts.companyFilter}</label>
          <select id="activity-company" value={choice.tenantId ?? ''} onChange={(event) => choose({ ...choice, tenantId: event.target.value === '' ? null : event.target.value })}>
            <option value="">{texts.allCompanies}</option>
            {companyOptions.map((option) => (
              <option key={option.tenantId} value={option.tenantId} data-disconnected={option.disconnected ? 'true' : undefined}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="activity-key">{texts.keyFilter}</label>
          <select id="activity-key" value={choice.keyId ?? ''} onChange={(event) => choose({ ...choice, keyId: event.target.value === '' ? null : event.target.value })}>
            <option value="">{texts.allKeys}</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.revoked ? texts.revokedKey(key.name) : key.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="activity-period">{texts.periodFilter}</label>
          <select
            id="activity-period"
            value={choice.period}
            onChange={(event) => {
              if (isActivityPeriod(event.target.value)) choose({ ...choice, period: event.target.value });
            }}
          >
            {ACTIVITY_PERIODS.map((period) => (
              <option key={period} value={period}>
                {texts.periods[period]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={refresh}>
          {texts.refresh}
        </button>
        <ExportButton exported={exported} onExport={() => void exportCsv()} texts={texts} />
      </div>
      <ExportStatus exported={exported} />

      <ActivityLoadState load={state.load} failedText={texts.loadFailed} onRetry={refresh} texts={texts} />
      {state.load === 'loaded' && state.entries.length === 0 && (
        <div className="empty-state" data-testid="activity-empty">
          {isFiltered(choice) ? (
            <p>{texts.noMatch}</p>
          ) : (
            <>
              <h3>{texts.emptyHeading}</h3>
              <p>{texts.emptyBody}</p>
            </>
          )}
        </div>
      )}
      {state.entries.length > 0 && (
        <ActivityList
          count={state.entries.length}
          hasMore={state.nextCursor !== null}
          countId="activity-count"
          headerClassName="activity-row activity-header"
          columns={LOCAL_COLUMNS}
          columnNames={texts.columns}
          renderRow={renderRow}
          resetKey={`${JSON.stringify(filter)}|${reload}`}
          canShowMore={canShowMore(state)}
          more={state.more}
          onShowMore={showMore}
          moreFailedText={texts.loadFailed}
          texts={texts}
        >
          {state.entries.length >= ACTIVITY_SHOWN_MAX && <p className="hint">{texts.shownLimit(ACTIVITY_SHOWN_MAX)}</p>}
          {state.damaged > 0 && <p className="hint">{texts.damaged(state.damaged)}</p>}
          {state.dropped > 0 && <p className="hint" data-testid="activity-dropped">{texts.dropped(state.dropped)}</p>}
        </ActivityList>
      )}
    </section>
  );
}

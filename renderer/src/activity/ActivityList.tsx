import type { ReactNode } from 'react';
import { ActivityRows } from './ActivityRows';

/** One row's cells: the column, its text and its class (`time`, `status problem`, …). */
export type ActivityCell<Column extends string> = readonly [column: Column, text: string, className: string];

/**
 * One entry's cells in both Activity views (this computer's log and the firm's audit): each with
 * its text as a tooltip (long ones are cut) and, for screen readers, the column's name.
 */
export function ActivityCells<Column extends string>({ cells, columns, dir }: { cells: readonly ActivityCell<Column>[]; columns: Record<Column, string>; dir?: 'auto' }) {
  return cells.map(([column, text, className]) => (
    <span key={column} className={`activity-cell ${className}`} title={text} dir={dir}>
      <span className="visually-hidden">{columns[column]}: </span>
      {text}
    </span>
  ));
}

interface ActivityListProps<Column extends string> {
  count: number;
  /** Whether there are entries beyond those loaded. */
  hasMore: boolean;
  /** The count's id, which the list names as its description. */
  countId: string;
  /** The header row's class: the firm's audit has other columns. */
  headerClassName: string;
  /** The header's columns, in order, and their names. */
  columns: readonly Column[];
  columnNames: Record<Column, string>;
  renderRow: (index: number) => ReactNode;
  resetKey: string;
  /** Whether "Show more" is offered (more to load, and the cap on shown entries not reached). */
  canShowMore: boolean;
  more: 'idle' | 'loading' | 'failed';
  onShowMore: () => void;
  /** Why the last "Show more" failed. */
  moreFailedText: string;
  texts: { shownCount: (shown: number, more: boolean) => string; listLabel: string; loadingMore: string; showMore: string };
  /** Notes under the list (limits, damaged lines). */
  children?: ReactNode;
}

/**
 * The loaded entries of both Activity views: how many are shown, a header, the windowed list, and
 * "Show more" with its failure.
 */
export function ActivityList<Column extends string>(props: ActivityListProps<Column>) {
  const { count, hasMore, countId, headerClassName, columns, columnNames, renderRow, resetKey, canShowMore, more, onShowMore, moreFailedText, texts, children } = props;
  return (
    <>
      <p className="company-count" id={countId} data-testid="activity-count">
        {texts.shownCount(count, hasMore)}
      </p>
      <div className={headerClassName} aria-hidden="true">
        {columns.map((column) => (
          <span key={column} className="activity-cell">
            {columnNames[column]}
          </span>
        ))}
      </div>
      <ActivityRows count={count} renderRow={renderRow} label={texts.listLabel} describedBy={countId} resetKey={resetKey} />
      {canShowMore && (
        <button type="button" className="activity-more" onClick={onShowMore} disabled={more === 'loading'}>
          {more === 'loading' ? texts.loadingMore : texts.showMore}
        </button>
      )}
      {more === 'failed' && (
        <p className="problem" role="alert">
          {moreFailedText}
        </p>
      )}
      {children}
    </>
  );
}

/** What the last CSV export came to. */
export type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string; problem: boolean };

/** The export button, busy while main saves. */
export function ExportButton({ exported, onExport, texts }: { exported: ExportState; onExport: () => void; texts: { exporting: string; exportCsv: string } }) {
  return (
    <button type="button" onClick={onExport} disabled={exported.kind === 'busy'}>
      {exported.kind === 'busy' ? texts.exporting : texts.exportCsv}
    </button>
  );
}

/** The last export's outcome, announced. */
export function ExportStatus({ exported }: { exported: ExportState }) {
  return (
    <p className={exported.kind === 'done' && exported.problem ? 'activity-export problem' : 'activity-export'} role="status" data-testid="activity-export-status">
      {exported.kind === 'done' ? exported.text : ''}
    </p>
  );
}

/** While the first page is not there: that it is loading, or why it failed with a Retry button. */
export function ActivityLoadState({
  load,
  failedText,
  failedTestId,
  onRetry,
  texts,
}: {
  load: 'loading' | 'loaded' | 'failed';
  failedText: string;
  failedTestId?: string;
  onRetry: () => void;
  texts: { loading: string; retry: string };
}) {
  if (load === 'loading') {
    return (
      <p className="hint" role="status">
        {texts.loading}
      </p>
    );
  }
  if (load === 'failed') {
    return (
      <div className="activity-failed" role="alert" data-testid={failedTestId}>
        <p>{failedText}</p>
        <button type="button" onClick={onRetry}>
          {texts.retry}
        </button>
      </div>
    );
  }
  return null;
}

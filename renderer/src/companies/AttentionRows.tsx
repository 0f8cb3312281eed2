import type { AttentionRow, RestoreResult } from '../../../shared/ipc-contract';
import { companyLabel } from './company-label';
import type { Messages } from '../i18n/messages';

/** What a row shows while or after it is restored. */
export type RestoreFeedback =
  | { kind: 'restoring' }
  | { kind: 'failed'; result: Extract<RestoreResult, { ok: false }> }
  /** The call to main itself failed. */
  | { kind: 'no-response' };

interface AttentionRowsProps {
  rows: readonly AttentionRow[];
  messages: Messages;
  restoring: ReadonlyMap<string, RestoreFeedback>;
  onDisconnect: (row: AttentionRow) => void;
  onRestore: (row: Extract<AttentionRow, { kind: 'unknown' }>) => void;
}

/**
 * Damaged records and unknown connections (issue 7, findings 3 and 7), listed above the companies
 * so that a record main could not read, or tokens without a company, are never hidden: each can
 * be disconnected, and an unknown connection restored. Plain buttons in a list: reachable with Tab,
 * each named together with its row's title.
 */
export function AttentionRows({ rows, messages, restoring, onDisconnect, onRestore }: AttentionRowsProps) {
  const texts = messages.attention;
  if (rows.length === 0) return null;
  return (
    <section className="attention" aria-labelledby="attention-heading" data-testid="attention-rows">
      <h3 id="attention-heading">{texts.heading}</h3>
      <p className="hint">{texts.intro}</p>
      <ul className="attention-list" aria-label={texts.listLabel}>
        {rows.map((row) => {
          const titleId = `attention-${row.id}-title`;
          const feedback = restoring.get(row.id);
          return (
            <li
              key={row.id}
              className={`attention-row attention-${row.kind}`}
              data-testid="attention-row"
              data-kind={row.kind}
              data-tenant-id={row.tenantId ?? ''}
            >
              <div className="attention-text">
                <p id={titleId} className="attention-title" dir="auto">
                  {row.kind === 'damaged' ? texts.damagedTitle(row.companyName) : texts.unknownTitle(companyLabel({ companyName: null, tenantId: row.tenantId }, messages))}
                </p>
                {row.kind === 'damaged' ? (
                  <>
                    <p>{texts.damagedBody}</p>
                    {row.tenantId !== null && (
                      <p>
                        {messages.companies.tenantId} <code>{row.tenantId}</code>
                      </p>
                    )}
                    {row.fields.length > 0 && (
                      <details className="hint" data-testid="attention-technical">
                        <summary>{messages.technicalDetails}</summary>
                        <p>
                          {texts.damagedFields} <code>{row.fields.join(', ')}</code>
                        </p>
                      </details>
                    )}
                    {!row.hasTokens && <p className="hint">{texts.damagedNoTokens}</p>}
                  </>
                ) : (
                  <p>{row.restorable ? texts.unknownBody : texts.unknownUnreadable}</p>
                )}
                {feedback?.kind === 'restoring' && (
                  <p className="row-feedback tone-neutral" role="status">
                    {texts.restoring}
                  </p>
                )}
                {feedback?.kind === 'failed' && (
                  <p className="row-feedback tone-problem" role="alert" data-testid="restore-failed">
                    {texts.restoreFailed[feedback.result.reason]}
                    {feedback.result.issue && ` ${messages.issues[feedback.result.issue]}`}
                  </p>
                )}
                {feedback?.kind === 'no-response' && (
                  <p className="row-feedback tone-problem" role="alert" data-testid="restore-failed">
                    {messages.companies.requestFailed}
                  </p>
                )}
              </div>
              <div className="attention-actions">
                {row.kind === 'unknown' && row.restorable && (
                  <button
                    type="button"
                    className="small"
                    aria-describedby={titleId}
                    disabled={feedback?.kind === 'restoring'}
                    onClick={() => onRestore(row)}
                  >
                    {texts.restore}
                  </button>
                )}
                <button type="button" className="small danger" aria-describedby={titleId} onClick={() => onDisconnect(row)}>
                  {texts.disconnect}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

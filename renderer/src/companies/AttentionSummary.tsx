import type { ConnectionStatus } from '../../../shared/connection-issues';
import type { Messages } from '../i18n/messages';
import type { StatusFilter } from './company-filter';

interface AttentionSummaryProps {
  counts: Record<ConnectionStatus, number>;
  status: StatusFilter;
  messages: Messages;
  /** Shows only companies with this status, or everything again (`all`). */
  onStatusChange: (status: StatusFilter) => void;
}

/** The statuses the summary counts, most urgent first. */
const SUMMARISED = ['needs_reconnect', 'error'] as const;

/**
 * Above the list: "12 behöver anslutas igen", "2 har fel". Each count is a toggle button that
 * shows only those companies (pressed), and all of them again when pressed once more. Nothing
 * is shown when nothing needs the accountant.
 */
export function AttentionSummary({ counts, status, messages, onStatusChange }: AttentionSummaryProps) {
  const texts = messages.companyTable.attention;
  const shown = SUMMARISED.filter((candidate) => counts[candidate] > 0);
  if (shown.length === 0) return null;
  return (
    <div className="attention-summary" role="group" aria-label={texts.label} data-testid="attention-summary">
      {shown.map((candidate) => {
        const pressed = status === candidate;
        return (
          <button
            key={candidate}
            type="button"
            className={`attention-count status-${candidate}`}
            aria-pressed={pressed}
            data-status={candidate}
            title={pressed ? texts.showOnly : undefined}
            onClick={() => onStatusChange(pressed ? 'all' : candidate)}
          >
            <span aria-hidden="true">⚠ </span>
            {candidate === 'needs_reconnect' ? texts.needsReconnect(counts[candidate]) : texts.error(counts[candidate])}
          </button>
        );
      })}
    </div>
  );
}

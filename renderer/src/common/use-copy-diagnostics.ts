import { useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { Messages } from '../i18n/messages';

/** Where "Copy diagnostics" is: under way, done, refused by main, or main did not answer. */
export type CopyDiagnosticsOutcome = 'copying' | 'copied' | 'copy-failed' | 'no-response';

/** The text and tone shown for an outcome (one set of texts for Settings and the error view). */
export function copyDiagnosticsText(outcome: CopyDiagnosticsOutcome, messages: Messages): { text: string; className: string } {
  const texts = messages.diagnostics;
  switch (outcome) {
    case 'copying':
      return { text: texts.copying, className: 'hint' };
    case 'copied':
      return { text: texts.copied, className: 'tone-ok' };
    case 'copy-failed':
      return { text: texts.copyFailed, className: 'tone-problem' };
    case 'no-response':
      return { text: texts.requestFailed, className: 'tone-problem' };
  }
}

/** "Copy diagnostics" (built by main, which writes the clipboard): the outcome and the action. */
export function useCopyDiagnostics(api: ConnectorApi): { outcome: CopyDiagnosticsOutcome | null; copy: () => Promise<void> } {
  const [outcome, setOutcome] = useState<CopyDiagnosticsOutcome | null>(null);
  const copy = async () => {
    setOutcome('copying');
    try {
      setOutcome((await api.copyDiagnostics()).copied ? 'copied' : 'copy-failed');
    } catch {
      setOutcome('no-response');
    }
  };
  return { outcome, copy };
}

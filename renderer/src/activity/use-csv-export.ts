import { useState } from 'react';
import type { ExportState } from './ActivityList';

/**
 * A CSV export's state in both Activity views: busy while `save` runs, then its outcome's text, or
 * `noResponse` when main did not answer. `reset` forgets the outcome (a new filter).
 */
export function useCsvExport(noResponse: string) {
  const [exported, setExported] = useState<ExportState>({ kind: 'idle' });
  const run = async (save: () => Promise<{ text: string; problem: boolean }>) => {
    setExported({ kind: 'busy' });
    try {
      setExported({ kind: 'done', ...(await save()) });
    } catch {
      setExported({ kind: 'done', text: noResponse, problem: true });
    }
  };
  const reset = () => setExported({ kind: 'idle' });
  return { exported, run, reset };
}

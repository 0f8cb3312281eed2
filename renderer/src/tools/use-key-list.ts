import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ToolKeyView } from '../../../shared/ipc-contract';
import { browserReloadPorts, watchForReload } from '../common/reload-triggers';
import { upsertKey } from './key-list';

/** `at`: when the list was read, so "last used" is never measured against an older clock reading. */
export type KeyListState<Problem> = { load: 'loading' } | { load: 'failed'; problem: Problem | null } | { load: 'loaded'; keys: readonly ToolKeyView[]; at: number };

/** A read of the list: the keys, or why the list could not be read. */
export type KeyListAnswer<Problem> = { ok: true; keys: readonly ToolKeyView[] } | { ok: false; problem: Problem };

/** How often the list is read again while the view is open (and visible), so "last used" stays current. */
const KEYS_RELOAD_MS = 30_000;

/**
 * A Tools view's key list, this computer's or the firm server's: read on mount, again when the
 * window regains the focus or is shown again and every 30 seconds (tools use keys meanwhile), and
 * on `reload`. A read that fails keeps a list already shown. `read` must be stable (a module-level
 * function), or the list is read on every render.
 */
export function useKeyList<Problem>(api: ConnectorApi, read: (api: ConnectorApi) => Promise<KeyListAnswer<Problem>>) {
  const [keys, setKeys] = useState<KeyListState<Problem>>({ load: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    read(api).then(
      (answer) => {
        if (!current) return;
        if (answer.ok) setKeys({ load: 'loaded', keys: answer.keys, at: Date.now() });
        else setKeys({ load: 'failed', problem: answer.problem });
      },
      () => current && setKeys((previous) => (previous.load === 'loaded' ? previous : { load: 'failed', problem: null })),
    );
    return () => {
      current = false;
    };
  }, [api, read, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => watchForReload(browserReloadPorts(), reload, KEYS_RELOAD_MS), [reload]);

  /** Shows "loading" and reads the list again (the Retry button). */
  const retry = () => {
    setKeys({ load: 'loading' });
    reload();
  };

  /** Puts a new or changed key in the list shown, before the next read. */
  const upsert = (key: ToolKeyView) => setKeys((previous) => (previous.load === 'loaded' ? { ...previous, keys: upsertKey(previous.keys, key) } : previous));

  return { keys, reload, retry, upsert };
}

/**
 * Revoking or removing a key, in both Tools views: its row shows it is busy meanwhile, the last
 * outcome is cleared and then replaced by what this one came to (`failed` when main did not
 * answer), and the list is read again whatever happened.
 */
export function useKeyActions<Notice>(reload: () => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const act = async (key: ToolKeyView, action: () => Promise<Notice>, failed: Notice) => {
    setBusy(key.id);
    setNotice(null);
    try {
      setNotice(await action());
    } catch {
      setNotice(failed);
    } finally {
      setBusy(null);
      reload();
    }
  };
  return { busy, notice, setNotice, act };
}

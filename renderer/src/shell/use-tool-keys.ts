import { useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ToolKeyView } from '../../../shared/ipc-contract';

/**
 * The tool keys for the sidebar's count, read again whenever `generation` changes (the App passes
 * the current view, so leaving the Tools view after making or revoking a key updates the count).
 * Null until read, and after a failed read (the count is then left out).
 */
export function useToolKeys(api: ConnectorApi, generation: unknown): readonly ToolKeyView[] | null {
  const [keys, setKeys] = useState<readonly ToolKeyView[] | null>(null);
  useEffect(() => {
    let current = true;
    api.listToolKeys().then(
      (list) => current && setKeys(list.keys),
      () => current && setKeys(null),
    );
    return () => {
      current = false;
    };
  }, [api, generation]);
  return keys;
}

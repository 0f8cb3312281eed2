import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AppInfoState } from '../connect/connect-blocker';

/**
 * Asks main for version, simulator flag, languages and configuration state; `reload` asks again
 * (after the settings were saved, the configuration may have become valid). While a reload is
 * under way the previous answer stays, so the page does not flash "loading".
 */
export function useAppInfo(api: ConnectorApi): [AppInfoState, () => void] {
  const [state, setState] = useState<AppInfoState>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    api.getAppInfo().then(
      (info) => current && setState({ state: 'loaded', info }),
      () => current && setState((previous) => (previous.state === 'loaded' ? previous : { state: 'failed' })),
    );
    return () => {
      current = false;
    };
  }, [api, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return [state, reload];
}

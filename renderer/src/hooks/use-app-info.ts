import { useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { AppInfoState } from '../connect-blocker';

/** Asks main once for version, simulator flag, languages and configuration state. */
export function useAppInfo(api: ConnectorApi): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    api.getAppInfo().then(
      (info) => current && setState({ state: 'loaded', info }),
      () => current && setState({ state: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [api]);
  return state;
}

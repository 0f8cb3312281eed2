import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ScopeProfileChange, ScopeProfileChangeResult, ScopeProfilesView } from '../../../shared/scope-profiles';

/** The scope profiles as main keeps them, while loading, or after main did not answer. */
export type ScopeProfilesState = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; view: ScopeProfilesView };

/** The profiles and the one call that changes them; a successful change replaces the view. */
export interface ScopeProfilesControl {
  state: ScopeProfilesState;
  change: (change: ScopeProfileChange) => Promise<ScopeProfileChangeResult | null>;
}

/** Loads the scope profiles from main once; `change` returns null when main did not answer. */
export function useScopeProfiles(api: ConnectorApi): ScopeProfilesControl {
  const [state, setState] = useState<ScopeProfilesState>({ load: 'loading' });
  useEffect(() => {
    let current = true;
    api.getScopeProfiles().then(
      (view) => current && setState({ load: 'loaded', view }),
      () => current && setState({ load: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [api]);
  const change = useCallback(
    async (request: ScopeProfileChange) => {
      try {
        const result = await api.changeScopeProfiles(request);
        if (result.ok) setState({ load: 'loaded', view: result.view });
        return result;
      } catch {
        return null;
      }
    },
    [api],
  );
  return { state, change };
}

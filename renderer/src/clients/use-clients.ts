import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { ClientListing } from '../../../shared/ipc-contract';

/** The client list as the view holds it. */
export type ClientsState = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; listing: ClientListing };

/**
 * The client list from main, read again whenever it changes there (an import, a removal, a
 * batch's skip) or a company is connected, changed or disconnected (the states follow the
 * companies). A failed read after a good one keeps the list shown.
 */
export function useClients(api: ConnectorApi): { state: ClientsState; reload: () => void } {
  const [state, setState] = useState<ClientsState>({ load: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    api.listClients().then(
      (listing) => {
        if (current) setState({ load: 'loaded', listing });
      },
      () => {
        if (current) setState((previous) => (previous.load === 'loaded' ? previous : { load: 'failed' }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, generation]);

  useEffect(() => {
    const offClients = api.onClientsChanged(reload);
    const offCompanies = api.onCompaniesChanged(reload);
    return () => {
      offClients();
      offCompanies();
    };
  }, [api, reload]);

  return { state, reload };
}

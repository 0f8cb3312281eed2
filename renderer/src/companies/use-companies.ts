import { useCallback, useEffect, useReducer, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { companyListReducer, INITIAL_COMPANY_LIST, type CompanyListState } from './company-list-state';

/**
 * The connected companies: subscribes to changes first, then asks for the list (see
 * companyListReducer for why that order loses nothing). `retry` asks again after a failure
 * without dropping the subscription.
 */
export function useCompanies(api: ConnectorApi): { list: CompanyListState; retry: () => void } {
  const [list, dispatch] = useReducer(companyListReducer, INITIAL_COMPANY_LIST);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => api.onCompaniesChanged((change) => dispatch({ type: 'changed', change })), [api]);

  useEffect(() => {
    let current = true;
    api.listCompanies().then(
      (snapshot) => current && dispatch({ type: 'snapshot', list: snapshot }),
      () => current && dispatch({ type: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [api, attempt]);

  const retry = useCallback(() => {
    dispatch({ type: 'retry' });
    setAttempt((value) => value + 1);
  }, []);
  return { list, retry };
}

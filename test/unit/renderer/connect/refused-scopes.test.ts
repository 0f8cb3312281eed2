import { describe, expect, it } from 'vitest';
import type { FlowStatusMessage } from '../../../../shared/ipc-contract';
import { refusedScopes } from '../../../../renderer/src/connect/refused-scopes';

const failed = (overrides: Partial<Extract<FlowStatusMessage, { phase: 'failed' }>> = {}): FlowStatusMessage => ({
  phase: 'failed',
  flowId: 'flow-0001',
  error: 'invalid_scope',
  finishedAt: 1,
  ...overrides,
});

describe('the scopes an invalid_scope failure names', () => {
  it('finds the requested scope Fortnox named in its description', () => {
    expect(refusedScopes(failed({ fortnoxError: 'invalid_scope', detail: 'Invalid scope: salary' }), ['companyinformation', 'salary'])).toEqual(['salary']);
  });

  it('finds several, in catalogue order, whatever punctuation separates them', () => {
    expect(refusedScopes(failed({ detail: 'Invalid scope: warehouse,salary.' }), ['salary', 'warehouse', 'invoice'])).toEqual(['salary', 'warehouse']);
  });

  it('never names a scope that was not requested, whatever Fortnox says', () => {
    expect(refusedScopes(failed({ detail: 'Invalid scope: deletevoucher salary' }), ['companyinformation'])).toEqual([]);
  });

  it('gives an empty list when Fortnox does not say which scope it was', () => {
    expect(refusedScopes(failed({ fortnoxError: 'invalid_scope' }), ['companyinformation', 'salary'])).toEqual([]);
  });

  it('gives nothing for any other outcome', () => {
    expect(refusedScopes(failed({ error: 'access_denied', detail: 'salary' }), ['salary'])).toBeNull();
    expect(refusedScopes({ phase: 'idle' }, ['salary'])).toBeNull();
  });
});

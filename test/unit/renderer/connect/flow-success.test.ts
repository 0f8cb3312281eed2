import { describe, expect, it } from 'vitest';
import { describeSuccess, type SucceededStatus } from '../../../../renderer/src/connect/flow-success';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const succeeded = (overrides: Partial<SucceededStatus> = {}): SucceededStatus => ({
  phase: 'succeeded',
  flowId: 'flow-0001',
  scopes: ['companyinformation', 'invoice'],
  serviceAccount: false,
  finishedAt: 1,
  ...overrides,
});

const company = {
  tenantId: '1234567',
  companyName: 'Bokföringsbyrån Norr AB',
  reconnected: false,
  scopesNotGranted: [],
  scopesNotRequested: [],
};

describe('describing a successful connection', () => {
  it('lists the requested scopes when main made no exchange', () => {
    expect(describeSuccess(succeeded(), MESSAGES.sv)).toEqual({
      company: null,
      reconnected: null,
      scopes: ['companyinformation', 'invoice'],
      notGranted: [],
      notRequested: [],
    });
  });

  it('names the company and its tenant id', () => {
    expect(describeSuccess(succeeded({ company }), MESSAGES.sv).company).toBe('Ansluten: Bokföringsbyrån Norr AB (1234567)');
    expect(describeSuccess(succeeded({ company }), MESSAGES.en).company).toBe('Connected: Bokföringsbyrån Norr AB (1234567)');
  });

  it('names the tenant when Fortnox gave no company name', () => {
    const view = describeSuccess(succeeded({ company: { ...company, companyName: ' ' } }), MESSAGES.sv);
    expect(view.company).toBe('Ansluten: företag med tenant-id 1234567');
  });

  it('says the existing connection was updated on a reconnect', () => {
    expect(describeSuccess(succeeded({ company: { ...company, reconnected: true } }), MESSAGES.en).reconnected).toBe(
      "The company's existing connection was updated.",
    );
  });

  it('shows the granted scopes and what differs from the request', () => {
    const view = describeSuccess(
      succeeded({ company: { ...company, scopesNotGranted: ['invoice'], scopesNotRequested: ['print'] } }),
      MESSAGES.sv,
    );
    expect(view.scopes).toEqual(['companyinformation', 'print']);
    expect(view.notGranted).toEqual(['invoice']);
    expect(view.notRequested).toEqual(['print']);
  });
});

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

  it('names the company once, with its organisation number', () => {
    expect(describeSuccess(succeeded({ company }), MESSAGES.sv, '556677-8899').company).toBe('Bokföringsbyrån Norr AB, org.nr 556677-8899');
    expect(describeSuccess(succeeded({ company }), MESSAGES.en, '556677-8899').company).toBe('Bokföringsbyrån Norr AB, org. no. 556677-8899');
  });

  it('names the company alone when its organisation number is not known', () => {
    expect(describeSuccess(succeeded({ company }), MESSAGES.sv).company).toBe('Bokföringsbyrån Norr AB');
  });

  it('names the database number when Fortnox gave no company name', () => {
    const view = describeSuccess(succeeded({ company: { ...company, companyName: ' ' } }), MESSAGES.sv, '556677-8899');
    expect(view.company).toBe('Företaget med databasnummer 1234567');
    expect(describeSuccess(succeeded({ company: { ...company, companyName: null } }), MESSAGES.en).company).toBe(
      'The company with database number 1234567',
    );
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

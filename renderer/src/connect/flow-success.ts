import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import { orderScopes } from '../companies/scope-difference';
import type { Messages } from '../i18n/messages';

/** A succeeded flow status. */
export type SucceededStatus = Extract<FlowStatusMessage, { phase: 'succeeded' }>;

/** Everything the status panel shows for a success; null parts are left out. */
export interface SuccessView {
  /** "<name>, org.nr <number>" (the company named once), when main identified the company. */
  company: string | null;
  /** Said when the tenant was already connected and its connection was updated in place. */
  reconnected: string | null;
  /** The scopes the connection has now: the granted ones when known, else the requested ones. */
  scopes: string[];
  notGranted: string[];
  notRequested: string[];
}

/**
 * Turns a succeeded status into the texts to show; Fortnox's company name stays plain text.
 * `organizationNumber` comes from the company list (the status itself carries none), or null.
 */
export function describeSuccess(status: SucceededStatus, messages: Messages, organizationNumber: string | null = null): SuccessView {
  const { company } = status;
  if (!company) {
    return { company: null, reconnected: null, scopes: [...status.scopes], notGranted: [], notRequested: [] };
  }
  const notGranted = new Set(company.scopesNotGranted);
  return {
    company: messages.flow.connectedCompany(nonEmpty(company.companyName), nonEmpty(organizationNumber), company.tenantId),
    reconnected: company.reconnected ? messages.flow.reconnected : null,
    scopes: orderScopes([...status.scopes.filter((name) => !notGranted.has(name)), ...company.scopesNotRequested]),
    notGranted: orderScopes(company.scopesNotGranted),
    notRequested: orderScopes(company.scopesNotRequested),
  };
}

function nonEmpty(text: string | null): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

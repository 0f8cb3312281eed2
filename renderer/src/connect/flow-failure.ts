import type { FlowErrorCode } from '../../../shared/flow-errors';
import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';

/** A failed flow status. */
export type FailedStatus = Extract<FlowStatusMessage, { phase: 'failed' }>;

/** Everything the status panel shows for a failure; null parts are left out. */
export interface FailureView {
  title: string;
  body: string;
  /** Fortnox's own words (`error`, `error_description`), shown as plain text after "Fortnox said:". */
  fortnoxSaid: string | null;
  /** For navigation_blocked: the address the sign-in page tried to open. */
  blockedAddress: string | null;
  /** Technical detail from main that is not Fortnox's words (e.g. a network error name). */
  details: string | null;
  /** For exchange_failed: what went wrong talking to Fortnox, as a sentence. */
  issue: string | null;
}

/** Codes whose `detail` is Fortnox's own `error_description`, not a message from the app. */
const FROM_FORTNOX: ReadonlySet<FlowErrorCode> = new Set<FlowErrorCode>([
  'access_denied',
  'invalid_scope',
  'invalid_request',
  'unauthorized_client',
  'service_account_not_allowed',
  'server_error',
  'provider_error',
  // Main's `detail` for a failed exchange is the untrusted text Fortnox's token endpoint sent.
  'exchange_failed',
]);

/** Turns a failed status into the texts to show; untrusted text from Fortnox stays plain text. */
export function describeFailure(status: FailedStatus, messages: Messages): FailureView {
  const { title, body } = messages.flow.errors[status.error];
  const fortnoxError = nonEmpty(status.fortnoxError);
  const detail = nonEmpty(status.detail);
  const issue = status.issue ? messages.issues[status.issue] : null;
  if (status.error === 'navigation_blocked') {
    return { title, body, fortnoxSaid: fortnoxError, blockedAddress: detail, details: null, issue };
  }
  if (FROM_FORTNOX.has(status.error)) {
    const said = [fortnoxError, detail].filter((part): part is string => part !== null).join(' – ');
    return { title, body, fortnoxSaid: said === '' ? null : said, blockedAddress: null, details: null, issue };
  }
  return { title, body, fortnoxSaid: fortnoxError, blockedAddress: null, details: detail, issue };
}

function nonEmpty(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

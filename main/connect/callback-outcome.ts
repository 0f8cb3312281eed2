import type { FlowErrorCode } from '../../shared/flow-errors';
import { UNTRUSTED_TEXT_MAX } from '../../shared/text-limits';
import { fortnoxText } from '../fortnox/untrusted-fields';
import type { KnownSecrets } from '../logging/known-secrets';
import type { CallbackParams } from './redirect-matcher';

/** Maps Fortnox's `error` values to the app's error codes (fortnox.md section 2: values UNCONFIRMED). */
export function flowErrorForFortnoxError(error: string, description: string | undefined): FlowErrorCode {
  // Fortnox's own text for a client without the "Only administrator" option (fortnox.md section 7).
  if (description && /does not allow service account/i.test(description)) return 'service_account_not_allowed';
  switch (error) {
    case 'access_denied':
      return 'access_denied';
    case 'invalid_scope':
      return 'invalid_scope';
    case 'invalid_request':
    case 'unsupported_response_type':
      return 'invalid_request';
    case 'unauthorized_client':
    case 'invalid_client':
      return 'unauthorized_client';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'server_error';
    default:
      return 'provider_error';
  }
}


/**
 * Untrusted text from Fortnox made safe to store and display: anything that looks like a
 * credential masked, control and bidirectional characters removed (the shared sanitiser), cut.
 * Known secrets are masked too when the caller has them.
 */
export function displayableText(value: string | undefined, secrets?: KnownSecrets): string | undefined {
  return fortnoxText(value, UNTRUSTED_TEXT_MAX, secrets);
}

/** Whether a callback carries an error, a code, or neither (Fortnox's locked-account answer). */
export type CallbackKind = 'error' | 'code' | 'empty';

/** Classifies a callback. An error wins over a code: a code next to an error is discarded. */
export function callbackKind(params: CallbackParams): CallbackKind {
  if (params.error !== undefined) return 'error';
  if (params.code !== undefined && params.code !== '') return 'code';
  return 'empty';
}

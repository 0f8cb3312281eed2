import type { LocalApiErrorCode } from '../../../shared/local-api-errors';

/**
 * Short texts for the local API's error codes, shown beside a refused request's status in the
 * Activity view (issue 8 item 5). Swedish and English; the `Record` keeps every code covered.
 */
export type LocalApiErrorTexts = Record<LocalApiErrorCode, string>;

/** Swedish. */
export const svLocalApiErrors: LocalApiErrorTexts = {
  invalid_request: 'ogiltig begäran',
  host_not_allowed: 'fel Host-adress',
  browser_request_refused: 'från en webbsida',
  method_not_allowed: 'metoden är inte tillåten',
  unauthorized: 'ogiltig nyckel',
  company_not_allowed: 'företaget ingår inte i nyckeln',
  right_not_granted: 'nyckeln saknar behörigheten',
  action_not_allowed: 'läsnyckeln får inte skicka eller skriva ut',
  company_not_found: 'inget anslutet företag',
  not_found: 'okänd adress',
  body_too_large: 'för stor begäran',
  unsupported_media_type: 'inte JSON',
  invalid_path: 'otillåten Fortnox-sökväg',
  company_needs_reconnect: 'företaget måste anslutas igen',
  fortnox_unavailable: 'Fortnox svarade inte',
  rate_limited: 'Fortnox-gränsen full',
  too_many_requests: 'för många väntande anrop',
  response_too_large: 'för stort svar',
  internal_error: 'internt fel',
  firm_server_unreachable: 'byråns server svarade inte',
  firm_signed_out: 'inte inloggad på byråns server',
  key_scope_required: 'sessionen saknar nyckelns omfattning',
  server_stopping: 'servern håller på att stängas',
};

/** English. */
export const enLocalApiErrors: LocalApiErrorTexts = {
  invalid_request: 'invalid request',
  host_not_allowed: 'wrong Host address',
  browser_request_refused: 'from a web page',
  method_not_allowed: 'method not allowed',
  unauthorized: 'invalid key',
  company_not_allowed: 'company not in the key',
  right_not_granted: 'key lacks the right',
  action_not_allowed: 'read key may not send or print',
  company_not_found: 'no connected company',
  not_found: 'unknown address',
  body_too_large: 'request too large',
  unsupported_media_type: 'not JSON',
  invalid_path: 'Fortnox path not allowed',
  company_needs_reconnect: 'company must reconnect',
  fortnox_unavailable: 'Fortnox did not answer',
  rate_limited: 'Fortnox limit full',
  too_many_requests: 'too many calls waiting',
  response_too_large: 'answer too large',
  internal_error: 'internal error',
  firm_server_unreachable: "firm's server did not answer",
  firm_signed_out: "not signed in to the firm's server",
  key_scope_required: "session without the key's scope",
  server_stopping: 'the server is shutting down',
};

import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { TestBrowser, answerConsent, authorizationIdIn, queryOf, startAndLogIn } from './simulator-browser';

/** A settable clock for `startFortnoxSimulator({ now })`, starting on a whole second. */
export class TestClock {
  constructor(public time = Date.UTC(2026, 2, 1, 9, 0, 0)) {}

  /** The clock function to inject. */
  readonly now = (): number => this.time;

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.time += ms;
  }
}

/** The token endpoint's success body. */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  scope: string;
  expires_in: number;
  token_type: string;
}

/** `Basic base64(id:secret)`. */
export function basicAuth(clientId = 'test-client', clientSecret = 'test-secret'): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/**
 * POSTs `fields` form-encoded to `url` with `test-client`'s Basic header unless `auth` says
 * otherwise (`null` sends no Authorization header).
 */
export function postForm(
  url: string,
  fields: Record<string, string | undefined>,
  options: { auth?: string | null; contentType?: string; body?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  const auth = options.auth === undefined ? basicAuth() : options.auth;
  if (auth !== null) headers.authorization = auth;
  const defined = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return fetch(url, { method: 'POST', headers, body: options.body ?? new URLSearchParams(defined).toString() });
}

/** Runs authorize, login, (company,) consent and returns the code from the redirect. */
export async function obtainCode(
  simulator: FortnoxSimulator,
  options: {
    username?: string;
    password?: string;
    tenantId?: number;
    params?: Record<string, string | undefined>;
  } = {},
): Promise<string> {
  const browser = new TestBrowser();
  let page = await startAndLogIn(
    browser,
    simulator,
    options.username ?? 'single',
    options.password ?? 'pw-single',
    options.params,
  );
  if (page.body.includes('Välj företag')) {
    page = await browser.post(`${simulator.origin}/oauth-v1/company`, {
      authorization_id: authorizationIdIn(page),
      tenant_id: String(options.tenantId),
    });
  }
  const redirect = await answerConsent(browser, simulator, page, 'approve');
  const code = queryOf(redirect.location).code;
  if (code === undefined) throw new Error(`No code in ${redirect.location}`);
  return code;
}

/** POSTs an authorization_code grant for `code` with the app callback as redirect URI. */
export function exchangeCode(
  simulator: FortnoxSimulator,
  code: string,
  overrides: Record<string, string | undefined> = {},
  auth?: string | null,
): Promise<Response> {
  return postForm(
    simulator.tokenUrl,
    { grant_type: 'authorization_code', code, redirect_uri: simulator.appCallbackUrl, ...overrides },
    auth === undefined ? {} : { auth },
  );
}

/** POSTs a refresh_token grant. */
export function refreshWith(
  simulator: FortnoxSimulator,
  refreshToken: string,
  auth?: string | null,
): Promise<Response> {
  return postForm(
    simulator.tokenUrl,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    auth === undefined ? {} : { auth },
  );
}

/** Gets a code and exchanges it; fails the test unless tokens come back. */
export async function connect(
  simulator: FortnoxSimulator,
  options: Parameters<typeof obtainCode>[1] = {},
): Promise<TokenResponse> {
  const response = await exchangeCode(simulator, await obtainCode(simulator, options));
  if (response.status !== 200) throw new Error(`Token exchange failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** A JWT's decoded header and payload, and its raw parts. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  parts: string[];
} {
  const parts = token.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(parts[0]), payload: decode(parts[1]), parts };
}

/** GETs `/3/companyinformation` with `Authorization: Bearer <token>` (no header for undefined). */
export function getCompanyInformation(simulator: FortnoxSimulator, token: string | undefined): Promise<Response> {
  return fetch(`${simulator.apiBaseUrl}companyinformation`, {
    headers: {
      accept: 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
  });
}

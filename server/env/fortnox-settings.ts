import { z } from 'zod';
import { checkEndpointUrl, CLIENT_ID_PATTERN, FORTNOX_PRODUCTION } from '../../main/config/fortnox-config';
import { endpointUrl, list, PRINTABLE, URL_PROBLEM, type EnvReader } from './env-reader';
import { SecretText } from './secret-text';
import { readSecretVariable, type Env, type EnvProblem } from './secret-variables';

/** Fortnox's OAuth and API endpoints the server calls. */
export interface FortnoxEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
}

/**
 * Which Fortnox the server talks to:
 * - `embedded-simulator`: no client configured; like the desktop app, the server starts the
 *   simulator in-process with its demo client (only for trying it out);
 * - `external-simulator`: `FORTNOX_USE_SIMULATOR=1` with a client, pointed at a running simulator
 *   (http allowed on loopback), so several server processes share one fake Fortnox in tests;
 * - `fortnox`: the real Fortnox over https.
 */
export type FortnoxSettings =
  | { mode: 'embedded-simulator'; redirectUris: string[] }
  | {
      mode: 'fortnox' | 'external-simulator';
      clientId: string;
      /**
       * The secret from the environment; null when it is not set there: the server then uses the
       * one it stored (encrypted, in `fortnox_client`) at an earlier start, so the secret can be
       * removed from the environment once stored.
       */
      clientSecret: SecretText | null;
      endpoints: FortnoxEndpoints;
      /** The redirect URIs desktop apps may use; the server exchanges codes only for these. */
      redirectUris: string[];
    };

const schemas = {
  clientId: z.string().regex(CLIENT_ID_PATTERN, "must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', '~' or '-', as Fortnox's developer portal shows it"),
  useSimulator: z.enum(['0', '1'], { error: 'must be 1 (Fortnox is a simulator) or 0' }),
  redirectUris: list(20, (item) => {
    const checked = checkEndpointUrl(item);
    if ('problem' in checked) return { problem: URL_PROBLEM[checked.problem as keyof typeof URL_PROBLEM] ?? URL_PROBLEM.invalid_url };
    return { value: checked.url.href };
  }),
};

const SECRET_EXAMPLE = '/run/secrets/fortnox-client-secret';

/** Reads the Fortnox client, endpoints and redirect URIs, and decides the mode. */
export function readFortnox(reader: EnvReader, env: Env): FortnoxSettings | undefined {
  const clientId = reader.read('FORTNOX_CLIENT_ID', schemas.clientId, 'FORTNOX_CLIENT_ID=AbCdEf123456', 200);
  const secretProblems: EnvProblem[] = [];
  const secretText = readSecretVariable(env, 'FORTNOX_CLIENT_SECRET', secretProblems, SECRET_EXAMPLE);
  reader.problems.push(...secretProblems);
  let clientSecret: SecretText | undefined;
  if (secretText) {
    const value = secretText.text.trim();
    if (value.length > 500 || !PRINTABLE.test(value)) reader.report(secretText.variable, 'must hold 1 to 500 printable characters without spaces', `FORTNOX_CLIENT_SECRET_FILE=${SECRET_EXAMPLE}`);
    else clientSecret = new SecretText(value);
  }
  const idGiven = reader.has('FORTNOX_CLIENT_ID');
  const secretGiven = secretText !== undefined || secretProblems.length > 0;
  if (idGiven && !secretGiven) {
    reader.notices.push('FORTNOX_CLIENT_SECRET is not set: the server uses the client secret it stored encrypted in its database at an earlier start (it refuses to start if there is none for FORTNOX_CLIENT_ID).');
  }
  if (secretGiven && !idGiven) reader.report('FORTNOX_CLIENT_ID', 'is required when a client secret is set', 'FORTNOX_CLIENT_ID=AbCdEf123456');

  const useSimulator = reader.read('FORTNOX_USE_SIMULATOR', schemas.useSimulator, 'FORTNOX_USE_SIMULATOR=1', 64) === '1';
  const embedded = !idGiven && !secretGiven;
  const simulator = embedded || useSimulator;
  const redirectUris = reader.read('FORTNOX_REDIRECT_URIS', schemas.redirectUris, 'FORTNOX_REDIRECT_URIS=http://127.0.0.1:41819/callback', 20 * 2048) ?? [];

  const urlExamples = simulator
    ? { auth: 'FORTNOX_AUTH_URL=http://127.0.0.1:<simulator port>/oauth-v1/', api: 'FORTNOX_API_URL=http://127.0.0.1:<simulator port>/3/' }
    : { auth: 'FORTNOX_AUTH_URL=https://apps.fortnox.se/oauth-v1/', api: 'FORTNOX_API_URL=https://api.fortnox.se/3/' };
  if (embedded) {
    for (const name of ['FORTNOX_AUTH_URL', 'FORTNOX_API_URL'] as const) {
      if (reader.has(name)) reader.report(name, 'is set but no Fortnox client is: without FORTNOX_CLIENT_ID the server runs its embedded simulator at its own address', 'FORTNOX_CLIENT_ID=AbCdEf123456 with FORTNOX_CLIENT_SECRET_FILE, or leave both URLs unset');
    }
    return { mode: 'embedded-simulator', redirectUris };
  }
  const urlSchema = endpointUrl(simulator ? undefined : 'must use https (plain http only for a simulator on loopback, with FORTNOX_USE_SIMULATOR=1)');
  const auth = reader.read('FORTNOX_AUTH_URL', urlSchema, urlExamples.auth);
  const api = reader.read('FORTNOX_API_URL', urlSchema, urlExamples.api);
  if (useSimulator) {
    // A simulator has no production default: pointing at Fortnox itself would be a mistake.
    if (!reader.has('FORTNOX_AUTH_URL')) reader.report('FORTNOX_AUTH_URL', 'is required with FORTNOX_USE_SIMULATOR=1 and a client: the running simulator\'s /oauth-v1/ address', urlExamples.auth);
    if (!reader.has('FORTNOX_API_URL')) reader.report('FORTNOX_API_URL', 'is required with FORTNOX_USE_SIMULATOR=1 and a client: the running simulator\'s /3/ address', urlExamples.api);
  }
  if (redirectUris.length === 0 && !reader.has('FORTNOX_REDIRECT_URIS')) {
    reader.report('FORTNOX_REDIRECT_URIS', 'is required with a Fortnox client: the redirect URIs registered for it that desktop apps use', 'FORTNOX_REDIRECT_URIS=http://127.0.0.1:41819/callback');
  }
  const authBase = withTrailingSlash(auth?.href ?? FORTNOX_PRODUCTION.tokenUrl.replace(/token$/, ''));
  const apiBase = withTrailingSlash(api?.href ?? FORTNOX_PRODUCTION.apiBaseUrl);
  if (!clientId || (secretGiven && !clientSecret)) return undefined;
  return {
    mode: useSimulator ? 'external-simulator' : 'fortnox',
    clientId,
    clientSecret: clientSecret ?? null,
    endpoints: {
      authorizeUrl: new URL('auth', authBase).href,
      tokenUrl: new URL('token', authBase).href,
      revokeUrl: new URL('revoke', authBase).href,
      apiBaseUrl: apiBase,
    },
    redirectUris,
  };
}

function withTrailingSlash(href: string): string {
  return href.endsWith('/') ? href : `${href}/`;
}

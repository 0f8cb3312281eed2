import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/**
 * The firm's identity provider for the desktop's sign-in tests: panva's oidc-provider on a loopback
 * port with the desktop registered as a public native client (no secret, PKCE required, any
 * loopback port accepted as RFC 8252 section 7.3 asks). Access tokens are JWTs for the firm
 * server's API (a resource indicator by default), or, with `opaqueAccessTokens`, opaque tokens for
 * the provider's own userinfo as Google issues them. ID tokens carry `email`, `email_verified` and
 * `name` (as Google's do) and the authorization request's `nonce`. Its login and consent pages are replaced by an
 * automatic answer, so a test's "browser" (`followInBrowser`) only has to follow redirects; with
 * `loginPage` a real browser gets a login form instead (e-mail and password), as at a firm's
 * provider, and consent is given with the login.
 */

/** The firm server's API as a resource at the provider: the audience of the access tokens. */
export const DESKTOP_TEST_AUDIENCE = 'https://firm.example/api';
/** The desktop app's client id at the provider. */
export const DESKTOP_CLIENT_ID = 'fortnox-connector-desktop';

export interface DesktopIdentityProvider {
  issuer: string;
  /** Who signs in at the next authorization (the provider's account id), or a refusal. */
  nextSignIn: { accountId: string; email: string; name: string } | { refuse: 'access_denied' };
  /** Authorization requests seen (their query parameters). */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * Plays the system browser: follows redirects from `url` with a cookie jar until an answer that is
 * not a redirect (the loopback's page), and returns that answer's URL and status.
 */
export async function followInBrowser(url: string): Promise<{ url: string; status: number }> {
  const jar = new Map<string, string>();
  let current = new URL(url);
  for (let hop = 0; hop < 20; hop += 1) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(current, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair?.indexOf('=') ?? -1;
      if (pair && separator > 0) jar.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    const location = response.headers.get('location');
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400 || !location) return { url: current.href, status: response.status };
    current = new URL(location, current);
  }
  throw new Error('too many redirects');
}

/** How the provider behaves beyond its defaults. */
export interface DesktopIdentityProviderOptions {
  /**
   * Show a login form (labels "E-postadress", "Lösenord", button "Logga in") instead of answering at
   * once: it accepts `nextSignIn`'s e-mail with LOGIN_PAGE_PASSWORD and shows an error otherwise.
   */
  loginPage?: boolean;
  /** Issue opaque access tokens (for the provider's userinfo only, no API audience), as Google does. */
  opaqueAccessTokens?: boolean;
  /**
   * Register the desktop client with this secret and `client_secret_post`, as Google's "Desktop app"
   * clients are: the token endpoint then refuses a code exchange without it, PKCE or not.
   */
  clientSecret?: string;
}

/** The password the login form accepts. */
export const LOGIN_PAGE_PASSWORD = 'demo';

/** Largest login form body read (the form has two short fields). */
const MAX_FORM_BYTES = 4096;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The provider's login form for one interaction, with an optional error above it. */
function loginFormHtml(uid: string, error: string | null): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Byråns inloggning</title></head><body>
<h1>Logga in hos byrån</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="email">E-postadress</label> <input id="email" name="email" type="email" autocomplete="username">
<label for="password">Lösenord</label> <input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Logga in</button>
</form></body></html>`;
}

/** A urlencoded request body, at most MAX_FORM_BYTES. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('login form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider on 127.0.0.1 with a random port. */
export async function startDesktopIdentityProvider(options: DesktopIdentityProviderOptions = {}): Promise<DesktopIdentityProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'desktop-test', alg: 'RS256', use: 'sig' };

  let handler: RequestListener | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, { email: string; name: string }>();

  const state: DesktopIdentityProvider = {
    issuer,
    nextSignIn: { accountId: 'anna', email: 'anna@byran.example', name: 'Anna Andersson' },
    authorizations: [],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DESKTOP_CLIENT_ID,
        application_type: 'native',
        ...(options.clientSecret ? { token_endpoint_auth_method: 'client_secret_post', client_secret: options.clientSecret } : { token_endpoint_auth_method: 'none' }),
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['a-test-cookie-key-that-is-long-enough'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The scope's claims go into the ID token even in the code flow, as Google's do.
    conformIdTokenClaims: false,
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, ...accounts.get(id), email_verified: true }),
    }),
    extraTokenClaims: (_ctx: KoaContextWithOIDC, token) => {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const account = accountId ? accounts.get(accountId) : undefined;
      // email_verified: the firm's provider vouches for the address, so the server may give a role by it.
      return account ? { email: account.email, email_verified: true, name: account.name } : {};
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => (options.opaqueAccessTokens ? undefined : DESKTOP_TEST_AUDIENCE),
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api',
          audience: DESKTOP_TEST_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error('IDP', error));
  const callback = provider.callback() as RequestListener;

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/auth' && req.method === 'GET') state.authorizations.push(url.searchParams);
    if (!url.pathname.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    // The login and consent pages: answered at once for whoever the test named, or (loginPage) a form.
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const next = state.nextSignIn;
      if (options.loginPage && !('refuse' in next)) {
        if (req.method !== 'POST' || !url.pathname.endsWith('/login')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginFormHtml(details.uid, null));
          return;
        }
        const form = await readForm(req);
        if (form.get('email')?.trim().toLowerCase() !== next.email.toLowerCase() || form.get('password') !== LOGIN_PAGE_PASSWORD) {
          res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end(loginFormHtml(details.uid, 'Fel e-postadress eller lösenord.'));
          return;
        }
      }
      if ('refuse' in next) {
        await provider.interactionFinished(req, res, { error: next.refuse, error_description: 'The user declined' }, { mergeWithLastSubmission: false });
        return;
      }
      accounts.set(next.accountId, { email: next.email, name: next.name });
      const grant = new provider.Grant({ accountId: next.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      if (!options.opaqueAccessTokens) grant.addResourceScope(DESKTOP_TEST_AUDIENCE, 'api');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: next.accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((error: unknown) => {
      console.error('IDP interaction', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  return state;
}

/** The claims of a JWT, unverified (the fake firm server trusts the test's provider; the real server verifies with jose). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const [, payload] = token.split('.');
  if (!payload) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

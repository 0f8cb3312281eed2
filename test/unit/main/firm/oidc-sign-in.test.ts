import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FirmServerClient } from '../../../../main/firm/firm-server-client';
import { OidcSignInError, signInWithOidc, type OidcSignInDeps } from '../../../../main/firm/oidc-sign-in';
import { createLogger, formatLogRecord, type LogRecord } from '../../../../main/logging/logger';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import {
  DESKTOP_CLIENT_ID,
  DESKTOP_TEST_AUDIENCE,
  followInBrowser,
  jwtClaims,
  startDesktopIdentityProvider,
  type DesktopIdentityProvider,
} from '../../../support/desktop-identity-provider';
import { firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';

const PAGE = { title: 'Klart – Done', lines: ['Gå tillbaka till appen. Return to the app.'] };

describe('signing in to the firm server through its identity provider (RFC 8252)', () => {
  let idp: DesktopIdentityProvider;
  let firm: FakeFirmServer;
  let records: LogRecord[];
  let secrets: KnownSecrets;
  let opened: string[];
  let idpTokens: { token: string; kind: 'access_token' | 'id_token' }[];

  /** The fake firm server before `idp`: it checks (signature aside) what the real server checks with jose. */
  const startFirm = (extra: { acceptsAccessTokens?: boolean; clientSecret?: string } = {}) =>
    startFakeFirmServer({
      ...(extra.acceptsAccessTokens !== undefined ? { acceptsAccessTokens: extra.acceptsAccessTokens } : {}),
      oidc: { issuer: idp.issuer, clientId: DESKTOP_CLIENT_ID, scopes: ['openid', 'email', 'profile'], ...(extra.clientSecret ? { clientSecret: extra.clientSecret } : {}) },
      // Issuer, audience (the API for an access token, the desktop's client for an ID token), and who it names.
      checkIdpToken: (token, kind) => {
        idpTokens.push({ token, kind });
        const claims = jwtClaims(token);
        const audience = kind === 'access_token' ? DESKTOP_TEST_AUDIENCE : DESKTOP_CLIENT_ID;
        if (claims?.iss !== idp.issuer || claims.aud !== audience || typeof claims.email !== 'string') return null;
        return firmUser({ email: claims.email, name: typeof claims.name === 'string' ? claims.name : null });
      },
    });

  beforeEach(async () => {
    idp = await startDesktopIdentityProvider();
    firm = await startFirm();
    idpTokens = [];
    records = [];
    secrets = new KnownSecrets();
    opened = [];
  });
  afterEach(async () => {
    await firm.close();
    await idp.close();
  });

  const deps = (clock: FakeClock, openExternal: (url: string) => Promise<void>): OidcSignInDeps => {
    const log = createLogger((record) => records.push(record), () => new Date(0), secrets);
    return {
      client: new FirmServerClient({ baseUrl: firm.url, fetcher: (url, init) => fetch(url, init), session: () => undefined, log }),
      openExternal: async (url) => {
        opened.push(url);
        await openExternal(url);
      },
      timers: clock.timers,
      log,
      secrets,
      page: PAGE,
    };
  };
  /** The system browser: opened by the app, it follows the provider's redirects to the loopback. */
  const browser = (results: { url: string; status: number }[]) => (url: string) => {
    void followInBrowser(url).then((result) => results.push(result));
    return Promise.resolve();
  };

  it('opens the system browser with PKCE S256, state and nonce, and turns the provider’s access token into a server session', async () => {
    const pages: { url: string; status: number }[] = [];
    const session = await signInWithOidc(deps(new FakeClock(), browser(pages)));
    expect(session.user).toMatchObject({ email: 'anna@byran.example', name: 'Anna Andersson' });
    expect(session.session).toMatch(/^fxs_/);

    const request = new URL(opened[0] ?? '');
    expect(request.origin).toBe(idp.issuer);
    expect(request.searchParams.get('client_id')).toBe(DESKTOP_CLIENT_ID);
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(request.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(request.searchParams.get('scope')?.split(' ')).toEqual(['openid', 'email', 'profile']);
    const redirect = new URL(request.searchParams.get('redirect_uri') ?? '');
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(redirect.pathname).toBe('/callback');
    expect(Number(redirect.port)).toBeGreaterThan(0);

    // The nonce was the server's challenge, asked for once before the browser opened.
    const challenges = firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc-challenge');
    expect(challenges).toHaveLength(1);
    expect(firm.requests.indexOf(challenges[0]!)).toBeLessThan(firm.requests.findIndex((entry) => entry.path === '/v1/sessions/oidc'));
    expect(firm.challenges.has(request.searchParams.get('nonce') ?? '')).toBe(true);

    // The ID token (carrying that nonce) and the provider's JWT access token for the server's API
    // went to the server once, in the body; the server checked the access token, as before.
    const handover = firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc');
    expect(handover).toHaveLength(1);
    expect(handover[0]?.authorization).toBeNull();
    const sent = handover[0]?.body as { idToken: string; accessToken: string };
    expect(Object.keys(sent).sort()).toEqual(['accessToken', 'idToken']);
    expect(jwtClaims(sent.idToken)).toMatchObject({ aud: DESKTOP_CLIENT_ID, nonce: request.searchParams.get('nonce'), email: 'anna@byran.example', email_verified: true });
    expect(jwtClaims(sent.accessToken)?.aud).toBe(DESKTOP_TEST_AUDIENCE);
    expect(idpTokens).toEqual([{ token: sent.accessToken, kind: 'access_token' }]);

    // The browser ended on the loopback's page, and the listener is gone.
    expect(pages).toHaveLength(1);
    expect(pages[0]?.status).toBe(200);
    await expect(fetch(redirect)).rejects.toThrow();

    // Nothing of the flow reached the log.
    const text = records.map(formatLogRecord).join('\n');
    for (const secret of [request.searchParams.get('state'), request.searchParams.get('nonce'), sent.idToken, sent.accessToken, session.session]) {
      expect(text).not.toContain(secret);
    }
  });

  it('signs in with a provider that issues opaque access tokens (Google): the ID token alone goes to the server, with the server’s nonce, which the server takes', async () => {
    await idp.close();
    await firm.close();
    idp = await startDesktopIdentityProvider({ opaqueAccessTokens: true });
    firm = await startFirm();
    const session = await signInWithOidc(deps(new FakeClock(), browser([])));
    expect(session.user).toMatchObject({ email: 'anna@byran.example' });

    const nonce = new URL(opened[0] ?? '').searchParams.get('nonce');
    const handover = firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc');
    expect(handover).toHaveLength(1);
    const sent = handover[0]?.body as { idToken: string; accessToken?: string };
    // The access token was opaque (not a JWT): it stayed on the desktop.
    expect(Object.keys(sent)).toEqual(['idToken']);
    expect(jwtClaims(sent.idToken)).toMatchObject({ iss: idp.issuer, aud: DESKTOP_CLIENT_ID, nonce });
    expect(idpTokens.map((entry) => entry.kind)).toEqual(['id_token']);
    // The challenge was used up: it is no longer outstanding at the server.
    expect(firm.challenges.size).toBe(0);
    const text = records.map(formatLogRecord).join('\n');
    expect(text).not.toContain(sent.idToken);
  });

  describe("a provider that demands the desktop client's secret even with PKCE (Google's Desktop app clients)", () => {
    const SECRET = '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nfidential';
    /** The token requests the desktop made to the provider (their form bodies), seen through the fetch it was given. */
    let tokenRequests: URLSearchParams[];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (new URL(url).pathname === '/token' && init?.body !== undefined) tokenRequests.push(new URLSearchParams(String(init.body)));
      return fetch(input, init);
    };
    const withFetch = (base: OidcSignInDeps): OidcSignInDeps => ({ ...base, fetch: recordingFetch });

    beforeEach(async () => {
      tokenRequests = [];
      await idp.close();
      await firm.close();
      idp = await startDesktopIdentityProvider({ opaqueAccessTokens: true, clientSecret: SECRET });
    });

    it('sends client_secret in the token request (client_secret_post) when the server offers one, and signs in; the secret is never logged', async () => {
      firm = await startFirm({ clientSecret: SECRET });
      const session = await signInWithOidc(withFetch(deps(new FakeClock(), browser([]))));
      expect(session.user).toMatchObject({ email: 'anna@byran.example' });
      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]?.get('client_secret')).toBe(SECRET);
      expect(tokenRequests[0]?.get('client_id')).toBe(DESKTOP_CLIENT_ID);
      expect(tokenRequests[0]?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      // Not in the browser's URL either: only in the back-channel token request.
      expect(opened[0]).not.toContain(SECRET);
      expect(records.map(formatLogRecord).join('\n')).not.toContain(SECRET);
      expect(secrets.scrub(`x ${SECRET} y`)).not.toContain(SECRET);
    });

    it('sends no client_secret when the server offers none (a public client), and such a provider refuses the exchange', async () => {
      firm = await startFirm();
      const error = await signInWithOidc(withFetch(deps(new FakeClock(), browser([])))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OidcSignInError);
      expect((error as OidcSignInError).reason).toBe('invalid_answer');
      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]?.has('client_secret')).toBe(false);
      expect(tokenRequests[0]?.get('client_id')).toBe(DESKTOP_CLIENT_ID);
      expect(firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc')).toHaveLength(0);
    });
  });

  it('with a server from before challenges (404), uses its own nonce and hands over the access token as Bearer, as before', async () => {
    firm.failNext('POST /v1/sessions/oidc-challenge', 404, 'not_found');
    const session = await signInWithOidc(deps(new FakeClock(), browser([])));
    expect(session.user).toMatchObject({ email: 'anna@byran.example' });
    const handover = firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc');
    expect(handover).toHaveLength(1);
    expect(handover[0]?.body).toBeUndefined();
    expect(idpTokens).toHaveLength(1);
    expect(handover[0]?.authorization).toBe(`Bearer ${idpTokens[0]?.token}`);
    expect(new URL(opened[0] ?? '').searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('passes on the server’s refusal of a challenge (too many sign-ins started) without opening the browser', async () => {
    firm.failNext('POST /v1/sessions/oidc-challenge', 429, 'too_many_attempts', { 'retry-after': '30' });
    await expect(signInWithOidc(deps(new FakeClock(), browser([])))).rejects.toMatchObject({ code: 'too_many_attempts', retryAfterSeconds: 30 });
    expect(opened).toEqual([]);
  });

  it('reports the user declining at the provider as provider_refused, and makes no session', async () => {
    idp.nextSignIn = { refuse: 'access_denied' };
    const error = await signInWithOidc(deps(new FakeClock(), browser([]))).catch((caught: unknown) => caught);
    expect(error).toEqual(new OidcSignInError('provider_refused'));
    expect(firm.requests.some((entry) => entry.path === '/v1/sessions/oidc')).toBe(false);
  });

  it('ignores an answer with another state (a page can neither sign the user in as someone else nor end the sign-in), and finishes with the real one', async () => {
    const forgedAnswers: number[] = [];
    const forgedThenReal = async (url: string) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
      const code = new URL(redirect);
      code.searchParams.set('code', 'attacker-code');
      code.searchParams.set('state', 'not-the-state');
      const error = new URL(redirect);
      error.searchParams.set('error', 'access_denied');
      error.searchParams.set('state', 'not-the-state');
      for (const forged of [code, error]) forgedAnswers.push((await fetch(forged)).status);
      void followInBrowser(url);
    };
    const session = await signInWithOidc(deps(new FakeClock(), forgedThenReal));
    expect(forgedAnswers).toEqual([400, 400]);
    expect(session.user).toMatchObject({ email: 'anna@byran.example' });
    expect(firm.requests.filter((entry) => entry.path === '/v1/sessions/oidc')).toHaveLength(1);
  });

  it('gives up when the browser never comes back, on the injected clock', async () => {
    const clock = new FakeClock();
    const pending = signInWithOidc(deps(clock, () => {
      queueMicrotask(() => clock.advance(5 * 60_000));
      return Promise.resolve();
    })).catch((caught: unknown) => caught);
    expect(await pending).toEqual(new OidcSignInError('timeout'));
  });

  it('stops when cancelled and closes the loopback listener', async () => {
    const controller = new AbortController();
    let redirect: URL | undefined;
    const pending = signInWithOidc(
      deps(new FakeClock(), (url) => {
        redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
        queueMicrotask(() => controller.abort());
        return Promise.resolve();
      }),
      controller.signal,
    ).catch((caught: unknown) => caught);
    expect(await pending).toEqual(new OidcSignInError('cancelled'));
    await expect(fetch(redirect ?? '')).rejects.toThrow();
  });

  it('says so when the firm uses pairing codes only', async () => {
    await firm.close();
    firm = await startFakeFirmServer({ oidc: null });
    await expect(signInWithOidc(deps(new FakeClock(), browser([])))).rejects.toEqual(new OidcSignInError('not_offered'));
    expect(opened).toEqual([]);
  });
});

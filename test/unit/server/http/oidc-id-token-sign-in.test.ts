import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firmErrorBodySchema, oidcChallengeResponseSchema, sessionResponseSchema } from '../../../../shared/firm-api';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { AttemptThrottle } from '../../../../server/auth/attempt-throttle';
import { secretHash } from '../../../../server/auth/auth-secrets';
import { OIDC_CHALLENGE_LIFETIME_MS, OidcChallenges } from '../../../../server/auth/oidc-challenges';
import { createOidcVerifier } from '../../../../server/auth/oidc-verifier';
import { SessionStore } from '../../../../server/auth/sessions';
import type { Database } from '../../../../server/db/database';
import { FIRM_ROUTE_PATHS, registerFirmRoutes } from '../../../../server/http/firm-routes';
import { startTestIdentityProvider, TEST_API_AUDIENCE, TEST_SIGNING_KID, type TestIdentityProvider } from '../../../support/test-identity-provider';
import { openMigratedPglite, openMigratedPostgres } from '../auth/migrated-databases';

/*
 * ID tokens bound to a server-issued nonce (issue 10 item 4, Google Workspace): the routes with the
 * real verifier (jose against oidc-provider's keys), the real challenge store and sessions on PGlite.
 * ID tokens are signed with the provider's own key, as the provider would issue them to the desktop.
 */

const DESKTOP_CLIENT = 'desktop-client-id';
let db: Database;
let idp: TestIdentityProvider;
let app: FastifyInstance;
let clock: number;
let failures: string[];
let logLines: string[];

beforeAll(async () => {
  [db, idp] = await Promise.all([openMigratedPglite(), startTestIdentityProvider()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([db.close(), idp.close()]);
});

const deps = { now: () => clock, random: (size: number) => randomBytes(size) };

/** The routes; `audience` null is a Google firm (no API audience: ID tokens only). */
async function buildApp(options: { audience?: string | null; challengeLimit?: number; maxOutstanding?: number } = {}): Promise<FastifyInstance> {
  const built = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } } });
  registerFirmRoutes(built, {
    sessions: new SessionStore({ db, ...deps }),
    verifier: createOidcVerifier({
      issuer: idp.issuer,
      audience: options.audience === undefined ? TEST_API_AUDIENCE : options.audience,
      idTokenAudience: DESKTOP_CLIENT,
      roles: { adminEmails: [], adminGroups: [], accountantGroups: [], accountantEmailDomains: ['byran.se'] },
      now: deps.now,
    }),
    challenges: new OidcChallenges({
      db,
      ...deps,
      ...(options.challengeLimit ? { policy: { maxFailures: options.challengeLimit, windowMs: 10 * 60_000, maxTracked: 100 } } : {}),
      ...(options.maxOutstanding ? { maxOutstanding: options.maxOutstanding } : {}),
    }),
    signInOptions: { oidc: { issuer: idp.issuer, clientId: DESKTOP_CLIENT, scopes: ['openid', 'email', 'profile'] }, pairing: true },
    pairingCodes: { issue: () => Promise.reject(new Error('unused')) },
    keys: { list: async () => [], create: () => Promise.reject(new Error('unused')), revoke: async () => false },
    audit: new FirmAudit({ db, now: deps.now }),
    throttle: new AttemptThrottle(deps.now, { maxFailures: 50, windowMs: 15 * 60_000, maxTracked: 100 }),
    onFailure: (what, name) => failures.push(`${what}:${name}`),
  });
  await built.ready();
  return built;
}

beforeEach(async () => {
  clock = Date.now();
  failures = [];
  logLines = [];
  await db.query('TRUNCATE users, sessions, audit, oidc_challenges CASCADE');
  app = await buildApp();
  return async () => {
    await app.close();
  };
});

const seconds = () => Math.floor(clock / 1000);

/** An ID token as the provider issues it to the desktop's client, with `claims` over the usual ones. */
async function idToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(idp.privateJwk, 'RS256');
  const payload = { iss: idp.issuer, aud: DESKTOP_CLIENT, sub: 'google-sub-1', iat: seconds(), exp: seconds() + 3600, email: 'gunnar@byran.se', email_verified: true, name: 'Gunnar', ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete (payload as Record<string, unknown>)[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: TEST_SIGNING_KID, typ: 'JWT', ...header }).sign(key);
}

async function challenge(target: FastifyInstance = app): Promise<string> {
  const response = await target.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge });
  expect(response.statusCode, response.body).toBe(200);
  return oidcChallengeResponseSchema.parse(response.json()).nonce;
}

function signIn(body: Record<string, unknown>, target: FastifyInstance = app) {
  return target.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, payload: body });
}

const codeOf = (response: { json(): unknown }) => firmErrorBodySchema.parse(response.json()).error.code;

describe('sign-in challenges', () => {
  it('issues a 256-bit nonce valid for 10 minutes, not cached, stored only as its SHA-256', async () => {
    const response = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const issued = oidcChallengeResponseSchema.parse(response.json());
    expect(Buffer.from(issued.nonce, 'base64url')).toHaveLength(32);
    expect(issued.expiresAt).toBe(clock + OIDC_CHALLENGE_LIFETIME_MS);
    const { rows } = await db.query<{ nonce_sha256: string }>('SELECT nonce_sha256 FROM oidc_challenges');
    expect(rows).toEqual([{ nonce_sha256: secretHash(issued.nonce) }]);
    expect(JSON.stringify(rows)).not.toContain(issued.nonce);
    expect(await challenge()).not.toBe(issued.nonce);
  });

  it('refuses a body, and answers too_many_attempts with Retry-After past the per-address limit', async () => {
    const withBody = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, payload: { nonce: 'mine' } });
    expect(withBody.statusCode).toBe(400);

    const limited = await buildApp({ challengeLimit: 2 });
    await challenge(limited);
    await challenge(limited);
    const third = await limited.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge });
    expect(third.statusCode).toBe(429);
    expect(codeOf(third)).toBe('too_many_attempts');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    await limited.close();
  });

  it('counts IPv6 clients by their /64: another address of the same /64 shares the limit, another /64 does not', async () => {
    const limited = await buildApp({ challengeLimit: 2 });
    const from = (remoteAddress: string) => limited.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, remoteAddress });
    expect((await from('2001:db8:1:2::1')).statusCode).toBe(200);
    expect((await from('2001:db8:1:2:ffff:ffff:ffff:fffe')).statusCode).toBe(200);
    const third = await from('2001:0db8:0001:0002:0:0:0:99');
    expect(third.statusCode).toBe(429);
    expect((await from('2001:db8:1:3::1')).statusCode).toBe(200);
    await limited.close();
  });

  it('a flood from many addresses does not make a fresh address fail: the table stays bounded by dropping the oldest, and the fresh challenge signs in', async () => {
    const max = 20;
    const flooded = await buildApp({ challengeLimit: 3, maxOutstanding: max });
    // A colleague's sign-in in progress at the provider when the flood begins (the README's trade-off).
    const inProgress = await flooded.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, remoteAddress: '203.0.113.9' });
    expect(inProgress.statusCode, inProgress.body).toBe(200);
    const pushedOut = oidcChallengeResponseSchema.parse(inProgress.json()).nonce;
    // 60 addresses, each up to its limit of 3 (the 4th refused): 180 challenges, far past the cap.
    for (let host = 1; host <= 60; host += 1) {
      for (let asked = 0; asked < 3; asked += 1) {
        const response = await flooded.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, remoteAddress: `198.51.100.${host}` });
        expect(response.statusCode, response.body).toBe(200);
      }
      expect((await flooded.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, remoteAddress: `198.51.100.${host}` })).statusCode).toBe(429);
      clock += 1_000;
    }
    const held = async () => Number((await db.query<{ n: string | number }>('SELECT count(*) AS n FROM oidc_challenges')).rows[0]?.n);
    expect(await held()).toBeLessThanOrEqual(max);

    // A colleague from a fresh address gets a challenge at once, and it works.
    const response = await flooded.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, remoteAddress: '203.0.113.7' });
    expect(response.statusCode, response.body).toBe(200);
    const nonce = oidcChallengeResponseSchema.parse(response.json()).nonce;
    expect(await held()).toBeLessThanOrEqual(max);
    const signedIn = await signIn({ idToken: await idToken({ nonce }) }, flooded);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    // The sign-in that was in progress lost its challenge to the flood: refused, it has to start again.
    const refused = await signIn({ idToken: await idToken({ nonce: pushedOut }) }, flooded);
    expect(refused.statusCode, refused.body).toBe(401);
    expect(codeOf(refused)).toBe('sign_in_refused');
    // What was dropped was the oldest: the flood's first challenges, not its latest.
    const { rows } = await db.query<{ created_at: Date }>('SELECT created_at FROM oidc_challenges ORDER BY created_at');
    expect(rows[0]!.created_at.getTime()).toBeGreaterThan(clock - 60_000);
    await flooded.close();
  });

  it('takes a challenge exactly once when many replicas race for it (PostgreSQL)', async () => {
    const pg = await openMigratedPostgres('oidc-challenges');
    try {
      const store = new OidcChallenges({ db: pg, ...deps });
      const issued = await store.issue('192.0.2.1');
      if (!('nonce' in issued)) throw new Error('no challenge');
      const replicas = Array.from({ length: 4 }, () => new OidcChallenges({ db: pg, ...deps }));
      const taken = await Promise.all(Array.from({ length: 20 }, (_, index) => replicas[index % 4]!.consume(issued.nonce)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    } finally {
      await pg.close();
    }
  }, 60_000);
});

describe('ID tokens bound to a server-issued nonce', () => {
  it('accepts an ID token with an outstanding challenge once; the replay is refused', async () => {
    const nonce = await challenge();
    const token = await idToken({ nonce });
    const first = await signIn({ idToken: token });
    expect(first.statusCode, first.body).toBe(200);
    expect(sessionResponseSchema.parse(first.json()).user).toMatchObject({ email: 'gunnar@byran.se', role: 'accountant' });
    expect((await db.query('SELECT 1 FROM oidc_challenges')).rows).toHaveLength(0);

    const replay = await signIn({ idToken: token });
    expect(replay.statusCode).toBe(401);
    expect(codeOf(replay)).toBe('sign_in_refused');
    expect(failures).toEqual(['sign_in_refused:nonce_mismatch']);
    expect(logLines.join('\n')).not.toContain(token);
    expect(logLines.join('\n')).not.toContain(nonce);
  });

  it('refuses a nonce the server never issued, and an ID token without a nonce', async () => {
    await challenge();
    for (const nonce of [randomBytes(32).toString('base64url'), undefined, 'short', 42]) {
      const refused = await signIn({ idToken: await idToken({ nonce }) });
      expect(refused.statusCode).toBe(401);
      expect(codeOf(refused)).toBe('sign_in_refused');
    }
    expect(failures).toEqual(Array(4).fill('sign_in_refused:nonce_mismatch'));
    // The outstanding challenge was not touched.
    expect((await db.query('SELECT 1 FROM oidc_challenges')).rows).toHaveLength(1);
  });

  it('refuses an expired challenge, even with a token that is itself still valid', async () => {
    const nonce = await challenge();
    clock += OIDC_CHALLENGE_LIFETIME_MS;
    const refused = await signIn({ idToken: await idToken({ nonce }) });
    expect(refused.statusCode).toBe(401);
    expect(failures).toEqual(['sign_in_refused:nonce_mismatch']);
  });

  it('refuses an ID token for another audience (another app of the provider) without using the challenge', async () => {
    const nonce = await challenge();
    for (const claims of [{ aud: 'another-app' }, { aud: TEST_API_AUDIENCE }, { aud: [DESKTOP_CLIENT, 'another-app'] }, { azp: 'another-app' }]) {
      const refused = await signIn({ idToken: await idToken({ nonce, ...claims }) });
      expect(refused.statusCode).toBe(401);
    }
    expect(failures).toEqual(Array(4).fill('sign_in_refused:invalid_token'));
    const accepted = await signIn({ idToken: await idToken({ nonce }) });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('refuses an ID token of another issuer, or past its exp, or claiming to be an access token', async () => {
    const nonce = await challenge();
    const cases = [
      [{ nonce, iss: 'https://accounts.google.com' }, {}, 'invalid_token'],
      [{ nonce, iat: seconds() - 7200, exp: seconds() - 3600 }, {}, 'expired'],
      [{ nonce }, { typ: 'at+jwt' }, 'not_an_id_token'],
    ] as const;
    for (const [claims, header] of cases) expect((await signIn({ idToken: await idToken(claims, header) })).statusCode).toBe(401);
    expect(failures).toEqual(cases.map(([, , reason]) => `sign_in_refused:${reason}`));
  });

  it('ignores an opaque (non-JWT) access token alongside and signs in with the ID token', async () => {
    const nonce = await challenge();
    const accepted = await signIn({ idToken: await idToken({ nonce }), accessToken: 'ya29.a0AfH6SMBx-opaque-google-access-token' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await db.query('SELECT 1 FROM oidc_challenges')).rows).toHaveLength(0);
  });

  it('checks a JWT access token alongside as before when an API audience is configured, and uses up the ID token’s challenge all the same', async () => {
    const nonce = await challenge();
    const other = await challenge();
    const accessToken = await idp.issueAccessToken({ email: 'gunnar@byran.se', email_verified: true });
    const withIdToken = await idToken({ nonce });
    const accepted = await signIn({ idToken: withIdToken, accessToken });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // This sign-in's challenge is gone; another one is untouched.
    const { rows } = await db.query<{ nonce_sha256: string }>('SELECT nonce_sha256 FROM oidc_challenges');
    expect(rows).toEqual([{ nonce_sha256: secretHash(other) }]);
    // So the ID token cannot sign in on its own afterwards (the ID-token path, with an opaque access token).
    const replay = await signIn({ idToken: withIdToken, accessToken: 'opaque-access-token' });
    expect(replay.statusCode).toBe(401);
    expect(failures).toContain('sign_in_refused:nonce_mismatch');

    // A bad JWT access token is refused, not passed over for the ID token, and its challenge is used up too.
    const forged = `${accessToken.slice(0, -4)}AAAA`;
    const refused = await signIn({ idToken: await idToken({ nonce: other }), accessToken: forged });
    expect(refused.statusCode).toBe(401);
    expect((await db.query('SELECT 1 FROM oidc_challenges')).rows).toHaveLength(0);
  });

  it('without an API audience (Google), refuses access tokens and signs in with the ID token even beside a JWT access token', async () => {
    const google = await buildApp({ audience: null });
    try {
      const accessToken = await idp.issueAccessToken({ email: 'gunnar@byran.se', email_verified: true });
      const bearerOnly = await google.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: { authorization: `Bearer ${accessToken}` } });
      expect(bearerOnly.statusCode).toBe(401);
      expect(failures).toEqual(['sign_in_refused:not_configured']);
      const nonce = await challenge(google);
      const accepted = await signIn({ idToken: await idToken({ nonce }), accessToken }, google);
      expect(accepted.statusCode, accepted.body).toBe(200);
    } finally {
      await google.close();
    }
  });

  it('refuses an ID token as Bearer (the access-token path), a body with an Authorization header, and a malformed body', async () => {
    const nonce = await challenge();
    const token = await idToken({ nonce });
    const asBearer = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: { authorization: `Bearer ${token}` } });
    expect(asBearer.statusCode).toBe(401);
    // Its audience is the desktop's client, not the API.
    expect(failures).toEqual(['sign_in_refused:invalid_token']);
    const both = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: { authorization: `Bearer ${token}` }, payload: { idToken: token } });
    expect(both.statusCode).toBe(400);
    for (const payload of [{ idToken: token, extra: 1 }, { idToken: 'x'.repeat(20_000) }, { idToken: `${token}\u0000` }, { accessToken: token }]) {
      const bad = await signIn(payload);
      expect(bad.statusCode).toBe(400);
      expect(codeOf(bad)).toBe('invalid_request');
    }
    // None of it used the challenge.
    expect((await signIn({ idToken: token })).statusCode).toBe(200);
  });
});

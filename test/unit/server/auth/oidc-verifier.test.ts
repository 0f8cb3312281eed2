import { createHmac, createPublicKey } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOidcVerifier,
  googleHostedDomains,
  IdentityProviderUnavailableError,
  SignInRefusedError,
  type OidcVerifier,
  type SignInRefusal,
} from '../../../../server/auth/oidc-verifier';
import { entraTenantOf, isSameIssuer, JWKS_MAX_BYTES } from '../../../../server/auth/oidc-discovery';
import { emailTrustFor } from '../../../../server/auth/firm-auth';
import type { RoleRules } from '../../../../server/auth/role-rules';
import {
  OTHER_API_AUDIENCE,
  startTestIdentityProvider,
  TEST_API_AUDIENCE,
  TEST_SIGNING_KID,
  type TestIdentityProvider,
} from '../../../support/test-identity-provider';

const RULES: RoleRules = {
  adminEmails: ['Anna.Admin@byran.se'],
  adminGroups: ['grp-admins'],
  accountantGroups: ['grp-accountants'],
  accountantEmailDomains: ['byran.se'],
};

let idp: TestIdentityProvider;
let clock = Date.now();
let verifier: OidcVerifier;

beforeAll(async () => {
  idp = await startTestIdentityProvider();
  verifier = createOidcVerifier({ issuer: idp.issuer, audience: TEST_API_AUDIENCE, roles: RULES, now: () => clock });
});
afterAll(async () => {
  await idp.close();
});

async function refusal(promise: Promise<unknown>): Promise<SignInRefusal> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SignInRefusedError);
  return (error as SignInRefusedError).reason;
}

/** A token signed with the provider's own key but with claims the provider would never issue. */
async function forge(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(idp.privateJwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: TEST_SIGNING_KID, ...header }).sign(key);
}

const seconds = () => Math.floor(clock / 1000);

describe('the OIDC access-token verifier against a real provider', () => {
  it('accepts a token the provider issued for this API and names the user with the role the e-mail gives', async () => {
    const token = await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true, name: 'Anna Admin' });
    const identity = await verifier.verify(token);
    expect(identity).toEqual({
      issuer: idp.issuer,
      subject: 'desktop-test',
      email: 'anna.admin@byran.se',
      emailVerified: true,
      name: 'Anna Admin',
      groups: [],
      role: 'admin',
    });
  });

  it('refuses a token the provider issued for another API (a Graph token, another audience)', async () => {
    const token = await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true }, OTHER_API_AUDIENCE);
    expect(await refusal(verifier.verify(token))).toBe('invalid_token');
  });

  it('refuses a token naming another issuer, even when signed with the provider key', async () => {
    const token = await forge({ iss: 'https://evil.example', aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true });
    expect(await refusal(verifier.verify(token))).toBe('invalid_token');
  });

  it('refuses an expired token once the clock is past its exp and the tolerance', async () => {
    const token = await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true });
    const before = clock;
    // From the token's own exp (the provider's real clock), not this file's start: under load they drift apart.
    const expiresAt = decodeJwt(token).exp! * 1000;
    try {
      clock = expiresAt + 61_000;
      expect(await refusal(verifier.verify(token))).toBe('expired');
      clock = expiresAt + 30_000;
      await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'admin' });
    } finally {
      clock = before;
    }
  });

  it('refuses a token without exp, without iat or without sub, though correctly signed', async () => {
    const base = { iss: idp.issuer, aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, scope: 'api', email: 'anna.admin@byran.se', email_verified: true };
    for (const missing of ['exp', 'iat', 'sub'] as const) {
      const claims: Record<string, unknown> = { ...base };
      delete claims[missing];
      expect(await refusal(verifier.verify(await forge(claims)))).toBe('invalid_token');
    }
    await expect(verifier.verify(await forge(base))).resolves.toMatchObject({ email: 'anna.admin@byran.se', emailVerified: true, role: 'admin' });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', kid: TEST_SIGNING_KID })}.${encode({ iss: idp.issuer, aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true })}.`;
    expect(await refusal(verifier.verify(token))).toBe('invalid_token');
  });

  it("refuses an HS256 token whose HMAC secret is the provider's public key (algorithm confusion)", async () => {
    const publicPem = createPublicKey({ key: idp.privateJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'HS256', kid: TEST_SIGNING_KID })}.${encode({ iss: idp.issuer, aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true })}`;
    const signature = createHmac('sha256', publicPem).update(signingInput).digest('base64url');
    expect(await refusal(verifier.verify(`${signingInput}.${signature}`))).toBe('invalid_token');
  });

  it('refuses a token signed by a key the provider does not publish (unknown kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const token = await new SignJWT({ email: 'anna.admin@byran.se' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-the-providers' })
      .setIssuer(idp.issuer)
      .setAudience(TEST_API_AUDIENCE)
      .setSubject('x')
      .setIssuedAt(seconds())
      .setExpirationTime(seconds() + 600)
      .sign(await importJWK(jwk, 'RS256'));
    expect(await refusal(verifier.verify(token))).toBe('invalid_token');
  });

  it("refuses a token signed by another key under the provider's kid", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ email: 'anna.admin@byran.se' })
      .setProtectedHeader({ alg: 'RS256', kid: TEST_SIGNING_KID })
      .setIssuer(idp.issuer)
      .setAudience(TEST_API_AUDIENCE)
      .setSubject('x')
      .setIssuedAt(seconds())
      .setExpirationTime(seconds() + 600)
      .sign(privateKey);
    expect(await refusal(verifier.verify(token))).toBe('invalid_token');
  });

  it('refuses an ID token (nonce, at_hash) even when its audience is this API', async () => {
    const base = { iss: idp.issuer, aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true };
    expect(await refusal(verifier.verify(await forge({ ...base, nonce: 'n-0S6_WzA2Mj' })))).toBe('not_an_access_token');
    expect(await refusal(verifier.verify(await forge({ ...base, at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' })))).toBe('not_an_access_token');
  });

  describe('when OIDC_AUDIENCE is the desktop client id (ID tokens would have the right audience)', () => {
    const DESKTOP_CLIENT = 'desktop-app-client-id';
    const claims = () => ({ iss: idp.issuer, aud: DESKTOP_CLIENT, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true });
    const shared = () => createOidcVerifier({ issuer: idp.issuer, audience: DESKTOP_CLIENT, roles: RULES, now: () => clock });

    it('refuses an ID token issued to the desktop client, with or without a nonce', async () => {
      const verifier = shared();
      expect(await refusal(verifier.verify(await forge(claims(), { typ: 'JWT' })))).toBe('not_an_access_token');
      expect(await refusal(verifier.verify(await forge({ ...claims(), nonce: 'n-0S6_WzA2Mj', auth_time: seconds() })))).toBe('not_an_access_token');
      expect(await refusal(verifier.verify(await forge({ ...claims(), scp: 'access_as_user', nonce: 'n-0S6_WzA2Mj' })))).toBe('not_an_access_token');
      expect(await refusal(verifier.verify(await forge({ ...claims(), scope: '   ' })))).toBe('not_an_access_token');
    });

    it('accepts an access token for the same audience: Entra-style scp, RFC 9068 scope, or typ at+jwt', async () => {
      const verifier = shared();
      await expect(verifier.verify(await forge({ ...claims(), scp: 'access_as_user' }, { typ: 'JWT' }))).resolves.toMatchObject({ role: 'admin' });
      await expect(verifier.verify(await forge({ ...claims(), scope: 'openid api' }))).resolves.toMatchObject({ role: 'admin' });
      await expect(verifier.verify(await forge(claims(), { typ: 'at+jwt' }))).resolves.toMatchObject({ role: 'admin' });
    });
  });

  it('refuses garbage, an empty token and one longer than any real token', async () => {
    expect(await refusal(verifier.verify('not.a.jwt'))).toBe('invalid_token');
    expect(await refusal(verifier.verify(''))).toBe('invalid_token');
    expect(await refusal(verifier.verify(`eyJ${'a'.repeat(20_000)}`))).toBe('invalid_token');
    expect(await refusal(verifier.verify("' OR 1=1; --\u0000"))).toBe('invalid_token');
  });

  it('refuses a valid token for a user whom neither e-mail nor groups give a role', async () => {
    const token = await idp.issueAccessToken({ email: 'someone@elsewhere.se', groups: ['grp-other'] });
    expect(await refusal(verifier.verify(token))).toBe('no_role');
  });

  it('refuses a valid token without any claim shaped like an e-mail address', async () => {
    const token = await idp.issueAccessToken({ preferred_username: '+46701234567', groups: ['grp-accountants'] });
    expect(await refusal(verifier.verify(token))).toBe('no_email');
  });

  it('says the groups did not fit when Entra sends its overage claim and the e-mail gives no role', async () => {
    const token = await idp.issueAccessToken({ email: 'bo@elsewhere.se', _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.example/x' } } });
    expect(await refusal(verifier.verify(token))).toBe('groups_overage');
  });

  it('gives roles from groups, the roles claim, an e-mail domain and the admin list, admin first', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'bo@elsewhere.se', groups: ['grp-accountants'] }, 'accountant'],
      [{ email: 'bo@elsewhere.se', roles: ['grp-admins'] }, 'admin'],
      [{ email: 'bo@elsewhere.se', groups: ['grp-accountants', 'grp-admins'] }, 'admin'],
      [{ email: 'Cecilia@BYRAN.se', email_verified: true }, 'accountant'],
      [{ email: 'anna.admin@byran.se', email_verified: true, groups: ['grp-accountants'] }, 'admin'],
    ];
    for (const [claims, role] of cases) {
      const identity = await verifier.verify(await idp.issueAccessToken(claims));
      expect(identity.role, JSON.stringify(claims)).toBe(role);
    }
  });

  it('does not give the accountant role to a look-alike domain or a sub-domain', async () => {
    for (const email of ['eve@evilbyran.se', 'eve@x.byran.se', 'eve@byran.se.evil.example']) {
      expect(await refusal(verifier.verify(await idp.issueAccessToken({ email, email_verified: true })))).toBe('no_role');
    }
  });

  it('gives no role by an e-mail address the provider does not vouch for, but still by groups', async () => {
    for (const claims of [
      { email: 'anna.admin@byran.se' },
      { email: 'anna.admin@byran.se', email_verified: false },
      { email: 'anna.admin@byran.se', email_verified: 'yes' },
      { preferred_username: 'anna.admin@byran.se' },
      { upn: 'cecilia@byran.se' },
    ]) {
      expect(await refusal(verifier.verify(await idp.issueAccessToken(claims))), JSON.stringify(claims)).toBe('no_role');
    }
    const byGroup = await verifier.verify(await idp.issueAccessToken({ email: 'anna.admin@byran.se', groups: ['grp-accountants'] }));
    expect(byGroup).toMatchObject({ email: 'anna.admin@byran.se', emailVerified: false, role: 'accountant' });
  });

  it("on an Entra tenant trusts the directory's upn and preferred_username, never its unverified email claim nor a guest's name", async () => {
    const entra = createOidcVerifier({ issuer: idp.issuer, audience: TEST_API_AUDIENCE, roles: RULES, emailTrust: 'entra_directory', now: () => clock });
    await expect(entra.verify(await idp.issueAccessToken({ upn: 'Anna.Admin@byran.se' }))).resolves.toMatchObject({ role: 'admin', emailVerified: true });
    await expect(entra.verify(await idp.issueAccessToken({ preferred_username: 'cecilia@byran.se' }))).resolves.toMatchObject({ role: 'accountant', emailVerified: true });
    for (const claims of [
      { email: 'anna.admin@byran.se', email_verified: true },
      { email: 'anna.admin@byran.se', upn: 'eve@evil.example' },
      { upn: 'anna.admin_byran.se#EXT#@firm.onmicrosoft.com', preferred_username: 'anna.admin@byran.se#EXT#' },
    ]) {
      expect(await refusal(entra.verify(await idp.issueAccessToken(claims))), JSON.stringify(claims)).toBe('no_role');
    }
  });

  it('recognises a single Entra tenant issuer, and nothing else, as Entra', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(entraTenantOf(`https://login.microsoftonline.com/${tenant}/v2.0`)).toBe(tenant);
    expect(entraTenantOf(`https://sts.windows.net/${tenant}/`)).toBe(tenant);
    expect(emailTrustFor(`https://login.microsoftonline.com/${tenant}/v2.0`)).toBe('entra_directory');
    for (const issuer of [
      'https://login.microsoftonline.com/common/v2.0',
      'https://login.microsoftonline.com/organizations/v2.0',
      `https://login.microsoftonline.com.evil.example/${tenant}/v2.0`,
      `http://login.microsoftonline.com/${tenant}/v2.0`,
      'https://accounts.google.com',
    ]) {
      expect(entraTenantOf(issuer), issuer).toBeNull();
      expect(emailTrustFor(issuer)).toBe(issuer === 'https://accounts.google.com' ? 'google_hosted_domain' : 'email_verified');
    }
  });

  it('takes group names exactly: another case is another group', async () => {
    expect(await refusal(verifier.verify(await idp.issueAccessToken({ email: 'bo@elsewhere.se', groups: ['GRP-ADMINS'] })))).toBe('no_role');
  });

  it('cleans the name claim to one line of printable text', async () => {
    const identity = await verifier.verify(await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true, name: 'Anna\u202e\nAdmin' }));
    expect(identity.name).toBe('Anna Admin');
  });

  it('says the provider is unavailable, not that the user is refused, when discovery fails', async () => {
    const down = createOidcVerifier({ issuer: 'http://127.0.0.1:9', audience: TEST_API_AUDIENCE, roles: RULES, now: () => clock });
    const token = await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true });
    await expect(down.verify(token)).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it("accepts the provider's origin-only issuer configured with a trailing slash, and checks iss as the provider writes it", async () => {
    const slashed = createOidcVerifier({ issuer: `${idp.issuer}/`, audience: TEST_API_AUDIENCE, roles: RULES, now: () => clock });
    const identity = await slashed.verify(await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true }));
    expect(identity.issuer).toBe(idp.issuer);
    const forged = await forge({ iss: `${idp.issuer}/`, aud: TEST_API_AUDIENCE, sub: 'x', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true });
    expect(await refusal(slashed.verify(forged))).toBe('invalid_token');
  });

  it('tells an issuer apart from another path or origin even when only a slash would differ', () => {
    expect(isSameIssuer('https://accounts.google.com/', 'https://accounts.google.com')).toBe(true);
    expect(isSameIssuer('https://login.example/tenant/v2.0', 'https://login.example/tenant/v2.0/')).toBe(false);
    expect(isSameIssuer('https://accounts.google.com/', 'https://accounts.google.com.evil.example')).toBe(false);
    expect(isSameIssuer('https://accounts.google.com/', 'http://accounts.google.com')).toBe(false);
    expect(isSameIssuer('https://accounts.google.com//', 'https://accounts.google.com')).toBe(false);
    expect(isSameIssuer('not a url', 'not a url/')).toBe(false);
  });

  it('refuses to use a discovery document that names another issuer', async () => {
    const lying = createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: RULES,
      fetch: async () => Response.json({ issuer: 'https://evil.example', jwks_uri: `${idp.issuer}/jwks` }),
    });
    await expect(lying.verify(await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true }))).rejects.toThrow(/another issuer/);
  });

  it("bounds the provider's key set in size and time, with a clear error that is not the user's fault", async () => {
    const token = await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true });
    const jwksUri = `${idp.issuer}/jwks`;
    const withJwks = (answer: (signal: AbortSignal) => Promise<Response>): typeof fetch =>
      (async (input: string | URL | Request, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/.well-known/openid-configuration')) return Response.json({ issuer: idp.issuer, jwks_uri: jwksUri });
        return answer(init!.signal!);
      }) as typeof fetch;

    const huge = createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: RULES,
      now: () => clock,
      fetch: withJwks(async () => new Response(JSON.stringify({ keys: [], pad: 'x'.repeat(JWKS_MAX_BYTES) }))),
    });
    const tooLarge = await huge.verify(token).catch((error: unknown) => error);
    expect(tooLarge).toBeInstanceOf(IdentityProviderUnavailableError);
    expect((tooLarge as Error).message).toBe(`The identity provider's key set (jwks_uri) is larger than ${JWKS_MAX_BYTES} bytes`);

    const streamed = createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: RULES,
      now: () => clock,
      // No content-length: the bound holds while reading the stream.
      fetch: withJwks(async () => new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)) }))),
    });
    await expect(streamed.verify(token)).rejects.toThrow(/larger than 262144 bytes/);

    const hanging = createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: RULES,
      now: () => clock,
      jwksTimeoutMs: 200,
      fetch: withJwks((signal) => new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)))),
    });
    await expect(hanging.verify(token)).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it('refuses a discovery document larger than its cap, and a plain-http issuer off loopback', async () => {
    const huge = createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: RULES,
      fetch: async () => new Response(JSON.stringify({ issuer: idp.issuer, jwks_uri: `${idp.issuer}/jwks`, pad: 'x'.repeat(100_000) })),
    });
    await expect(huge.verify('a.b.c')).rejects.toThrow(/larger than/);
    const plain = createOidcVerifier({ issuer: 'http://idp.example', audience: TEST_API_AUDIENCE, roles: RULES });
    await expect(plain.verify('a.b.c')).rejects.toThrow(/https/);
  });
});

describe('ID tokens bound to a nonce (verifyIdToken)', () => {
  const idClaims = () => ({ iss: idp.issuer, aud: 'desktop-client', sub: 'g-1', iat: seconds(), exp: seconds() + 600, email: 'anna.admin@byran.se', email_verified: true, nonce: 'n'.repeat(43) });

  it('takes the nonce only after the token checks out, and names the user', async () => {
    const idVerifier = createOidcVerifier({ issuer: idp.issuer, audience: null, idTokenAudience: 'desktop-client', roles: RULES, now: () => clock });
    expect(idVerifier.acceptsAccessTokens).toBe(false);
    const taken: string[] = [];
    const take = async (nonce: string) => {
      taken.push(nonce);
      return taken.length === 1;
    };
    const token = await forge(idClaims());
    expect(await idVerifier.verifyIdToken(token, take)).toMatchObject({ subject: 'g-1', email: 'anna.admin@byran.se', role: 'admin' });
    expect(await refusal(idVerifier.verifyIdToken(token, take))).toBe('nonce_mismatch');
    expect(await refusal(idVerifier.verifyIdToken(await forge({ ...idClaims(), aud: 'other' }), take))).toBe('invalid_token');
    expect(taken).toEqual(['n'.repeat(43), 'n'.repeat(43)]);
    // No API audience: access tokens are refused outright.
    expect(await refusal(idVerifier.verify(await idp.issueAccessToken({ email: 'anna.admin@byran.se', email_verified: true })))).toBe('not_configured');
  });

  it('refuses every ID token when no desktop client is configured', async () => {
    expect(verifier.acceptsAccessTokens).toBe(true);
    expect(await refusal(verifier.verifyIdToken(await forge(idClaims()), async () => true))).toBe('not_configured');
  });
});

describe('Google ID tokens: an e-mail gives a role only with a matching Workspace hd (issuer https://accounts.google.com)', () => {
  const GOOGLE_CERTS = 'https://www.googleapis.com/oauth2/v3/certs';
  /** Google's discovery document and key set, served from memory: the keys are the test provider's. */
  const googleFetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === 'https://accounts.google.com/.well-known/openid-configuration') return Response.json({ issuer: 'https://accounts.google.com', jwks_uri: GOOGLE_CERTS });
    if (url === GOOGLE_CERTS) {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = idp.privateJwk;
      return Response.json({ keys: [publicJwk] });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  const google = () =>
    createOidcVerifier({
      issuer: 'https://accounts.google.com',
      audience: null,
      idTokenAudience: 'desktop-client',
      roles: RULES,
      emailTrust: emailTrustFor('https://accounts.google.com'),
      fetch: googleFetch,
      now: () => clock,
    });
  const googleToken = (claims: Record<string, unknown>) =>
    forge({ iss: 'https://accounts.google.com', aud: 'desktop-client', sub: 'g-7', iat: seconds(), exp: seconds() + 600, nonce: 'n'.repeat(43), email_verified: true, ...claims });
  const once = async () => true;

  it('chooses the hosted-domain rule for Google (with or without a trailing slash) and no other issuer', () => {
    expect(emailTrustFor('https://accounts.google.com')).toBe('google_hosted_domain');
    expect(emailTrustFor('https://accounts.google.com/')).toBe('google_hosted_domain');
    expect(emailTrustFor('https://accounts.google.com.evil.example')).toBe('email_verified');
    expect(emailTrustFor('https://id.example')).toBe('email_verified');
  });

  it('gives no role to a personal Google account with a firm address: email_verified true but no hd', async () => {
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@byran.se' }), once))).toBe('no_role');
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'anna.admin@byran.se' }), once))).toBe('no_role');
  });

  it('gives no role when hd is not the address domain, is not a firm domain, or email_verified is not true', async () => {
    // A Workspace account of another organisation carrying a firm address.
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@byran.se', hd: 'other.example' }), once))).toBe('no_role');
    // hd of the firm, address elsewhere.
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@other.example', hd: 'byran.se' }), once))).toBe('no_role');
    // hd matching the address, but a domain no role list names.
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@other.example', hd: 'other.example' }), once))).toBe('no_role');
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@byran.se', hd: 'byran.se', email_verified: 'true' }), once))).toBe('no_role');
    expect(await refusal(google().verifyIdToken(await googleToken({ email: 'gunnar@byran.se', hd: ['byran.se'] }), once))).toBe('no_role');
  });

  it('gives the role when hd is present, equal to the address domain and a firm domain; groups still give roles without it', async () => {
    expect(await google().verifyIdToken(await googleToken({ email: 'Gunnar@Byran.se', hd: 'byran.se' }), once)).toMatchObject({ email: 'gunnar@byran.se', emailVerified: true, role: 'accountant' });
    expect(await google().verifyIdToken(await googleToken({ email: 'anna.admin@byran.se', hd: 'BYRAN.SE' }), once)).toMatchObject({ role: 'admin', issuer: 'https://accounts.google.com' });
    const byGroup = await google().verifyIdToken(await googleToken({ email: 'gunnar@byran.se', groups: ['grp-accountants'] }), once);
    expect(byGroup).toMatchObject({ role: 'accountant', emailVerified: false });
  });

  it("accepts Google's documented iss without https as the same issuer, and no other spelling", async () => {
    const identity = await google().verifyIdToken(await googleToken({ iss: 'accounts.google.com', email: 'gunnar@byran.se', hd: 'byran.se' }), once);
    expect(identity).toMatchObject({ issuer: 'https://accounts.google.com', role: 'accountant' });
    expect(await refusal(google().verifyIdToken(await googleToken({ iss: 'http://accounts.google.com', email: 'gunnar@byran.se', hd: 'byran.se' }), once))).toBe('invalid_token');
    // Another issuer does not get the alias.
    const other = createOidcVerifier({ issuer: idp.issuer, audience: null, idTokenAudience: 'desktop-client', roles: RULES, now: () => clock });
    expect(await refusal(other.verifyIdToken(await googleToken({ iss: 'accounts.google.com', email: 'gunnar@byran.se', hd: 'byran.se' }), once))).toBe('invalid_token');
  });

  it('derives the hosted domains from the accountant domains and the admin addresses', () => {
    expect(googleHostedDomains({ adminEmails: ['Boss@Ledning.se', 'x@byran.se'], adminGroups: [], accountantGroups: [], accountantEmailDomains: ['Byran.se'] })).toEqual(['byran.se', 'ledning.se']);
  });
});

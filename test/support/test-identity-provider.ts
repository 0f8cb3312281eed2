import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a loopback port, standing in for the
 * firm's Entra ID or Google in tests. It issues JWT access tokens for a resource (this server's
 * API) through the client-credentials grant; the claims a test wants (e-mail, groups, name) are
 * added through the provider's `extraTokenClaims` hook. The private signing key is handed to the
 * test too, so it can forge tokens with the provider's own key (no `exp`, another issuer).
 */

/** This server's API as a resource at the test provider: the audience of its access tokens. */
export const TEST_API_AUDIENCE = 'https://firm.example/api';
/** Another API at the same provider (tokens for it must be refused). */
export const OTHER_API_AUDIENCE = 'https://graph.example/api';
/** The key id of the provider's signing key. */
export const TEST_SIGNING_KID = 'test-rs256';

const CLIENT_ID = 'desktop-test';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough-32';

export interface TestIdentityProvider {
  issuer: string;
  /** The provider's RS256 private key (JWK), for forged tokens. */
  privateJwk: JWK & { kid: string };
  /** A JWT access token issued by the provider for `audience` with `claims` added. */
  issueAccessToken(claims: Record<string, unknown>, audience?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a provider on 127.0.0.1 with a random port. */
export async function startTestIdentityProvider(): Promise<TestIdentityProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: TEST_SIGNING_KID, alg: 'RS256', use: 'sig' };

  let handler: RequestListener | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  let nextClaims: Record<string, unknown> = {};
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys: [privateJwk] },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          scope: 'api',
          audience: resourceIndicator,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    extraTokenClaims: () => nextClaims,
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error('IDP', error));
  handler = provider.callback() as RequestListener;

  return {
    issuer,
    privateJwk,
    async issueAccessToken(claims, audience = TEST_API_AUDIENCE) {
      nextClaims = claims;
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: audience }).toString(),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !body.access_token) throw new Error(`The test provider refused: ${body.error ?? response.status} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

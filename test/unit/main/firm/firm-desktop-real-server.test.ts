import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirmApiError, FirmServerClient } from '../../../../main/firm/firm-server-client';
import { signInWithOidc } from '../../../../main/firm/oidc-sign-in';
import { secretHash } from '../../../../server/auth/auth-secrets';
import { createFirmAuth } from '../../../../server/auth/firm-auth';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import type { Database } from '../../../../server/db/database';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { DESKTOP_CLIENT_ID, DESKTOP_TEST_AUDIENCE, followInBrowser, startDesktopIdentityProvider, type DesktopIdentityProvider } from '../../../support/desktop-identity-provider';
import { openMigratedPglite } from '../../server/auth/migrated-databases';
import { buildApp } from '../../server/http/server-harness';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/*
 * The desktop's client and sign-in against the real firm server's accountant routes (server/http
 * firm-routes, PGlite, the real session store and jose verifier) with oidc-provider as the firm's
 * identity provider, over real sockets. The routes for companies, events and authorizations are
 * not on the server yet; those are covered against the contract's fake.
 */

let db: Database;
let idp: DesktopIdentityProvider;
beforeAll(async () => {
  db = await openMigratedPglite();
  idp = await startDesktopIdentityProvider();
}, 60_000);
afterAll(async () => {
  await idp.close();
  await db.close();
});

/** The real server with `provider` as the firm's; `audience` null is a Google firm (no API audience, ID tokens only). */
async function realServer(provider: DesktopIdentityProvider = idp, audience: string | null = DESKTOP_TEST_AUDIENCE) {
  const clock = new FakeClock(Date.now());
  const random = (size: number) => randomBytes(size);
  const keys = new IntegrationKeys({ db, random, now: clock.now });
  const auth = createFirmAuth(
    db,
    {
      oidc: { issuer: provider.issuer, audience, adminEmails: [], adminGroups: [], accountantGroups: [], accountantEmailDomains: ['byran.example'] },
      desktopClient: { clientId: DESKTOP_CLIENT_ID, scopes: ['openid', 'email', 'profile'] },
    },
    { now: clock.now, random },
  );
  const { app } = await buildApp({
    clock,
    keys,
    firm: { sessions: auth.sessions, verifier: auth.verifier, challenges: auth.challenges, signInOptions: auth.signInOptions, pairingCodes: auth.pairingCodes, keys, audit: auth.audit, throttle: auth.throttle },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  let session: string | undefined;
  const logger = recordingLogger();
  const client = new FirmServerClient({ baseUrl: url, fetcher: (target, init) => fetch(target, init), session: () => session, log: logger.log });
  return { clock, client, setSession: (value: string | undefined) => (session = value), logger, app };
}

describe('the desktop against the real firm server', () => {
  it('signs in through the identity provider in the system browser; the server verifies the token and names the accountant', async () => {
    const { client, setSession } = await realServer();
    const options = await client.signInOptions();
    expect(options).toEqual({ oidc: { issuer: idp.issuer, clientId: DESKTOP_CLIENT_ID, scopes: ['openid', 'email', 'profile'] }, pairing: true });

    const answer = await signInWithOidc({
      client,
      openExternal: (url) => {
        void followInBrowser(url);
        return Promise.resolve();
      },
      timers: new FakeClock().timers,
      log: recordingLogger().log,
      page: { title: 'Klart', lines: ['Klart.'] },
    });
    expect(answer.user).toMatchObject({ email: 'anna@byran.example', role: 'accountant' });
    setSession(answer.session);
    expect((await client.me()).user.email).toBe('anna@byran.example');

    await client.signOut();
    const after = await client.me().catch((error: unknown) => error);
    expect(after).toBeInstanceOf(FirmApiError);
    expect(after).toMatchObject({ status: 401, code: 'session_required' });
  });

  it('signs in a Google-like firm: opaque access tokens, no API audience; the server takes the ID token bound to its own nonce, once', async () => {
    const google = await startDesktopIdentityProvider({ opaqueAccessTokens: true });
    // Another person than the first test's Anna: her address is bound to the other provider's identity.
    google.nextSignIn = { accountId: 'gustav-google', email: 'gustav@byran.example', name: 'Gustav' };
    try {
      const { client, setSession, app } = await realServer(google, null);
      const answer = await signInWithOidc({
        client,
        openExternal: (url) => {
          void followInBrowser(url);
          return Promise.resolve();
        },
        timers: new FakeClock().timers,
        log: recordingLogger().log,
        page: { title: 'Klart', lines: ['Klart.'] },
      });
      expect(answer.user).toMatchObject({ email: 'gustav@byran.example', role: 'accountant' });
      setSession(answer.session);
      expect((await client.me()).user.email).toBe('gustav@byran.example');
      // The server's nonce went to the provider, and the challenge is used up.
      const nonce = google.authorizations[0]?.get('nonce');
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const { rows } = await db.query('SELECT 1 FROM oidc_challenges WHERE nonce_sha256 = $1', [secretHash(nonce ?? '')]);
      expect(rows).toHaveLength(0);
      await app.close();
    } finally {
      await google.close();
    }
  });

  it('signs in with a pairing code an admin issued, reads the audit as the admin, and refuses a used code', async () => {
    const { client, setSession, clock } = await realServer();
    const { code } = await issuePairingCodeFromCli(db, { email: 'admin@byran.example', role: 'admin' }, { now: clock.now, random: (size) => randomBytes(size), audit: new FirmAudit({ db, now: clock.now }) });
    const answer = await client.pairingSession({ code, deviceName: 'Annas dator' });
    expect(answer.user).toMatchObject({ email: 'admin@byran.example', role: 'admin' });
    setSession(answer.session);
    const audit = await client.audit({ limit: 10 });
    expect(audit.entries.some((entry) => entry.action === 'sign_in')).toBe(true);
    const created = await client.createPairingCode({ email: 'bo@byran.example', name: 'Bo', role: 'accountant' });
    expect(created.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-/);

    setSession(undefined);
    await expect(client.pairingSession({ code, deviceName: 'Annas dator' })).rejects.toMatchObject({ code: 'pairing_code_invalid' });
  });
});

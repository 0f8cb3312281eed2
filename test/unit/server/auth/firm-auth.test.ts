import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOptionsSchema } from '../../../../shared/firm-api';
import { createFirmAuth, type FirmOidcSettings } from '../../../../server/auth/firm-auth';
import type { Database } from '../../../../server/db/database';
import { SecretText } from '../../../../server/env/secret-text';
import { openMigratedPglite } from './migrated-databases';

const DAY = 24 * 60 * 60_000;
const START = Date.UTC(2026, 5, 1);
const OIDC: FirmOidcSettings = {
  issuer: 'https://login.example/tenant/v2.0',
  audience: 'api://fortnox-connector',
  adminEmails: ['anna@byran.se'],
  adminGroups: [],
  accountantGroups: [],
  accountantEmailDomains: ['byran.se'],
};

let db: Database;
let clock = START;
const deps = { now: () => clock, random: (size: number) => randomBytes(size) };

beforeAll(async () => {
  db = await openMigratedPglite();
}, 60_000);
afterAll(async () => {
  await db.close();
});

describe('the firm sign-in built from the configuration', () => {
  it('offers the provider only when both it and the desktop client are configured, and pairing codes always', () => {
    const both = createFirmAuth(db, { oidc: OIDC, desktopClient: { clientId: 'desktop', scopes: ['openid', 'api://fortnox-connector/access'] } }, deps);
    expect(signInOptionsSchema.parse(both.signInOptions)).toEqual({ oidc: { issuer: OIDC.issuer, clientId: 'desktop', scopes: ['openid', 'api://fortnox-connector/access'] }, pairing: true });
    expect(both.verifier).not.toBeNull();
    const noClient = createFirmAuth(db, { oidc: OIDC, desktopClient: null }, deps);
    expect(noClient.signInOptions).toEqual({ oidc: null, pairing: true });
    expect(noClient.verifier).not.toBeNull();
    const pairingOnly = createFirmAuth(db, { oidc: null, desktopClient: null }, deps);
    expect(pairingOnly.verifier).toBeNull();
  });

  it("takes the desktop client from the configuration's OIDC settings when none is passed", () => {
    const configured = createFirmAuth(db, { oidc: { ...OIDC, desktopClient: { clientId: 'desktop', scopes: ['openid', 'email'] } } }, deps);
    expect(configured.signInOptions.oidc).toEqual({ issuer: OIDC.issuer, clientId: 'desktop', scopes: ['openid', 'email'] });
    expect(createFirmAuth(db, { oidc: OIDC }, deps).signInOptions.oidc).toBeNull();
  });

  it("hands the desktop client's secret (OIDC_DESKTOP_CLIENT_SECRET) to desktops in the sign-in options only when configured", () => {
    const withSecret = createFirmAuth(db, { oidc: OIDC, desktopClient: { clientId: 'desktop', scopes: ['openid'], clientSecret: new SecretText('GOCSPX-abc123') } }, deps);
    expect(signInOptionsSchema.parse(withSecret.signInOptions).oidc).toEqual({ issuer: OIDC.issuer, clientId: 'desktop', scopes: ['openid'], clientSecret: 'GOCSPX-abc123' });
    const without = createFirmAuth(db, { oidc: OIDC, desktopClient: { clientId: 'desktop', scopes: ['openid'], clientSecret: null } }, deps);
    expect(signInOptionsSchema.parse(without.signInOptions).oidc).not.toHaveProperty('clientSecret');
  });

  it('prunes ended sessions, old codes, expired sign-in challenges and audit rows past 90 days in one call', async () => {
    const auth = createFirmAuth(db, { oidc: null, desktopClient: null }, deps);
    await auth.challenges.issue('127.0.0.1');
    const { code } = await auth.pairingCodes.issue({ email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se');
    const started = await auth.sessions.redeemPairingCode(code, 'laptop');
    await auth.audit.record({ action: 'sign_in', actor: { kind: 'user', name: 'bo@byran.se' } });
    clock = START + 91 * DAY;
    await auth.audit.record({ action: 'sign_in', actor: { kind: 'user', name: 'bo@byran.se' } });
    // Two old audit rows: the first sign-in and the code's creation (pairing_code_created).
    expect(await auth.prune()).toEqual({ sessions: 1, pairingCodes: 1, auditRows: 2, challenges: 1 });
    expect(await auth.sessions.authenticate(started!.session)).toBeNull();
    expect((await auth.audit.page()).entries).toHaveLength(1);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAIRING_CODE_PATTERN, SESSION_TOKEN_PATTERN, firmUserSchema } from '../../../../shared/firm-api';
import { generateSessionToken, secretHash } from '../../../../server/auth/auth-secrets';
import type { VerifiedIdentity } from '../../../../server/auth/oidc-verifier';
import type { FirmAuditEvent } from '../../../../server/audit/firm-audit';
import { CLI_CREATOR, PAIRING_CODE_LIFETIME_MS, PairingIdentityBoundError, issuePairingCode, issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import { IdentityConflictError, SESSION_ABSOLUTE_LIFETIME_MS, SESSION_IDLE_TIMEOUT_MS, SessionStore } from '../../../../server/auth/sessions';
import type { Database } from '../../../../server/db/database';
import { openMigratedPglite, openMigratedPostgres } from './migrated-databases';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 0, 5, 9, 0, 0);

const DATABASES = [
  ['PGlite', openMigratedPglite],
  ['PostgreSQL', () => openMigratedPostgres('sessions')],
] as const;

describe.each(DATABASES)('on %s', (_kind, open) => {
  let db: Database;
  let clock: number;
  let store: SessionStore;
  /** What the code functions audited (pairing_code_created), in order. */
  let audited: FirmAuditEvent[] = [];
  const deps = {
    now: () => clock,
    random: (size: number) => randomBytes(size),
    audit: {
      record: async (event: FirmAuditEvent) => {
        audited.push(event);
      },
    },
  };

  const anna: VerifiedIdentity = {
    issuer: 'https://login.example/tenant/v2.0',
    subject: 'sub-anna',
    email: 'anna@byran.se',
    emailVerified: true,
    name: 'Anna Andersson',
    groups: ['grp-admins'],
    role: 'admin',
  };

  beforeAll(async () => {
    db = await open();
    store = new SessionStore({ db, now: deps.now, random: deps.random });
  }, 60_000);
  beforeEach(async () => {
    clock = START;
    audited = [];
    await db.query('TRUNCATE users, sessions, pairing_codes CASCADE');
  });
  afterAll(async () => {
    await db.close();
  });

  /** Every text value in the auth tables, to show a secret is not among them. */
  async function everythingStored(): Promise<string> {
    const tables = ['users', 'sessions', 'pairing_codes'];
    const dumps = await Promise.all(tables.map((table) => db.query(`SELECT * FROM ${table}`)));
    return JSON.stringify(dumps.map((dump) => dump.rows));
  }

  describe('sessions from the identity provider', () => {
    it('signs a verified user in: a session secret once, the user in the contract shape, only a hash stored', async () => {
      const started = await store.signInWithOidc(anna);
      expect(started.session).toMatch(SESSION_TOKEN_PATTERN);
      expect(started.expiresAt).toBe(START + SESSION_ABSOLUTE_LIFETIME_MS);
      expect(firmUserSchema.parse(started.user)).toEqual({ id: started.user.id, email: 'anna@byran.se', name: 'Anna Andersson', role: 'admin' });
      const stored = await everythingStored();
      expect(stored).not.toContain(started.session);
      expect(stored).not.toContain(started.session.slice(4));
      expect(stored).toContain(secretHash(started.session));
      await expect(store.authenticate(started.session)).resolves.toEqual({ sessionId: expect.any(Number), user: started.user, expiresAt: started.expiresAt });
    });

    it('keeps one user per e-mail across sign-ins, with the latest name and role', async () => {
      const first = await store.signInWithOidc(anna);
      const second = await store.signInWithOidc({ ...anna, name: 'Anna A.', role: 'accountant' });
      expect(second.user.id).toBe(first.user.id);
      expect(second.user).toMatchObject({ name: 'Anna A.', role: 'accountant' });
      expect((await db.query('SELECT count(*)::int AS n FROM users')).rows[0]).toEqual({ n: 1 });
      // Each session keeps the role its own sign-in gave.
      expect((await store.authenticate(first.session))?.user.role).toBe('admin');
      expect((await store.authenticate(second.session))?.user.role).toBe('accountant');
    });

    it("binds the user to the provider's (issuer, subject): a changed e-mail at the provider is the same user", async () => {
      const first = await store.signInWithOidc(anna);
      const renamed = await store.signInWithOidc({ ...anna, email: 'anna.andersson@byran.se' });
      expect(renamed.user.id).toBe(first.user.id);
      expect(renamed.user.email).toBe('anna.andersson@byran.se');
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(rows[0]?.n).toBe(1);
    });

    it('does not merge a second identity with the same e-mail into the first user, verified or not', async () => {
      const first = await store.signInWithOidc(anna);
      for (const intruder of [
        { ...anna, subject: 'sub-eve' },
        { ...anna, subject: 'sub-eve', emailVerified: false },
        { ...anna, issuer: 'https://other-idp.example', subject: 'sub-anna' },
      ]) {
        await expect(store.signInWithOidc(intruder)).rejects.toBeInstanceOf(IdentityConflictError);
      }
      const { rows } = await db.query<{ id: string; oidc_subject: string }>('SELECT id, oidc_subject FROM users');
      expect(rows).toEqual([{ id: first.user.id, oidc_subject: 'sub-anna' }]);
      expect((await db.query('SELECT count(*)::int AS n FROM sessions')).rows[0]).toEqual({ n: 1 });
    });

    it('refuses an e-mail change onto an address another user already has', async () => {
      await store.signInWithOidc(anna);
      await store.signInWithOidc({ ...anna, subject: 'sub-bo', email: 'bo@byran.se' });
      await expect(store.signInWithOidc({ ...anna, email: 'bo@byran.se' })).rejects.toBeInstanceOf(IdentityConflictError);
    });

    it('binds a pairing-code user to an identity only when the provider vouches for the address', async () => {
      const { code } = await issuePairingCode(db, { email: 'cecilia@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      const paired = await store.redeemPairingCode(code, 'laptop');
      const cecilia = { ...anna, subject: 'sub-cecilia', email: 'cecilia@byran.se', role: 'accountant' as const };
      await expect(store.signInWithOidc({ ...cecilia, emailVerified: false })).rejects.toBeInstanceOf(IdentityConflictError);
      const bound = await store.signInWithOidc(cecilia);
      expect(bound.user.id).toBe(paired?.user.id);
      await expect(store.signInWithOidc({ ...cecilia, subject: 'sub-other' })).rejects.toBeInstanceOf(IdentityConflictError);
    });

    it('gives two first sign-ins of one identity at the same moment one user', async () => {
      const results = await Promise.all([store.signInWithOidc(anna), store.signInWithOidc(anna), store.signInWithOidc(anna)]);
      expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
      expect((await db.query('SELECT count(*)::int AS n FROM users')).rows[0]).toEqual({ n: 1 });
    });

    it('ends a session 24 hours after its last use', async () => {
      const { session } = await store.signInWithOidc(anna);
      clock += SESSION_IDLE_TIMEOUT_MS - 1;
      expect(await store.authenticate(session)).not.toBeNull();
      clock += SESSION_IDLE_TIMEOUT_MS - 1;
      expect(await store.authenticate(session)).not.toBeNull();
      clock += SESSION_IDLE_TIMEOUT_MS;
      expect(await store.authenticate(session)).toBeNull();
    });

    it('ends a session 14 days after sign-in however often it is used', async () => {
      const { session } = await store.signInWithOidc(anna);
      for (let hours = 12; hours < 14 * 24; hours += 12) {
        clock = START + hours * HOUR;
        expect(await store.authenticate(session), `after ${hours} h`).not.toBeNull();
      }
      clock = START + SESSION_ABSOLUTE_LIFETIME_MS;
      expect(await store.authenticate(session)).toBeNull();
    });

    it('ends a revoked session at once, and only that one', async () => {
      const first = await store.signInWithOidc(anna);
      const second = await store.signInWithOidc(anna);
      const authenticated = await store.authenticate(first.session);
      expect(await store.revoke(authenticated!.sessionId)).toBe(true);
      expect(await store.revoke(authenticated!.sessionId)).toBe(false);
      expect(await store.authenticate(first.session)).toBeNull();
      expect(await store.authenticate(second.session)).not.toBeNull();
    });

    it("ends every session of a user when the user's sessions are revoked", async () => {
      const first = await store.signInWithOidc(anna);
      const second = await store.signInWithOidc(anna);
      const other = await store.signInWithOidc({ ...anna, email: 'bo@byran.se', subject: 'sub-bo' });
      expect(await store.revokeAllForUser(first.user.id)).toBe(2);
      expect(await store.authenticate(first.session)).toBeNull();
      expect(await store.authenticate(second.session)).toBeNull();
      expect(await store.authenticate(other.session)).not.toBeNull();
    });

    it('knows no session for a malformed, unknown or hostile secret', async () => {
      await store.signInWithOidc(anna);
      const hostile = ['', 'fxs_', "fxs_' OR '1'='1' --", `fxs_${'a'.repeat(42)}\u0000`, `fxs_${'A'.repeat(43)}`, generateSessionToken(deps.random), 'Bearer x'];
      for (const presented of hostile) expect(await store.authenticate(presented), JSON.stringify(presented)).toBeNull();
    });
  });

  describe('pairing codes', () => {
    it('gives one session, for the person and role the code was made for, and the code is stored only as a hash', async () => {
      const issued = await issuePairingCode(db, { email: 'Cecilia@Byran.se', name: 'Cecilia', role: 'accountant' }, 'anna@byran.se', deps);
      expect(issued.code).toMatch(PAIRING_CODE_PATTERN);
      expect(issued.expiresAt).toBe(START + PAIRING_CODE_LIFETIME_MS);
      expect(await everythingStored()).not.toContain(issued.code);
      const started = await store.redeemPairingCode(issued.code, "Cecilia's laptop");
      expect(started?.user).toMatchObject({ email: 'cecilia@byran.se', name: 'Cecilia', role: 'accountant' });
      expect(await store.authenticate(started!.session)).toMatchObject({ user: started!.user });
      const { rows } = await db.query<{ device_name: string; method: string }>('SELECT device_name, method FROM sessions');
      expect(rows).toEqual([{ device_name: "Cecilia's laptop", method: 'pairing' }]);
      expect(await everythingStored()).not.toContain(started!.session);
    });

    it('is redeemed at most once', async () => {
      const { code } = await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      expect(await store.redeemPairingCode(code, 'first')).not.toBeNull();
      expect(await store.redeemPairingCode(code, 'second')).toBeNull();
    });

    it('lets two redemptions at the same moment race to one session', async () => {
      const { code } = await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      const results = await Promise.all(Array.from({ length: 5 }, (_, index) => store.redeemPairingCode(code, `device ${index}`)));
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect((await db.query('SELECT count(*)::int AS n FROM sessions')).rows[0]).toEqual({ n: 1 });
    });

    it('is refused once its 15 minutes are over', async () => {
      const { code } = await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      clock += PAIRING_CODE_LIFETIME_MS;
      expect(await store.redeemPairingCode(code, 'late')).toBeNull();
    });

    it('stays unused when the session cannot be stored', async () => {
      const { code } = await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      // The table refuses a device name longer than 100 characters (the route refuses it before).
      await expect(store.redeemPairingCode(code, 'x'.repeat(101))).rejects.toThrow();
      expect(await store.redeemPairingCode(code, 'retry')).not.toBeNull();
    });

    it('knows no unknown code, nor a wrongly shaped or hostile one', async () => {
      await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      for (const code of ['ABCD-EFGH-JKLM', 'abcd-efgh-jkmn', "ABCD-EFGH-JKL'", "' OR 1=1 --", 'ABCD-EFGH-JKL\u0000', '']) {
        expect(await store.redeemPairingCode(code, 'x'), code).toBeNull();
      }
      expect((await db.query('SELECT count(*)::int AS n FROM pairing_codes WHERE used_at IS NULL')).rows[0]).toEqual({ n: 1 });
    });

    it("can be made on the command line for the firm's first admin", async () => {
      const issued = await issuePairingCodeFromCli(db, { email: 'first.admin@byran.se', role: 'admin' }, deps);
      expect((await db.query('SELECT created_by, role FROM pairing_codes')).rows).toEqual([{ created_by: CLI_CREATOR, role: 'admin' }]);
      expect((await store.redeemPairingCode(issued.code, 'server room'))?.user.role).toBe('admin');
    });

    it('is audited when made (who, for which address, never the code), on the command line too', async () => {
      const byAdmin = await issuePairingCode(db, { email: 'Cecilia@Byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      const byCli = await issuePairingCodeFromCli(db, { email: 'first.admin@byran.se', role: 'admin' }, deps);
      expect(audited).toEqual([
        { action: 'pairing_code_created', actor: { kind: 'user', name: 'anna@byran.se' }, method: 'POST', path: '/v1/admin/pairing-codes/cecilia@byran.se', status: 200 },
        { action: 'pairing_code_created', actor: { kind: 'user', name: CLI_CREATOR }, method: null, path: '/v1/admin/pairing-codes/first.admin@byran.se', status: 200 },
      ]);
      for (const code of [byAdmin.code, byCli.code]) expect(JSON.stringify(audited)).not.toContain(code);
    });

    it('is not made for the address of a user bound to an identity provider', async () => {
      await store.signInWithOidc(anna);
      await expect(issuePairingCode(db, { email: 'Anna@Byran.se', name: null, role: 'accountant' }, 'bo@byran.se', deps)).rejects.toBeInstanceOf(PairingIdentityBoundError);
      await expect(issuePairingCodeFromCli(db, { email: 'anna@byran.se', role: 'admin' }, deps)).rejects.toBeInstanceOf(PairingIdentityBoundError);
      expect((await db.query('SELECT count(*)::int AS n FROM pairing_codes')).rows[0]).toEqual({ n: 0 });
      expect(audited).toEqual([]);
    });

    it('made before the user was bound to an identity provider, is refused and used up, the user keeps its role and gets no session', async () => {
      const { code } = await issuePairingCode(db, { email: 'anna@byran.se', name: 'Someone Else', role: 'accountant' }, 'bo@byran.se', deps);
      const bound = await store.signInWithOidc(anna);
      await expect(store.redeemPairingCode(code, 'attacker')).rejects.toBeInstanceOf(PairingIdentityBoundError);
      expect(await store.redeemPairingCode(code, 'attacker')).toBeNull();
      const { rows } = await db.query<{ name: string; role: string }>('SELECT name, role FROM users');
      expect(rows).toEqual([{ name: 'Anna Andersson', role: 'admin' }]);
      expect((await db.query('SELECT count(*)::int AS n FROM sessions')).rows[0]).toEqual({ n: 1 });
      expect(await store.authenticate(bound.session)).toMatchObject({ user: { role: 'admin' } });
    });

    it('names the command-line argument that is wrong', async () => {
      await expect(issuePairingCodeFromCli(db, { email: 'not-an-address', role: 'admin' }, deps)).rejects.toThrow(/check email$/);
      await expect(issuePairingCodeFromCli(db, { email: 'a@b.se', role: 'owner' }, deps)).rejects.toThrow(/check role$/);
      expect((await db.query('SELECT count(*)::int AS n FROM pairing_codes')).rows[0]).toEqual({ n: 0 });
    });
  });

  describe('clean-up', () => {
    it('deletes ended sessions and long-expired codes, and keeps live ones', async () => {
      const live = await store.signInWithOidc(anna);
      const revoked = await store.signInWithOidc(anna);
      await store.revoke((await store.authenticate(revoked.session))!.sessionId);
      await issuePairingCode(db, { email: 'bo@byran.se', name: null, role: 'accountant' }, 'anna@byran.se', deps);
      clock += 2 * 24 * HOUR;
      // The live one was used yesterday; the revoked one ended two days ago.
      await db.query('UPDATE sessions SET last_used_at = $1 WHERE token_sha256 = $2', [new Date(clock - 23 * HOUR), secretHash(live.session)]);
      expect(await store.deleteEnded()).toEqual({ sessions: 1, pairingCodes: 1 });
      expect(await store.authenticate(live.session)).not.toBeNull();
    });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { authorizationResponseSchema, firmCompaniesSchema, firmDisconnectResponseSchema } from '../../../../shared/firm-api';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { nextRefreshAt } from '../../../../server/tokens/refresh-plan';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { clientConfigFor, firmScript, nodeFetch } from '../tokens/tokens-test-kit';
import { uncertainCommitChecks } from './firm-connections-commit';
import { bearer, connectionsApp } from './firm-connections-kit';

/**
 * Connect, reconnect and disconnect on real PostgreSQL with two replicas (two pools on one
 * database): the company's locks make them take turns with each other and with a refresh.
 */

const startSimulator = trackSimulators();
let database: TestDatabase;
const pools: Database[] = [];

beforeAll(async () => {
  database = await createTestDatabase('firm_connections');
  const first = openPostgres(database.url);
  pools.push(first);
  await migrate(first);
}, 60_000);
afterEach(async () => {
  await pools[0]?.query('TRUNCATE users, sessions, pairing_codes, audit, integration_keys, companies, company_tokens, fortnox_request_slots CASCADE');
});
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await database.drop();
});

async function replicas() {
  const simulator = await startSimulator(firmScript([]));
  const make = async () => {
    const db = openPostgres(database.url);
    pools.push(db);
    return { db, ...(await connectionsApp({ db, simulator, databaseUrl: database.url })) };
  };
  const a = await make();
  const b = await make();
  const session = await a.sessionFor('bo@byran.se');
  const settled = () => Promise.all([a.connections.connections.revocationsSettled(), b.connections.connections.revocationsSettled()]);
  return { simulator, a, b, session, settled };
}

async function storedRefreshToken(replica: Awaited<ReturnType<typeof replicas>>['a']): Promise<string | null> {
  const read = await replica.rows.readPair(replica.db, '101');
  if (read.kind !== 'found') throw new Error('no pair');
  return read.pair.refreshToken;
}

describe('connections on PostgreSQL with two replicas', () => {
  it('reconnects on one replica a company connected on the other, revoking the replaced grant, with one list and version on both', async () => {
    const { simulator, a, b, session, settled } = await replicas();
    expect((await a.authorize(session)).statusCode).toBe(200);
    const again = await b.authorize(session);
    expect(authorizationResponseSchema.parse(again.json()).reconnected).toBe(true);
    await settled();
    const live = simulator.grants().filter((grant) => grant.endedAt === null);
    expect(live.map((grant) => grant.refreshToken)).toEqual([await storedRefreshToken(a)]);
    expect(simulator.revocations().filter((revocation) => revocation.revoked)).toHaveLength(1);
    const onA = firmCompaniesSchema.parse((await a.app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) })).json());
    const onB = firmCompaniesSchema.parse((await b.app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(session) })).json());
    expect(onA).toEqual(onB);
    expect(onA.companies.map((company) => company.tenantId)).toEqual(['101']);
  });

  it('leaves one company and one live grant when two accountants connect it on two replicas at once', async () => {
    const { simulator, a, b, settled } = await replicas();
    const anna = await a.sessionFor('anna@byran.se');
    const bo = await b.sessionFor('bo.2@byran.se');
    const [first, second] = await Promise.all([a.authorize(anna), b.authorize(bo)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    const flags = [first, second].map((answer) => authorizationResponseSchema.parse(answer.json()).reconnected).sort();
    expect(flags).toEqual([false, true]);
    await settled();
    expect((await a.db.query('SELECT tenant_id FROM companies')).rows).toEqual([{ tenant_id: '101' }]);
    const live = simulator.grants().filter((grant) => grant.endedAt === null);
    expect(live.map((grant) => grant.refreshToken)).toEqual([await storedRefreshToken(a)]);
    expect((await a.db.query<{ action: string }>(`SELECT action FROM audit WHERE action IN ('connect', 'reconnect') ORDER BY action`)).rows).toEqual([
      { action: 'connect' },
      { action: 'reconnect' },
    ]);
  });

  it('disconnects after a refresh holding the row lock on another connection commits, and revokes the refreshed token', async () => {
    const { simulator, a, b, session, settled } = await replicas();
    expect((await a.authorize(session)).statusCode).toBe(200);
    const first = await storedRefreshToken(a);
    // Another replica's refresh: the row lock, Fortnox's answer slowed down, the new pair, COMMIT.
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 400 });
    const client = new TokenClient(nodeFetch, Date.now);
    let lockHeld: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => {
      lockHeld = resolve;
    });
    const refresh = a.db.transaction(async (tx) => {
      const read = await a.rows.readPair(tx, '101', { lock: true });
      if (read.kind !== 'found' || read.pair.refreshToken === null) throw new Error('no pair');
      lockHeld();
      const answer = await client.refresh(clientConfigFor(simulator), read.pair.refreshToken);
      const pair = { accessToken: answer.accessToken, refreshToken: answer.refreshToken, scopes: answer.scopes, accessExpiresAt: answer.accessTokenExpiresAt };
      const now = Date.now();
      await a.rows.writeRotation(tx, '101', a.rows.seal('101', pair), pair, { generation: read.pair.generation, nextRefreshAt: nextRefreshAt('101', pair.accessExpiresAt, now), refreshedAt: now });
      return answer.refreshToken;
    });
    await locked;
    const disconnect = b.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(session) });
    const refreshed = await refresh;
    const gone = await disconnect;
    expect(firmDisconnectResponseSchema.parse(gone.json())).toEqual({ revoked: true });
    await settled();
    expect(refreshed).not.toBe(first);
    // The refreshed token was the one revoked (its grant ended); the first was never sent to revoke.
    expect(simulator.revocations().map(({ token, revoked }) => ({ token, revoked }))).toEqual([{ token: refreshed, revoked: true }]);
    expect(simulator.grants().filter((grant) => grant.endedAt === null)).toEqual([]);
    expect((await a.db.query('SELECT 1 FROM company_tokens')).rowCount).toBe(0);
  });
});

describe('connect and disconnect when the connection is lost around COMMIT (PostgreSQL)', () => {
  uncertainCommitChecks(() => pools[0]!, startSimulator);
});

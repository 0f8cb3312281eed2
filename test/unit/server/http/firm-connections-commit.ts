import { expect, it } from 'vitest';
import { firmCompaniesSchema, firmDisconnectResponseSchema } from '../../../../shared/firm-api';
import type { Database } from '../../../../server/db/database';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { expireAccessToken, firmScript } from '../tokens/tokens-test-kit';
import { bearer, commitLosingDatabase, connectionsApp } from './firm-connections-kit';

/**
 * Connect and disconnect when the connection is lost around COMMIT (brief srv-tokens item B), on
 * whichever database `database()` gives: a grant stored is never revoked, a grant removed always is.
 */
export function uncertainCommitChecks(database: () => Database, startSimulator: (script: ReturnType<typeof firmScript>) => Promise<FortnoxSimulator>): void {
  async function setUp() {
    const simulator = await startSimulator(firmScript([]));
    const losing = commitLosingDatabase(database());
    const built = await connectionsApp({ db: losing.db, simulator });
    const session = await built.sessionFor('bo@byran.se');
    const settled = () => built.connections.connections.revocationsSettled();
    return { simulator, ...built, session, arm: losing.arm, settled, db: database() };
  }

  const stored = async (built: Awaited<ReturnType<typeof setUp>>) => {
    const read = await built.rows.readPair(built.db, '101');
    return read.kind === 'found' ? read.pair.refreshToken : null;
  };

  it('a connect whose COMMIT landed but whose answer was lost keeps the grant: not revoked, the company listed and its refresh token live', async () => {
    const built = await setUp();
    built.arm('after');
    const answer = await built.authorize(built.session);
    expect(answer.statusCode, answer.body).toBe(200);
    await built.settled();
    expect(built.simulator.revocations()).toEqual([]);
    const listed = firmCompaniesSchema.parse((await built.app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(built.session) })).json());
    expect(listed.companies.map((company) => [company.tenantId, company.status])).toEqual([['101', 'active']]);
    // The stored refresh token still works at Fortnox.
    const before = await stored(built);
    await expireAccessToken(built.db, '101');
    await built.tokens.accessToken('101');
    expect(await stored(built)).not.toBe(before);
    expect(built.logger.text()).toContain('committed although its COMMIT reported a failure');
  });

  it('a connect whose COMMIT never landed revokes its grant, which is provably stored nowhere', async () => {
    const built = await setUp();
    built.arm('before');
    const answer = await built.authorize(built.session);
    expect(answer.statusCode).toBeGreaterThanOrEqual(500);
    await built.settled();
    expect(built.simulator.revocations().map(({ revoked, tenantId }) => ({ revoked, tenantId }))).toEqual([{ revoked: true, tenantId: 101 }]);
    expect((await built.db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
  });

  it('a disconnect whose COMMIT landed but whose answer was lost revokes what it removed', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    const refreshToken = await stored(built);
    built.arm('after');
    const gone = await built.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(built.session) });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(firmDisconnectResponseSchema.parse(gone.json())).toEqual({ revoked: true });
    expect(built.simulator.revocations().map(({ token, revoked }) => ({ token, revoked }))).toEqual([{ token: refreshToken, revoked: true }]);
    expect((await built.db.query('SELECT 1 FROM companies')).rowCount).toBe(0);
  });

  it('a disconnect whose COMMIT never landed revokes nothing and leaves the company working', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    built.arm('before');
    const failed = await built.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(built.session) });
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    await built.settled();
    expect(built.simulator.revocations()).toEqual([]);
    expect((await built.db.query('SELECT 1 FROM companies')).rowCount).toBe(1);
    await expireAccessToken(built.db, '101');
    await expect(built.tokens.accessToken('101')).resolves.toMatchObject({ accessToken: expect.any(String) });
  });
}

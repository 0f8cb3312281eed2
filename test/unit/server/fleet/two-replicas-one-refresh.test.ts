import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { recordingLogger } from '../../main/recording-logger';
import { connectCompanies, expireAccessToken, firmScript, leaked } from '../tokens/tokens-test-kit';
import {
  bundleServer,
  createTokenKey,
  keepAliveAgent,
  newEncryptionKeyText,
  readStoredRows,
  replicaEnv,
  Replica,
  requestAccessToken,
  ringFor,
  type ServerBundle,
} from './fleet-kit';

const TENANT = 310_001;

describe('two server processes on one PostgreSQL', () => {
  let bundle: ServerBundle;
  let test: TestDatabase;
  let db: Database;
  let simulator: FortnoxSimulator;
  const replicas: Replica[] = [];
  const encryptionKey = newEncryptionKeyText();

  beforeAll(async () => {
    [bundle, test] = await Promise.all([bundleServer(), createTestDatabase('fleet_one')]);
    db = openPostgres(test.url, { max: 4 });
    await migrate(db);
    simulator = await startFortnoxSimulator(firmScript([TENANT]));
    await connectCompanies(simulator, db, new TokenRows(ringFor(encryptionKey), recordingLogger().log), [TENANT]);
    const settings = { databaseUrl: test.url, simulator, encryptionKey };
    replicas.push(...(await Promise.all(['a', 'b'].map((name) => Replica.start(bundle, replicaEnv(settings, name), name)))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await simulator?.close();
    await db?.close();
    await test?.drop();
    await bundle?.remove();
  });

  it('200 concurrent access-token requests split across both for an expired token: one refresh at Fortnox, all 200 get the new token', async () => {
    const key = await createTokenKey(db);
    const tenantId = String(TENANT);
    const before = (await readStoredRows(db, ringFor(encryptionKey), [tenantId])).get(tenantId);
    await expireAccessToken(db, tenantId);
    // Fortnox takes a moment, so the requests overlap the refresh instead of finding it done.
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 300 });
    const agent = keepAliveAgent();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => requestAccessToken(replicas[i % 2]!.port, tenantId, key, agent)),
    );
    agent.destroy();

    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(simulator.refreshCount(TENANT)).toBe(1);
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token')).toHaveLength(1);
    const after = (await readStoredRows(db, ringFor(encryptionKey), [tenantId])).get(tenantId);
    expect(after?.generation).toBe((before?.generation ?? 0) + 1);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(new Set(answers.map((answer) => answer.accessToken))).toEqual(new Set([after?.accessToken]));
    // The one refresh was a replica's (one line in the two logs together).
    expect(replicas.flatMap((replica) => replica.lines).filter((line) => line.includes('tokens refreshed'))).toHaveLength(1);
    // Neither replica's log carries a token, code or the client secret.
    expect(leaked(simulator, replicas.flatMap((replica) => replica.lines).join('\n'))).toEqual([]);
  }, 60_000);
});

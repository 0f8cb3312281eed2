import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { localApiErrorBodySchema } from '../../../../shared/local-api-errors';
import { companyDirectory } from '../../../../server/companies/company-repository';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { FakeClock } from '../../main/fake-timers';
import { buildApp, errorCodeOf } from './server-harness';

let db: Database;
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fc-server-db-'));
  db = await openPglite(folder);
  await migrate(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query('DELETE FROM integration_keys');
  await db.query('DELETE FROM companies');
  for (const [tenantId, name] of [
    ['101', 'Café Söder AB'],
    ['202', "O'Brien & Söner AB"],
  ]) {
    await db.query("INSERT INTO companies (tenant_id, company_name, granted_scopes, status, connected_by) VALUES ($1, $2, '{invoice}', 'active', 'anna@firm.example')", [tenantId, name]);
  }
});

/** The app over the real integration keys and company directory on PGlite (tokens are the harness's fake). */
async function appOnDatabase() {
  const clock = new FakeClock();
  const keys = new IntegrationKeys({ db, random: cryptoRandomBytes, now: clock.now });
  const built = await buildApp({ clock, keys, directory: companyDirectory(db) });
  return { ...built, keys, otherReplica: new IntegrationKeys({ db, random: cryptoRandomBytes, now: clock.now }) };
}

describe('the firm server app over its database', () => {
  it('lists the companies of an integration key and hands out tokens for them, and refuses the key everywhere once another replica revokes it', async () => {
    const { app, keys, otherReplica, handed } = await appOnDatabase();
    const { key, record } = await keys.create({ name: 'Lönesystemet', companies: ['101'], right: 'token', lifetimeDays: 90 }, 'admin@firm.example');
    const headers = { authorization: `Bearer ${key}` };

    const list = await app.inject({ method: 'GET', url: '/v1/companies', headers });
    expect(list.json()).toEqual({ companies: [{ name: 'Café Söder AB', organizationNumber: null, databaseNumber: '101', accountType: 'user', scopes: ['invoice'], status: 'active' }] });
    expect((await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers })).statusCode).toBe(200);
    expect(errorCodeOf((await app.inject({ method: 'POST', url: '/v1/companies/202/access-token', headers })).body)).toBe('company_not_allowed');

    await otherReplica.revoke(record.id);
    expect((await app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers })).statusCode).toBe(401);
    expect(handed).toEqual(['access-token-of-101']);
  });

  it('answers company_not_found as soon as a company is disconnected (its row deleted)', async () => {
    const { app, keys } = await appOnDatabase();
    const { key } = await keys.create({ name: 'Alla', companies: 'all', right: 'token', lifetimeDays: null }, 'admin@firm.example');

    await db.query("DELETE FROM companies WHERE tenant_id = '202'");

    const answer = await app.inject({ method: 'POST', url: '/v1/companies/202/access-token', headers: { authorization: `Bearer ${key}` } });
    expect(answer.statusCode).toBe(404);
    expect(errorCodeOf(answer.body)).toBe('company_not_found');
  });

  it('answers SQL metacharacters and NUL bytes in every string a tool sends with a refusal, never a database error, and the tables are intact', async () => {
    const { app, keys } = await appOnDatabase();
    const { key } = await keys.create({ name: 'Alla', companies: 'all', right: 'token', lifetimeDays: null }, 'admin@firm.example');
    const hostile = ["1' OR '1'='1", "101'; DELETE FROM companies; --", '101\0', '\0', "' UNION SELECT key_hash FROM integration_keys --", '101%00'];

    for (const value of hostile) {
      const encoded = encodeURIComponent(value);
      const answers = [
        await app.inject({ method: 'POST', url: `/v1/companies/${encoded}/access-token`, headers: { authorization: `Bearer ${key}` } }),
        await app.inject({ method: 'GET', url: `/v1/companies/${encoded}/fortnox/3/invoices`, headers: { authorization: `Bearer ${key}` } }),
        await app.inject({ method: 'GET', url: '/v1/companies', headers: { authorization: `Bearer fxc_${value}` } }),
        await app.inject({ method: 'GET', url: '/v1/companies', headers: { authorization: `Bearer ${key.slice(0, 20)}${encoded}`.slice(0, 250) } }),
      ];
      for (const answer of answers) {
        expect(answer.statusCode, value).toBeLessThan(500);
        expect(localApiErrorBodySchema.safeParse(answer.json()).success).toBe(true);
      }
    }
    expect((await db.query('SELECT tenant_id FROM companies ORDER BY tenant_id')).rows).toEqual([{ tenant_id: '101' }, { tenant_id: '202' }]);
    expect((await keys.list()).map((record) => record.name)).toEqual(['Alla']);
  });
});

/**
 * TEMPORARY stand-in for server/main.ts (helper srv-run is writing it): the same environment
 * variables, the same `{"event":"listening","url":…}` line, PostgreSQL only. Deleted once main.ts is
 * on main; nothing but the fleet tests uses it.
 */
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { createLogger } from '../../../../main/logging/logger';
import { companyDirectory } from '../../../../server/companies/company-repository';
import { loadServerConfig } from '../../../../server/config';
import { openKeyRing } from '../../../../server/crypto/key-source';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { createServerMetrics } from '../../../../server/http/metrics';
import { buildServerApp } from '../../../../server/http/server-app';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { BackgroundRefresh } from '../../../../server/tokens/background-refresh';
import { FirmTokens } from '../../../../server/tokens/firm-tokens';
import { FleetRateLimiter } from '../../../../server/tokens/fleet-rate-limiter';
import { TokenRows } from '../../../../server/tokens/token-rows';

async function main(): Promise<void> {
  const config = loadServerConfig(process.env);
  if (config.database.kind !== 'postgres' || config.fortnox.mode === 'embedded-simulator') throw new Error('temporary entry: PostgreSQL and a client only');
  const fortnox = config.fortnox;
  const log = createLogger((record) => process.stdout.write(`${JSON.stringify(record)}\n`));
  const db = openPostgres(config.database.url.reveal(), { max: 10 });
  await migrate(db);
  const ring = await openKeyRing(config.encryption, { database: 'postgres', dataDir: config.dataDir });
  const limiter = new FleetRateLimiter(db);
  const tokens = new FirmTokens({
    db,
    rows: new TokenRows(ring, log),
    fetcher: (url, init) => fetch(url, init),
    clientConfig: () => ({ tokenUrl: fortnox.endpoints.tokenUrl, revokeUrl: fortnox.endpoints.revokeUrl, clientId: fortnox.clientId, clientSecret: fortnox.clientSecret.reveal() }),
    slots: limiter,
    now: Date.now,
    log,
  });
  const background = new BackgroundRefresh({ tokens, log, concurrency: config.refreshConcurrency, idlePollMs: Number(process.env.FLEET_IDLE_POLL_MS ?? 15_000) });
  const app = buildServerApp({
    keys: new IntegrationKeys({ db, random: cryptoRandomBytes, now: Date.now }),
    companies: companyDirectory(db),
    tokens,
    proxy: { apiBaseUrl: () => fortnox.endpoints.apiBaseUrl, limiter },
    readiness: async () => [],
    metrics: createServerMetrics({ processMetrics: false }),
    publicUrl: 'http://127.0.0.1/',
    now: Date.now,
    timers: { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  });
  const url = await app.listen({ host: config.host, port: config.port });
  background.start();
  process.stdout.write(`${JSON.stringify({ event: 'listening', url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.name : 'error'}\n`);
  process.exit(1);
});

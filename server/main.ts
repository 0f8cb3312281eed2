/**
 * The firm server's process entry (`npm run server`, or `node out/server/index.cjs`):
 *   (no argument) | start  runs the server until SIGTERM or SIGINT, then shuts down gracefully;
 *   reencrypt              seals every stored secret again under ENCRYPTION_KEY and prints counts;
 *   pairing-code <e-mail>  a one-time code for a person's desktop app;
 *   revoke-sessions <e-mail>  ends every session of a user now (audited);
 *   help                   prints what it does and the configuration variables.
 * Exit codes: 0 done, 1 failed (its reason on stderr), 2 configuration problems (every one listed).
 */
import closeWithGrace from 'close-with-grace';
import { openKeyRing } from './crypto/key-source';
import { reencryptAll } from './crypto/reencrypt';
import { loadServerConfig, ServerConfigError, DEFAULT_PORT, type ServerConfig } from './config';
import { migrate } from './db/migrate';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import { DataFolderInUseError } from './db/folder-lock';
import { SHUTDOWN_DEADLINE_MS, startFirmServer } from './start-server';
import { configSecrets, errorLine, redactText } from './logging/safe-error';
import { KnownSecrets } from '../main/logging/known-secrets';
import { CLI_CREATOR, issuePairingCodeFromCli, PairingIdentityBoundError } from './auth/pairing-codes';
import { revokeUserSessions } from './auth/revoke-sessions';
import { SessionStore } from './auth/sessions';
import { FirmAudit } from './audit/firm-audit';
import type { Database } from './db/database';
import { cryptoRandomBytes } from '../main/connect/random-token';

/** Exit code of a configuration that cannot be used. */
export const EXIT_CONFIG = 2;

/** A second signal this soon after the first is the same one delivered twice (see onSecondSignal). */
const DUPLICATE_SIGNAL_MS = 1_000;

const HELP = `Fortnox Connector firm server

Usage:
  npm run server [-- <command>]        (or: node out/server/index.cjs [<command>])

Commands:
  start       run the server (the default)
  pairing-code <e-mail> [admin|accountant]
              a one-time code (15 minutes) with which that person's desktop app signs in to this
              server; the way to the first admin when the firm has no identity provider. On the
              embedded database, stop the server first (one process per data folder).
  revoke-sessions <e-mail>
              end every session of that user now (a lost laptop, someone leaving), audited;
              their desktop apps must sign in again. Admins can also do it with
              DELETE /v1/admin/users/<id>/sessions.
  reencrypt   seal the client secret and every company's tokens again under ENCRYPTION_KEY,
              then print how many rows moved and which old keys are still in use
  help        show this text

Configuration (environment variables; *_FILE variants read a secret from a file):
  PORT (default ${DEFAULT_PORT}; 0 = a free port), HOST (default 127.0.0.1), DATA_DIR (default ./server-data),
  DATABASE_URL(_FILE) (PostgreSQL; unset: embedded PGlite in DATA_DIR, one process), DB_POOL_MAX, REFRESH_CONCURRENCY,
  FORTNOX_CLIENT_ID, FORTNOX_CLIENT_SECRET(_FILE), FORTNOX_REDIRECT_URIS, FORTNOX_AUTH_URL, FORTNOX_API_URL,
  FORTNOX_USE_SIMULATOR, ENCRYPTION_KEY(_FILE), ENCRYPTION_OLD_KEYS(_FILE), PUBLIC_URL, TRUST_PROXY, LOG_LEVEL,
  METRICS_TOKEN(_FILE) (the bearer token /metrics asks for; unset: /metrics is refused),
  SESSION_TOOL_RIGHT (none|read|read-write|token, default token: the most an accountant's session may do on the
  tool routes through the desktop's forwarding; none switches forwarding off),
  OIDC_ISSUER, OIDC_AUDIENCE, OIDC_ADMIN_EMAILS, OIDC_ADMIN_GROUPS, OIDC_ACCOUNTANT_GROUPS, OIDC_ACCOUNTANT_EMAIL_DOMAINS,
  OIDC_DESKTOP_CLIENT_ID, OIDC_DESKTOP_CLIENT_SECRET(_FILE), OIDC_SCOPES, OIDC_API_SCOPE.
Without FORTNOX_CLIENT_ID the server runs against an embedded Fortnox simulator (for trying it out).
`;

/**
 * The secrets of the configuration in use, once loaded: every error line printed to stderr is
 * masked with them and the log's patterns (safe-error.ts), whatever the error quotes.
 */
const secrets = new KnownSecrets();

/** An error as one line for stderr: its name and message, masked (server/logging/safe-error.ts), no stack. */
function failure(error: unknown): string {
  return errorLine(error, secrets);
}

function loadConfig(): ServerConfig {
  try {
    const config = loadServerConfig(process.env);
    configSecrets(config, secrets);
    return config;
  } catch (error) {
    if (error instanceof ServerConfigError) {
      // Its lines name variables, never values; masked all the same, as every line here.
      process.stderr.write(`${redactText(error.message, secrets)}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

async function start(): Promise<void> {
  const config = loadConfig();
  let server: Awaited<ReturnType<typeof startFirmServer>>;
  try {
    server = await startFirmServer({ config });
  } catch (error) {
    // A second process on the same data folder, a database that cannot be reached, a key that will not open.
    process.stderr.write(`The server could not start. ${failure(error)}\n`);
    process.exit(error instanceof DataFolderInUseError ? 3 : 1);
  }
  // SIGTERM or SIGINT: finish in-flight requests and refreshes, release the locks, then exit.
  // A second signal, or a shutdown past the deadline, ends the process at once.
  let firstSignalAt = 0;
  closeWithGrace(
    {
      delay: SHUTDOWN_DEADLINE_MS,
      logger: { error: (message: unknown) => process.stderr.write(`${failure(message)}\n`) },
      onSecondSignal: (signal) => {
        // Ctrl+C under `npm run server` can reach this process twice at once: from the terminal (the
        // whole process group) and relayed by a parent (npm, a tsx launcher). Only a signal sent later means "stop now".
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        process.stderr.write(`Second ${signal}: stopping without waiting for in-flight work.\n`);
        process.exit(1);
      },
    },
    async ({ err }) => {
      firstSignalAt = Date.now();
      if (err) process.stderr.write(`Stopping after an unexpected error. ${failure(err)}\n`);
      await server.close();
    },
  );
}

/** The database for a one-off command (two connections on PostgreSQL; PGlite takes the folder's lock). */
async function openCommandDatabase(config: ServerConfig): Promise<Database> {
  return config.database.kind === 'postgres' ? openPostgres(config.database.url.reveal(), { max: 2 }) : openPglite(config.database.dataDir);
}

async function reencrypt(): Promise<void> {
  const config = loadConfig();
  const db = await openCommandDatabase(config);
  try {
    await migrate(db);
    const ring = await openKeyRing(config.encryption, { database: db.kind, dataDir: config.dataDir });
    const report = await reencryptAll(db, ring);
    const lines = [
      `Re-encrypted under key "${report.currentKeyId}": ${report.reencrypted.fortnoxClient} client secret, ${report.reencrypted.companyTokens} company token pairs.`,
    ];
    if (report.busy.length > 0) lines.push(`${report.busy.length} rows were busy (a refresh held them): run reencrypt again.`);
    if (report.undecryptable.length > 0) {
      lines.push(`${report.undecryptable.length} rows could not be opened with the configured keys and were left as they are (their companies need reconnecting, or add the missing key to ENCRYPTION_OLD_KEYS).`);
    }
    const remaining = Object.entries(report.remaining);
    lines.push(
      remaining.length === 0
        ? 'No row uses any other key: old keys can be removed from ENCRYPTION_OLD_KEYS.'
        : `Still under other keys: ${remaining.map(([keyId, count]) => `${keyId} (${count})`).join(', ')}. Keep those keys.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    process.exitCode = report.busy.length > 0 || report.undecryptable.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

async function pairingCode(email: string | undefined, role: string | undefined): Promise<void> {
  if (email === undefined) {
    process.stderr.write(`pairing-code needs the person's e-mail address. ${HELP}`);
    process.exit(EXIT_CONFIG);
  }
  const config = loadConfig();
  const db = await openCommandDatabase(config);
  try {
    await migrate(db);
    let issued;
    try {
      // Audited as made by `cli`, for that address (never the code).
      issued = await issuePairingCodeFromCli(db, { email, role: role ?? 'admin' }, { now: Date.now, random: cryptoRandomBytes, audit: new FirmAudit({ db, now: Date.now }) });
    } catch (error) {
      if (!(error instanceof PairingIdentityBoundError)) throw error;
      process.stderr.write(`No pairing code was made: ${error.message}.\n`);
      process.exitCode = 1;
      return;
    }
    // Printed for the admin to pass on (never logged): it signs in once, within 15 minutes.
    process.stdout.write(`Pairing code for ${email} (${role ?? 'admin'}): ${issued.code}\nValid until ${new Date(issued.expiresAt).toISOString()}, once. In the desktop app: Settings, Use my firm's server, Sign in with a pairing code.\n`);
  } finally {
    await db.close();
  }
}

async function revokeSessions(email: string | undefined): Promise<void> {
  if (email === undefined || email.length > 320) {
    process.stderr.write(`revoke-sessions needs the user's e-mail address. ${HELP}`);
    process.exit(EXIT_CONFIG);
  }
  const config = loadConfig();
  const db = await openCommandDatabase(config);
  try {
    await migrate(db);
    const sessions = new SessionStore({ db, now: Date.now, random: cryptoRandomBytes });
    const user = await sessions.findUserByEmail(email);
    if (!user) {
      process.stderr.write('No user has this e-mail address; nothing was changed.\n');
      process.exitCode = 1;
      return;
    }
    const revoked = await revokeUserSessions({ sessions, audit: new FirmAudit({ db, now: Date.now }) }, user, { actor: CLI_CREATOR, method: null });
    process.stdout.write(`Ended ${revoked} session${revoked === 1 ? '' : 's'} of ${user.email} (${user.id}); their desktop apps must sign in again.\n`);
  } finally {
    await db.close();
  }
}

async function main(command: string | undefined): Promise<void> {
  switch (command ?? 'start') {
    case 'start':
      return start();
    case 'pairing-code':
      return pairingCode(process.argv[3], process.argv[4]);
    case 'revoke-sessions':
      return revokeSessions(process.argv[3]);
    case 'reencrypt':
      return reencrypt();
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return;
    default:
      process.stderr.write(`Unknown command. ${HELP}`);
      process.exit(EXIT_CONFIG);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${failure(error)}\n`);
  process.exit(1);
});

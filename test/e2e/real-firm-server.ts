import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadServerConfig } from '../../server/config';
import { startFirmServer, type RunningFirmServer } from '../../server/start-server';
import type { FortnoxSimulator } from '../../simulator/fortnox-simulator';
import {
  DESKTOP_CLIENT_ID,
  DESKTOP_TEST_AUDIENCE,
  startDesktopIdentityProvider,
  type DesktopIdentityProvider,
  type DesktopIdentityProviderOptions,
} from '../support/desktop-identity-provider';
import { E2E_CLIENT_ID } from './e2e-script';

/*
 * The real firm server for the end-to-end specs of firm mode (issue 10 item 8): startFirmServer as
 * `npm run server` runs it, configured only through its environment variables, on embedded PGlite
 * in a temporary data folder, with the Fortnox simulator the test started as its Fortnox
 * (FORTNOX_USE_SIMULATOR=1 with the e2e client and its secret) and oidc-provider as the firm's
 * identity provider, whose role rules make everyone at byran.example an accountant.
 */

/** The e-mail domain the server's role rules make accountants. */
export const ACCOUNTANT_DOMAIN = 'byran.example';
/** The one administrator the role rules name (not the accountant who signs in). */
export const ADMIN_EMAIL = 'chef@byran.example';

export interface RealFirmServer {
  server: RunningFirmServer;
  idp: DesktopIdentityProvider;
  /** The Fortnox client secret the server was given (only the server should ever send it). */
  clientSecret: string;
  /** Every JSON line the server logged. */
  logLines: string[];
  dataDir: string;
  close(): Promise<void>;
}

/** The server's environment for `simulator` and `idp`: nothing else is configured. */
export function firmServerEnv(simulator: FortnoxSimulator, idp: DesktopIdentityProvider, dataDir: string): Record<string, string> {
  const clientSecret = simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret;
  if (!clientSecret) throw new Error(`the simulator's script has no client ${E2E_CLIENT_ID}`);
  return {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    FORTNOX_CLIENT_ID: E2E_CLIENT_ID,
    FORTNOX_CLIENT_SECRET: clientSecret,
    FORTNOX_USE_SIMULATOR: '1',
    FORTNOX_AUTH_URL: new URL('./', simulator.tokenUrl).href,
    FORTNOX_API_URL: simulator.apiBaseUrl,
    FORTNOX_REDIRECT_URIS: simulator.appCallbackUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_AUDIENCE: DESKTOP_TEST_AUDIENCE,
    OIDC_DESKTOP_CLIENT_ID: DESKTOP_CLIENT_ID,
    OIDC_ADMIN_EMAILS: ADMIN_EMAIL,
    OIDC_ACCOUNTANT_EMAIL_DOMAINS: ACCOUNTANT_DOMAIN,
  };
}

/** Starts the identity provider and the firm server in front of `simulator`; `close` stops both and removes the data folder. */
export async function startRealFirmServer(simulator: FortnoxSimulator, idpOptions: DesktopIdentityProviderOptions = {}): Promise<RealFirmServer> {
  const idp = await startDesktopIdentityProvider(idpOptions);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'firm-server-e2e-'));
  const logLines: string[] = [];
  try {
    const env = firmServerEnv(simulator, idp, dataDir);
    const server = await startFirmServer({
      config: loadServerConfig(env),
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
    return {
      server,
      idp,
      clientSecret: env.FORTNOX_CLIENT_SECRET ?? '',
      logLines,
      dataDir,
      close: async () => {
        await server.close();
        await idp.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await idp.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

import path from 'node:path';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { E2E_CLIENT_ID } from '../e2e-script';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Starts the built app (out/main/index.cjs) with the Electron binary at `executablePath`, pointed
 * at `simulator` as its Fortnox client and keeping its data in `userData`: the launch the Electron
 * specs that sign in share.
 */
export function launchAgainstSimulator(executablePath: string, simulator: FortnoxSimulator, userData: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath,
    args: [path.join(ROOT, 'out/main/index.cjs')],
    cwd: ROOT,
    env: {
      ...process.env,
      FORTNOX_CLIENT_ID: E2E_CLIENT_ID,
      FORTNOX_REDIRECT_URI: simulator.appCallbackUrl,
      FORTNOX_AUTHORIZE_URL: simulator.authorizeUrl,
      FORTNOX_TOKEN_URL: simulator.tokenUrl,
      FORTNOX_API_BASE_URL: simulator.apiBaseUrl,
      FORTNOX_SIGN_IN_ORIGINS: simulator.origin,
      FORTNOX_CLIENT_SECRET: simulator.script.clients.find((client) => client.clientId === E2E_CLIENT_ID)?.clientSecret ?? '',
      FORTNOX_CONNECTOR_USER_DATA: userData,
    },
  });
}

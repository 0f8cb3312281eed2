import { startFortnoxSimulator, type FortnoxSimulator } from './fortnox-simulator';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, defaultDemoScript } from './simulator-script';

/** A running demo simulator and the client values the app should be configured with. */
export interface DemoSimulator {
  simulator: FortnoxSimulator;
  clientId: string;
  /** A fake secret (the demo client's), for Basic auth on the token and revoke endpoints. */
  clientSecret: string;
  redirectUri: string;
}

/** Starts the simulator with the demo script, for the app's development mode (`npm start`). */
export async function startDemoSimulator(): Promise<DemoSimulator> {
  const simulator = await startFortnoxSimulator(defaultDemoScript());
  return {
    simulator,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    redirectUri: simulator.appCallbackUrl,
  };
}

/** Human-readable lines describing a running demo simulator (URLs, client, demo logins). */
export function describeDemoSimulator(demo: DemoSimulator): string[] {
  const { simulator } = demo;
  const logins = simulator.script.users.map(
    (user) =>
      `  ${user.username} / ${user.password}  (${user.name}: ${user.companies
        .map((company) => `${company.name} ${company.organizationNumber}`)
        .join(', ')})`,
  );
  return [
    `Fortnox simulator listening on ${simulator.origin}`,
    `  authorize URL : ${simulator.authorizeUrl}`,
    `  token URL     : ${simulator.tokenUrl}  (authorization_code, refresh_token; Basic auth)`,
    `  revoke URL    : ${simulator.revokeUrl}`,
    `  API base URL  : ${simulator.apiBaseUrl}  (companyinformation; 25 requests / 5 s)`,
    `  redirect URI  : ${demo.redirectUri}`,
    `  client id     : ${demo.clientId}`,
    `  client secret : ${demo.clientSecret}`,
    'Demo logins:',
    ...logins,
    'Press Ctrl+C to stop.',
  ];
}

async function runStandalone(): Promise<void> {
  const demo = await startDemoSimulator();
  process.stdout.write(`${describeDemoSimulator(demo).join('\n')}\n`);
  process.once('SIGINT', () => {
    void demo.simulator.close().then(() => process.exit(0));
  });
}

// Run directly (`npx tsx simulator/standalone.ts`)? Decided from argv rather than `import.meta`,
// because scripts/build-main.mjs also bundles this file as CommonJS for the app's development mode.
if (/(^|[\\/])simulator[\\/]standalone\.ts$/.test(process.argv[1] ?? '')) {
  void runStandalone();
}

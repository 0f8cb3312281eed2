/**
 * Loads the Fortnox simulator bundle for development runs. It is a separate bundle
 * (out/simulator/index.cjs, built from simulator/) so that a packaged app can leave it out.
 */
import { z } from 'zod';
import type { RawConfig } from '../config/fortnox-config';

const simulatorModule = z.object({
  startDemoSimulator: z.function(),
});

const demoSimulator = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  redirectUri: z.string(),
  simulator: z.object({
    origin: z.string(),
    authorizeUrl: z.string(),
    tokenUrl: z.string(),
    apiBaseUrl: z.string(),
    close: z.function(),
  }),
});

/** Starts the embedded simulator and returns the configuration that points the app at it. */
export async function startEmbeddedSimulator(bundlePath: string): Promise<{ origin: string; config: RawConfig; clientSecret: string; close: () => Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = simulatorModule.parse(require(bundlePath));
  const started = demoSimulator.parse(await (loaded.startDemoSimulator as () => Promise<unknown>)());
  const { simulator } = started;
  return {
    origin: simulator.origin,
    clientSecret: started.clientSecret,
    config: {
      clientId: started.clientId,
      redirectUri: started.redirectUri,
      authorizeUrl: simulator.authorizeUrl,
      tokenUrl: simulator.tokenUrl,
      apiBaseUrl: simulator.apiBaseUrl,
      signInOrigins: [simulator.origin],
    },
    close: async () => {
      await (simulator.close as () => Promise<void>)();
    },
  };
}

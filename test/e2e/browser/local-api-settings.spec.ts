import type { Browser } from '@playwright/test';
import { E2E_CLIENT_ID, e2eScript } from '../e2e-script';
import { startHarness, type Harness, type HarnessOptions } from './connector-harness';
import { expect, test } from './fixtures';

let harness: Harness | undefined;

async function start(browser: Browser, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness(browser, { script: e2eScript(), clientId: E2E_CLIENT_ID, ...options });
  return harness;
}

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The status of a GET on the local API, or 'refused' when nothing listens on the port. */
async function health(port: number): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/v1/health`)).status;
  } catch {
    return 'refused';
  }
}

test('the local API answers /v1/health once the app has started', async ({ browser }) => {
  const h = await start(browser);
  const port = h.localApiPort();
  expect(port).not.toBeNull();
  const answer = await fetch(`http://127.0.0.1:${port}/v1/health`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ status: 'up' });
  await h.close();
  harness = undefined;
  expect(await health(port ?? 0)).toBe('refused');
});
